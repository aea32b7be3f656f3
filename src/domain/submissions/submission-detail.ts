import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { ROLE_LABELS, SUBMISSION_STATUS_LABELS, type SubmissionStatus } from '../shared/constants.js';
import type { RecordService } from '../records/record.service.js';
import type { ConsultationService, ThreadView } from '../consultations/consultation.service.js';
import type { WorkflowService } from './workflow.service.js';
import type { ActionOption } from './workflow-view.js';
import type { NoticeService, NoticeView } from '../notices/notice.service.js';
import { Op } from 'sequelize';
import { formatInZone } from '../shared/time.js';
import { documentRefusal, MIN_NOTE_LENGTH } from './rules.js';
import { missingDocumentsMessage } from './transitions.js';
import { proposalLines, type ProposalLine } from './proposal-fields.js';

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
    /** Who took the step ("Budi Santoso"), null for the system or a deleted user. */
    actorName: string | null;
    /** "2 Des 2026 09.15 WIB" */
    atText: string;
    note: string | null;
    overrideReason: string | null;
    /** 'note': a remark that keeps the status (a resolved helpdesk ticket), no step of the workflow. */
    kind: 'transition' | 'note';
    at: Date;
  }>;
  /**
   * The buttons, each with what stops it before anyone confirms: `blockedReason` (verify without
   * the documents it needs) and `minNoteLength` (0 when no note is needed).
   */
  actions: Array<ActionOption & { blockedReason: string | null; minNoteLength: number }>;
  documents: Array<{
    id: unknown;
    documentType: unknown;
    label: unknown;
    originalName: unknown;
    size: unknown;
    url: string;
    canOpen: boolean;
  }>;
  /** Why the scans are not shown or cannot be opened, in words; null when they can. */
  documentNotice: string | null;
  canUpload: boolean;
  /** Notices to the employee (BTS/TMS mails) and their state: "Pemberitahuan". */
  notices: NoticeView[];
  /** The consultation with BKPSDM (thread, what the actor may do); null when the page has none. */
  consultation: ThreadView | null;
  /** May open a helpdesk ticket about this submission (the link fills the ticket's form). */
  canOpenTicket: boolean;
  /** The proposal field by field beside the employee's current data. */
  proposal: ProposalLine[];
  /** The next submission waiting in the actor's inbox (oldest first), null when none. */
  nextInInbox: number | null;
  /** The employee as the actor may see it (NIK masked for the roles that see it masked). */
  employee: { id: number; nip: string; name: string } | null;
}

/** "2 Des 2026 09.15 WIB": how the panel shows an instant. */
export const PANEL_DATE_TIME = 'd MMM yyyy HH.mm ZZZZ';

export async function submissionDetail(
  services: {
    workflow: WorkflowService;
    records: RecordService;
    notices?: Pick<NoticeService, 'forSubmission'>;
    consultations?: ConsultationService;
  },
  actor: Actor,
  submission: { id: number; category: string; opdId: number; employeeId: number; proposedValues: Record<string, unknown> | null },
  reference: ReferenceData = referenceData(),
): Promise<SubmissionDetail> {
  const { workflow, records, consultations } = services;
  const category = reference.category(submission.category);
  // Document rows only for the roles that see them (the regent sees none); the page says why.
  const seesDocumentRows = records.can(actor, 'documents', 'list');
  const [history, options, documents, employee, next, notices, consultation] = await Promise.all([
    workflow.historyWithActors(actor, submission.id),
    workflow.actionOptionsNow(actor, submission.id),
    seesDocumentRows
      ? records.list(actor, 'documents', { where: { submissionId: submission.id }, order: [['id', 'ASC']] })
      : Promise.resolve([]),
    records.find(actor, 'employees', submission.employeeId, 'show', 'reference'),
    records.list(actor, 'submissions', {
      where: { [Op.and]: [workflow.inbox(actor), { id: { [Op.ne]: submission.id } }] },
      order: [['submittedAt', 'ASC']],
      limit: 1,
    }),
    services.notices ? services.notices.forSubmission(actor, submission.id) : Promise.resolve([]),
    consultations ? consultations.thread(actor, submission.id) : Promise.resolve(null),
  ]);
  const typeLabel = (code: string) => reference.documentType(code)?.label ?? code;
  const refusal = documentRefusal(actor, { opdId: submission.opdId }, category);
  const missing = category
    ? missingDocumentsMessage(
        category,
        documents.map((d) => String(d.documentType)),
        typeLabel,
      )
    : null;
  const actions = options.map((a) => ({
    ...a,
    blockedReason: a.action === 'verify' ? missing : null,
    minNoteLength: a.needsNote ? MIN_NOTE_LENGTH : 0,
  }));
  return {
    category: category
      ? {
          code: category.code,
          label: category.label,
          validatedByBkn: category.validatedByBkn,
          documentTypes: category.documentTypes.map((code) => ({ code, label: typeLabel(code) })),
        }
      : null,
    history: history.map(({ event: e, actorName }) => ({
      id: e.id,
      from: e.fromStatus,
      to: e.toStatus,
      fromLabel: e.fromStatus ? SUBMISSION_STATUS_LABELS[e.fromStatus] : null,
      toLabel: SUBMISSION_STATUS_LABELS[e.toStatus],
      role: e.actorRole,
      roleLabel: e.actorRole ? ((ROLE_LABELS as Record<string, string>)[e.actorRole] ?? e.actorRole) : null,
      actorUserId: e.actorUserId,
      actorName,
      atText: formatInZone(e.createdAt, PANEL_DATE_TIME),
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
      url: `/admin/documents/${Number(d.id)}/file`,
      canOpen: refusal === null,
    })),
    documentNotice: !seesDocumentRows ? 'Dokumen usul tidak ditampilkan untuk peran Anda (pindaian memuat NIK dan data keluarga)' : refusal,
    canUpload: records.can(actor, 'documents', 'new'),
    notices,
    consultation,
    canOpenTicket: records.can(actor, 'helpdesk_tickets', 'new'),
    proposal: proposalLines(submission.category, submission.proposedValues, employee),
    nextInInbox: next.length ? Number(next[0].id) : null,
    employee: employee ? { id: Number(employee.id), nip: String(employee.nip), name: String(employee.name) } : null,
  };
}
