import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { buildRouter } from '@adminjs/express';
import type AdminJS from 'adminjs';
import type { Container, Services } from './container.js';
import type { RecordService } from './domain/records/record.service.js';
import { buildAdmin } from './admin/admin.js';
import { documentFileHandler } from './admin/routes/document-file.route.js';
import { consultationAttachmentHandler } from './admin/routes/consultation-attachment.route.js';
import { reportFileHandlers } from './admin/routes/report-file.route.js';
import { closingFileHandlers } from './admin/routes/closing-file.route.js';
import { exportListHandler } from './admin/routes/export-list.route.js';
import { buildImportRouter } from './admin/routes/import.route.js';
import { buildAuthRouter, trustProxySetting } from './admin/auth.js';
import { httpErrorHandler } from './admin/error-edge.js';
import { requestLogger } from './request-log.js';
import { PANEL_CSS } from './admin/assets/panel-css.js';

export interface App {
  app: Express;
  admin: AdminJS;
  records: RecordService;
  services: Services;
}

/**
 * Builds the Express app with the panel from the container's services. No listen, no cron, no
 * bundling: tests use it as is, src/main.ts adds the port and the scheduler. `startup` is set by
 * main.ts while the first-start demo seed runs.
 */
export function createApp(container: Container, opts: { startup?: { ready: boolean } } = {}): App {
  const { config, db, logger, services } = container;
  const { records, workflow, documents, reports, notices, dashboard, users, audit, consultations } = services;
  const admin = buildAdmin({
    models: db.models,
    records,
    workflow,
    documents,
    reports,
    notices,
    dashboard,
    opdReports: services.opdReports,
    guides: services.guides,
    consultations,
    regencyName: config.regencyName,
    timezone: config.timezone,
  });

  const app = express();
  app.disable('x-powered-by');
  const trust = trustProxySetting(config.trustProxy);
  if (trust !== undefined) app.set('trust proxy', trust);
  app.use(requestLogger(logger.child({ module: 'http' })));

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // The AdminJS bundles use inline styles (styled-components) and a small inline bootstrap script.
          'script-src': ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'frame-src': ["'self'", 'blob:'],
          'object-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // With helmet's default no-referrer, browsers send "Origin: null" on form posts, which the
      // cross-site check must refuse; same-origin keeps our own origin visible to that check.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.get('/health', async (_req, res) => {
    try {
      await db.sequelize.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'db_unavailable' });
    }
  });
  app.get('/', (_req, res) => res.redirect(admin.options.rootPath));

  // No icon: answer "nothing" rather than 404 (a console error on every first page).
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  // The panel's own style sheet (lists, comparison table, labels, bars): public, no data in it.
  app.get('/admin-assets/panel.css', (_req, res) => {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' }).send(PANEL_CSS);
  });

  // Nothing on a closed intranet may load from the internet: drop AdminJS's web-font link.
  app.use(admin.options.rootPath, stripExternalFonts);

  const authRouter = buildAuthRouter({
    models: db.models,
    users,
    audit,
    admin,
    sessionSecret: config.sessionSecret,
    secureCookies: config.appBaseUrl.startsWith('https://'),
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    allowedOrigins: [new URL(config.appBaseUrl).origin],
    privateDirs: [config.uploadDir, config.varDir],
    isReady: () => opts.startup?.ready ?? true,
  });
  if (config.env === 'production') {
    // The prebuilt component bundle lives in .adminjs/; @adminjs/express serves it with
    // res.sendFile, which refuses paths with a dot-directory (404). Serve it here first.
    const bundle = path.resolve(config.adminTmpDir, 'bundle.js');
    authRouter.get('/frontend/assets/components.bundle.js', (_req, res) =>
      res.sendFile(bundle, { dotfiles: 'allow', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }),
    );
  }
  authRouter.get('/documents/:id/file', documentFileHandler(documents));
  authRouter.get('/consultations/messages/:id/attachment', consultationAttachmentHandler(consultations));
  const reportFiles = reportFileHandlers(services.reportFiles);
  authRouter.get('/reports/deliveries/:id/workbook', reportFiles.delivery);
  authRouter.get('/reports/opds/:id/preview', reportFiles.opd);
  authRouter.get('/reports/regency/preview', reportFiles.regency);
  const closingFiles = closingFileHandlers(services);
  authRouter.get('/opd-reports/files/:id', closingFiles.opdReportFile);
  authRouter.get('/guides/:id/file', closingFiles.guideFile);
  // "Unduh xlsx" of a list (GET; other methods are answered 405 by the handler).
  authRouter.all('/export/:resourceId.xlsx', exportListHandler(admin, services.recordExports));
  // SIASN imports: the page's API and the history's downloads (the body is the file, streamed).
  authRouter.use(buildImportRouter(services.imports));
  // The admin router parses its own bodies (formidable): no body parser before it.
  // Uploads larger than this never reach the PDF check (which refuses anything over 1 MB with
  // its own message); the cap keeps a huge body from filling the temp disk.
  app.use(admin.options.rootPath, buildRouter(admin, authRouter, { maxFileSize: 5 * 1024 * 1024, maxFields: 200 }));

  app.use(httpErrorHandler(logger));
  return { app, admin, records, services };
}

function stripExternalFonts(_req: Request, res: Response, next: NextFunction): void {
  const send = res.send.bind(res);
  res.send = ((body: unknown) => {
    if (typeof body === 'string' && body.includes('fonts.googleapis.com')) {
      body = body.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
    }
    return send(body);
  }) as Response['send'];
  next();
}
