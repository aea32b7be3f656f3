import type { Sequelize } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import type { Mailer } from './mailer.js';
import type { WorkbookStore } from './workbook-store.js';

/** The shapes the report outbox works with and answers in (see report-run.service.ts). */

export type RunTrigger = 'schedule' | 'catchup' | 'manual' | 'cli' | 'resend' | 'test';

export interface ReportRunConfig {
  regencyName: string;
  /** APP_BASE_URL: the panel the mails link to (omitted: no link). */
  appBaseUrl?: string;
  /** Unique per process (host:pid:random): the lease owner. */
  instanceId: string;
  /** How long a claimed run stays ours without renewal. */
  leaseMs: number;
  maxAttempts: number;
  /** Delay before attempt `attempt + 1`, given the attempts made so far. */
  backoffMs: (attempt: number) => number;
  /** How long a delivery may stay 'sending' before it counts as interrupted (default leaseMs). Keep above the SMTP timeouts. */
  sendLeaseMs?: number;
}

export interface RunLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every part of the outbox shares: the database, the transport, the files, the settings, the clock and the log. */
export interface OutboxContext {
  models: Models;
  sequelize: Sequelize;
  mailer: Mailer;
  store: WorkbookStore;
  config: ReportRunConfig;
  now: () => Date;
  log: RunLogger;
}

export interface RunOptions {
  trigger?: Exclude<RunTrigger, 'resend' | 'test'>;
  /** The moment the numbers are taken at; default the fire time (a send requested now passes now). */
  asOf?: Date;
  resend?: boolean;
  opdCode?: string | null;
  dryRun?: boolean;
  requestedBy?: number | null;
}

export interface PlannedMail {
  opdId: number | null;
  opdCode: string | null;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  attachment: { filename: string; size: number; content: Buffer };
}

export interface RunCounts {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  /** Recorded and not sent: the figures equal those last sent to the recipient (schedule option skipUnchanged). */
  skipped: number;
}

export const zeroCounts = (): RunCounts => ({ total: 0, pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 });

export interface RunOutcome {
  claimed: boolean;
  dryRun?: boolean;
  runId: number | null;
  runKey: string;
  periodKey: string;
  status: string | null;
  counts: RunCounts;
  /** Why nothing was claimed, or the run's error/notes. */
  reason?: string | null;
  planned?: PlannedMail[];
  skipped?: Array<{ opdCode: string | null; reason: string }>;
}

/** A send of a schedule's current period: the outcome, the period's fire time and the moment of the numbers. */
export type PeriodOutcome = RunOutcome & { fireTime: Date; asOf: Date };

export interface RetryOutcome {
  interrupted: number;
  attempted: number;
  sent: number;
  failed: number;
  settledRuns: number[];
}

export interface RecoverOutcome {
  takenOver: number[];
  retry: RetryOutcome;
}
