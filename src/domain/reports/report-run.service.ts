import crypto from 'node:crypto';
import { Op, UniqueConstraintError, literal, type Sequelize, type WhereOptions } from 'sequelize';
import type { Models, ReportDelivery, ReportRun, ReportSchedule } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/actor.js';
import type { ReportKind } from '../shared/constants.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { fileSlug, fileStamp } from './format.js';
import { opdMailBody, regencyMailBody, type MailBody } from './mail-body.js';
import { isPermanentMailError, type Mailer } from './mailer.js';
import { opdReportWorkbook } from './opd-report.workbook.js';
import { regencyReportWorkbook } from './regency-report.workbook.js';
import { buildOpdReport, buildRegencyReport, type OpdSummary } from './report-data.js';
import { isEmail, truncateToMinute, type PlannedRecipient, type ReportScheduleService } from './report-schedule.service.js';
import type { WorkbookStore } from './workbook-store.js';

/**
 * The report outbox: runs and deliveries, sent exactly once per (schedule, period, recipient)
 * across app instances and restarts.
 *
 * 1. Claim a run: INSERT report_runs with the unique run_key "<schedule>:<period>" (period =
 *    the fire time's WIB minute). The unique index decides between instances; a duplicate-key
 *    error means someone else has (or had) this period, and nothing is sent.
 *    The winner holds a lease (owner + lease_until), renewed as it works.
 * 2. Plan: build every recipient's report and workbook (saved under var/reports/<run>/), then
 *    INSERT all deliveries in ONE transaction fenced on the run's owner (a process whose lease
 *    was taken over cannot add a second set).
 * 3. Send each delivery after claiming it with a conditional UPDATE
 *    (status 'pending' and due → 'sending', attempts + 1, next_attempt_at = now + sending lease).
 *    Only the instance whose UPDATE touched the row sends. Success → 'sent' + message id;
 *    failure → back to 'pending' with backoff, or 'failed' after maxAttempts (or on a permanent
 *    5xx answer). A 'sent' delivery is never claimed again.
 * 4. A process that dies leaves its run 'running' with an expiring lease: recover() takes it
 *    over (conditional UPDATE on lease_until, so one instance wins) and finishes it.
 *    A delivery left 'sending' past its sending lease is "interrupted": the outbox transport can
 *    tell whether the .eml was written (then it is marked sent); for SMTP it is unknown and the
 *    delivery is retried (at-least-once), counting the attempt.
 *
 * The one remaining duplicate window: the SMTP server accepted the message (250 after DATA) and
 * the process died before the UPDATE to 'sent' committed — a few milliseconds. The retry then
 * carries the SAME Message-ID (it is derived from the delivery), so mail systems and clients that
 * de-duplicate by Message-ID show it once. Choosing at-most-once instead would silently lose a
 * report whenever a process dies mid-send, which is worse for a monitoring report.
 */

export type RunTrigger = 'schedule' | 'catchup' | 'manual' | 'cli' | 'resend' | 'test';

export interface ReportRunConfig {
  regencyName: string;
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

export interface ReportRunDeps {
  models: Models;
  sequelize: Sequelize;
  mailer: Mailer;
  store: WorkbookStore;
  config: ReportRunConfig;
  now?: () => Date;
  logger?: RunLogger;
  scheduleService: ReportScheduleService;
  audit: AuditService;
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
}

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

export interface RecoverOutcome {
  takenOver: number[];
  retry: RetryOutcome;
}

export interface RetryOutcome {
  interrupted: number;
  attempted: number;
  sent: number;
  failed: number;
  settledRuns: number[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Lines of run.error written by settle(); everything else (plan notes) is kept. */
const STATUS_NOTE = 'Status pengiriman: ';
/** Plan notes: recipients who should have had the report and could not (a failure when nothing else was sent)… */
const NOT_SENT_NOTE = 'Tidak dikirim — ';
/** …and recipients left out on purpose (an OPD without ASN, a copy another run still delivers). */
const SKIPPED_NOTE = 'Dilewati — ';

class LeaseLost extends Error {
  constructor(runId: number) {
    super(`Run #${runId}: lease diambil alih instance lain`);
  }
}

interface StoredMail {
  subject: string;
  text: string;
  html: string;
  attachmentName: string;
}

interface ItemDraft {
  recipient: PlannedRecipient;
  mail: MailBody;
  filename: string;
  workbook: Buffer;
  summary: unknown;
}

const zeroCounts = (): RunCounts => ({ total: 0, pending: 0, sending: 0, sent: 0, failed: 0 });

function errorText(err: unknown): string {
  const e = err as { message?: string; responseCode?: number; code?: string; response?: string };
  const parts = [e?.message ?? String(err)];
  if (e?.responseCode) parts.push(`(SMTP ${e.responseCode})`);
  else if (e?.code && !String(e.message ?? '').includes(e.code)) parts.push(`(${e.code})`);
  return parts.join(' ').slice(0, 2000);
}

function isDeadlock(err: unknown): boolean {
  const p = (err as { parent?: { code?: string; errno?: number } })?.parent;
  return p?.code === 'ER_LOCK_DEADLOCK' || p?.errno === 1213 || /SQLITE_BUSY/.test(String((err as Error)?.message));
}

export function splitAddresses(s: string | null | undefined): string[] {
  return (s ?? '')
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Summaries are stored with the delivery: OpdSummary for 'opd', { totals, rows } for 'regency'. */
export interface RegencyStoredSummary {
  totals: OpdSummary;
  rows: OpdSummary[];
}

export class ReportRunService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly mailer: Mailer;
  private readonly store: WorkbookStore;
  private readonly cfg: ReportRunConfig;
  private readonly clock: () => Date;
  private readonly log: RunLogger;
  private readonly schedules: ReportScheduleService;
  private readonly audit: AuditService;

  constructor(deps: ReportRunDeps) {
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.mailer = deps.mailer;
    this.store = deps.store;
    this.cfg = deps.config;
    this.clock = deps.now ?? (() => new Date());
    const noop = () => undefined;
    this.log = deps.logger ?? { info: noop, warn: noop, error: noop };
    this.schedules = deps.scheduleService;
    this.audit = deps.audit;
  }

  get instanceId(): string {
    return this.cfg.instanceId;
  }

  private now(): Date {
    return this.clock();
  }

  private get sendLeaseMs(): number {
    return this.cfg.sendLeaseMs ?? this.cfg.leaseMs;
  }

  // -------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------

  /**
   * Runs a schedule for the period of `fireTime` (truncated to the minute). Returns
   * { claimed: false } when the period's run already exists (another instance, a restart, a
   * double click). `resend` makes a new run "<key>:resend:<n>"; `opdCode` limits an OPD report
   * to one OPD (its own run key); `dryRun` builds everything and sends nothing.
   */
  async runSchedule(scheduleId: number, fireTime: Date, opts: RunOptions = {}): Promise<RunOutcome> {
    const schedule = await this.schedules.get(scheduleId);
    const fire = truncateToMinute(fireTime);
    const periodKey = this.schedules.periodKey(schedule, fire);
    const opdCode = opts.opdCode?.trim() || null;
    if (opdCode) {
      if (schedule.reportKind !== 'opd') throw new ValidationError('Pilihan OPD hanya berlaku untuk laporan per OPD', { opdCode: 'Tidak berlaku untuk laporan kabupaten' });
      const opd = await this.models.Opd.findOne({ where: { code: opdCode } });
      if (!opd) throw new NotFoundError(`OPD dengan kode "${opdCode}" tidak ditemukan`);
    }
    // The numbers are taken at asOf (the CLI's --at), as a real send would take them.
    if (opts.dryRun) return this.dryRun(schedule, opts.asOf ?? fire, periodKey, opdCode);

    const base = `${schedule.id}:${periodKey}`;
    const opdSuffix = opdCode ? `:opd:${opdCode}` : '';
    let runKey = `${base}${opdSuffix}`;
    const trigger: RunTrigger = opts.resend ? 'resend' : opts.trigger ?? 'manual';
    if (opts.resend) {
      const n = await this.models.ReportRun.count({ where: { runKey: { [Op.like]: `${base}:resend:%` } } });
      runKey = `${base}:resend:${n + 1}${opdSuffix}`;
    }
    const run = await this.claim({
      scheduleId: schedule.id,
      reportKind: schedule.reportKind,
      runKey,
      periodKey,
      trigger,
      asOf: opts.asOf ?? fire,
      requestedBy: opts.requestedBy ?? null,
    });
    if (!run) {
      const existing = await this.models.ReportRun.findOne({ where: { runKey } });
      this.log.info({ runKey, scheduleId, existing: existing?.id }, 'report run already claimed');
      return {
        claimed: false,
        runId: existing?.id ?? null,
        runKey,
        periodKey,
        status: existing?.status ?? null,
        counts: existing ? await this.counts(existing.id) : zeroCounts(),
        reason: opts.resend
          ? 'Pengiriman ulang untuk periode ini baru saja dimulai oleh pengguna/instance lain'
          : 'Laporan untuk periode ini sudah diproses sebelumnya atau sedang diproses (oleh instance ini atau instance lain)',
      };
    }
    this.log.info({ runId: run.id, runKey, trigger }, 'report run claimed');
    await this.process(run.id, { opdCode });
    return this.outcome(run.id);
  }

  /** "Kirim uji ke saya": one delivery of the schedule's report to `toEmail` only. */
  async sendTest(scheduleId: number, toEmail: string, requestedBy: number | null): Promise<RunOutcome> {
    const to = String(toEmail ?? '').trim();
    if (!isEmail(to)) throw new ValidationError(`Alamat email tidak valid: "${to}"`, { email: 'Alamat email tidak valid' });
    const schedule = await this.schedules.get(scheduleId);
    const now = this.now();
    let recipient: PlannedRecipient;
    if (schedule.reportKind === 'opd') {
      const opd = await this.models.Opd.findOne({ where: { active: true }, order: [['code', 'ASC']] });
      if (!opd) throw new NotFoundError('Belum ada OPD aktif untuk contoh laporan');
      recipient = { opdId: opd.id, opdCode: opd.code, opdName: opd.name, recipientName: opd.headName, to: [to], cc: [] };
    } else {
      recipient = { opdId: null, opdCode: null, opdName: null, recipientName: null, to: [to], cc: [] };
    }
    const run = await this.claim({
      scheduleId: schedule.id,
      reportKind: schedule.reportKind,
      runKey: `test:${crypto.randomUUID()}`,
      periodKey: this.schedules.periodKey(schedule, now),
      trigger: 'test',
      asOf: now,
      requestedBy,
      auditMessage: `Kirim uji ke ${to}`,
    });
    if (!run) throw new Error('Gagal membuat run uji');
    await this.process(run.id, { recipients: [recipient], test: true });
    return this.outcome(run.id);
  }

  /**
   * Takes over runs whose owner stopped renewing its lease (crashed, killed, partitioned) and
   * finishes them, then retries every due delivery (retryDue).
   */
  async recover(): Promise<RecoverOutcome> {
    const now = this.now();
    const expired = await this.models.ReportRun.findAll({
      where: { status: 'running', leaseUntil: { [Op.lt]: now } },
      order: [['id', 'ASC']],
      limit: 50,
    });
    const takenOver: number[] = [];
    for (const run of expired) {
      const [n] = await this.models.ReportRun.update(
        { owner: this.cfg.instanceId, leaseUntil: new Date(now.getTime() + this.cfg.leaseMs) },
        { where: { id: run.id, status: 'running', leaseUntil: { [Op.lt]: now } } },
      );
      if (n !== 1) continue; // another instance was faster
      takenOver.push(run.id);
      this.log.warn({ runId: run.id, runKey: run.runKey, previousOwner: run.owner }, 'report run taken over after its lease expired');
      await this.process(run.id, {});
    }
    const retry = await this.retryDue();
    return { takenOver, retry };
  }

  /**
   * Retries due deliveries of every run that no live instance is working on, resolves
   * interrupted sends, and settles runs that were waiting for retries.
   */
  async retryDue(opts: { scheduleIds?: number[] } = {}): Promise<RetryOutcome> {
    const out: RetryOutcome = { interrupted: 0, attempted: 0, sent: 0, failed: 0, settledRuns: [] };
    const now = this.now();
    const touched = new Set<number>();
    // Optionally only the deliveries of some schedules (the CLI retries what it was asked about).
    const ofSchedules = opts.scheduleIds ? { scheduleId: opts.scheduleIds } : {};

    const interrupted = await this.models.ReportDelivery.findAll({
      where: { status: 'sending', nextAttemptAt: { [Op.lt]: now } },
      include: [{ model: this.models.ReportRun, as: 'run', attributes: ['id'], where: ofSchedules, required: true }],
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const d of interrupted) {
      if (await this.resolveInterrupted(d)) out.interrupted++;
      touched.add(d.runId);
    }

    const due = await this.models.ReportDelivery.findAll({
      where: { status: 'pending', [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }] } as WhereOptions,
      include: [{ model: this.models.ReportRun, as: 'run', attributes: ['id', 'status'], where: { status: { [Op.ne]: 'running' }, ...ofSchedules }, required: true }],
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const d of due) {
      const r = await this.sendOne(d.id);
      if (r === 'skipped') continue;
      out.attempted++;
      if (r === 'sent') out.sent++;
      if (r === 'failed') out.failed++;
      touched.add(d.runId);
    }

    const waiting = await this.models.ReportRun.findAll({
      where: { status: 'partial', finishedAt: null, ...ofSchedules },
      attributes: ['id'],
      limit: 500,
    });
    for (const r of waiting) touched.add(r.id);
    for (const runId of touched) {
      if (await this.settle(runId, false)) out.settledRuns.push(runId);
    }
    return out;
  }

  /**
   * Deliveries of these schedules still to be made: how many wait for a retry (and the earliest
   * time one is due), how many are being sent, and which runs a live instance is still working
   * on — what the CLI tells its user after retrying what was due.
   */
  async outstanding(scheduleIds: number[]): Promise<{ pending: number; sending: number; nextAttemptAt: Date | null; runningRuns: Array<{ id: number; owner: string | null; leaseUntil: Date | null }> }> {
    const rows = await this.models.ReportDelivery.findAll({
      where: { status: ['pending', 'sending'] },
      attributes: ['id', 'status', 'nextAttemptAt'],
      include: [{ model: this.models.ReportRun, as: 'run', attributes: ['id'], where: { scheduleId: scheduleIds }, required: true }],
    });
    const next = rows
      .filter((d) => d.status === 'pending' && d.nextAttemptAt)
      .map((d) => d.nextAttemptAt as Date)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const running = await this.models.ReportRun.findAll({
      where: { scheduleId: scheduleIds, status: 'running' },
      attributes: ['id', 'owner', 'leaseUntil'],
      order: [['id', 'ASC']],
    });
    return {
      pending: rows.filter((d) => d.status === 'pending').length,
      sending: rows.filter((d) => d.status === 'sending').length,
      nextAttemptAt: next ?? null,
      runningRuns: running.map((r) => ({ id: r.id, owner: r.owner, leaseUntil: r.leaseUntil })),
    };
  }

  /** The previous summary of an OPD: the one stored with its last sent (non-test) delivery before `asOf`. */
  async previousOpdSummary(opdId: number, asOf: Date): Promise<OpdSummary | null> {
    const d = await this.lastSent('opd', opdId, asOf);
    const s = d?.summary as OpdSummary | null | undefined;
    return s && typeof s === 'object' && 'total' in s ? s : null;
  }

  /** Map opdId → previous summary (key 0 = previous regency totals) from the last sent regency report. */
  async previousRegency(asOf: Date): Promise<Map<number, OpdSummary> | undefined> {
    const d = await this.lastSent('regency', null, asOf);
    const s = d?.summary as RegencyStoredSummary | null | undefined;
    if (!s || !Array.isArray(s.rows)) return undefined;
    const m = new Map<number, OpdSummary>();
    for (const r of s.rows) m.set(r.opdId, r);
    if (s.totals) m.set(0, s.totals);
    return m;
  }

  async counts(runId: number): Promise<RunCounts> {
    const rows = (await this.models.ReportDelivery.findAll({
      where: { runId },
      attributes: ['status', [this.sequelize.fn('COUNT', this.sequelize.col('id')), 'n']],
      group: ['status'],
      raw: true,
    })) as unknown as Array<{ status: string; n: number | string }>;
    const c = zeroCounts();
    for (const r of rows) {
      const n = Number(r.n);
      c.total += n;
      if (r.status in c) (c as unknown as Record<string, number>)[r.status] += n;
    }
    return c;
  }

  // -------------------------------------------------------------------------
  // Claiming
  // -------------------------------------------------------------------------

  private async claim(a: {
    scheduleId: number | null;
    reportKind: ReportKind;
    runKey: string;
    periodKey: string;
    trigger: RunTrigger;
    asOf: Date;
    requestedBy: number | null;
    auditMessage?: string;
  }): Promise<ReportRun | null> {
    const auditable = a.trigger !== 'schedule' && a.trigger !== 'catchup';
    const actor = auditable ? await this.actorFor(a.requestedBy, a.trigger) : null;
    for (let i = 0; ; i++) {
      const now = this.now();
      try {
        return await this.sequelize.transaction(async (transaction) => {
          const run = await this.models.ReportRun.create(
            {
              scheduleId: a.scheduleId,
              reportKind: a.reportKind,
              runKey: a.runKey,
              periodKey: a.periodKey,
              trigger: a.trigger,
              status: 'running',
              asOf: a.asOf,
              owner: this.cfg.instanceId,
              leaseUntil: new Date(now.getTime() + this.cfg.leaseMs),
              requestedBy: a.requestedBy,
              startedAt: now,
              finishedAt: null,
              error: null,
            },
            { transaction },
          );
          if (actor) {
            await this.audit.record(
              actor,
              {
                action: a.trigger === 'test' ? 'report_test' : a.trigger === 'resend' ? 'report_resend' : 'report_send',
                resource: 'report_runs',
                recordId: run.id,
                after: { runKey: a.runKey, scheduleId: a.scheduleId, trigger: a.trigger, periodKey: a.periodKey },
                message: a.auditMessage ?? null,
              },
              transaction,
            );
          }
          return run;
        });
      } catch (err) {
        if (err instanceof UniqueConstraintError) return null;
        if (isDeadlock(err) && i < 3) continue;
        throw err;
      }
    }
  }

  private async actorFor(userId: number | null, trigger: RunTrigger): Promise<Actor> {
    if (userId) {
      const u = await this.models.User.findByPk(userId);
      if (u) return { id: u.id, email: u.email, role: u.role, opdId: u.opdId };
    }
    return trigger === 'cli' ? { ...SYSTEM_ACTOR, email: 'cli' } : SYSTEM_ACTOR;
  }

  /** Extends our lease; false when the run is no longer ours. */
  private async renew(runId: number): Promise<boolean> {
    const now = this.now();
    return this.updateOwned(runId, { leaseUntil: new Date(now.getTime() + this.cfg.leaseMs) });
  }

  /**
   * UPDATE … WHERE id AND owner = us AND status = 'running'. MySQL reports changed rows, not
   * matched rows (Sequelize turns FOUND_ROWS off), so an update that writes the same values
   * (same lease second) reports 0: then the row is read back (it is locked by the UPDATE when
   * inside a transaction) to tell "not ours" from "unchanged".
   */
  private async updateOwned(runId: number, values: Partial<Record<keyof ReportRun, unknown>>, transaction?: import('sequelize').Transaction): Promise<boolean> {
    const where = { id: runId, owner: this.cfg.instanceId, status: 'running' };
    const [n] = await this.models.ReportRun.update(values as never, { where, transaction });
    if (n === 1) return true;
    return (await this.models.ReportRun.count({ where, transaction })) === 1;
  }

  private async mustRenew(runId: number): Promise<void> {
    if (!(await this.renew(runId))) throw new LeaseLost(runId);
  }

  // -------------------------------------------------------------------------
  // Processing a claimed run
  // -------------------------------------------------------------------------

  private async process(
    runId: number,
    opts: { opdCode?: string | null; recipients?: PlannedRecipient[]; test?: boolean },
  ): Promise<void> {
    const started = Date.now();
    try {
      const run = await this.models.ReportRun.findByPk(runId);
      if (!run) return;
      const planned = await this.models.ReportDelivery.count({ where: { runId } });
      if (planned === 0) {
        if (run.trigger === 'test' && !opts.recipients) {
          // The test address is not kept anywhere but the delivery: nothing to resume.
          await this.finishEmpty(run, 'failed', 'Pengiriman uji terhenti sebelum e-mail dibuat; silakan kirim uji lagi');
          return;
        }
        await this.plan(run, opts);
      }
      await this.sendRun(runId);
      await this.settle(runId, true);
      this.log.info({ runId, ms: Date.now() - started }, 'report run processed');
    } catch (err) {
      if (err instanceof LeaseLost) {
        this.log.warn({ runId }, err.message);
        return;
      }
      this.log.error({ runId, err: errorText(err) }, 'report run failed');
      const deliveries = await this.models.ReportDelivery.count({ where: { runId } });
      if (deliveries > 0) {
        await this.models.ReportRun.update({ error: `Kesalahan: ${errorText(err)}` }, { where: { id: runId, owner: this.cfg.instanceId } });
        await this.settle(runId, true);
      } else {
        await this.models.ReportRun.update(
          { status: 'failed', error: `Laporan gagal dibuat: ${errorText(err)}`, finishedAt: this.now(), leaseUntil: null },
          { where: { id: runId, owner: this.cfg.instanceId, status: 'running' } },
        );
      }
    }
  }

  private async finishEmpty(run: ReportRun, status: string, error: string): Promise<void> {
    await this.models.ReportRun.update(
      { status, error, finishedAt: this.now(), leaseUntil: null },
      { where: { id: run.id, owner: this.cfg.instanceId, status: 'running' } },
    );
  }

  /**
   * Builds the reports, saves workbooks and the rendered mails, inserts the deliveries (once).
   * A recipient whose delivery of this period is still to be made by another run (pending or
   * sending: the original run of a resend, a run still retrying) is left out — the database
   * refuses a second open delivery (open_key) — and named in the run's notes.
   */
  private async plan(run: ReportRun, opts: { opdCode?: string | null; recipients?: PlannedRecipient[]; test?: boolean }): Promise<void> {
    let recipients = opts.recipients;
    const notSent: string[] = [];
    const skipped: string[] = [];
    if (!recipients) {
      const schedule = run.scheduleId ? await this.models.ReportSchedule.findByPk(run.scheduleId) : null;
      if (!schedule) throw new NotFoundError('Jadwal laporan run ini sudah dihapus');
      const opdCode = opts.opdCode ?? /:opd:([^:]+)$/.exec(run.runKey)?.[1] ?? null;
      const plan = await this.schedules.recipientsFor(schedule, { opdCode, asOf: run.asOf });
      recipients = plan.recipients;
      for (const s of plan.skipped) (s.kind === 'no_employees' ? skipped : notSent).push(`${s.opdCode ?? 'Kabupaten'}: ${s.reason}`);
    }
    const keyOf = (r: PlannedRecipient) => this.openKeyFor(run, r.opdId, r.to[0]);
    /**
     * Recipients this run must not copy, by open key → the run that delivers them: deliveries of
     * the same period still open (pending/sending; the unique open_key refuses a second one
     * anyway), and those another run sent only after this one started — they were still pending
     * or in flight when this run (a resend) was requested.
     */
    const openElsewhere = async (transaction?: import('sequelize').Transaction) => {
      const keys = recipients!.map(keyOf).filter((k): k is string => k !== null);
      const out = new Map<string, number>();
      if (keys.length === 0 || run.scheduleId === null) return out;
      const open = await this.models.ReportDelivery.findAll({ where: { openKey: keys, runId: { [Op.ne]: run.id } }, attributes: ['openKey', 'runId'], transaction });
      for (const d of open) out.set(d.openKey as string, d.runId);
      const lately = await this.models.ReportDelivery.findAll({
        where: { status: 'sent', sentAt: { [Op.gte]: run.startedAt }, runId: { [Op.ne]: run.id } },
        attributes: ['runId', 'opdId', 'recipient'],
        include: [{ model: this.models.ReportRun, as: 'run', attributes: ['id', 'scheduleId', 'periodKey', 'trigger'], where: { scheduleId: run.scheduleId, periodKey: run.periodKey, trigger: { [Op.ne]: 'test' } }, required: true }],
        transaction,
      });
      for (const d of lately) {
        const k = this.openKeyFor(run, d.opdId, d.recipient);
        if (k && keys.includes(k) && !out.has(k)) out.set(k, d.runId);
      }
      return out;
    };
    const busy = await openElsewhere();
    const skipBusy = (r: PlannedRecipient, runId: number) =>
      skipped.push(`${r.opdCode ?? 'Kabupaten'} (${r.to[0]}): masih menunggu atau sedang dikirim oleh run #${runId}, tidak digandakan`);
    const wanted = recipients.filter((r) => {
      const k = keyOf(r);
      if (k && busy.has(k)) {
        skipBusy(r, busy.get(k)!);
        return false;
      }
      return true;
    });
    const drafts: Array<{ recipient: PlannedRecipient; workbookPath: string; summary: unknown }> = [];
    for await (const item of this.buildItems(run.reportKind, run.asOf, wanted, !!opts.test, () => this.mustRenew(run.id))) {
      const workbookPath = await this.store.save(run.id, item.filename, item.workbook);
      const stored: StoredMail = { ...item.mail, attachmentName: item.filename };
      await this.store.put(run.id, mailJsonName(workbookPath), JSON.stringify(stored));
      drafts.push({ recipient: item.recipient, workbookPath, summary: item.summary });
    }
    const now = this.now();
    await this.sequelize.transaction(async (transaction) => {
      // Fence: only the current owner may plan, and only once.
      const ours = await this.updateOwned(run.id, { leaseUntil: new Date(now.getTime() + this.cfg.leaseMs) }, transaction);
      if (!ours) throw new LeaseLost(run.id);
      const existing = await this.models.ReportDelivery.count({ where: { runId: run.id }, transaction });
      if (existing > 0) return;
      // Checked again in the transaction; a row inserted meanwhile is refused by the unique open_key.
      const busyNow = await openElsewhere(transaction);
      for (const d of drafts) {
        const openKey = keyOf(d.recipient);
        if (openKey && busyNow.has(openKey)) {
          skipBusy(d.recipient, busyNow.get(openKey)!);
          continue;
        }
        try {
          await this.models.ReportDelivery.create(
            {
              runId: run.id,
              opdId: d.recipient.opdId,
              recipient: d.recipient.to[0],
              cc: d.recipient.cc.length ? d.recipient.cc.join(', ') : null,
              status: 'pending',
              attempts: 0,
              nextAttemptAt: null, // null = due now (no clock rounding between app and DB)
              lastError: null,
              messageId: null,
              workbookPath: d.workbookPath,
              openKey,
              summary: d.summary,
              sentAt: null,
            },
            { transaction },
          );
        } catch (err) {
          // Only the open_key can collide here (this run has no delivery yet): another run holds it.
          if (!(err instanceof UniqueConstraintError) || !openKey) throw err;
          skipped.push(`${d.recipient.opdCode ?? 'Kabupaten'} (${d.recipient.to[0]}): masih menunggu pengiriman pada run lain, tidak digandakan`);
        }
      }
      const notes = [
        ...(notSent.length ? [`${NOT_SENT_NOTE}${notSent.join('; ')}`] : []),
        ...(skipped.length ? [`${SKIPPED_NOTE}${skipped.join('; ')}`] : []),
      ];
      await this.updateOwned(run.id, { error: notes.length ? notes.join('\n') : null }, transaction);
    });
  }

  /**
   * The open key of a delivery: "<schedule>:<period>:<opd or 0>:<recipient>" (migration 0302
   * backfills the same text). None for test sends, which never block or are blocked.
   */
  private openKeyFor(run: Pick<ReportRun, 'scheduleId' | 'periodKey' | 'trigger'>, opdId: number | null, recipient: string | undefined): string | null {
    if (run.trigger === 'test' || run.scheduleId === null || !recipient) return null;
    return `${run.scheduleId}:${run.periodKey}:${opdId ?? 0}:${recipient.trim().toLowerCase()}`.slice(0, 255);
  }

  /** One item per recipient: the report, its workbook, the mail and the summary to keep. */
  private async *buildItems(
    kind: ReportKind,
    asOf: Date,
    recipients: PlannedRecipient[],
    test: boolean,
    heartbeat: () => Promise<void>,
  ): AsyncGenerator<ItemDraft> {
    const regencyName = this.cfg.regencyName;
    if (kind === 'opd') {
      for (const r of recipients) {
        if (r.opdId === null) continue;
        const previous = await this.previousOpdSummary(r.opdId, asOf);
        const report = await buildOpdReport(this.models, r.opdId, asOf, previous);
        const workbook = await opdReportWorkbook(report, { regencyName });
        const mail = opdMailBody(report, { regencyName, test });
        const filename = `Laporan-PDM-${fileSlug(report.opd.code)}-${fileStamp(asOf)}.xlsx`;
        yield { recipient: r, mail, filename, workbook, summary: report.summary };
        await heartbeat();
      }
      return;
    }
    if (recipients.length === 0) return;
    const previous = await this.previousRegency(asOf);
    const report = await buildRegencyReport(this.models, asOf, previous);
    const workbook = (await regencyReportWorkbook(report, { regencyName, models: this.models, asOf })) as Buffer;
    await heartbeat();
    const filename = `Laporan-PDM-${fileSlug(regencyName)}-${fileStamp(asOf)}.xlsx`;
    const summary: RegencyStoredSummary = {
      totals: report.totals,
      rows: report.rows.map(({ rank: _r, band: _b, previous: _p, ...s }) => s as OpdSummary),
    };
    for (const r of recipients) {
      const mail = regencyMailBody(report, { regencyName, test, recipientName: r.recipientName });
      yield { recipient: r, mail, filename, workbook, summary };
    }
  }

  private async dryRun(schedule: ReportSchedule, asOf: Date, periodKey: string, opdCode: string | null): Promise<RunOutcome> {
    const plan = await this.schedules.recipientsFor(schedule, { opdCode, asOf });
    const planned: PlannedMail[] = [];
    for await (const item of this.buildItems(schedule.reportKind, asOf, plan.recipients, false, async () => undefined)) {
      planned.push({
        opdId: item.recipient.opdId,
        opdCode: item.recipient.opdCode,
        to: item.recipient.to,
        cc: item.recipient.cc,
        subject: item.mail.subject,
        text: item.mail.text,
        attachment: { filename: item.filename, size: item.workbook.length, content: item.workbook },
      });
    }
    return {
      claimed: false,
      dryRun: true,
      runId: null,
      runKey: `${schedule.id}:${periodKey}${opdCode ? `:opd:${opdCode}` : ''}`,
      periodKey,
      status: null,
      counts: { ...zeroCounts(), total: planned.length, pending: planned.length },
      planned,
      skipped: plan.skipped.map((s) => ({ opdCode: s.opdCode, reason: s.reason })),
    };
  }

  /** Sends the run's due deliveries while we hold the lease. */
  private async sendRun(runId: number): Promise<void> {
    const seen = new Set<number>();
    for (;;) {
      const now = this.now();
      const interrupted = await this.models.ReportDelivery.findAll({
        where: { runId, status: 'sending', nextAttemptAt: { [Op.lt]: now } },
      });
      for (const d of interrupted) await this.resolveInterrupted(d);
      const due = await this.models.ReportDelivery.findAll({
        where: { runId, status: 'pending', [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }] } as WhereOptions,
        attributes: ['id'],
        order: [['id', 'ASC']],
      });
      const fresh = due.filter((d) => !seen.has(d.id));
      if (fresh.length === 0) return;
      for (const d of fresh) {
        seen.add(d.id);
        await this.mustRenew(runId);
        await this.sendOne(d.id);
      }
    }
  }

  // -------------------------------------------------------------------------
  // One delivery
  // -------------------------------------------------------------------------

  /** The Message-ID of a delivery: stable across attempts, unique across databases. */
  private messageIdFor(d: ReportDelivery, run: ReportRun): string {
    const salt = crypto.createHash('sha256').update(`${run.runKey}|${run.startedAt.getTime()}|${d.id}`).digest('hex').slice(0, 12);
    return this.mailer.makeMessageId(`r${run.id}.d${d.id}.${salt}`);
  }

  private async sendOne(deliveryId: number): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
    const now = this.now();
    const [n] = await this.models.ReportDelivery.update(
      {
        status: 'sending',
        attempts: literal('attempts + 1') as unknown as number,
        nextAttemptAt: new Date(now.getTime() + this.sendLeaseMs),
      },
      {
        where: {
          id: deliveryId,
          status: 'pending',
          [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }],
        } as WhereOptions,
      },
    );
    if (n !== 1) return 'skipped';
    const d = await this.models.ReportDelivery.findByPk(deliveryId);
    const run = d ? await this.models.ReportRun.findByPk(d.runId) : null;
    if (!d || !run) return 'skipped';
    const attempt = d.attempts;
    const messageId = this.messageIdFor(d, run);
    try {
      // A previous attempt may have handed the message over before its process died.
      if (attempt > 1 && (await this.mailer.wasDelivered(messageId)) === true) {
        await this.markSent(d, attempt, messageId);
        return 'sent';
      }
      const content = await this.content(run, d);
      const info = await this.mailer.send({
        to: d.recipient,
        cc: splitAddresses(d.cc),
        subject: content.mail.subject,
        text: content.mail.text,
        html: content.mail.html,
        attachments: [{ filename: content.mail.attachmentName, content: content.workbook, contentType: XLSX_TYPE }],
        messageId,
        headers: { 'X-PDM-Run': String(run.id), 'X-PDM-Delivery': String(d.id) },
      });
      await this.markSent(d, attempt, info.messageId);
      this.log.info({ runId: run.id, deliveryId: d.id, to: d.recipient, attempt, messageId: info.messageId }, 'report delivered');
      return 'sent';
    } catch (err) {
      return this.markFailed(d, attempt, err);
    }
  }

  private async markSent(d: ReportDelivery, attempt: number, messageId: string): Promise<void> {
    // Success always wins, even over a concurrent reset: marking it sent prevents a resend.
    const [n] = await this.models.ReportDelivery.update(
      { status: 'sent', messageId, sentAt: this.now(), lastError: null, nextAttemptAt: null, openKey: null },
      { where: { id: d.id, status: { [Op.ne]: 'sent' } } },
    );
    const after = await this.models.ReportDelivery.findByPk(d.id, { attributes: ['attempts'] });
    if (n !== 1 || (after && after.attempts !== attempt)) {
      this.log.warn({ deliveryId: d.id, attempt, latest: after?.attempts }, 'delivery was claimed again while sending: possible duplicate');
    }
  }

  private async markFailed(d: ReportDelivery, attempt: number, err: unknown): Promise<'retry' | 'failed'> {
    const permanent = isPermanentMailError(err);
    const final = permanent || attempt >= this.cfg.maxAttempts;
    const now = this.now();
    const why = `Percobaan ${attempt}: ${errorText(err)}${permanent ? ' — ditolak permanen oleh server' : ''}`;
    await this.models.ReportDelivery.update(
      {
        status: final ? 'failed' : 'pending',
        lastError: why,
        nextAttemptAt: final ? null : new Date(now.getTime() + this.cfg.backoffMs(attempt)),
        // A delivery failed for good is no longer "to be made": a resend may make it again.
        ...(final ? { openKey: null } : {}),
      },
      { where: { id: d.id, status: 'sending', attempts: attempt } },
    );
    this.log.warn({ deliveryId: d.id, runId: d.runId, to: d.recipient, attempt, final, err: why }, 'report delivery failed');
    return final ? 'failed' : 'retry';
  }

  /**
   * A delivery left 'sending' past its sending lease: its process died (or hung) mid-send.
   * Outbox: the .eml file tells whether it was written. SMTP: unknown — retried (the attempt
   * counts), or 'failed' when it was the last attempt.
   */
  private async resolveInterrupted(d: ReportDelivery): Promise<boolean> {
    const now = this.now();
    const run = await this.models.ReportRun.findByPk(d.runId);
    const fence = { id: d.id, status: 'sending', attempts: d.attempts, nextAttemptAt: { [Op.lt]: now } };
    if (run && (await this.mailer.wasDelivered(this.messageIdFor(d, run))) === true) {
      const [n] = await this.models.ReportDelivery.update(
        { status: 'sent', messageId: this.messageIdFor(d, run), sentAt: now, nextAttemptAt: null, openKey: null },
        { where: fence },
      );
      return n === 1;
    }
    const last = d.attempts >= this.cfg.maxAttempts;
    const [n] = await this.models.ReportDelivery.update(
      {
        status: last ? 'failed' : 'pending',
        nextAttemptAt: null,
        ...(last ? { openKey: null } : {}),
        lastError: last
          ? `Percobaan ${d.attempts} terputus (proses berhenti saat mengirim); status tidak diketahui dan batas percobaan tercapai`
          : `Percobaan ${d.attempts} terputus (proses berhenti saat mengirim); dikirim ulang`,
      },
      { where: fence },
    );
    if (n === 1) this.log.warn({ deliveryId: d.id, runId: d.runId, attempts: d.attempts, last }, 'interrupted report delivery');
    return n === 1;
  }

  /** The rendered mail and the workbook; rebuilt when the files are not on this instance's disk. */
  private async content(run: ReportRun, d: ReportDelivery): Promise<{ mail: StoredMail; workbook: Buffer }> {
    if (d.workbookPath && (await this.store.exists(d.workbookPath)) && (await this.store.exists(mailJsonPath(d.workbookPath)))) {
      const mail = JSON.parse((await this.store.read(mailJsonPath(d.workbookPath))).toString('utf8')) as StoredMail;
      return { mail, workbook: await this.store.read(d.workbookPath) };
    }
    this.log.warn({ runId: run.id, deliveryId: d.id, path: d.workbookPath }, 'report files missing on this instance: rebuilding');
    let recipient: PlannedRecipient;
    if (run.reportKind === 'opd') {
      const opd = d.opdId ? await this.models.Opd.findByPk(d.opdId) : null;
      if (!opd) throw new NotFoundError('OPD penerima laporan tidak ditemukan');
      recipient = { opdId: opd.id, opdCode: opd.code, opdName: opd.name, recipientName: opd.headName, to: [d.recipient], cc: splitAddresses(d.cc) };
    } else {
      recipient = { opdId: null, opdCode: null, opdName: null, recipientName: null, to: [d.recipient], cc: splitAddresses(d.cc) };
    }
    for await (const item of this.buildItems(run.reportKind, run.asOf, [recipient], run.trigger === 'test', async () => undefined)) {
      const workbookPath = await this.store.save(run.id, item.filename, item.workbook);
      const mail: StoredMail = { ...item.mail, attachmentName: item.filename };
      await this.store.put(run.id, mailJsonName(workbookPath), JSON.stringify(mail));
      await this.models.ReportDelivery.update({ workbookPath, summary: item.summary }, { where: { id: d.id } });
      return { mail, workbook: item.workbook };
    }
    throw new Error('Laporan tidak dapat dibuat ulang');
  }

  // -------------------------------------------------------------------------
  // Run status
  // -------------------------------------------------------------------------

  /**
   * Recomputes a run's status from its deliveries: 'done' when all are sent, 'partial' while
   * some wait for a retry (finishedAt empty) or when some failed for good, 'failed' when none
   * was sent. As owner: releases the lease. Otherwise only touches runs nobody is running.
   */
  private async settle(runId: number, asOwner: boolean): Promise<boolean> {
    const run = await this.models.ReportRun.findByPk(runId);
    if (!run) return false;
    if (!asOwner && run.status === 'running') return false;
    const c = await this.counts(runId);
    const waiting = c.pending + c.sending;
    const notes = (run.error ?? '')
      .split('\n')
      .filter((l) => l && !l.startsWith(STATUS_NOTE));
    let status: string;
    let finishedAt: Date | null = null;
    if (c.total === 0) {
      status = notes.some((l) => !l.startsWith(SKIPPED_NOTE)) ? 'failed' : 'done';
      if (!notes.length) notes.push(`${STATUS_NOTE}tidak ada penerima`);
      finishedAt = this.now();
    } else if (waiting > 0) {
      status = 'partial';
      notes.push(`${STATUS_NOTE}${c.sent} terkirim, ${waiting} menunggu percobaan ulang${c.failed ? `, ${c.failed} gagal` : ''}`);
    } else if (c.failed === 0) {
      status = 'done';
      finishedAt = run.finishedAt ?? this.now();
    } else {
      status = c.sent > 0 ? 'partial' : 'failed';
      finishedAt = run.finishedAt ?? this.now();
      notes.push(`${STATUS_NOTE}${c.sent} terkirim, ${c.failed} gagal`);
    }
    const error = notes.length ? notes.join('\n') : null;
    if (!asOwner && run.status === status && (run.finishedAt === null) === (finishedAt === null) && run.error === error) return false;
    const where: WhereOptions = asOwner
      ? { id: runId, owner: this.cfg.instanceId, status: 'running' }
      : { id: runId, status: { [Op.ne]: 'running' } };
    const [n] = await this.models.ReportRun.update({ status, finishedAt, error, leaseUntil: null }, { where });
    return n === 1;
  }

  private async outcome(runId: number): Promise<RunOutcome> {
    const run = await this.models.ReportRun.findByPk(runId);
    if (!run) throw new NotFoundError(`Run laporan #${runId} tidak ditemukan`);
    return {
      claimed: true,
      runId,
      runKey: run.runKey,
      periodKey: run.periodKey,
      status: run.status,
      counts: await this.counts(runId),
      reason: run.error,
    };
  }

  private async lastSent(kind: ReportKind, opdId: number | null, asOf: Date): Promise<ReportDelivery | null> {
    return this.models.ReportDelivery.findOne({
      where: { status: 'sent', opdId: opdId === null ? { [Op.is]: null } : opdId } as WhereOptions,
      include: [
        {
          model: this.models.ReportRun,
          as: 'run',
          attributes: ['id', 'asOf'],
          required: true,
          where: { reportKind: kind, trigger: { [Op.ne]: 'test' }, asOf: { [Op.lt]: asOf } },
        },
      ],
      order: [
        [{ model: this.models.ReportRun, as: 'run' }, 'asOf', 'DESC'],
        ['sentAt', 'DESC'],
        ['id', 'DESC'],
      ],
      subQuery: false,
    });
  }
}

function mailJsonName(workbookPath: string): string {
  return mailJsonPath(workbookPath).split('/').pop() as string;
}

function mailJsonPath(workbookPath: string): string {
  return workbookPath.replace(/\.xlsx$/i, '') + '.mail.json';
}
