import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import session from 'express-session';
import type AdminJS from 'adminjs';
import { Router as AdminRouter } from 'adminjs';
import type { Models } from '../db/models.js';
import { SequelizeSessionStore } from '../db/session-store.js';
import { AuditService } from '../domain/audit/audit.service.js';
import { LoginThrottle } from '../domain/users/login-throttle.service.js';
import { UserService } from '../domain/users/user.service.js';
import type { PanelAdmin } from './current-admin.js';

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
  admin: AdminJS;
  sessionSecret: string;
  secureCookies: boolean;
  idleMinutes: number;
  absoluteHours: number;
  allowedOrigins: string[];
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
  const users = new UserService(models);
  const throttle = new LoginThrottle(models);
  const audit = new AuditService(models);
  const router = express.Router();

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

  // Cross-site requests: state changes must come from our own pages.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const source = req.get('origin') ?? refererOrigin(req.get('referer'));
    const own = `${req.protocol}://${req.get('host')}`;
    if (source && source !== own && !opts.allowedOrigins.includes(source)) {
      void audit.record(
        { id: null, email: req.session.adminUser?.email ?? 'anonymous', role: req.session.adminUser?.role ?? 'system', opdId: null, ip: req.ip },
        { action: 'denied', outcome: 'denied', message: `permintaan lintas situs dari ${source} ke ${req.originalUrl}` },
      );
      res.status(403).json({ message: 'Permintaan ditolak: asal permintaan tidak dikenal' });
      return;
    }
    next();
  });

  const renderLogin = async (res: Response, errorMessage: string | null, status = 200) => {
    const html = await admin.renderLogin({ action: admin.options.loginPath, errorMessage });
    res.status(status).type('html').send(html);
  };

  router.get(loginPath, (req, res) => void renderLogin(res, null));

  router.post(loginPath, express.urlencoded({ extended: false, limit: '10kb' }), async (req, res, next) => {
    try {
      const email = String(req.body?.email ?? '').trim().toLowerCase();
      const password = String(req.body?.password ?? '');
      const actor = { id: null, email: email || 'anonymous', role: 'system' as const, opdId: null, ip: req.ip ?? null };
      if (await throttle.blocked(email, req.ip ?? null)) {
        await audit.record(actor, { action: 'login_blocked', resource: 'users', outcome: 'denied', message: 'terlalu banyak percobaan' });
        return renderLogin(res, 'tooManyRequests', 429);
      }
      const user = await users.verifyCredentials(email, password);
      if (!user) {
        await audit.record(actor, { action: 'login_failed', resource: 'users', outcome: 'denied' });
        return renderLogin(res, 'invalidCredentials', 401);
      }
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
        req.session.adminUser = adminUser;
        req.session.sessionVersion = user.sessionVersion;
        req.session.loginAt = Date.now();
        await user.update({ lastLoginAt: new Date() });
        await audit.record({ ...actor, id: user.id, role: user.role, opdId: user.opdId }, { action: 'login', resource: 'users', recordId: user.id });
        req.session.save((e) => {
          if (e) return next(e);
          res.redirect(302, redirectTo && redirectTo.startsWith(rootPath) ? redirectTo : rootPath);
        });
      });
    } catch (e) {
      next(e);
    }
  });

  const logout = (req: Request, res: Response) => {
    req.session.destroy(() => {
      res.clearCookie('pdm.sid', { path: rootPath });
      res.redirect(admin.options.loginPath);
    });
  };
  router.get(logoutPath, logout);
  router.post(logoutPath, logout);

  // Everything else needs a live session of an active user.
  const publicPaths = new Set(AdminRouter.assets.map((a) => a.path));
  publicPaths.add('/frontend/assets/components.bundle.js');
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (publicPaths.has(req.path)) return next();
    const sess = req.session;
    const deny = (reason: string) => {
      const wantsJson = req.path.startsWith('/api/');
      const finish = () => {
        if (wantsJson) res.status(401).json({ message: reason });
        else res.redirect(admin.options.loginPath);
      };
      if (sess?.adminUser) sess.destroy(finish);
      else {
        if (!wantsJson && req.method === 'GET' && sess) sess.redirectTo = req.originalUrl;
        finish();
      }
    };
    if (!sess?.adminUser) return deny('Silakan masuk terlebih dahulu');
    if (Date.now() - (sess.loginAt ?? 0) > opts.absoluteHours * 3600 * 1000) return deny('Sesi berakhir; silakan masuk kembali');
    try {
      const user = await models.User.findByPk(Number(sess.adminUser.id), { attributes: ['id', 'active', 'sessionVersion'] });
      if (!user || !user.active || user.sessionVersion !== sess.sessionVersion) return deny('Sesi tidak berlaku lagi; silakan masuk kembali');
      next();
    } catch (e) {
      next(e);
    }
  });
  return router;
}

function refererOrigin(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
