import { Op, type Sequelize, type Transaction } from 'sequelize';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Consultation, ConsultationMessage, Models, Submission } from '../../db/models/index.js';
import type { ConsultationMessageKind } from '../../db/models/consultation-message.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { checkPdf } from '../documents/pdf-check.js';
import { sha256Hex, storageKeyFor, type DocumentStorage } from '../documents/document-storage.js';
import { readStoredPdf, removeUnreferencedPdf, sanitizeFileName } from '../documents/stored-pdf.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { checkBody, mayConsult, type ConsultAction } from './consultation.rules.js';
import type { ConsultationNotices, DeliverResult } from './consultation-notices.js';
import { openQueue, submissionRow, threadView, type OpenQuestion, type ThreadView } from './consultation-views.js';

export type { OpenQuestion, QueueItem, ThreadMessage, ThreadView } from './consultation-views.js';

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
 *
 * Here: the changes and the audited download of an attachment. What the panel reads (a thread in
 * words, BKPSDM's queue): consultation-views.ts; the "answered" e-mails: consultation-notices.ts.
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

export interface OpenedAttachment {
  buffer: Buffer;
  size: number;
  name: string;
}

type CheckedAttachment = AttachmentInput & { sha256: string };

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
      const recipient = await this.notices.enqueueForAsker(t, thread, message.id);
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
    return threadView(this.models, actor, sub, this.reference.categories);
  }

  /** The PDF attached to a message: for who may see the thread and takes part in it (asks or answers). */
  async openAttachment(actor: Actor, messageId: number): Promise<OpenedAttachment> {
    const message = await this.models.ConsultationMessage.findByPk(messageId);
    if (!message?.attachmentStorageKey) throw new NotFoundError('Lampiran tidak ditemukan');
    const sub = await this.models.Submission.findByPk(message.submissionId);
    if (!sub) throw new NotFoundError('Lampiran tidak ditemukan');
    const row = submissionRow(sub);
    const categories = this.reference.categories;
    const party = mayConsult(actor, 'consultAsk', row, categories) || mayConsult(actor, 'consultAnswer', row, categories);
    if (!party) {
      const msg = isScoped(actor.role)
        ? 'Anda hanya dapat membuka lampiran usul pegawai OPD Anda'
        : 'Anda tidak berwenang membuka lampiran ini';
      await this.denied(actor, 'download', sub, msg);
      throw new ForbiddenError(msg);
    }
    const stored = { storageKey: message.attachmentStorageKey, sha256: message.attachmentSha256 ?? '' };
    const buffer = await readStoredPdf(this.storage, stored, `lampiran konsultasi (pesan #${message.id})`);
    await this.audit.record(actor, {
      action: 'download',
      resource: 'submissions',
      recordId: sub.id,
      opdId: sub.opdId,
      message: `lampiran konsultasi (pesan #${message.id})`,
    });
    return { buffer, size: buffer.length, name: message.attachmentName ?? 'lampiran.pdf' };
  }

  /** BKPSDM's queue: the questions waiting for an answer, oldest first (null for a role that does not answer). */
  openQueue(actor: Actor, limit = 20): Promise<{ total: number; items: OpenQuestion[] } | null> {
    return openQueue(this.models, actor, limit);
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
    const row = submissionRow(sub);
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

  /** The PDF check of the documents (content, ≤ 1 MB, complete, unencrypted), before anything is written. */
  private async checkAttachment(input: AttachmentInput | null | undefined): Promise<CheckedAttachment | null> {
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
    attachment: CheckedAttachment | null,
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
    attachment: CheckedAttachment | null,
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

  private removeIfUnreferenced(sha256: string): Promise<void> {
    const referenced = async () => (await this.models.ConsultationMessage.count({ where: { attachmentSha256: sha256 } })) > 0;
    return removeUnreferencedPdf(this.storage, sha256, referenced);
  }

  private async denied(actor: Actor, action: string, sub: { id: number; opdId: number }, message: string): Promise<void> {
    try {
      await this.audit.record(actor, { action, resource: 'submissions', recordId: sub.id, opdId: sub.opdId, outcome: 'denied', message });
    } catch {
      // The refusal must reach the caller even if the audit write fails.
    }
  }
}

function describe(a: CheckedAttachment | null) {
  return a ? { name: a.originalName, size: a.content.length, sha256: a.sha256 } : null;
}
