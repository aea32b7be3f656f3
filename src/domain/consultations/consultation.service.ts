import { Op, type Sequelize, type Transaction } from 'sequelize';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Consultation, ConsultationMessage, Models, Submission } from '../../db/models/index.js';
import type { ConsultationMessageKind } from '../../db/models/consultation-message.model.js';
import type { ConsultationStatus } from '../../db/models/consultation.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { checkPdf } from '../documents/pdf-check.js';
import { sha256Hex, storageKeyFor, type DocumentStorage } from '../documents/document-storage.js';
import { sanitizeFileName } from '../documents/document.service.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { formatJakartaDateTime } from '../shared/time.js';
import {
  AWAITING_BKPSDM_LABEL,
  CONSULTATION_STATUS_LABELS,
  MESSAGE_KIND_LABELS,
  checkBody,
  mayConsult,
  roleLabel,
  type ConsultAction,
} from './consultation.rules.js';
import type { ConsultationNotices, DeliverResult } from './consultation-notices.js';

/**
 * Consultation between the OPD verifier (or Kanreg BKN) and BKPSDM about one submission
 * (Instruksi KEDUA b.2.d: when the scans do not match the proposed data, the verifier coordinates
 * with BKPSDM).
 *
 * - ask: who checks the submission's documents asks a question, optionally with a PDF (checked by
 *   the documents' own checkPdf, stored by content like scans). A submission has at most one thread
 *   that is not closed: a follow-up question goes into it and sets it waiting again.
 * - answer: BKPSDM (approver, helpdesk, admin) answers; the asker gets one e-mail (the outbox).
 * - close: either side ends the thread.
 * Every message is append-only: nothing here (nor anywhere else) edits or deletes one; a
 * correction is a new message. Every question, answer and closing is audited in its transaction.
 * While a question is open, submissions.awaiting_bkpsdm is true (same transaction): the inbox shows
 * "menunggu jawaban BKPSDM". The thread is scoped exactly like its submission (consultation.rules.ts).
 */

export interface ConsultationDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  /** Where attached PDFs are stored (a DiskDocumentStorage of its own directory). */
  storage: DocumentStorage;
  notices: ConsultationNotices;
  now?: () => Date;
  reference?: ReferenceData;
}

export interface AttachmentInput {
  originalName: string;
  content: Buffer;
}

export interface MessageInput {
  body: unknown;
  attachment?: AttachmentInput | null;
}

export interface ThreadMessage {
  id: number;
  kind: ConsultationMessageKind;
  kindLabel: string;
  body: string;
  authorName: string;
  authorRole: string;
  roleLabel: string;
  at: string;
  attachment: { name: string; size: number; url: string } | null;
}

export interface ThreadView {
  awaitingBkpsdm: boolean;
  awaitingLabel: string | null;
  canAsk: boolean;
  canAnswer: boolean;
  canClose: boolean;
  consultations: Array<{
    id: number;
    status: string;
    statusLabel: string;
    openedAt: string;
    closedAt: string | null;
    messages: ThreadMessage[];
  }>;
}

/** A question waiting for BKPSDM's answer, as the queue lists it (aged by src/domain/dashboard/bkpsdm-queue.ts). */
export interface OpenQuestion {
  consultationId: number;
  submissionId: number;
  opdName: string | null;
  employeeName: string | null;
  askedBy: string;
  question: string;
  waitingSince: string;
  /** The instant the wait started (waitingSince in words). */
  waitingSinceAt: Date;
  url: string;
}

/** A question in BKPSDM's queue with its age in working days and its state against the bkpsdm_answer target. */
export interface QueueItem extends OpenQuestion {
  ageDays: number;
  targetDays: number;
  ageState: 'on_track' | 'at_risk' | 'overdue';
  ageStateLabel: string;
}

export interface OpenedAttachment {
  buffer: Buffer;
  size: number;
  name: string;
}

const isScoped = (role: Actor['role']) => (OPD_SCOPED_ROLES as readonly string[]).includes(role);

export class ConsultationService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly audit: AuditService;
  private readonly storage: DocumentStorage;
  private readonly notices: ConsultationNotices;
  private readonly now: () => Date;
  private readonly reference: ReferenceData;

  constructor(deps: ConsultationDeps) {
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.audit = deps.audit;
    this.storage = deps.storage;
    this.notices = deps.notices;
    this.now = deps.now ?? (() => new Date());
    this.reference = deps.reference ?? referenceData();
  }

  /** A question to BKPSDM (a new thread, or a follow-up in the open one). */
  async ask(actor: Actor, submissionId: number, input: MessageInput): Promise<ConsultationMessage> {
    const sub = await this.submissionFor(actor, submissionId, 'consultAsk', 'mengajukan pertanyaan tentang');
    const body = checkBody(input.body, 'Pertanyaan');
    const attachment = await this.checkAttachment(input.attachment);
    return this.write(sub, attachment, async (t, now) => {
      const current = await this.currentThread(sub.id, t);
      let thread: Consultation;
      if (current) {
        await current.update({ status: 'open', waitingSince: current.status === 'open' ? current.waitingSince : now }, { transaction: t });
        thread = current;
      } else {
        thread = await this.models.Consultation.create(
          {
            submissionId: sub.id,
            openedByUserId: actor.id,
            openedByRole: actor.role,
            waitingSince: now,
            answeredAt: null,
            closedAt: null,
            closedByUserId: null,
          },
          { transaction: t },
        );
      }
      const message = await this.addMessage(t, actor, thread, 'question', body, attachment, now);
      await this.setAwaiting(sub.id, true, t);
      await this.audit.record(
        actor,
        {
          action: 'consult_ask',
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
          after: { consultationId: thread.id, messageId: message.id, body, attachment: describe(attachment) },
        },
        t,
      );
      return message;
    });
  }

  /** BKPSDM's answer in the submission's open thread; the asker is notified by e-mail (once). */
  async answer(actor: Actor, submissionId: number, input: MessageInput): Promise<ConsultationMessage> {
    const sub = await this.submissionFor(actor, submissionId, 'consultAnswer', 'menjawab pertanyaan tentang');
    const body = checkBody(input.body, 'Jawaban');
    const attachment = await this.checkAttachment(input.attachment);
    return this.write(sub, attachment, async (t, now) => {
      const thread = await this.currentThread(sub.id, t);
      if (!thread) throw new ConflictError(`Tidak ada pertanyaan terbuka pada usul #${sub.id} yang dapat dijawab`);
      await thread.update({ status: 'answered', answeredAt: now, waitingSince: null }, { transaction: t });
      const message = await this.addMessage(t, actor, thread, 'answer', body, attachment, now);
      await this.setAwaiting(sub.id, false, t);
      const recipient = await this.askerEmail(thread, t);
      if (recipient) await this.notices.enqueue(t, { messageId: message.id, consultationId: thread.id, recipient });
      await this.audit.record(
        actor,
        {
          action: 'consult_answer',
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
          after: { consultationId: thread.id, messageId: message.id, body, attachment: describe(attachment), notify: recipient },
        },
        t,
      );
      return message;
    });
  }

  /** Ends the submission's open thread (the asker's side or BKPSDM). */
  async close(actor: Actor, submissionId: number): Promise<Consultation> {
    const sub = await this.submissionFor(actor, submissionId, 'consultClose', 'menutup konsultasi');
    return this.sequelize.transaction(async (t) => {
      await this.lockSubmission(sub.id, t);
      const thread = await this.currentThread(sub.id, t);
      if (!thread) throw new ConflictError(`Tidak ada konsultasi terbuka pada usul #${sub.id}`);
      const now = this.now();
      const from = thread.status;
      await thread.update({ status: 'closed', closedAt: now, closedByUserId: actor.id, waitingSince: null }, { transaction: t });
      await this.setAwaiting(sub.id, false, t);
      await this.audit.record(
        actor,
        {
          action: 'consult_close',
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
          before: { consultationId: thread.id, status: from },
          after: { consultationId: thread.id, status: 'closed' },
        },
        t,
      );
      return thread;
    });
  }

  /** The threads of a submission for its page, in words, oldest first; scoped like the submission. */
  async thread(actor: Actor, submissionId: number): Promise<ThreadView> {
    const sub = await this.submissionFor(actor, submissionId, 'show', 'melihat konsultasi');
    const threads = await this.models.Consultation.findAll({ where: { submissionId: sub.id }, order: [['id', 'ASC']] });
    const messages = await this.models.ConsultationMessage.findAll({
      where: { submissionId: sub.id },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const authorIds = [...new Set(messages.map((m) => m.authorUserId).filter((x): x is number => x !== null))];
    const authors = authorIds.length
      ? await this.models.User.findAll({ where: { id: { [Op.in]: authorIds } }, attributes: ['id', 'name'] })
      : [];
    const nameOf = new Map(authors.map((u) => [u.id, u.name]));
    const open = threads.some((c) => c.status !== 'closed');
    const row = this.rowOf(sub);
    const categories = this.reference.categories;
    const awaiting = threads.some((c) => c.status === 'open');
    return {
      awaitingBkpsdm: awaiting,
      awaitingLabel: awaiting ? AWAITING_BKPSDM_LABEL : null,
      canAsk: mayConsult(actor, 'consultAsk', row, categories),
      canAnswer: open && mayConsult(actor, 'consultAnswer', row, categories),
      canClose: open && mayConsult(actor, 'consultClose', row, categories),
      consultations: threads.map((c) => ({
        id: c.id,
        status: c.status,
        statusLabel: CONSULTATION_STATUS_LABELS[c.status as ConsultationStatus],
        openedAt: formatJakartaDateTime(c.createdAt, 'compact'),
        closedAt: c.closedAt ? formatJakartaDateTime(c.closedAt, 'compact') : null,
        messages: messages
          .filter((m) => m.consultationId === c.id)
          .map((m) => ({
            id: m.id,
            kind: m.kind,
            kindLabel: MESSAGE_KIND_LABELS[m.kind],
            body: m.body,
            authorName: (m.authorUserId !== null ? nameOf.get(m.authorUserId) : null) ?? 'Pengguna terhapus',
            authorRole: m.authorRole,
            roleLabel: roleLabel(m.authorRole),
            at: formatJakartaDateTime(m.createdAt, 'compact'),
            attachment: m.attachmentStorageKey
              ? {
                  name: m.attachmentName ?? 'lampiran.pdf',
                  size: m.attachmentSize ?? 0,
                  url: `/admin/consultations/messages/${m.id}/attachment`,
                }
              : null,
          })),
      })),
    };
  }

  /** The PDF attached to a message: for who may see the thread and takes part in it (asks or answers). */
  async openAttachment(actor: Actor, messageId: number): Promise<OpenedAttachment> {
    const message = await this.models.ConsultationMessage.findByPk(messageId);
    if (!message?.attachmentStorageKey) throw new NotFoundError('Lampiran tidak ditemukan');
    const sub = await this.models.Submission.findByPk(message.submissionId);
    if (!sub) throw new NotFoundError('Lampiran tidak ditemukan');
    const row = this.rowOf(sub);
    const categories = this.reference.categories;
    const party = mayConsult(actor, 'consultAsk', row, categories) || mayConsult(actor, 'consultAnswer', row, categories);
    if (!party) {
      const msg = isScoped(actor.role)
        ? 'Anda hanya dapat membuka lampiran usul pegawai OPD Anda'
        : 'Anda tidak berwenang membuka lampiran ini';
      await this.denied(actor, 'download', sub, msg);
      throw new ForbiddenError(msg);
    }
    const buffer = await this.storage.read(message.attachmentStorageKey);
    if (sha256Hex(buffer) !== message.attachmentSha256)
      throw new ConflictError('Berkas lampiran rusak (checksum tidak cocok); hubungi administrator');
    await this.audit.record(actor, {
      action: 'download',
      resource: 'submissions',
      recordId: sub.id,
      opdId: sub.opdId,
      message: `lampiran konsultasi (pesan #${message.id})`,
    });
    return { buffer, size: buffer.length, name: message.attachmentName ?? 'lampiran.pdf' };
  }

  /**
   * BKPSDM's queue: the questions waiting for an answer, oldest first, for the roles that answer
   * them (null for anyone else). One query with its joins. Their age, in working days against the
   * target, is the queue's (src/domain/dashboard/bkpsdm-queue.ts, with the ageing's rule).
   */
  async openQueue(actor: Actor, limit = 20): Promise<{ total: number; items: OpenQuestion[] } | null> {
    if (!['admin', 'approver', 'helpdesk', 'system'].includes(actor.role)) return null;
    const where = { status: 'open' };
    const [total, rows] = await Promise.all([
      this.models.Consultation.count({ where }),
      this.models.Consultation.findAll({
        where,
        order: [
          ['waitingSince', 'ASC'],
          ['id', 'ASC'],
        ],
        limit,
      }),
    ]);
    const subIds = rows.map((r) => r.submissionId);
    const subs = subIds.length ? await this.models.Submission.findAll({ where: { id: { [Op.in]: subIds } } }) : [];
    const [employees, opds, questions] = await Promise.all([
      subs.length
        ? this.models.Employee.findAll({ where: { id: { [Op.in]: subs.map((s) => s.employeeId) } }, attributes: ['id', 'name'] })
        : [],
      subs.length ? this.models.Opd.findAll({ where: { id: { [Op.in]: subs.map((s) => s.opdId) } }, attributes: ['id', 'name'] }) : [],
      rows.length
        ? this.models.ConsultationMessage.findAll({
            where: { consultationId: { [Op.in]: rows.map((r) => r.id) }, kind: 'question' },
            order: [['id', 'DESC']],
          })
        : [],
    ]);
    const askers = questions.length
      ? await this.models.User.findAll({
          where: { id: { [Op.in]: questions.map((q) => q.authorUserId).filter((x): x is number => x !== null) } },
          attributes: ['id', 'name'],
        })
      : [];
    const subOf = new Map(subs.map((s) => [s.id, s]));
    const items = rows.map((c) => {
      const sub = subOf.get(c.submissionId);
      const q = questions.find((m) => m.consultationId === c.id);
      const since = c.waitingSince ?? c.createdAt;
      return {
        consultationId: c.id,
        submissionId: c.submissionId,
        opdName: opds.find((o) => o.id === sub?.opdId)?.name ?? null,
        employeeName: employees.find((e) => e.id === sub?.employeeId)?.name ?? null,
        askedBy: `${askers.find((u) => u.id === q?.authorUserId)?.name ?? '-'} (${roleLabel(q?.authorRole)})`,
        question: (q?.body ?? '').slice(0, 160),
        waitingSince: formatJakartaDateTime(since, 'compact'),
        waitingSinceAt: since,
        url: `/admin/resources/submissions/records/${c.submissionId}/show`,
      };
    });
    return { total, items };
  }

  /** The outbox: sends the due "answered" notices (the job calls this; safe to run twice at once). */
  deliverNotices(): Promise<DeliverResult> {
    return this.notices.deliverDue();
  }

  // -------------------------------------------------------------------------------------------

  /**
   * The submission, if the actor may take `action` on its thread. Outside the actor's scope (another
   * OPD, a category BKN does not validate) it is "not found", audited, exactly as the submission
   * itself; in scope but without the grant it is refused, audited.
   */
  private async submissionFor(actor: Actor, submissionId: number, action: ConsultAction, verb: string): Promise<Submission> {
    const id = Number(submissionId);
    const sub = Number.isInteger(id) && id > 0 ? await this.models.Submission.findByPk(id) : null;
    if (!sub) throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
    const row = this.rowOf(sub);
    const categories = this.reference.categories;
    if (!mayConsult(actor, 'show', row, categories)) {
      await this.denied(actor, action, sub, 'akses ke konsultasi usul di luar lingkup');
      throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
    }
    if (!mayConsult(actor, action, row, categories)) {
      const msg = `Anda tidak berwenang ${verb} usul ini`;
      await this.denied(actor, action, sub, msg);
      throw new ForbiddenError(msg);
    }
    return sub;
  }

  private rowOf(sub: Submission) {
    return { id: sub.id, opdId: sub.opdId, category: sub.category };
  }

  /** The PDF check of the documents (content, ≤ 1 MB, complete, unencrypted), before anything is written. */
  private async checkAttachment(input: AttachmentInput | null | undefined): Promise<(AttachmentInput & { sha256: string }) | null> {
    if (!input) return null;
    const content = Buffer.isBuffer(input.content) ? input.content : Buffer.alloc(0);
    const check = await checkPdf(content);
    if (!check.ok) throw new ValidationError(`Lampiran ditolak: ${check.message}`, { attachment: check.message });
    return { originalName: sanitizeFileName(input.originalName), content, sha256: sha256Hex(content) };
  }

  /**
   * One message's transaction: the submission's row lock first (so two questions on one submission
   * follow each other and find the same open thread), then the change; the file is stored before
   * the row that names it, and removed again if the transaction fails and nothing else names it.
   */
  private async write<T>(
    sub: Submission,
    attachment: (AttachmentInput & { sha256: string }) | null,
    change: (t: Transaction, now: Date) => Promise<T>,
  ): Promise<T> {
    let stored = false;
    try {
      return await this.sequelize.transaction(async (t) => {
        await this.lockSubmission(sub.id, t);
        if (attachment) {
          await this.storage.put(attachment.content);
          stored = true;
        }
        return change(t, this.now());
      });
    } catch (e) {
      if (stored && attachment) await this.removeIfUnreferenced(attachment.sha256);
      throw e;
    }
  }

  private async lockSubmission(id: number, t: Transaction): Promise<void> {
    await this.models.Submission.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE, attributes: ['id'] });
  }

  private currentThread(submissionId: number, t: Transaction): Promise<Consultation | null> {
    return this.models.Consultation.findOne({
      where: { submissionId, status: { [Op.ne]: 'closed' } },
      order: [['id', 'DESC']],
      transaction: t,
    });
  }

  private async addMessage(
    t: Transaction,
    actor: Actor,
    thread: Consultation,
    kind: ConsultationMessageKind,
    body: string,
    attachment: (AttachmentInput & { sha256: string }) | null,
    now: Date,
  ): Promise<ConsultationMessage> {
    return this.models.ConsultationMessage.create(
      {
        consultationId: thread.id,
        submissionId: thread.submissionId,
        kind,
        authorUserId: actor.id,
        authorRole: actor.role,
        body,
        attachmentName: attachment?.originalName ?? null,
        attachmentStorageKey: attachment ? storageKeyFor(attachment.sha256) : null,
        attachmentSha256: attachment?.sha256 ?? null,
        attachmentSize: attachment?.content.length ?? null,
        createdAt: now,
      },
      { transaction: t },
    );
  }

  /** The inbox flag, in the message's transaction; no version bump (an open page stays current). */
  private async setAwaiting(submissionId: number, value: boolean, t: Transaction): Promise<void> {
    await this.models.Submission.update({ awaitingBkpsdm: value }, { where: { id: submissionId }, transaction: t, silent: true });
  }

  /** Who asked last in the thread (the one waiting for this answer). */
  private async askerEmail(thread: Consultation, t: Transaction): Promise<string | null> {
    const q = await this.models.ConsultationMessage.findOne({
      where: { consultationId: thread.id, kind: 'question' },
      order: [['id', 'DESC']],
      transaction: t,
    });
    const userId = q?.authorUserId ?? thread.openedByUserId;
    if (!userId) return null;
    const user = await this.models.User.findByPk(userId, { attributes: ['id', 'email', 'active'], transaction: t });
    return user?.active ? user.email : null;
  }

  private async removeIfUnreferenced(sha256: string): Promise<void> {
    try {
      const ref = await this.models.ConsultationMessage.count({ where: { attachmentSha256: sha256 } });
      if (!ref) await this.storage.remove(storageKeyFor(sha256));
    } catch {
      // Best effort: an orphaned file is harmless; the caller's own error matters more.
    }
  }

  private async denied(actor: Actor, action: string, sub: { id: number; opdId: number }, message: string): Promise<void> {
    try {
      await this.audit.record(actor, { action, resource: 'submissions', recordId: sub.id, opdId: sub.opdId, outcome: 'denied', message });
    } catch {
      // The refusal must reach the caller even if the audit write fails.
    }
  }
}

function describe(a: { originalName: string; content: Buffer; sha256: string } | null) {
  return a ? { name: a.originalName, size: a.content.length, sha256: a.sha256 } : null;
}
