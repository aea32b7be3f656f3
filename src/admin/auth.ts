import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { text } from '../domain/shared/text.js';
import session from 'express-session';
import type AdminJS from 'adminjs';
import { Router as AdminRouter } from 'adminjs';
import type { Models } from '../db/models/index.js';
import { SequelizeSessionStore } from '../db/session-store.js';
import type { AuditService } from '../domain/audit/audit.service.js';
import { redactSecrets } from '../domain/access/redaction.js';
import { indonesianNotices } from './error-edge.js';
import type { UserService } from '../domain/users/user.service.js';
import { actorFrom, type PanelAdmin } from './current-admin.js';
import { buildAccountRouter } from './pages/account.js';
import { anonymousActor, type Actor } from '../domain/shared/actor.js';

/** The signed-in user's row as the session guard read it: once per request, reused from `req`. */
export interface GuardedUser {
  id: number;
  active: boolean;
  sessionVersion: number;
}
declare module 'express-serve-static-core' {
  interface Request {
    panelUser?: GuardedUser;
  }
}

declare module 'express-session' {
  interface SessionData {
    adminUser?: PanelAdmin;
    sessionVersion?: number;
    loginAt?: number;
    redirectTo?: string;
  }
}

export interface AuthOptions {
  models: Models;
  users: UserService;
  audit: AuditService;
  admin: AdminJS;
  sessionSecret: string;
  secureCookies: boolean;
  idleMinutes: number;
  absoluteHours: number;
  allowedOrigins: string[];
  /** False while the first-start demo data is still being written. */
  isReady?: () => boolean;
  /** Directories whose paths never appear in a response (uploads, var/), besides the OS temp dir. */
  privateDirs?: string[];
}

/**
 * Login, logout and the session guard for the panel, in place of @adminjs/express's
 * (which keeps no throttle across instances and does not regenerate the session id).
 */
export function buildAuthRouter(opts: AuthOptions): Router {
  const { models, admin } = opts;
  const rootPath = admin.options.rootPath;
  const loginPath = admin.options.loginPath.replace(rootPath, '') || '/login';
  const logoutPath = admin.options.logoutPath.replace(rootPath, '') || '/logout';
  const { users, audit } = opts;
  const router = express.Router();

  // Every JSON answer of the panel (actions, records, errors, the account API) goes through the
  // one redaction list: no password hash, session version, storage key or server temp path leaves,
  // whichever handler built the answer; AdminJS's own English refusals are put in Indonesian.
  const privateDirs = opts.privateDirs ?? [];
  router.use((_req, res, next) => {
    const json = res.json.bind(res);
    res.json = ((body: unknown) => json(indonesianNotices(redactSecrets(body, { privateDirs })))) as Response['json'];
    next();
  });

  router.use(
    session({
      name: 'pdm.sid',
      secret: opts.sessionSecret,
      store: new SequelizeSessionStore(models, opts.absoluteHours * 3600 * 1000),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.secureCookies,
        maxAge: opts.idleMinutes * 60 * 1000,
        path: rootPath,
      },
    }),
  );

  // Cross-site requests. Cookies are SameSite=strict; on top of that:
  // - every state-changing method (POST, also multipart uploads and the login form) must come
  //   from our own origin (Origin, else Referer; a request with neither is not from a browser
  //   page and carries no cross-site risk);
  // - the JSON API (AdminJS calls actions with GET too) refuses any request a browser marks as
  //   coming from another site (Sec-Fetch-Site), whatever the method.
  const allowed = (source: string, req: Request) =>
    source === `${req.protocol}://${req.get('host')}` || opts.allowedOrigins.includes(source);
  const refuse = (req: Request, res: Response, status: number, reason: string, message: string) => {
    const who = req.session?.adminUser;
    void audit
      .record(who ? actorFrom(who, req) : anonymousActor(null, req.ip), {
        action: 'denied',
        outcome: 'denied',
        message: `${reason} ke ${req.method} ${req.originalUrl}`.slice(0, 2000),
      })
      .catch(() => undefined);
    res.status(status).json({ message });
  };

  // Methods. State changes only on POST. Express answers HEAD with a GET route's handler and the
  // AdminJS action handlers treat every method but 'get' as a write (HEAD ran the delete), so the
  // JSON API refuses HEAD outright; GET reaches only what scopedResource lets GET run.
  router.use((req, res, next) => {
    if (req.method === 'HEAD' && req.path.startsWith('/api/')) {
      res.set('Allow', 'GET, POST');
      return refuse(req, res, 405, 'metode HEAD', 'Metode HEAD tidak diizinkan untuk API panel');
    }
    next();
  });

  router.use((req, res, next) => {
    const safe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    const source = req.get('origin') ?? refererOrigin(req.get('referer'));
    const site = req.get('sec-fetch-site');
    let reason: string | null = null;
    if (!safe && source && !allowed(source, req)) reason = `permintaan lintas situs dari ${source}`;
    else if (req.path.startsWith('/api/') && (site === 'cross-site' || site === 'same-site') && !(source && allowed(source, req))) {
      reason = `permintaan API lintas situs (Sec-Fetch-Site: ${site})`;
    }
    if (!reason) return next();
    refuse(req, res, 403, reason, 'Permintaan ditolak: asal permintaan tidak dikenal');
  });

  const renderLogin = async (res: Response, errorMessage: string | null, status = 200) => {
    const html = await admin.renderLogin({ action: admin.options.loginPath, errorMessage });
    res.status(status).type('html').send(html);
  };

  router.get(loginPath, (req, res) => void renderLogin(res, null));

  router.post(loginPath, express.urlencoded({ extended: false, limit: '10kb' }), async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const email = text(body.email).trim().toLowerCase();
      const password = text(body.password);
      if (opts.isReady && !opts.isReady()) return renderLogin(res, 'notReady', 503);
      // Throttle (claimed before the password is checked), check and audit: UserService.login.
      const outcome = await users.login(email, password, req.ip ?? null);
      if (outcome.status === 'blocked') return renderLogin(res, 'tooManyRequests', 429);
      if (outcome.status === 'invalid') return renderLogin(res, 'invalidCredentials', 401);
      const { user } = outcome;
      const opd = user.opdId ? await models.Opd.findByPk(user.opdId) : null;
      const adminUser: PanelAdmin = {
        id: String(user.id),
        email: user.email,
        title: user.name,
        role: user.role,
        opdId: user.opdId ?? null,
        opdName: opd?.name ?? null,
      };
      const redirectTo = req.session.redirectTo;
      // A new session id at login: a session fixed before login is worth nothing after it.
      req.session.regenerate(async (err) => {
        if (err) return next(err);
        try {
          req.session.adminUser = adminUser;
          req.session.sessionVersion = user.sessionVersion;
          req.session.loginAt = Date.now();
          await user.update({ lastLoginAt: new Date() });
          await audit.record(actorFrom(adminUser, req), { action: 'login', resource: 'users', recordId: user.id });
        } catch (e) {
          return next(e);
        }
        req.session.save((e) => {
          if (e) return next(e);
          // Only back to a page of the panel (a path, never another host).
          const back = redirectTo && redirectTo.startsWith(`${rootPath}/`) && !redirectTo.startsWith('//') ? redirectTo : rootPath;
          res.redirect(302, back);
        });
      });
    } catch (e) {
      next(e);
    }
  });

  // Logout changes state, so it is POST only (and the Origin check above applies): a link or an
  // <img> on another page of the same site cannot end a session. The panel's own menu posts a form
  // (components/logged-in.tsx); GET answers 405 with a page whose button posts the same form.
  router.post(logoutPath, (req: Request, res: Response) => {
    req.session.destroy(() => {
      res.clearCookie('pdm.sid', { path: rootPath });
      res.redirect(303, admin.options.loginPath);
    });
  });
  router.get(logoutPath, (req: Request, res: Response) => {
    if (!req.session?.adminUser) return res.redirect(admin.options.loginPath);
    res.status(405).set('Allow', 'POST').type('html').send(logoutPage(admin.options.logoutPath, rootPath));
  });

  // Everything else needs a live session of an active user.
  const publicPaths = new Set(AdminRouter.assets.map((a) => a.path));
  publicPaths.add('/frontend/assets/components.bundle.js');
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (publicPaths.has(req.path)) return next();
    const sess = req.session;
    const deny = (reason: string, audited?: { actor: Actor; message: string }) => {
      const wantsJson = req.path.startsWith('/api/');
      const finish = () => {
        if (wantsJson) res.status(401).json({ message: reason });
        else res.redirect(admin.options.loginPath);
      };
      if (audited)
        void audit
          .record(audited.actor, {
            action: 'session_ended',
            resource: 'users',
            recordId: audited.actor.id,
            outcome: 'denied',
            message: audited.message,
          })
          .catch(() => undefined);
      if (sess?.adminUser) sess.destroy(finish);
      else {
        if (!wantsJson && req.method === 'GET' && sess) sess.redirectTo = req.originalUrl;
        finish();
      }
    };
    if (!sess?.adminUser) return deny('Silakan masuk terlebih dahulu');
    const a = sess.adminUser;
    const actor = actorFrom(a, req);
    if (Date.now() - (sess.loginAt ?? 0) > opts.absoluteHours * 3600 * 1000) {
      return deny('Sesi berakhir; silakan masuk kembali', { actor, message: `batas mutlak sesi ${opts.absoluteHours} jam terlampaui` });
    }
    try {
      const user = await models.User.findByPk(Number(a.id), { attributes: ['id', 'active', 'sessionVersion'] });
      if (!user || !user.active || user.sessionVersion !== sess.sessionVersion) {
        const why = !user ? 'pengguna dihapus' : !user.active ? 'pengguna dinonaktifkan' : 'peran, OPD atau kata sandi pengguna berubah';
        return deny('Sesi tidak berlaku lagi; silakan masuk kembali', { actor, message: `sesi ditolak: ${why}` });
      }
      req.panelUser = { id: user.id, active: user.active, sessionVersion: user.sessionVersion };
      // AdminJS hands handlers a copy of the request's own properties: make the client IP one of
      // them, so that actions can audit where a change came from (honours TRUST_PROXY).
      Object.defineProperty(req, 'ip', { value: req.ip, enumerable: true, configurable: true, writable: true });
      next();
    } catch (e) {
      next(e);
    }
  });

  // The signed-in user's own account (change password): behind the guard and the Origin check.
  router.use(buildAccountRouter(users));
  return router;
}

/**
 * The Express `trust proxy` value for TRUST_PROXY: a hop count must be a number ('1' as a string
 * is read by Express as an address list and trusts nothing, so behind a TLS-terminating load
 * balancer req.ip would be the balancer's — one IP for the per-IP login throttle — and Secure
 * cookies would never be set). 'true'/'false', a number, or addresses/subnets ('loopback, 10.0.0.0/8').
 */
export function trustProxySetting(value: string | null | undefined): boolean | number | string | undefined {
  const v = String(value ?? '').trim();
  if (v === '') return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** The page a GET of the logout URL gets: a button that posts the logout form (no script). */
function logoutPage(action: string, back: string): string {
  return `<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Keluar — PDM Monitor</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7fb;color:#1c1c38;display:flex;justify-content:center;padding-top:15vh}
main{background:#fff;border:1px solid #e2e4ec;border-radius:8px;padding:32px 40px;max-width:420px}h1{font-size:20px;margin:0 0 12px}
button{background:#3040d6;color:#fff;border:0;border-radius:4px;padding:10px 20px;font-size:15px;cursor:pointer}a{margin-left:16px;color:#3040d6}</style></head>
<body><main><h1>Keluar dari PDM Monitor?</h1><p>Sesi Anda di perangkat ini akan diakhiri.</p>
<form method="post" action="${action}"><button type="submit" data-testid="logout-confirm">Keluar</button><a href="${back}">Batal</a></form></main></body></html>`;
}

function refererOrigin(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
