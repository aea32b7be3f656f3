import crypto from 'node:crypto';
import { Op, literal, type WhereOptions } from 'sequelize';
import type { ReportDelivery, ReportRun } from '../../../db/models/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { XLSX_MIME } from '../workbooks/report-file.js';
import { isPermanentMailError } from './mailer.js';
import { addressList, recipientFor } from './recipients.js';
import type { ReportItems } from './report-items.js';
import type { RunLease } from './run-lease.js';
import { loadMail, storeMail, type StoredMail } from './stored-mail.js';
import type { OutboxContext, RetryOutcome } from './run.types.js';

/**
 * Sending deliveries. Each is sent after claiming it with a conditional UPDATE (status
 * 'pending' and due → 'sending', attempts + 1, next_attempt_at = now + sending lease): only the
 * instance whose UPDATE touched the row sends. Success → 'sent' + message id; failure → back to
 * 'pending' with backoff, or 'failed' after maxAttempts (or on a permanent 5xx answer). A 'sent'
 * delivery is never claimed again.
 *
 * A delivery left 'sending' past its sending lease is "interrupted": the outbox transport can
 * tell whether the .eml was written (then it is marked sent); for SMTP it is unknown and the
 * delivery is retried (at-least-once), counting the attempt. The retry carries the SAME
 * Message-ID (derived from the delivery), so mail systems that de-duplicate by Message-ID show it
 * once.
 */

type SendResult = 'sent' | 'retry' | 'failed' | 'skipped';

/** Deliveries due now: pending, and never tried or past their backoff. */
const due = (now: Date): WhereOptions => ({ status: 'pending', [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }] });

export function errorText(err: unknown): string {
  const e = err as { message?: string; responseCode?: number; code?: string; response?: string };
  const parts = [e?.message ?? String(err)];
  if (e?.responseCode) parts.push(`(SMTP ${e.responseCode})`);
  else if (e?.code && !String(e.message ?? '').includes(e.code)) parts.push(`(${e.code})`);
  return parts.join(' ').slice(0, 2000);
}

export class DeliveryOutbox {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly items: ReportItems,
    private readonly lease: RunLease,
  ) {}

  private get sendLeaseMs(): number {
    return this.ctx.config.sendLeaseMs ?? this.ctx.config.leaseMs;
  }

  /** Sends the run's due deliveries while we hold its lease (renewed before each). */
  async sendRun(runId: number): Promise<void> {
    const { models } = this.ctx;
    const seen = new Set<number>();
    for (;;) {
      const now = this.ctx.now();
      const interrupted = await models.ReportDelivery.findAll({ where: { runId, status: 'sending', nextAttemptAt: { [Op.lt]: now } } });
      for (const d of interrupted) await this.resolveInterrupted(d);
      const pending = await models.ReportDelivery.findAll({
        where: { runId, ...due(now) } as WhereOptions,
        attributes: ['id'],
        order: [['id', 'ASC']],
      });
      const fresh = pending.filter((d) => !seen.has(d.id));
      if (fresh.length === 0) return;
      for (const d of fresh) {
        seen.add(d.id);
        await this.lease.mustRenew(runId);
        await this.sendOne(d.id);
      }
    }
  }

  /**
   * Resolves interrupted sends and retries the due deliveries of every run no live instance is
   * working on (optionally only some schedules': the CLI retries what it was asked about).
   * Returns the counts and the runs touched (to be settled).
   */
  async retryDue(scheduleIds?: number[]): Promise<Omit<RetryOutcome, 'settledRuns'> & { touched: Set<number> }> {
    const { models } = this.ctx;
    const out = { interrupted: 0, attempted: 0, sent: 0, failed: 0, touched: new Set<number>() };
    const now = this.ctx.now();
    const ofSchedules = scheduleIds ? { scheduleId: scheduleIds } : {};

    const interrupted = await models.ReportDelivery.findAll({
      where: { status: 'sending', nextAttemptAt: { [Op.lt]: now } },
      include: [{ model: models.ReportRun, as: 'run', attributes: ['id'], where: ofSchedules, required: true }],
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const d of interrupted) {
      if (await this.resolveInterrupted(d)) out.interrupted++;
      out.touched.add(d.runId);
    }

    const pending = await models.ReportDelivery.findAll({
      where: due(now),
      include: [
        {
          model: models.ReportRun,
          as: 'run',
          attributes: ['id', 'status'],
          where: { status: { [Op.ne]: 'running' }, ...ofSchedules },
          required: true,
        },
      ],
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const d of pending) {
      const r = await this.sendOne(d.id);
      if (r === 'skipped') continue;
      out.attempted++;
      if (r === 'sent') out.sent++;
      if (r === 'failed') out.failed++;
      out.touched.add(d.runId);
    }
    return out;
  }

  /** The Message-ID of a delivery: stable across attempts, unique across databases. */
  private messageIdFor(d: ReportDelivery, run: ReportRun): string {
    const salt = crypto.createHash('sha256').update(`${run.runKey}|${run.startedAt.getTime()}|${d.id}`).digest('hex').slice(0, 12);
    return this.ctx.mailer.makeMessageId(`r${run.id}.d${d.id}.${salt}`);
  }

  private async sendOne(deliveryId: number): Promise<SendResult> {
    const { models, mailer } = this.ctx;
    const now = this.ctx.now();
    const [n] = await models.ReportDelivery.update(
      {
        status: 'sending',
        attempts: literal('attempts + 1'),
        nextAttemptAt: new Date(now.getTime() + this.sendLeaseMs),
      },
      { where: { id: deliveryId, ...due(now) } as WhereOptions },
    );
    if (n !== 1) return 'skipped';
    const d = await models.ReportDelivery.findByPk(deliveryId);
    const run = d ? await models.ReportRun.findByPk(d.runId) : null;
    if (!d || !run) return 'skipped';
    const attempt = d.attempts;
    const messageId = this.messageIdFor(d, run);
    try {
      // A previous attempt may have handed the message over before its process died.
      if (attempt > 1 && (await mailer.wasDelivered(messageId)) === true) {
        await this.markSent(d, attempt, messageId);
        return 'sent';
      }
      const content = await this.content(run, d);
      const info = await mailer.send({
        to: d.recipient,
        cc: addressList(d.cc),
        subject: content.mail.subject,
        text: content.mail.text,
        html: content.mail.html,
        attachments: [{ filename: content.mail.attachmentName, content: content.workbook, contentType: XLSX_MIME }],
        messageId,
        headers: { 'X-PDM-Run': String(run.id), 'X-PDM-Delivery': String(d.id) },
      });
      await this.markSent(d, attempt, info.messageId);
      this.ctx.log.info({ runId: run.id, deliveryId: d.id, to: d.recipient, attempt, messageId: info.messageId }, 'report delivered');
      return 'sent';
    } catch (err) {
      return this.markFailed(d, attempt, err);
    }
  }

  private async markSent(d: ReportDelivery, attempt: number, messageId: string): Promise<void> {
    const { models } = this.ctx;
    // Success always wins, even over a concurrent reset: marking it sent prevents a resend.
    const [n] = await models.ReportDelivery.update(
      { status: 'sent', messageId, sentAt: this.ctx.now(), lastError: null, nextAttemptAt: null, openKey: null },
      { where: { id: d.id, status: { [Op.ne]: 'sent' } } },
    );
    const after = await models.ReportDelivery.findByPk(d.id, { attributes: ['attempts'] });
    if (n !== 1 || (after && after.attempts !== attempt)) {
      this.ctx.log.warn(
        { deliveryId: d.id, attempt, latest: after?.attempts },
        'delivery was claimed again while sending: possible duplicate',
      );
    }
  }

  private async markFailed(d: ReportDelivery, attempt: number, err: unknown): Promise<'retry' | 'failed'> {
    const { config } = this.ctx;
    const permanent = isPermanentMailError(err);
    const final = permanent || attempt >= config.maxAttempts;
    const now = this.ctx.now();
    const why = `Percobaan ${attempt}: ${errorText(err)}${permanent ? ' — ditolak permanen oleh server' : ''}`;
    await this.ctx.models.ReportDelivery.update(
      {
        status: final ? 'failed' : 'pending',
        lastError: why,
        nextAttemptAt: final ? null : new Date(now.getTime() + config.backoffMs(attempt)),
        // A delivery failed for good is no longer "to be made": a resend may make it again.
        ...(final ? { openKey: null } : {}),
      },
      { where: { id: d.id, status: 'sending', attempts: attempt } },
    );
    this.ctx.log.warn({ deliveryId: d.id, runId: d.runId, to: d.recipient, attempt, final, err: why }, 'report delivery failed');
    return final ? 'failed' : 'retry';
  }

  /**
   * A delivery left 'sending' past its sending lease: its process died (or hung) mid-send.
   * Outbox: the .eml file tells whether it was written. SMTP: unknown — retried (the attempt
   * counts), or 'failed' when it was the last attempt.
   */
  private async resolveInterrupted(d: ReportDelivery): Promise<boolean> {
    const { models, mailer, config } = this.ctx;
    const now = this.ctx.now();
    const run = await models.ReportRun.findByPk(d.runId);
    const fence = { id: d.id, status: 'sending', attempts: d.attempts, nextAttemptAt: { [Op.lt]: now } };
    if (run && (await mailer.wasDelivered(this.messageIdFor(d, run))) === true) {
      const [n] = await models.ReportDelivery.update(
        { status: 'sent', messageId: this.messageIdFor(d, run), sentAt: now, nextAttemptAt: null, openKey: null },
        { where: fence },
      );
      return n === 1;
    }
    const last = d.attempts >= config.maxAttempts;
    const [n] = await models.ReportDelivery.update(
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
    if (n === 1) this.ctx.log.warn({ deliveryId: d.id, runId: d.runId, attempts: d.attempts, last }, 'interrupted report delivery');
    return n === 1;
  }

  /** The rendered mail and the workbook; rebuilt when the files are not on this instance's disk. */
  private async content(run: ReportRun, d: ReportDelivery): Promise<{ mail: StoredMail; workbook: Buffer }> {
    const stored = await loadMail(this.ctx.store, d.workbookPath);
    if (stored) return stored;
    this.ctx.log.warn({ runId: run.id, deliveryId: d.id, path: d.workbookPath }, 'report files missing on this instance: rebuilding');
    const opd = run.reportKind === 'opd' ? (d.opdId ? await this.ctx.models.Opd.findByPk(d.opdId) : null) : null;
    if (run.reportKind === 'opd' && !opd) throw new NotFoundError('OPD penerima laporan tidak ditemukan');
    const recipient = recipientFor(opd, [d.recipient], addressList(d.cc));
    for await (const item of this.items.build(run.reportKind, run.asOf, [recipient], run.trigger === 'test', async () => undefined)) {
      const { workbookPath, mail } = await storeMail(this.ctx.store, run.id, item);
      await this.ctx.models.ReportDelivery.update({ workbookPath, summary: item.summary }, { where: { id: d.id } });
      return { mail, workbook: item.workbook };
    }
    throw new Error('Laporan tidak dapat dibuat ulang');
  }
}
