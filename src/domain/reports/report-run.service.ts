import crypto from 'node:crypto';
import { Op } from 'sequelize';
import type { Models, ReportSchedule } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { formatJakartaDateTime } from '../shared/time.js';
import { DeliveryOutbox, errorText } from './delivery/outbox.js';
import { testAddress, testRecipient } from './delivery/recipients.js';
import { ReportItems, type GuideLinks } from './delivery/report-items.js';
import { LeaseLost, RunLease } from './delivery/run-lease.js';
import { RunPlanner, openKeyFor, type PlanOptions } from './delivery/run-planner.js';
import { RunStatus } from './delivery/run-status.js';
import type {
  OutboxContext,
  PeriodOutcome,
  RecoverOutcome,
  ReportRunConfig,
  RetryOutcome,
  RunLogger,
  RunOptions,
  RunOutcome,
} from './delivery/run.types.js';
import type { Mailer } from './delivery/mailer.js';
import type { WorkbookStore } from './delivery/workbook-store.js';
import { truncateToMinute, type ReportScheduleService } from './report-schedule.service.js';

/**
 * The report outbox: runs and deliveries, sent exactly once per (schedule, period, recipient)
 * across app instances and restarts. Every path — the scheduler, the panel's "Kirim sekarang" and
 * "Kirim uji ke saya", the CLI's report:send — goes through these use cases:
 *
 * 1. Claim a run (delivery/run-lease.ts): a unique run key per schedule and period, and a lease.
 * 2. Plan it (delivery/run-planner.ts): every recipient's report, workbook and mail, then all
 *    deliveries in one transaction fenced on the lease.
 * 3. Send each delivery after claiming it (delivery/outbox.ts), with retries and backoff.
 * 4. Settle the run's status from its deliveries (delivery/run-status.ts).
 * A run left by a dead process is taken over after its lease and finished (recover).
 *
 * The one remaining duplicate window: the SMTP server accepted the message (250 after DATA) and
 * the process died before the UPDATE to 'sent' committed — a few milliseconds. The retry then
 * carries the SAME Message-ID (it is derived from the delivery), so mail systems and clients that
 * de-duplicate by Message-ID show it once. Choosing at-most-once instead would silently lose a
 * report whenever a process dies mid-send, which is worse for a monitoring report.
 */

export interface ReportRunDeps {
  models: Models;
  sequelize: OutboxContext['sequelize'];
  mailer: Mailer;
  store: WorkbookStore;
  config: ReportRunConfig;
  scheduleService: ReportScheduleService;
  audit: AuditService;
  now?: () => Date;
  logger?: RunLogger;
  /** The campaign's guides, linked in the mails. */
  guideLinks?: GuideLinks;
}

export class ReportRunService {
  private readonly ctx: OutboxContext;
  private readonly schedules: ReportScheduleService;
  private readonly lease: RunLease;
  private readonly planner: RunPlanner;
  private readonly outbox: DeliveryOutbox;
  private readonly status: RunStatus;
  private readonly audit: AuditService;

  constructor(deps: ReportRunDeps) {
    const noop = () => undefined;
    this.ctx = {
      models: deps.models,
      sequelize: deps.sequelize,
      mailer: deps.mailer,
      store: deps.store,
      config: deps.config,
      now: deps.now ?? (() => new Date()),
      log: deps.logger ?? { info: noop, warn: noop, error: noop },
    };
    this.schedules = deps.scheduleService;
    this.audit = deps.audit;
    const items = new ReportItems(deps.models, deps.config.regencyName, deps.guideLinks, deps.config.appBaseUrl ?? null);
    this.lease = new RunLease(this.ctx, deps.audit);
    this.planner = new RunPlanner(this.ctx, items, this.lease);
    this.outbox = new DeliveryOutbox(this.ctx, items, this.lease);
    this.status = new RunStatus(this.ctx);
  }

  get instanceId(): string {
    return this.ctx.config.instanceId;
  }

  /**
   * Runs a schedule for the period of `fireTime` (truncated to the minute). Returns
   * { claimed: false } when the period's run already exists (another instance, a restart, a
   * double click). `resend` makes a new run "<key>:resend:<n>"; `opdCode` limits an OPD report
   * to one OPD (its own run key); `dryRun` builds everything and sends nothing.
   */
  async runSchedule(scheduleId: number, fireTime: Date, opts: RunOptions = {}): Promise<RunOutcome> {
    return this.runPeriod(await this.schedules.get(scheduleId), fireTime, opts);
  }

  /**
   * "Send the current period" — the panel's "Kirim sekarang" and `report:send`: the schedule's
   * latest fire time up to `at` (so a second request before the next fire time is the same period
   * and sends nothing new), with the numbers as of `at`.
   */
  async sendCurrentPeriod(scheduleId: number, at: Date, opts: Omit<RunOptions, 'asOf'> = {}): Promise<PeriodOutcome> {
    const schedule = await this.schedules.get(scheduleId);
    const fireTime = this.schedules.currentFireTime(schedule.cron, at);
    return { ...(await this.runPeriod(schedule, fireTime, { ...opts, asOf: at })), fireTime, asOf: at };
  }

  /** The OPDs a test send of this schedule may take its report from (active, by code); none for the regency report. */
  async testOpdChoices(scheduleId: number): Promise<Array<{ value: number; label: string }>> {
    const schedule = await this.schedules.get(scheduleId);
    if (schedule.reportKind !== 'opd') return [];
    const opds = await this.ctx.models.Opd.findAll({
      where: { active: true },
      order: [['code', 'ASC']],
      attributes: ['id', 'code', 'name'],
    });
    return opds.map((o) => ({ value: o.id, label: `${o.code} — ${o.name}` }));
  }

  /**
   * "Kirim uji ke saya": one delivery of the schedule's report to `toEmail` only. An OPD schedule
   * sends the report of the OPD chosen (`opdId`; without one, the first active OPD by code); an
   * unknown OPD, or an OPD chosen for the regency report, is refused.
   */
  async sendTest(
    scheduleId: number,
    toEmail: string,
    requestedBy: number | null,
    opts: { opdId?: number | null } = {},
  ): Promise<RunOutcome> {
    const to = testAddress(toEmail);
    const schedule = await this.schedules.get(scheduleId);
    const now = this.ctx.now();
    const recipient = await testRecipient(this.ctx.models, schedule.reportKind, to, opts.opdId ?? null);
    const run = await this.lease.claim({
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
    return this.status.outcome(run.id);
  }

  /**
   * "Kirim ulang yang gagal": only the run's deliveries that failed for good are made again; the
   * recipients already served get nothing new. The run is taken (status 'running', our lease) only
   * when nobody is running it. Each failed delivery goes back to 'pending' with its attempts reset
   * — unless another run will still deliver that recipient's report of the period (open_key) — and
   * is sent as any delivery is (same stored mail and workbook, same Message-ID). Audited
   * ('report_resend_failed': who, which recipients, their last errors) and noted on the run.
   */
  async resendFailed(runId: number, requestedBy: number | null): Promise<RunOutcome> {
    const { models, sequelize, config } = this.ctx;
    const run = await models.ReportRun.findByPk(runId);
    if (!run) throw new NotFoundError(`Run laporan #${runId} tidak ditemukan`);
    if (run.trigger === 'test') throw new ValidationError('Pengiriman uji tidak dikirim ulang; kirim uji lagi dari jadwalnya');
    const failed = await models.ReportDelivery.findAll({ where: { runId, status: 'failed' }, order: [['id', 'ASC']] });
    if (failed.length === 0) throw new ValidationError('Tidak ada penerima yang gagal pada pengiriman ini');
    const actor = await this.lease.actorFor(requestedBy, 'manual');
    await sequelize.transaction(async (transaction) => {
      const now = this.ctx.now();
      const [taken] = await models.ReportRun.update(
        { status: 'running', owner: config.instanceId, leaseUntil: new Date(now.getTime() + config.leaseMs), finishedAt: null },
        { where: { id: runId, status: { [Op.ne]: 'running' } }, transaction },
      );
      if (taken !== 1) throw new ConflictError('Pengiriman ini sedang diproses; coba lagi setelah selesai');
      const resent: string[] = [];
      const busy: string[] = [];
      for (const d of failed) {
        const openKey = openKeyFor(run, d.opdId, d.recipient);
        if (openKey && (await models.ReportDelivery.count({ where: { openKey }, transaction })) > 0) {
          busy.push(d.recipient);
          continue;
        }
        const [n] = await models.ReportDelivery.update(
          {
            status: 'pending',
            attempts: 0,
            nextAttemptAt: null,
            openKey,
            lastError: `Dikirim ulang atas permintaan ${actor.email}; sebelumnya: ${d.lastError ?? '-'}`.slice(0, 2000),
          },
          { where: { id: d.id, status: 'failed' }, transaction },
        );
        if (n === 1) resent.push(d.recipient);
      }
      const line =
        `Kirim ulang yang gagal (${formatJakartaDateTime(now, 'short')}, ${actor.email}): ${resent.join(', ') || 'tidak ada'}` +
        (busy.length ? `; tidak digandakan (masih dikirim oleh run lain): ${busy.join(', ')}` : '');
      await models.ReportRun.update({ error: [run.error, line].filter(Boolean).join('\n') }, { where: { id: runId }, transaction });
      await this.audit.record(
        actor,
        {
          action: 'report_resend_failed',
          resource: 'report_runs',
          recordId: runId,
          before: { status: run.status, failed: failed.map((d) => ({ deliveryId: d.id, recipient: d.recipient, lastError: d.lastError })) },
          after: { resent, busy },
          message: `Kirim ulang ${resent.length} penerima yang gagal`,
        },
        transaction,
      );
    });
    this.ctx.log.info({ runId, failed: failed.length }, 'report run: failed deliveries resent');
    await this.process(runId, {});
    return this.status.outcome(runId);
  }

  /**
   * Takes over runs whose owner stopped renewing its lease (crashed, killed, partitioned) and
   * finishes them, then retries every due delivery (retryDue).
   */
  async recover(): Promise<RecoverOutcome> {
    const takenOver: number[] = [];
    for await (const run of this.lease.takeOverExpired()) {
      takenOver.push(run.id);
      await this.process(run.id, {});
    }
    return { takenOver, retry: await this.retryDue() };
  }

  /**
   * Retries due deliveries of every run that no live instance is working on, resolves
   * interrupted sends, and settles runs that were waiting for retries.
   */
  async retryDue(opts: { scheduleIds?: number[] } = {}): Promise<RetryOutcome> {
    const { touched, ...counts } = await this.outbox.retryDue(opts.scheduleIds);
    const settledRuns = await this.status.settleIdle(new Set([...touched, ...(await this.status.waitingForRetries(opts.scheduleIds))]));
    return { ...counts, settledRuns };
  }

  /** Deliveries of these schedules still to be made, and who is making them (see RunStatus.outstanding). */
  outstanding(scheduleIds: number[]): ReturnType<RunStatus['outstanding']> {
    return this.status.outstanding(scheduleIds);
  }

  private async runPeriod(schedule: ReportSchedule, fireTime: Date, opts: RunOptions): Promise<RunOutcome> {
    const fire = truncateToMinute(fireTime);
    const periodKey = this.schedules.periodKey(schedule, fire);
    const opdCode = await this.checkedOpdCode(schedule, opts.opdCode);
    // The numbers are taken at asOf (the CLI's --at), as a real send would take them.
    const asOf = opts.asOf ?? fire;
    if (opts.dryRun)
      return this.planner.preview(schedule, asOf, await this.lease.runKeyFor(schedule.id, periodKey, opdCode, false), periodKey, opdCode);
    const runKey = await this.lease.runKeyFor(schedule.id, periodKey, opdCode, !!opts.resend);
    const trigger = opts.resend ? 'resend' : (opts.trigger ?? 'manual');
    const run = await this.lease.claim({
      scheduleId: schedule.id,
      reportKind: schedule.reportKind,
      runKey,
      periodKey,
      trigger,
      asOf,
      requestedBy: opts.requestedBy ?? null,
    });
    if (!run) return this.status.notClaimed(runKey, periodKey, !!opts.resend);
    this.ctx.log.info({ runId: run.id, runKey, trigger }, 'report run claimed');
    await this.process(run.id, { opdCode });
    return this.status.outcome(run.id);
  }

  /** An OPD a send is limited to: only for OPD reports, and it must exist. */
  private async checkedOpdCode(schedule: ReportSchedule, opdCode: string | null | undefined): Promise<string | null> {
    const code = opdCode?.trim() || null;
    if (!code) return null;
    if (schedule.reportKind !== 'opd')
      throw new ValidationError('Pilihan OPD hanya berlaku untuk laporan per OPD', { opdCode: 'Tidak berlaku untuk laporan kabupaten' });
    if (!(await this.ctx.models.Opd.findOne({ where: { code } }))) throw new NotFoundError(`OPD dengan kode "${code}" tidak ditemukan`);
    return code;
  }

  /** A claimed run, planned (once), sent and settled; a failure is recorded on the run. */
  private async process(runId: number, opts: PlanOptions): Promise<void> {
    const started = Date.now();
    try {
      const run = await this.ctx.models.ReportRun.findByPk(runId);
      if (!run) return;
      if (!(await this.status.hasDeliveries(runId))) {
        // The test address is not kept anywhere but the delivery: nothing to resume.
        if (run.trigger === 'test' && !opts.recipients)
          return this.lease.finish(runId, 'failed', 'Pengiriman uji terhenti sebelum e-mail dibuat; silakan kirim uji lagi');
        await this.planner.plan(run, opts);
      }
      await this.outbox.sendRun(runId);
      await this.status.settle(runId, true);
      this.ctx.log.info({ runId, ms: Date.now() - started }, 'report run processed');
    } catch (err) {
      await this.failed(runId, err);
    }
  }

  private async failed(runId: number, err: unknown): Promise<void> {
    if (err instanceof LeaseLost) {
      this.ctx.log.warn({ runId }, err.message);
      return;
    }
    this.ctx.log.error({ runId, err: errorText(err) }, 'report run failed');
    if (await this.status.hasDeliveries(runId)) {
      await this.status.noteError(runId, `Kesalahan: ${errorText(err)}`);
      await this.status.settle(runId, true);
    } else {
      await this.lease.finish(runId, 'failed', `Laporan gagal dibuat: ${errorText(err)}`);
    }
  }
}
