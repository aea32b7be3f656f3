import { Op, literal, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Models, NoticeMail } from '../../db/models/index.js';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import { can } from '../access/access-policy.js';
import { phaseOf, phaseWindows, PHASE_LABELS, type CampaignDates } from '../campaign/phases.js';
import { isPermanentMailError } from '../reports/delivery/mailer.js';
import { errorText } from '../reports/delivery/outbox.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { isEmailAddress } from '../shared/email.js';
import { NotFoundError } from '../shared/errors.js';
import { canReadSubmission } from '../submissions/rules.js';
import { noticeSeed, type NoticeChannel, type OutgoingNotice } from './notice-channel.js';
import { NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, noticeDocuments, noticeKindFor, type NoticeKind } from './notice.rules.js';

/**
 * Notices to the ASN (issue 13), the one owner of their rule and their outbox.
 *
 * 1. record(): called by the workflow's transition() INSIDE its transaction, so a notice exists
 *    exactly when the status change does. A BTS or TMS gets a `notices` row with what the mail
 *    says (category, the verifier's note, the documents, the deadline of the current phase).
 *    With an address it joins the employee's mail still gathering (notice_mails, pending, never
 *    tried, due after now) or starts one due in NOTICE_BATCH_MINUTES (0: due now, never joined).
 *    Joining is a conditional UPDATE on that mail (status 'pending', attempts 0): it locks the row
 *    until the transition commits, so a claim cannot read the mail's notices half-written; when
 *    the mail was claimed first, a new one is started.
 * 2. sendDue() (the notices job, every minute): claims each due mail with a conditional UPDATE
 *    ('pending' and due → 'sending', attempts + 1, next_attempt_at = now + sending lease), sends,
 *    marks 'sent'; a failure goes back to 'pending' with backoff, or 'failed' after maxAttempts or
 *    a permanent (5xx) refusal. Only the instance whose UPDATE touched the row sends; a 'sent' row
 *    is never claimed again. A row left 'sending' past its lease (the process died after claiming)
 *    is sent again only then — and with the same Message-ID; the outbox transport can tell whether
 *    the message was written. The one duplicate window left is the report outbox's: the server
 *    accepted the message and the process died before 'sent' was written.
 */

export interface NoticeConfig {
  /** NOTICE_BATCH_MINUTES */
  batchMinutes: number;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
  /** How long a claimed mail may stay 'sending' (above the SMTP timeouts). */
  sendLeaseMs: number;
}

export interface NoticeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface NoticeDeps {
  models: Models;
  sequelize: Sequelize;
  channel: NoticeChannel;
  config: NoticeConfig;
  now?: () => Date;
  logger?: NoticeLogger;
  reference?: ReferenceData;
}

export interface TransitionNoticeInput {
  submission: { id: number; employeeId: number; opdId: number; category: string };
  to: SubmissionStatus;
  note: string | null;
  eventId: number;
  campaign: CampaignDates | null;
  now: Date;
}

export interface SendOutcome {
  interrupted: number;
  attempted: number;
  sent: number;
  retry: number;
  failed: number;
}

export interface NoticeView {
  id: number;
  kind: NoticeKind;
  kindLabel: string;
  categoryLabel: string;
  note: string | null;
  documents: string | null;
  deadline: string | null;
  recipient: string | null;
  status: string;
  statusLabel: string;
  createdAt: Date;
  dueAt: Date | null;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

type SendResult = 'sent' | 'retry' | 'failed' | 'skipped';

const dueWhere = (now: Date): WhereOptions => ({
  status: 'pending',
  dueAt: { [Op.lte]: now },
  [Op.or]: [{ nextAttemptAt: null }, { nextAttemptAt: { [Op.lte]: now } }],
});

export class NoticeService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly channel: NoticeChannel;
  private readonly config: NoticeConfig;
  private readonly now: () => Date;
  private readonly log: NoticeLogger;
  private readonly reference: ReferenceData;

  constructor(deps: NoticeDeps) {
    const noop = () => undefined;
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.channel = deps.channel;
    this.config = deps.config;
    this.now = deps.now ?? (() => new Date());
    this.log = deps.logger ?? { info: noop, warn: noop, error: noop };
    this.reference = deps.reference ?? referenceData();
  }

  /** The notice of a status change, in the change's transaction; null when the change needs none. */
  async record(t: Transaction, input: TransitionNoticeInput): Promise<number | null> {
    const kind = noticeKindFor(input.to);
    if (!kind) return null;
    const { models } = this;
    const sub = input.submission;
    const employee = await models.Employee.findByPk(sub.employeeId, { transaction: t, attributes: ['id', 'email'] });
    if (!employee) return null;
    const address = (employee.email ?? '').trim().toLowerCase();
    const recipient = isEmailAddress(address) ? address : null;
    const category = this.reference.category(sub.category);
    const { phaseLabel, deadline } = currentPhase(input.campaign, input.now);
    const mailId = recipient ? await this.mailFor(t, sub, recipient, input.now) : null;
    const notice = await models.Notice.create(
      {
        submissionId: sub.id,
        employeeId: sub.employeeId,
        opdId: sub.opdId,
        eventId: input.eventId,
        mailId,
        kind,
        category: sub.category,
        categoryLabel: category?.label ?? sub.category,
        note: input.note,
        documents: category ? noticeDocuments(category, this.reference) : null,
        phaseLabel,
        deadline,
        recipient,
        status: recipient ? 'pending' : 'no_address',
      },
      { transaction: t },
    );
    return notice.id;
  }

  /** The employee's mail still gathering notices, or a new one (see the class comment). */
  private async mailFor(t: Transaction, sub: { employeeId: number; opdId: number }, recipient: string, now: Date): Promise<number> {
    const { NoticeMail } = this.models;
    const windowMs = this.config.batchMinutes * 60_000;
    if (windowMs > 0) {
      const open = await NoticeMail.findOne({
        where: {
          employeeId: sub.employeeId,
          recipient,
          channel: this.channel.name,
          status: 'pending',
          attempts: 0,
          dueAt: { [Op.gt]: now },
        },
        order: [['id', 'DESC']],
        transaction: t,
      });
      if (open) {
        const [n] = await NoticeMail.update(
          { noticeCount: literal('notice_count + 1') },
          { where: { id: open.id, status: 'pending', attempts: 0 }, transaction: t },
        );
        if (n === 1) return open.id;
      }
    }
    const mail = await NoticeMail.create(
      {
        employeeId: sub.employeeId,
        opdId: sub.opdId,
        channel: this.channel.name,
        recipient,
        status: 'pending',
        dueAt: new Date(now.getTime() + windowMs),
        noticeCount: 1,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        messageId: null,
        sentAt: null,
      },
      { transaction: t },
    );
    return mail.id;
  }

  /** The notices job: resolves interrupted sends, then claims and sends every due mail. */
  async sendDue(): Promise<SendOutcome> {
    const { NoticeMail } = this.models;
    const out: SendOutcome = { interrupted: 0, attempted: 0, sent: 0, retry: 0, failed: 0 };
    const now = this.now();
    const stuck = await NoticeMail.findAll({
      where: { status: 'sending', nextAttemptAt: { [Op.lt]: now } },
      order: [['id', 'ASC']],
      limit: 200,
    });
    for (const m of stuck) if (await this.resolveInterrupted(m)) out.interrupted++;
    const due = await NoticeMail.findAll({ where: dueWhere(this.now()), attributes: ['id'], order: [['id', 'ASC']], limit: 200 });
    for (const m of due) {
      const r = await this.sendOne(m.id);
      if (r === 'skipped') continue;
      out.attempted++;
      out[r]++;
    }
    return out;
  }

  private async sendOne(mailId: number): Promise<SendResult> {
    const { NoticeMail } = this.models;
    const now = this.now();
    const [n] = await NoticeMail.update(
      { status: 'sending', attempts: literal('attempts + 1'), nextAttemptAt: new Date(now.getTime() + this.config.sendLeaseMs) },
      { where: { id: mailId, ...dueWhere(now) } as WhereOptions },
    );
    if (n !== 1) return 'skipped';
    const mail = await NoticeMail.findByPk(mailId);
    if (!mail) return 'skipped';
    const attempt = mail.attempts;
    try {
      const outgoing = await this.outgoing(mail);
      // A previous attempt may have handed the message over before its process died.
      if (attempt > 1 && (await this.channel.wasDelivered(outgoing)) === true) {
        await this.markSent(mail, attempt, null);
        return 'sent';
      }
      const info = await this.channel.send(outgoing);
      await this.markSent(mail, attempt, info.messageId);
      this.log.info({ noticeMailId: mail.id, to: mail.recipient, attempt, notices: outgoing.items.length }, 'notice sent');
      return 'sent';
    } catch (err) {
      return this.markFailed(mail, attempt, err);
    }
  }

  /** What the channel sends: the mail's notices, in order, with the employee. */
  private async outgoing(mail: NoticeMail): Promise<OutgoingNotice> {
    const { models } = this;
    const [notices, employee, opd] = await Promise.all([
      models.Notice.findAll({ where: { mailId: mail.id }, order: [['id', 'ASC']] }),
      models.Employee.findByPk(mail.employeeId, { attributes: ['id', 'name', 'nip'] }),
      models.Opd.findByPk(mail.opdId, { attributes: ['id', 'name'] }),
    ]);
    if (!employee) throw new NotFoundError(`Pegawai #${mail.employeeId} tidak ditemukan`);
    return {
      id: mail.id,
      seed: noticeSeed(mail),
      to: mail.recipient,
      employee: { name: employee.name, nip: employee.nip },
      opdName: opd?.name ?? null,
      items: notices.map((x) => ({
        kind: x.kind,
        categoryLabel: x.categoryLabel,
        note: x.note,
        documents: x.documents,
        phaseLabel: x.phaseLabel,
        deadline: x.deadline,
        submissionId: x.submissionId,
      })),
    };
  }

  private async markSent(mail: NoticeMail, attempt: number, messageId: string | null): Promise<void> {
    const { models } = this;
    await this.sequelize.transaction(async (t) => {
      // Success always wins: marking it sent prevents a resend.
      await models.NoticeMail.update(
        { status: 'sent', sentAt: this.now(), lastError: null, nextAttemptAt: null, ...(messageId ? { messageId } : {}) },
        { where: { id: mail.id, status: { [Op.ne]: 'sent' } }, transaction: t },
      );
      await models.Notice.update({ status: 'sent' }, { where: { mailId: mail.id }, transaction: t });
    });
    const after = await models.NoticeMail.findByPk(mail.id, { attributes: ['id', 'attempts'] });
    if (after && after.attempts !== attempt)
      this.log.warn(
        { noticeMailId: mail.id, attempt, latest: after.attempts },
        'notice mail was claimed again while sending: possible duplicate',
      );
  }

  private async markFailed(mail: NoticeMail, attempt: number, err: unknown): Promise<'retry' | 'failed'> {
    const permanent = isPermanentMailError(err);
    const final = permanent || attempt >= this.config.maxAttempts;
    const now = this.now();
    const why = `Percobaan ${attempt}: ${errorText(err)}${permanent ? ' — ditolak permanen oleh server' : ''}`;
    await this.sequelize.transaction(async (t) => {
      const [n] = await this.models.NoticeMail.update(
        {
          status: final ? 'failed' : 'pending',
          lastError: why,
          nextAttemptAt: final ? null : new Date(now.getTime() + this.config.backoffMs(attempt)),
        },
        { where: { id: mail.id, status: 'sending', attempts: attempt }, transaction: t },
      );
      if (n === 1 && final) await this.models.Notice.update({ status: 'failed' }, { where: { mailId: mail.id }, transaction: t });
    });
    this.log.warn({ noticeMailId: mail.id, to: mail.recipient, attempt, final, err: why }, 'notice mail failed');
    return final ? 'failed' : 'retry';
  }

  /** A mail left 'sending' past its lease: delivered (the outbox can tell) → sent; else due again, or failed at the last attempt. */
  private async resolveInterrupted(mail: NoticeMail): Promise<boolean> {
    const now = this.now();
    const fence = { id: mail.id, status: 'sending', attempts: mail.attempts, nextAttemptAt: { [Op.lt]: now } };
    if ((await this.channel.wasDelivered({ seed: noticeSeed(mail) })) === true) {
      const [n] = await this.models.NoticeMail.update({ status: 'sent', sentAt: now, nextAttemptAt: null }, { where: fence });
      if (n === 1) await this.models.Notice.update({ status: 'sent' }, { where: { mailId: mail.id } });
      return n === 1;
    }
    const last = mail.attempts >= this.config.maxAttempts;
    const [n] = await this.models.NoticeMail.update(
      {
        status: last ? 'failed' : 'pending',
        nextAttemptAt: null,
        lastError: `Percobaan ${mail.attempts} terputus (proses berhenti saat mengirim); ${last ? 'batas percobaan tercapai' : 'dikirim ulang'}`,
      },
      { where: fence },
    );
    if (n === 1 && last) await this.models.Notice.update({ status: 'failed' }, { where: { mailId: mail.id } });
    if (n === 1) this.log.warn({ noticeMailId: mail.id, attempts: mail.attempts, last }, 'interrupted notice mail');
    return n === 1;
  }

  /** The notices of a submission, for its page: only for an actor who may read the submission and notices. */
  async forSubmission(actor: Actor, submissionId: number): Promise<NoticeView[]> {
    const sub = await this.models.Submission.findByPk(submissionId, { attributes: ['id', 'opdId', 'category'] });
    if (!sub || !can(actor, 'notices', 'show') || !canReadSubmission(actor, sub, this.reference.category(sub.category))) return [];
    const rows = await this.models.Notice.findAll({ where: { submissionId }, order: [['id', 'ASC']] });
    const mailIds = [...new Set(rows.map((r) => r.mailId).filter((id): id is number => id !== null))];
    const mails = new Map((mailIds.length ? await this.models.NoticeMail.findAll({ where: { id: mailIds } }) : []).map((m) => [m.id, m]));
    return rows.map((r) => {
      const mail = r.mailId !== null ? (mails.get(r.mailId) ?? null) : null;
      const status = mail && r.status !== 'no_address' ? mail.status : r.status;
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: NOTICE_KIND_LABELS[r.kind] ?? r.kind,
        categoryLabel: r.categoryLabel,
        note: r.note,
        documents: r.documents,
        deadline: r.deadline,
        recipient: r.recipient,
        status,
        statusLabel: NOTICE_STATUS_LABELS[status] ?? status,
        createdAt: r.createdAt,
        dueAt: mail?.dueAt ?? null,
        sentAt: mail?.sentAt ?? null,
        attempts: mail?.attempts ?? 0,
        lastError: mail?.lastError ?? null,
      };
    });
  }
}

/** The current phase of the campaign and its last day (the notice's deadline). */
function currentPhase(campaign: CampaignDates | null, now: Date): { phaseLabel: string | null; deadline: string | null } {
  if (!campaign) return { phaseLabel: null, deadline: null };
  const phase = phaseOf(campaign, now);
  const w = phaseWindows(campaign).find((x) => x.phase === phase);
  return { phaseLabel: PHASE_LABELS[phase], deadline: w?.end ?? null };
}
