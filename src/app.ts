import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import helmet from 'helmet';
import { buildRouter } from '@adminjs/express';
import type AdminJS from 'adminjs';
import type { AppConfig } from '../config/env.js';
import type { Database } from './db/index.js';
import { RecordService } from './domain/records/record.service.js';
import { employeeRules } from './domain/employees/employee.rules.js';
import { userRules } from './domain/users/user.service.js';
import { buildAdmin } from './admin/admin.js';
import { DashboardService } from './domain/dashboard/dashboard.service.js';
import { AuditService } from './domain/audit/audit.service.js';
import { CampaignService } from './domain/campaign/campaign.service.js';
import { WorkflowService } from './domain/submissions/workflow.service.js';
import { DocumentService } from './domain/documents/document.service.js';
import { DiskDocumentStorage } from './domain/documents/document-storage.js';
import { documentFileHandler } from './admin/routes/document-file.route.js';
import { reportFileHandlers } from './admin/routes/report-file.route.js';
import { createReportServices } from './jobs/report-services.js';
import { reportScheduleRules } from './domain/reports/report-schedule.rules.js';
import { ReportFileService } from './domain/reports/report-file.service.js';
import { useTimezone } from './domain/shared/time.js';
import { helpdeskTicketRules } from './domain/helpdesk/helpdesk-ticket.rules.js';
import { submissionRules } from './domain/submissions/submission.rules.js';
import { opdRules } from './domain/opds/opd.rules.js';
import { campaignRules } from './domain/campaign/campaign.rules.js';
import { buildAuthRouter, trustProxySetting } from './admin/auth.js';
import { httpErrorHandler } from './admin/error-edge.js';
import type { Logger } from './logger.js';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  logger: Logger;
  /** Set by main.ts while the first-start demo seed runs. */
  startup?: { ready: boolean };
}

export interface App {
  app: Express;
  admin: AdminJS;
  records: RecordService;
  services: Services;
}

export type Services = ReturnType<typeof createServices>;

/** The domain services, wired once: the panel, the CLI and the jobs share these. */
export function createServices(config: AppConfig, db: Database, opts: { now?: () => Date; logger?: Logger } = {}) {
  // The regency's calendar (phases, schedules, report periods, dates shown) is in the configured zone.
  useTimezone(config.timezone);
  const audit = new AuditService(db.models);
  const campaigns = new CampaignService(db.models, audit);
  const workflow = new WorkflowService({ models: db.models, sequelize: db.sequelize, audit, campaigns, now: opts.now });
  const storage = new DiskDocumentStorage(config.uploadDir);
  const documents = new DocumentService({ models: db.models, sequelize: db.sequelize, audit, storage, campaigns, now: opts.now });
  const reports = createReportServices(db, config, opts.logger, { now: opts.now });
  // The generic path (panel new/edit/delete) writes a table only through the rules its owning
  // service declares here; a resource missing from this map (documents, the history, the audit
  // trail, report runs and deliveries) cannot be written generically at all.
  const records = new RecordService({
    models: db.models,
    sequelize: db.sequelize,
    rules: {
      opds: opdRules,
      employees: employeeRules,
      users: userRules,
      campaigns: campaignRules,
      submissions: submissionRules(workflow),
      helpdesk_tickets: helpdeskTicketRules,
      report_schedules: reportScheduleRules(reports.scheduleService),
    },
  });
  const reportFiles = new ReportFileService({ models: db.models, records, store: reports.store, regencyName: config.regencyName, now: opts.now });
  return { audit, campaigns, records, workflow, storage, documents, reports, reportFiles };
}

/**
 * Builds the Express app with the panel. No listen, no cron, no bundling: tests use it as is,
 * src/main.ts adds the port and the scheduler.
 */
export function createApp(deps: AppDeps): App {
  const { config, db, logger } = deps;
  const services = createServices(config, db, { logger: logger.child({ module: 'reports' }) });
  const { records, workflow, documents, reports } = services;
  const dashboard = new DashboardService(db.models, (actor) => workflow.inbox(actor) as never);
  const admin = buildAdmin({ models: db.models, records, workflow, documents, reports, dashboard, regencyName: config.regencyName });

  const app = express();
  app.disable('x-powered-by');
  const trust = trustProxySetting(config.trustProxy);
  if (trust !== undefined) app.set('trust proxy', trust);

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

  // Nothing on a closed intranet may load from the internet: drop AdminJS's web-font link.
  app.use(admin.options.rootPath, stripExternalFonts);

  const authRouter = buildAuthRouter({
    models: db.models,
    admin,
    sessionSecret: config.sessionSecret,
    secureCookies: config.appBaseUrl.startsWith('https://'),
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    allowedOrigins: [new URL(config.appBaseUrl).origin],
    privateDirs: [config.uploadDir, config.varDir],
    isReady: () => deps.startup?.ready ?? true,
  });
  if (process.env.NODE_ENV === 'production') {
    // The prebuilt component bundle lives in .adminjs/; @adminjs/express serves it with
    // res.sendFile, which refuses paths with a dot-directory (404). Serve it here first.
    const bundle = path.resolve(process.env.ADMIN_JS_TMP_DIR ?? '.adminjs', 'bundle.js');
    authRouter.get('/frontend/assets/components.bundle.js', (_req, res) => res.sendFile(bundle, { dotfiles: 'allow', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }));
  }
  authRouter.get('/documents/:id/file', documentFileHandler(documents));
  const reportFiles = reportFileHandlers(services.reportFiles);
  authRouter.get('/reports/deliveries/:id/workbook', reportFiles.delivery);
  authRouter.get('/reports/opds/:id/preview', reportFiles.opd);
  authRouter.get('/reports/regency/preview', reportFiles.regency);
  // The admin router parses its own bodies (formidable): no body parser before it.
  // Uploads larger than this never reach the PDF check (which refuses anything over 1 MB with
  // its own message); the cap keeps a huge body from filling the temp disk.
  app.use(admin.options.rootPath, buildRouter(admin, authRouter, { maxFileSize: 5 * 1024 * 1024, maxFields: 200 } as never));

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
