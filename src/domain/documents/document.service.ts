import { Op, type Sequelize } from 'sequelize';
import type { Document, Models, Submission } from '../../db/models/index.js';
import { referenceData, type Category, type ReferenceData } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, type SubmissionStatus } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, PhaseClosedError, ValidationError } from '../shared/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService, PhaseOverride } from '../campaign/campaign.service.js';
import { canReadSubmission, documentRefusal, editRefusal, EDITABLE_STATUSES, statusLabel } from '../submissions/rules.js';
import { checkPdf } from './pdf-check.js';
import { sha256Hex, type DocumentStorage } from './document-storage.js';
import { readStoredPdf, removeUnreferencedPdf, sanitizeFileName, storePdf } from './stored-pdf.js';

export { EDITABLE_STATUSES } from '../submissions/rules.js';

export interface DocumentDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  storage: DocumentStorage;
  campaigns: CampaignService;
  now?: () => Date;
  reference?: ReferenceData;
}

export interface UploadInput {
  submissionId: number;
  documentType: string;
  originalName: string;
  content: Buffer;
}

export interface UploadResult {
  document: Document;
  pages: number;
  /** True when the same file was already attached as this type to this submission (nothing added). */
  duplicate: boolean;
}

export interface OpenedDocument {
  id: number;
  buffer: Buffer;
  size: number;
  name: string;
  mimeType: string;
  sha256: string;
}

const isScoped = (role: Actor['role']) => (OPD_SCOPED_ROLES as readonly string[]).includes(role);

/**
 * Scans attached to submissions. Upload: who may touch the submission (verifier of its OPD,
 * helpdesk, admin), a document type of the submission's category, a real PDF (checkPdf), the
 * phase (self-update or verification, admin override), a submission still editable; then the
 * file, the row and the audit row together — nothing is left behind when any step fails.
 */
export class DocumentService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly audit: AuditService;
  private readonly storage: DocumentStorage;
  private readonly campaigns: CampaignService;
  private readonly now: () => Date;
  private readonly reference: ReferenceData;

  constructor(deps: DocumentDeps) {
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.audit = deps.audit;
    this.storage = deps.storage;
    this.campaigns = deps.campaigns;
    this.now = deps.now ?? (() => new Date());
    this.reference = deps.reference ?? referenceData();
  }

  async upload(actor: Actor, input: UploadInput, opts: { override?: { reason: string } | null } = {}): Promise<UploadResult> {
    const sub = await this.submission(input.submissionId);
    const refusal = editRefusal(actor, sub.opdId, 'mengunggah dokumen untuk');
    if (refusal) {
      await this.denied(actor, 'upload', sub, null, refusal);
      throw new ForbiddenError(refusal);
    }
    const category = this.categoryOf(sub);
    const typeCode = String(input.documentType ?? '');
    const docType = this.reference.documentType(typeCode);
    if (!docType) throw new ValidationError(`Jenis dokumen '${typeCode}' tidak dikenal`, { documentType: 'Jenis dokumen tidak dikenal' });
    if (!category.documentTypes.includes(typeCode)) {
      throw new ValidationError(`Jenis dokumen '${docType.label}' tidak sesuai kategori '${category.label}'`, {
        documentType: 'Tidak sesuai kategori',
      });
    }
    this.assertEditable(sub);
    const content = input.content;
    const check = await checkPdf(Buffer.isBuffer(content) ? content : Buffer.alloc(0));
    if (!check.ok) throw new ValidationError(check.message, { content: check.message });

    const sha256 = sha256Hex(content);
    const existing = await this.models.Document.findOne({ where: { submissionId: sub.id, documentType: typeCode, sha256 } });
    if (existing) return { document: existing, pages: check.pages, duplicate: true };

    const originalName = sanitizeFileName(input.originalName);
    const now = this.now();
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;
    let stored = false;
    try {
      const result = await this.sequelize.transaction(async (t) => {
        await this.campaigns.assertPhase('upload', now, override, {
          campaign: await this.campaigns.campaignFor(sub, { transaction: t }),
          transaction: t,
          resource: 'documents',
          opdId: sub.opdId,
        });
        await this.lockEditable(sub, t);
        const dup = await this.models.Document.findOne({
          where: { submissionId: sub.id, documentType: typeCode, sha256 },
          transaction: t,
          lock: t.LOCK.UPDATE,
        });
        if (dup) return { document: dup, pages: check.pages, duplicate: true };
        stored = true;
        const file = await storePdf(this.storage, { originalName, content }, actor.id);
        const document = await this.models.Document.create(
          { submissionId: sub.id, opdId: sub.opdId, documentType: typeCode, ...file },
          { transaction: t },
        );
        await this.audit.record(
          actor,
          {
            action: 'upload',
            resource: 'documents',
            recordId: document.id,
            opdId: sub.opdId,
            after: { submissionId: sub.id, documentType: typeCode, originalName, size: file.size, sha256, pages: check.pages },
          },
          t,
        );
        return { document, pages: check.pages, duplicate: false };
      });
      // A concurrent failed upload of the same content may have removed the file between our
      // put and our commit (it saw no committed row yet); the row is ours now, so restore it.
      if (!result.duplicate && (await this.storage.stat(result.document.storageKey)) === null) await this.storage.put(content);
      return result;
    } catch (e) {
      if (stored) await this.removeIfUnreferenced(sha256);
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) await this.denied(actor, 'upload', sub, null, e.message);
      throw e;
    }
  }

  /** The bytes of a document, checked against its SHA-256, with the same scoping as the record. */
  async open(actor: Actor, documentId: number): Promise<OpenedDocument> {
    const doc = await this.models.Document.findByPk(documentId);
    if (!doc) throw new NotFoundError(`Dokumen #${documentId} tidak ditemukan`);
    const sub = await this.models.Submission.findByPk(doc.submissionId);
    const category = sub ? this.reference.category(sub.category) : undefined;
    const msg = documentRefusal(actor, { opdId: doc.opdId }, category);
    if (msg) {
      await this.denied(actor, 'download', { id: doc.submissionId, opdId: doc.opdId }, doc.id, msg);
      throw new ForbiddenError(msg);
    }
    const buffer = await readStoredPdf(this.storage, doc, `dokumen #${doc.id}`);
    await this.audit.record(actor, { action: 'download', resource: 'documents', recordId: doc.id, opdId: doc.opdId });
    return { id: doc.id, buffer, size: buffer.length, name: doc.originalName, mimeType: doc.mimeType, sha256: doc.sha256 };
  }

  /** Document rows (no bytes) of a submission, for the submission's page. */
  async listForSubmission(actor: Actor, submissionId: number): Promise<Document[]> {
    const sub = await this.submission(submissionId);
    if (!canReadSubmission(actor, sub, this.reference.category(sub.category))) {
      const msg = isScoped(actor.role) ? 'Anda hanya dapat melihat usul pegawai OPD Anda' : 'Anda tidak berwenang melihat usul ini';
      await this.denied(actor, 'read', sub, null, msg);
      throw new ForbiddenError(msg);
    }
    return this.models.Document.findAll({
      where: { submissionId },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
  }

  /** Removes a document while its submission is editable; the file goes when no row references it. */
  async remove(actor: Actor, documentId: number, opts: { override?: { reason: string } | null } = {}): Promise<void> {
    const doc = await this.models.Document.findByPk(documentId);
    if (!doc) throw new NotFoundError(`Dokumen #${documentId} tidak ditemukan`);
    const sub = await this.submission(doc.submissionId);
    const refusal = editRefusal(actor, sub.opdId, 'menghapus dokumen');
    if (refusal) {
      await this.denied(actor, 'delete', sub, doc.id, refusal);
      throw new ForbiddenError(refusal);
    }
    this.assertEditable(sub);
    const now = this.now();
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;
    try {
      await this.sequelize.transaction(async (t) => {
        await this.campaigns.assertPhase('upload', now, override, {
          campaign: await this.campaigns.campaignFor(sub, { transaction: t }),
          transaction: t,
          resource: 'documents',
          recordId: doc.id,
          opdId: sub.opdId,
        });
        await this.lockEditable(sub, t);
        const n = await this.models.Document.destroy({ where: { id: doc.id }, transaction: t });
        if (n !== 1) throw new NotFoundError(`Dokumen #${documentId} tidak ditemukan`);
        await this.audit.record(
          actor,
          {
            action: 'delete',
            resource: 'documents',
            recordId: doc.id,
            opdId: doc.opdId,
            before: {
              submissionId: doc.submissionId,
              documentType: doc.documentType,
              originalName: doc.originalName,
              size: doc.size,
              sha256: doc.sha256,
            },
          },
          t,
        );
      });
    } catch (e) {
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) await this.denied(actor, 'delete', sub, doc.id, e.message);
      throw e;
    }
    await this.removeIfUnreferenced(doc.sha256);
  }

  // -------------------------------------------------------------------------------------------

  private async submission(id: number): Promise<Submission> {
    const sub = await this.models.Submission.findByPk(id);
    if (!sub) throw new NotFoundError(`Usul #${id} tidak ditemukan`);
    return sub;
  }

  private categoryOf(sub: Submission): Category {
    const c = this.reference.category(sub.category);
    if (!c) throw new ValidationError(`Kategori '${sub.category}' tidak dikenal; periksa config/categories.json`);
    return c;
  }

  private assertEditable(sub: { status: SubmissionStatus }): void {
    if (!EDITABLE_STATUSES.includes(sub.status)) {
      throw new ConflictError(`Dokumen usul berstatus '${statusLabel(sub.status)}' tidak dapat diubah`);
    }
  }

  /**
   * Takes the submission's row lock and bumps its version, provided it is still editable: a
   * verification racing with a document change either sees the change or fails its own
   * optimistic check (the version moved).
   */
  private async lockEditable(sub: Submission, t: import('sequelize').Transaction): Promise<void> {
    const [n] = await this.models.Submission.update(
      { version: this.sequelize.literal('version + 1') },
      {
        where: { id: sub.id, status: { [Op.in]: EDITABLE_STATUSES as SubmissionStatus[] } },
        transaction: t,
      },
    );
    if (n !== 1) {
      const current = await this.models.Submission.findByPk(sub.id, { transaction: t });
      throw new ConflictError(`Dokumen usul berstatus '${statusLabel(current?.status ?? sub.status)}' tidak dapat diubah`);
    }
  }

  /**
   * Deletes the stored file when no document row references its content. The locking read
   * (gap lock on documents.sha256 in InnoDB) holds back a concurrent insert of the same content
   * until we are done; that upload then restores the file after its commit (see upload()).
   */
  private async removeIfUnreferenced(sha256: string): Promise<void> {
    await this.sequelize
      .transaction((t) =>
        removeUnreferencedPdf(this.storage, sha256, async () => {
          const ref = await this.models.Document.findOne({ attributes: ['id'], where: { sha256 }, transaction: t, lock: t.LOCK.UPDATE });
          return ref !== null;
        }),
      )
      .catch(() => undefined);
  }

  private async denied(
    actor: Actor,
    action: string,
    sub: { id: number; opdId: number },
    documentId: number | null,
    message: string,
  ): Promise<void> {
    try {
      await this.audit.record(actor, {
        action,
        resource: documentId === null ? 'submissions' : 'documents',
        recordId: documentId ?? sub.id,
        opdId: sub.opdId,
        outcome: 'denied',
        message,
      });
    } catch {
      // The refusal must reach the caller even if the audit write fails.
    }
  }
}
