import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { AppConfig } from '../config/env.js';
import { referenceData, useReferenceData } from '../config/reference-data.js';
import { siasnImportConfig } from '../config/siasn-import.js';
import type { Database } from './db/index.js';
import type { Models } from './db/models/index.js';
import type { Logger } from './logger.js';
import { AuditService } from './domain/audit/audit.service.js';
import { EscalationService } from './domain/ageing/escalation.service.js';
import { CampaignService } from './domain/campaign/campaign.service.js';
import { campaignRules } from './domain/campaign/campaign.rules.js';
import { ConsultationNotices } from './domain/consultations/consultation-notices.js';
import { ConsultationService } from './domain/consultations/consultation.service.js';
import { bkpsdmQueue } from './domain/dashboard/bkpsdm-queue.js';
import { DashboardService } from './domain/dashboard/dashboard.service.js';
import { DashboardSnapshots } from './domain/dashboard/dashboard-snapshots.js';
import { DiskDocumentStorage } from './domain/documents/document-storage.js';
import { DocumentService } from './domain/documents/document.service.js';
import { employeeRules } from './domain/employees/employee.rules.js';
import { GuideService } from './domain/guides/guide.service.js';
import { helpdeskTicketRules } from './domain/helpdesk/helpdesk-ticket.rules.js';
import { OpdReportService } from './domain/opd-reports/opd-report.service.js';
import { ImportFileStorage } from './domain/imports/import-storage.js';
import { ImportService } from './domain/imports/import.service.js';
import { opdRules } from './domain/opds/opd.rules.js';
import { RecordExportService } from './domain/records/record-export.service.js';
import { RecordService } from './domain/records/record.service.js';
import { createMailer, type Mailer } from './domain/reports/delivery/mailer.js';
import type { RunLogger } from './domain/reports/delivery/run.types.js';
import { createWorkbookStore, type WorkbookStore } from './domain/reports/delivery/workbook-store.js';
import { ReportFileService } from './domain/reports/report-file.service.js';
import { reportScheduleRules } from './domain/reports/report-schedule.rules.js';
import { ReportRunService } from './domain/reports/report-run.service.js';
import { ReportScheduleService } from './domain/reports/report-schedule.service.js';
import { useTimezone } from './domain/shared/time.js';
import { submissionRules } from './domain/submissions/submission.rules.js';
import { WorkflowService } from './domain/submissions/workflow.service.js';
import { EmailNoticeChannel } from './domain/notices/notice-channel.js';
import { NoticeService } from './domain/notices/notice.service.js';
import { LoginThrottle } from './domain/users/login-throttle.service.js';
import { UserService, userRules } from './domain/users/user.service.js';

/**
 * The composition root's one builder: every service is constructed here, once, and handed to
 * whoever needs it — the panel and its routes (src/app.ts), the command line (src/cli/), the jobs
 * (src/jobs/) and the tests (test/helpers/app.ts). Nothing else constructs a service.
 */

export interface Container {
  config: AppConfig;
  db: Database;
  logger: Logger;
  services: Services;
  /** Releases what the services hold (the mailer's pool); the database stays its opener's. */
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** The clock of the workflow, documents and reports (tests pass a fixed one). */
  now?: () => Date;
}

export function createContainer(deps: { config: AppConfig; db: Database; logger: Logger }, opts: ContainerOptions = {}): Container {
  // The reference data the services read (categories, document types): CATEGORIES_FILE or the shipped file.
  useReferenceData(deps.config.categoriesFile);
  const services = createServices(deps.config, deps.db, { logger: deps.logger.child({ module: 'reports' }), now: opts.now });
  return { ...deps, services, close: () => services.reports.close() };
}

export type Services = ReturnType<typeof createServices>;

/** The domain services, wired once: the panel, the CLI and the jobs share these. */
export function createServices(config: AppConfig, db: Database, opts: { now?: () => Date; logger?: Logger } = {}) {
  // The regency's calendar (phases, schedules, report periods, dates shown) is in the configured zone.
  useTimezone(config.timezone);
  const audit = new AuditService(db.models);
  const throttle = new LoginThrottle(db.models);
  const users = new UserService(db.models, { audit, throttle });
  const campaigns = new CampaignService(db.models, audit);
  // The OPD heads' proof files and BKPSDM's guides: checked and stored like documents, each in its
  // own root under UPLOAD_DIR (a document's removal never takes a file one of them points at).
  const opdReports = new OpdReportService({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    storage: new DiskDocumentStorage(path.join(config.uploadDir, 'opd-reports')),
    campaigns,
    now: opts.now,
  });
  const guides = new GuideService({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    storage: new DiskDocumentStorage(path.join(config.uploadDir, 'guides')),
    campaigns,
    baseUrl: config.appBaseUrl,
  });
  // One mailer per process (the report outbox's): the notices to the ASN go through it too.
  const reports = createReportServices(db, config, { audit, logger: opts.logger, now: opts.now, guides });
  const notices = new NoticeService({
    models: db.models,
    sequelize: db.sequelize,
    channel: new EmailNoticeChannel(reports.mailer, config.regencyName),
    config: { batchMinutes: config.noticeBatchMinutes, maxAttempts: 6, backoffMs: defaultBackoff, sendLeaseMs: 5 * 60_000 },
    now: opts.now,
    logger: opts.logger,
  });
  const workflow = new WorkflowService({ models: db.models, sequelize: db.sequelize, audit, campaigns, notices, now: opts.now });
  const storage = new DiskDocumentStorage(config.uploadDir);
  const documents = new DocumentService({ models: db.models, sequelize: db.sequelize, audit, storage, campaigns, now: opts.now });
  // The generic path (panel new/edit/delete) writes a table only through the rules its owning
  // service declares here; a resource missing from this map (documents, the history, the audit
  // trail, report runs and deliveries) cannot be written generically at all.
  const records = new RecordService({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    rules: {
      opds: opdRules,
      employees: employeeRules,
      users: userRules,
      campaigns: campaignRules,
      submissions: submissionRules(workflow),
      helpdesk_tickets: helpdeskTicketRules(workflow),
      report_schedules: reportScheduleRules(reports.scheduleService),
    },
  });
  // "Unduh xlsx" of every panel list: pages of the list read through the RecordService.
  const recordExports = new RecordExportService({ records, models: db.models, audit, now: opts.now });
  const reportFiles = new ReportFileService({
    models: db.models,
    records,
    store: reports.store,
    regencyName: config.regencyName,
    now: opts.now,
  });
  // Consultation with BKPSDM: attached PDFs in a directory of their own (content-addressed like the
  // scans, but never removed by a document's deletion), notices through the reports' mailer.
  const consultations = new ConsultationService({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    storage: new DiskDocumentStorage(path.join(config.uploadDir, 'consultations')),
    notices: new ConsultationNotices({
      models: db.models,
      sequelize: db.sequelize,
      mailer: reports.mailer,
      now: opts.now ?? (() => new Date()),
      config: {
        appBaseUrl: config.appBaseUrl,
        instanceId: makeInstanceId(),
        leaseMs: 5 * 60_000,
        maxAttempts: 6,
        backoffMs: defaultBackoff,
      },
    }),
    now: opts.now,
  });
  // The dashboard's precomputed figures: read by the dashboard, refreshed and checked by the jobs and the CLI.
  const dashboardSnapshots = new DashboardSnapshots({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    maxAgeMs: config.dashboardMaxAgeSeconds * 1000,
    fullMaxMs: config.dashboardSnapshotMaxMinutes * 60_000,
  });
  const dashboard = new DashboardService(
    db.models,
    campaigns,
    (actor) => workflow.inbox(actor),
    (actor, now) => bkpsdmQueue(db.models, consultations, campaigns, actor, now),
    { maxAgeMs: config.dashboardMaxAgeSeconds * 1000, snapshots: dashboardSnapshots },
  );
  const imports = new ImportService({
    models: db.models,
    sequelize: db.sequelize,
    audit,
    workflow,
    storage: new ImportFileStorage(config.uploadDir),
    siasn: siasnImportConfig(),
    reference: referenceData(),
    maxBytes: config.importMaxBytes,
    now: opts.now,
  });
  // The daily escalation mails through the report mailer (one transport per instance).
  const escalation = new EscalationService({
    models: db.models,
    mailer: reports.mailer,
    campaigns,
    regencyName: config.regencyName,
    now: opts.now,
  });
  return {
    audit,
    throttle,
    users,
    campaigns,
    records,
    recordExports,
    workflow,
    notices,
    storage,
    documents,
    reports,
    reportFiles,
    dashboard,
    dashboardSnapshots,
    opdReports,
    guides,
    consultations,
    escalation,
    imports,
  };
}

// ---------------------------------------------------------------------------------------------
// The report services (the outbox): shared by the panel's "Kirim sekarang", the scheduler and
// report:send, so one instance has one mailer pool.

export interface ReportServices {
  mailer: Mailer;
  store: WorkbookStore;
  scheduleService: ReportScheduleService;
  runService: ReportRunService;
  close(): Promise<void>;
}

export interface ReportServicesOptions {
  audit: AuditService;
  logger?: RunLogger;
  instanceId?: string;
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  now?: () => Date;
  /** The guides linked in the mails (GuideService). */
  guides?: Pick<GuideService, 'linksForMail'>;
}

/** 1, 2, 4, 8 … minutes after attempts 1, 2, 3, 4 …, at most one hour. */
export function defaultBackoff(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** host:pid:random — unique per process, readable in report_runs.owner. */
export function makeInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`.slice(0, 100);
}

export function createReportServices(
  db: { models: Models; sequelize: Sequelize },
  config: Pick<AppConfig, 'smtpUrl' | 'outboxDir' | 'mailFrom' | 'mailReplyTo' | 'varDir' | 'regencyName'> &
    Partial<Pick<AppConfig, 'appBaseUrl'>>,
  opts: ReportServicesOptions,
): ReportServices {
  const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: config.outboxDir, from: config.mailFrom, replyTo: config.mailReplyTo });
  const store = createWorkbookStore(config.varDir);
  const scheduleService = new ReportScheduleService(db.models);
  const runService = new ReportRunService({
    models: db.models,
    sequelize: db.sequelize,
    mailer,
    store,
    scheduleService,
    audit: opts.audit,
    logger: opts.logger,
    now: opts.now,
    guideLinks: opts.guides ? (campaignId) => opts.guides!.linksForMail(campaignId) : undefined,
    config: {
      regencyName: config.regencyName,
      appBaseUrl: config.appBaseUrl,
      instanceId: opts.instanceId ?? makeInstanceId(),
      // Longer than one SMTP send can take (timeouts 30 s + 30 s + 60 s idle).
      leaseMs: opts.leaseMs ?? 5 * 60_000,
      maxAttempts: opts.maxAttempts ?? 6,
      backoffMs: opts.backoffMs ?? defaultBackoff,
    },
  });
  return { mailer, store, scheduleService, runService, close: () => mailer.close() };
}
