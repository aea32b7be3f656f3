import { Op, type Sequelize, type Transaction } from 'sequelize';
import type { Consultation, ConsultationNotice, Models } from '../../db/models/index.js';
import { isPermanentMailError, type Mailer } from '../reports/delivery/mailer.js';
import { formatJakartaDateTime } from '../shared/time.js';
import { roleLabel } from './consultation.rules.js';

/**
 * The outbox of consultation notices: "your question about submission #N was answered".
 *
 * Exactly once: the answer's transaction inserts one row per answer message (message_id is
 * unique), and a sender sends a row only after claiming it — a conditional UPDATE from 'pending'
 * (due) to 'sending' that only one caller can win, whatever the number of instances or of runs of
 * the job. After the send the row is 'sent'; a failure puts it back to 'pending' with a backoff
 * (a permanent SMTP refusal, or too many attempts: 'failed').
 *
 * A claim left 'sending' by a crashed process is taken over after `leaseMs`; the Message-ID is
 * stable per notice, and when the transport can tell (the file outbox) a notice that did arrive
 * is marked sent instead of being sent again. Over SMTP a crash between the server's "250" and the
 * UPDATE is the one case that can repeat a notice (the same Message-ID, so clients merge it).
 */

export interface NoticeConfig {
  appBaseUrl: string;
  instanceId: string;
  leaseMs: number;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

export interface DeliverResult {
  sent: number;
  failed: number;
  retry: number;
}

export class ConsultationNotices {
  constructor(private readonly deps: { models: Models; sequelize: Sequelize; mailer: Mailer; config: NoticeConfig; now: () => Date }) {}

  /** In the answer's transaction: the notice of this answer, to the address given. */
  async enqueue(t: Transaction, input: { messageId: number; consultationId: number; recipient: string }): Promise<ConsultationNotice> {
    return this.deps.models.ConsultationNotice.create(
      {
        messageId: input.messageId,
        consultationId: input.consultationId,
        recipient: input.recipient,
        nextAttemptAt: this.deps.now(),
        claimedBy: null,
        claimedAt: null,
        sentAt: null,
        lastError: null,
      },
      { transaction: t },
    );
  }

  /**
   * In the answer's transaction: the notice to who asked last in the thread (the one waiting for
   * this answer), when that user is still active. Returns the address, or null when none is sent.
   */
  async enqueueForAsker(t: Transaction, thread: Consultation, messageId: number): Promise<string | null> {
    const { models } = this.deps;
    const q = await models.ConsultationMessage.findOne({
      where: { consultationId: thread.id, kind: 'question' },
      order: [['id', 'DESC']],
      transaction: t,
    });
    const userId = q?.authorUserId ?? thread.openedByUserId;
    if (!userId) return null;
    const user = await models.User.findByPk(userId, { attributes: ['id', 'email', 'active'], transaction: t });
    if (!user?.active || !user.email) return null;
    await this.enqueue(t, { messageId, consultationId: thread.id, recipient: user.email });
    return user.email;
  }

  /** Sends every due notice this caller manages to claim; safe to run concurrently and repeatedly. */
  async deliverDue(limit = 50): Promise<DeliverResult> {
    const { models } = this.deps;
    const now = this.deps.now();
    const stale = new Date(now.getTime() - this.deps.config.leaseMs);
    const due = await models.ConsultationNotice.findAll({
      where: {
        [Op.or]: [
          { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
          { status: 'sending', claimedAt: { [Op.lt]: stale } },
        ],
      },
      order: [['id', 'ASC']],
      limit,
    });
    const result: DeliverResult = { sent: 0, failed: 0, retry: 0 };
    for (const row of due) {
      const claimed = await this.claim(row, now, stale);
      if (!claimed) continue;
      const outcome = await this.send(row, now);
      result[outcome] += 1;
    }
    return result;
  }

  /** The claim: only one caller moves the row to 'sending' (the conditional UPDATE is the lock). */
  private async claim(row: ConsultationNotice, now: Date, stale: Date): Promise<boolean> {
    const [n] = await this.deps.models.ConsultationNotice.update(
      { status: 'sending', claimedBy: this.deps.config.instanceId, claimedAt: now, attempts: this.deps.sequelize.literal('attempts + 1') },
      {
        where: {
          id: row.id,
          [Op.or]: [
            { status: 'pending', nextAttemptAt: { [Op.lte]: now } },
            { status: 'sending', claimedAt: { [Op.lt]: stale } },
          ],
        },
      },
    );
    return n === 1;
  }

  private async send(row: ConsultationNotice, now: Date): Promise<'sent' | 'failed' | 'retry'> {
    const { models, mailer, config } = this.deps;
    const messageId = mailer.makeMessageId(`consultation-notice-${row.id}`);
    const mine = { id: row.id, status: 'sending', claimedBy: config.instanceId };
    const attempts = row.attempts + 1;
    try {
      // A claim taken over from a crashed sender: when the transport knows it arrived, do not send again.
      if (row.status === 'sending' && (await mailer.wasDelivered(messageId)) === true) {
        await models.ConsultationNotice.update({ status: 'sent', sentAt: now, lastError: null }, { where: mine });
        return 'sent';
      }
      const mail = await this.compose(row);
      await mailer.send({ to: row.recipient, subject: mail.subject, text: mail.text, messageId });
      await models.ConsultationNotice.update({ status: 'sent', sentAt: this.deps.now(), lastError: null }, { where: mine });
      return 'sent';
    } catch (e) {
      const error = String((e as Error)?.message ?? e).slice(0, 2000);
      const final = isPermanentMailError(e) || attempts >= config.maxAttempts;
      await models.ConsultationNotice.update(
        final
          ? { status: 'failed', lastError: error }
          : { status: 'pending', lastError: error, nextAttemptAt: new Date(now.getTime() + config.backoffMs(attempts)) },
        { where: mine },
      );
      return final ? 'failed' : 'retry';
    }
  }

  /** The e-mail, in Indonesian: which submission, the answer, who answered and when, the link. */
  private async compose(row: ConsultationNotice): Promise<{ subject: string; text: string }> {
    const { models, config } = this.deps;
    const message = await models.ConsultationMessage.findByPk(row.messageId);
    if (!message) throw new Error(`pesan konsultasi #${row.messageId} tidak ada`);
    const [author, sub] = await Promise.all([
      message.authorUserId ? models.User.findByPk(message.authorUserId, { attributes: ['id', 'name'] }) : null,
      models.Submission.findByPk(message.submissionId, { attributes: ['id', 'employeeId', 'category'] }),
    ]);
    const employee = sub ? await models.Employee.findByPk(sub.employeeId, { attributes: ['id', 'name', 'nip'] }) : null;
    const link = `${config.appBaseUrl}/admin/resources/submissions/records/${message.submissionId}/show`;
    const subject = `Pertanyaan Anda tentang usul #${message.submissionId} telah dijawab BKPSDM`;
    const text = [
      'Yth. Bapak/Ibu,',
      '',
      `Pertanyaan Anda tentang usul #${message.submissionId}${employee ? ` (${employee.name}, NIP ${employee.nip})` : ''} telah dijawab oleh ${
        author?.name ?? 'BKPSDM'
      } (${roleLabel(message.authorRole)}) pada ${formatJakartaDateTime(message.createdAt, 'compact')}:`,
      '',
      message.body,
      '',
      `Lihat percakapan lengkap pada halaman usul: ${link}`,
      '',
      'Pesan ini dikirim otomatis oleh PDM Monitor; jangan membalas e-mail ini. Ajukan pertanyaan lanjutan melalui halaman usul.',
    ].join('\n');
    return { subject, text };
  }
}
