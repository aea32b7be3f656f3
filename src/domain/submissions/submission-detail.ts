import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { ROLE_LABELS, SUBMISSION_STATUS_LABELS, type SubmissionStatus } from '../shared/constants.js';
import type { RecordService } from '../records/record.service.js';
import type { ConsultationService, ThreadView } from '../consultations/consultation.service.js';
import type { WorkflowService } from './workflow.service.js';
import type { ActionOption } from './workflow-view.js';
import type { NoticeService, NoticeView } from '../notices/notice.service.js';

/**
 * What a submission's page shows beside its fields: the category with its document types, the
 * history in words, the workflow buttons open now, the scans the actor may see and whether they
 * may add one, the notices sent to the employee. Reads only; each part through its owner (the workflow's read check on the history,
 * the record service's scope on the documents, the consultation service's on the thread with BKPSDM).
 */

export interface SubmissionDetail {
  category: { code: string; label: string; validatedByBkn: boolean; documentTypes: Array<{ code: string; label: string }> } | null;
  history: Array<{
    id: number;
    from: SubmissionStatus | null;
    to: SubmissionStatus;
    fromLabel: string | null;
    toLabel: string;
    role: string | null;
    roleLabel: string | null;
    actorUserId: number | null;
    note: string | null;
    overrideReason: string | null;
    /** 'note': a remark that keeps the status (a resolved helpdesk ticket), no step of the workflow. */
    kind: 'transition' | 'note';
    at: Date;
  }>;
  actions: ActionOption[];
  documents: Array<{ id: unknown; documentType: unknown; label: unknown; originalName: unknown; size: unknown; url: string }>;
  canUpload: boolean;
  /** Notices to the employee (BTS/TMS mails) and their state: "Pemberitahuan". */
  notices: NoticeView[];
  /** The consultation with BKPSDM (thread, what the actor may do); null when the page has none. */
  consultation: ThreadView | null;
  /** May open a helpdesk ticket about this submission (the link fills the ticket's form). */
  canOpenTicket: boolean;
}

export async function submissionDetail(
  services: {
    workflow: WorkflowService;
    records: RecordService;
    notices?: Pick<NoticeService, 'forSubmission'>;
    consultations?: ConsultationService;
  },
  actor: Actor,
  submission: { id: number; category: string },
  reference: ReferenceData = referenceData(),
): Promise<SubmissionDetail> {
  const { workflow, records, consultations } = services;
  const [history, actions, documents, notices, consultation] = await Promise.all([
    workflow.history(actor, submission.id),
    workflow.actionOptionsNow(actor, submission.id),
    records.list(actor, 'documents', { where: { submissionId: submission.id }, order: [['id', 'ASC']] }),
    services.notices ? services.notices.forSubmission(actor, submission.id) : Promise.resolve([]),
    consultations ? consultations.thread(actor, submission.id) : Promise.resolve(null),
  ]);
  const typeLabel = (code: string) => reference.documentType(code)?.label ?? code;
  const category = reference.category(submission.category);
  return {
    category: category
      ? {
          code: category.code,
          label: category.label,
          validatedByBkn: category.validatedByBkn,
          documentTypes: category.documentTypes.map((code) => ({ code, label: typeLabel(code) })),
        }
      : null,
    history: history.map((e) => ({
      id: e.id,
      from: e.fromStatus,
      to: e.toStatus,
      fromLabel: e.fromStatus ? SUBMISSION_STATUS_LABELS[e.fromStatus] : null,
      toLabel: SUBMISSION_STATUS_LABELS[e.toStatus],
      role: e.actorRole,
      roleLabel: e.actorRole ? ((ROLE_LABELS as Record<string, string>)[e.actorRole] ?? e.actorRole) : null,
      actorUserId: e.actorUserId,
      note: e.note,
      overrideReason: e.overrideReason,
      kind: e.kind ?? 'transition',
      at: e.createdAt,
    })),
    actions,
    // Scans are served only by the authorised route, never by a path of their own.
    documents: documents.map((d) => ({
      id: d.id,
      documentType: d.documentType,
      label: typeLabel(String(d.documentType)),
      originalName: d.originalName,
      size: d.size,
      url: `/admin/documents/${String(d.id)}/file`,
    })),
    canUpload: records.can(actor, 'documents', 'new'),
    notices,
    consultation,
    canOpenTicket: records.can(actor, 'helpdesk_tickets', 'new'),
  };
}
