import crypto from 'node:crypto';
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import type { AppConfig } from '../../config/env.js';
import type { Models } from '../db/models/index.js';
import { createMailer, type Mailer } from '../domain/reports/mailer.js';
import { ReportRunService, type RunLogger } from '../domain/reports/report-run.service.js';
import { ReportScheduleService } from '../domain/reports/report-schedule.service.js';
import { createWorkbookStore, type WorkbookStore } from '../domain/reports/workbook-store.js';

/**
 * Wiring of the report services, shared by src/main.ts (panel + scheduler) and src/cli.ts
 * (report:send). Nothing here runs on import.
 */

export interface ReportServices {
  mailer: Mailer;
  store: WorkbookStore;
  scheduleService: ReportScheduleService;
  runService: ReportRunService;
  close(): Promise<void>;
}

export interface ReportServicesOptions {
  instanceId?: string;
  leaseMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  now?: () => Date;
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
  config: Pick<AppConfig, 'smtpUrl' | 'outboxDir' | 'mailFrom' | 'mailReplyTo' | 'varDir' | 'regencyName'>,
  logger?: RunLogger,
  opts: ReportServicesOptions = {},
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
    logger,
    now: opts.now,
    config: {
      regencyName: config.regencyName,
      instanceId: opts.instanceId ?? makeInstanceId(),
      // Longer than one SMTP send can take (timeouts 30 s + 30 s + 60 s idle).
      leaseMs: opts.leaseMs ?? 5 * 60_000,
      maxAttempts: opts.maxAttempts ?? 6,
      backoffMs: opts.backoffMs ?? defaultBackoff,
    },
  });
  return { mailer, store, scheduleService, runService, close: () => mailer.close() };
}
