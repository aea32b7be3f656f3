import crypto from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { ReportRun, ReportSchedule } from '../../../db/models/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { planRecipients, type PlannedRecipient } from './recipients.js';
import type { ReportItems } from './report-items.js';
import { LeaseLost, runKeyOpdCode, type RunLease } from './run-lease.js';
import { planNotes } from './run-status.js';
import { storeMail } from './stored-mail.js';
import { formatJakartaDateTime } from '../../shared/time.js';
import { zeroCounts, type OutboxContext, type PlannedMail, type RunOutcome } from './run.types.js';

/**
 * Planning a claimed run: build every recipient's report and workbook (saved under
 * var/reports/<run>/ with the rendered mail), then INSERT all deliveries in ONE transaction
 * fenced on the run's owner, so a process whose lease was taken over cannot add a second set.
 */

export interface PlanOptions {
  opdCode?: string | null;
  /** Given for a test send (the address is kept nowhere else); otherwise the schedule's recipients. */
  recipients?: PlannedRecipient[];
  test?: boolean;
}

/**
 * The open key of a delivery: "<schedule>:<period>:<opd or 0>:<recipient>" (migration 0302
 * backfills the same text). None for test sends, which never block or are blocked.
 */
export function openKeyFor(
  run: Pick<ReportRun, 'scheduleId' | 'periodKey' | 'trigger'>,
  opdId: number | null,
  recipient: string | undefined,
): string | null {
  if (run.trigger === 'test' || run.scheduleId === null || !recipient) return null;
  return `${run.scheduleId}:${run.periodKey}:${opdId ?? 0}:${recipient.trim().toLowerCase()}`.slice(0, 255);
}

const label = (r: PlannedRecipient) => r.opdCode ?? 'Kabupaten';

/** JSON with sorted keys: the same figures always give the same text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** sha256 of a delivery's figures (its summary): what skip-if-unchanged compares. */
export function figuresHash(summary: unknown): string {
  return crypto.createHash('sha256').update(canonical(summary)).digest('hex');
}

interface Draft {
  recipient: PlannedRecipient;
  workbookPath: string;
  summary: unknown;
  hash: string;
  /** Set when the figures equal those last sent to this recipient (skipUnchanged): recorded, not sent. */
  unchangedSince?: { deliveryId: number; sentAt: Date | null };
}

export class RunPlanner {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly items: ReportItems,
    private readonly lease: RunLease,
  ) {}

  /**
   * Builds the reports, saves workbooks and the rendered mails, inserts the deliveries (once).
   * A recipient whose delivery of this period is still to be made by another run (pending or
   * sending: the original run of a resend, a run still retrying) is left out — the database
   * refuses a second open delivery (open_key) — and named in the run's notes.
   */
  async plan(run: ReportRun, opts: PlanOptions): Promise<void> {
    const notSent: string[] = [];
    const skipped: string[] = [];
    let recipients = opts.recipients;
    if (!recipients) {
      const schedule = run.scheduleId ? await this.ctx.models.ReportSchedule.findByPk(run.scheduleId) : null;
      if (!schedule) throw new NotFoundError('Jadwal laporan run ini sudah dihapus');
      const plan = await planRecipients(this.ctx.models, schedule, { opdCode: opts.opdCode ?? runKeyOpdCode(run.runKey), asOf: run.asOf });
      recipients = plan.recipients;
      for (const s of plan.skipped) (s.kind === 'no_employees' ? skipped : notSent).push(`${s.opdCode ?? 'Kabupaten'}: ${s.reason}`);
    }
    const keyOf = (r: PlannedRecipient) => openKeyFor(run, r.opdId, r.to[0]);
    const keys = recipients.map(keyOf).filter((k): k is string => k !== null);
    const skipBusy = (r: PlannedRecipient, runId: number) =>
      skipped.push(`${label(r)} (${r.to[0]}): masih menunggu atau sedang dikirim oleh run #${runId}, tidak digandakan`);

    const busy = await this.openElsewhere(run, keys);
    const wanted = recipients.filter((r) => {
      const k = keyOf(r);
      if (k && busy.has(k)) {
        skipBusy(r, busy.get(k)!);
        return false;
      }
      return true;
    });
    const drafts: Draft[] = [];
    for await (const item of this.items.build(run.reportKind, run.asOf, wanted, !!opts.test, () => this.lease.mustRenew(run.id))) {
      const { workbookPath } = await storeMail(this.ctx.store, run.id, item);
      drafts.push({ recipient: item.recipient, workbookPath, summary: item.summary, hash: figuresHash(item.summary) });
    }
    if (!opts.test && (await this.skipsUnchanged(run))) {
      for (const d of drafts) {
        d.unchangedSince = await this.unchangedSince(run, d);
        if (d.unchangedSince)
          skipped.push(
            `${label(d.recipient)} (${d.recipient.to[0]}): angka tidak berubah sejak pengiriman #${d.unchangedSince.deliveryId}`,
          );
      }
    }

    await this.ctx.sequelize.transaction(async (transaction) => {
      // Fence: only the current owner may plan, and only once.
      if (!(await this.lease.renew(run.id, transaction))) throw new LeaseLost(run.id);
      if ((await this.ctx.models.ReportDelivery.count({ where: { runId: run.id }, transaction })) > 0) return;
      // Checked again in the transaction; a row inserted meanwhile is refused by the unique open_key.
      const busyNow = await this.openElsewhere(run, keys, transaction);
      for (const d of drafts) {
        const openKey = d.unchangedSince ? null : keyOf(d.recipient);
        if (openKey && busyNow.has(openKey)) {
          skipBusy(d.recipient, busyNow.get(openKey)!);
          continue;
        }
        if (!(await this.insertDelivery(run, d, openKey, transaction))) {
          skipped.push(`${label(d.recipient)} (${d.recipient.to[0]}): masih menunggu pengiriman pada run lain, tidak digandakan`);
        }
      }
      await this.lease.updateOwned(run.id, { error: planNotes(notSent, skipped) }, transaction);
    });
  }

  /** A dry run: every mail the schedule would send as of `asOf` (workbooks included), nothing stored or sent. */
  async preview(schedule: ReportSchedule, asOf: Date, runKey: string, periodKey: string, opdCode: string | null): Promise<RunOutcome> {
    const plan = await planRecipients(this.ctx.models, schedule, { opdCode, asOf });
    const planned: PlannedMail[] = [];
    for await (const item of this.items.build(schedule.reportKind, asOf, plan.recipients, false, async () => undefined)) {
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
      runKey,
      periodKey,
      status: null,
      counts: { ...zeroCounts(), total: planned.length, pending: planned.length },
      planned,
      skipped: plan.skipped.map((s) => ({ opdCode: s.opdCode, reason: s.reason })),
    };
  }

  /** Inserts one pending delivery; false when another run holds its open key (the only key that can collide: this run has none yet). */
  private async insertDelivery(run: ReportRun, d: Draft, openKey: string | null, transaction: Transaction): Promise<boolean> {
    const since = d.unchangedSince;
    try {
      await this.ctx.models.ReportDelivery.create(
        {
          runId: run.id,
          opdId: d.recipient.opdId,
          recipient: d.recipient.to[0],
          cc: d.recipient.cc.length ? d.recipient.cc.join(', ') : null,
          // A skipped delivery is the ledger's record that nothing new was there to send.
          status: since ? 'skipped' : 'pending',
          attempts: 0,
          nextAttemptAt: null, // null = due now (no clock rounding between app and DB)
          lastError: since
            ? `Dilewati: angka sama dengan laporan yang terkirim pada pengiriman #${since.deliveryId}${since.sentAt ? ` (${formatJakartaDateTime(since.sentAt, 'short')})` : ''}`
            : null,
          figuresHash: d.hash,
          messageId: null,
          workbookPath: d.workbookPath,
          openKey,
          summary: d.summary,
          sentAt: null,
        },
        { transaction },
      );
      return true;
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || !openKey) throw err;
      return false;
    }
  }

  /** Whether the run's schedule asks to skip recipients whose figures have not changed. */
  private async skipsUnchanged(run: ReportRun): Promise<boolean> {
    if (run.scheduleId === null || run.trigger === 'test') return false;
    const schedule = await this.ctx.models.ReportSchedule.findByPk(run.scheduleId, { attributes: ['id', 'skipUnchanged'] });
    return !!schedule?.skipUnchanged;
  }

  /**
   * The last delivery of this schedule sent to this recipient (same OPD, same address, not a
   * test), when its figures equal the draft's; else undefined.
   */
  private async unchangedSince(run: ReportRun, d: Draft): Promise<Draft['unchangedSince']> {
    const { models } = this.ctx;
    const last = await models.ReportDelivery.findOne({
      where: { status: 'sent', recipient: d.recipient.to[0], opdId: d.recipient.opdId === null ? { [Op.is]: null } : d.recipient.opdId },
      include: [
        {
          model: models.ReportRun,
          as: 'run',
          attributes: ['id'],
          required: true,
          where: { scheduleId: run.scheduleId, trigger: { [Op.ne]: 'test' }, id: { [Op.ne]: run.id } },
        },
      ],
      order: [
        ['sentAt', 'DESC'],
        ['id', 'DESC'],
      ],
    });
    if (!last) return undefined;
    const hash = last.figuresHash ?? figuresHash(last.summary);
    return hash === d.hash ? { deliveryId: last.id, sentAt: last.sentAt } : undefined;
  }

  /**
   * Recipients this run must not copy, by open key → the run that delivers them: deliveries of
   * the same period still open (pending/sending; the unique open_key refuses a second one
   * anyway), and those another run sent only after this one started — they were still pending
   * or in flight when this run (a resend) was requested.
   */
  private async openElsewhere(run: ReportRun, keys: string[], transaction?: Transaction): Promise<Map<string, number>> {
    const { models } = this.ctx;
    const out = new Map<string, number>();
    if (keys.length === 0 || run.scheduleId === null) return out;
    const open = await models.ReportDelivery.findAll({
      where: { openKey: keys, runId: { [Op.ne]: run.id } },
      attributes: ['openKey', 'runId'],
      transaction,
    });
    for (const d of open) out.set(d.openKey as string, d.runId);
    const lately = await models.ReportDelivery.findAll({
      where: { status: 'sent', sentAt: { [Op.gte]: run.startedAt }, runId: { [Op.ne]: run.id } },
      attributes: ['runId', 'opdId', 'recipient'],
      include: [
        {
          model: models.ReportRun,
          as: 'run',
          attributes: ['id', 'scheduleId', 'periodKey', 'trigger'],
          where: { scheduleId: run.scheduleId, periodKey: run.periodKey, trigger: { [Op.ne]: 'test' } },
          required: true,
        },
      ],
      transaction,
    });
    for (const d of lately) {
      const k = openKeyFor(run, d.opdId, d.recipient);
      if (k && keys.includes(k) && !out.has(k)) out.set(k, d.runId);
    }
    return out;
  }
}
