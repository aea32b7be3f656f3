import type { ResourceRules, Row, RuleContext } from '../records/resource-rules.js';
import type { Actor } from '../shared/actor.js';
import { TICKET_KINDS, TICKET_STATUSES } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import { text } from '../shared/text.js';
import type { WorkflowService } from '../submissions/workflow.service.js';

/**
 * Helpdesk tickets: the officer who takes or edits a ticket becomes its handler (no user
 * picker: helpdesk staff cannot list users), the OPD follows the employee when one is linked,
 * and closing a ticket needs a resolution and stamps its time.
 *
 * A ticket may be about a submission, or one of its scans (issue 14). The link must be
 * consistent: the document belongs to the submission, the submission to the ticket's employee,
 * all in the employee's OPD. A ticket opened from a submission page names only the submission: its
 * employee (and so its OPD and NIP) is taken from it. Resolving a ticket about a submission leaves
 * a note in the submission's history (through the workflow's one history writer), and every change
 * of a link is audited, in the ticket's transaction.
 */

const DONE = ['resolved', 'closed'];

async function normalise(actor: Actor, values: Row, current: Row | null, ctx: RuleContext): Promise<Row> {
  const merged = { ...(current ?? {}), ...values };
  // A ticket opened about a submission (or a scan) without a kind chosen is about the submission.
  if (!text(merged.kind) && (idOf(merged.submissionId) !== null || idOf(merged.documentId) !== null)) {
    merged.kind = values.kind = 'submission';
  }
  const fields: Record<string, string> = {};
  // The link (submission, document) is checked first: a ticket about a submission takes its employee.
  const link = await checkLink(merged, ctx, fields);
  // The employee picked (or linked) fills the NIP, the OPD and, when left empty, the reporter's name.
  const employeeId = link.employeeId ?? merged.employeeId;
  const emp = employeeId ? await ctx.models.Employee.findByPk(Number(employeeId), { transaction: ctx.transaction }) : null;
  if (employeeId && !emp) fields.employeeId = 'Pegawai tidak ditemukan';
  const reporterGiven = text(merged.reporterName).trim();
  if (!reporterGiven && !emp) fields.reporterName = 'Nama pelapor wajib diisi (atau pilih pegawai)';
  if (!TICKET_KINDS.includes(merged.kind as never)) fields.kind = 'Jenis masalah tidak dikenal';
  if (!text(merged.description).trim()) fields.description = 'Uraian masalah wajib diisi';
  // A new ticket without a status is "Baru" (open).
  const status = text(merged.status) || 'open';
  if (!TICKET_STATUSES.includes(status as never)) fields.status = 'Status tidak dikenal';
  if (DONE.includes(status) && !text(merged.resolution).trim()) fields.resolution = 'Isi penyelesaian sebelum tiket diselesaikan';
  const out: Row = { ...values, status, handlerUserId: actor.id ?? merged.handlerUserId ?? null };
  if (link.submissionId !== undefined) out.submissionId = link.submissionId;
  if (link.employeeId !== undefined) out.employeeId = link.employeeId;
  if (emp) {
    out.opdId = emp.opdId;
    out.nip = emp.nip;
    if (!reporterGiven) out.reporterName = emp.name;
  }
  if (DONE.includes(status) && !merged.resolvedAt) out.resolvedAt = new Date();
  if (Object.keys(fields).length) throw new ValidationError(`Tiket tidak valid: ${Object.values(fields).join('; ')}`, fields);
  return out;
}

const idOf = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/**
 * The submission and document a ticket is about, checked against each other and the employee.
 * Returns the submission (from the document) and the employee (from the submission) to fill in.
 */
async function checkLink(
  merged: Row,
  ctx: RuleContext,
  fields: Record<string, string>,
): Promise<{ submissionId?: number | null; employeeId?: number }> {
  const t = ctx.transaction;
  let submissionId = idOf(merged.submissionId);
  const documentId = idOf(merged.documentId);
  const out: { submissionId?: number | null; employeeId?: number } = {};
  if (documentId !== null) {
    const doc = Number.isInteger(documentId) ? await ctx.models.Document.findByPk(documentId, { transaction: t }) : null;
    if (!doc) {
      fields.documentId = `Dokumen #${text(merged.documentId)} tidak ditemukan`;
      return out;
    }
    if (submissionId !== null && submissionId !== doc.submissionId) {
      fields.documentId = `Dokumen #${doc.id} bukan dokumen usul #${submissionId}`;
      return out;
    }
    submissionId = doc.submissionId;
    out.submissionId = submissionId;
  }
  if (submissionId === null) return out;
  const sub = Number.isInteger(submissionId) ? await ctx.models.Submission.findByPk(submissionId, { transaction: t }) : null;
  if (!sub) {
    fields.submissionId = `Usul #${text(merged.submissionId)} tidak ditemukan`;
    return out;
  }
  const employeeId = idOf(merged.employeeId);
  if (employeeId === null) {
    out.employeeId = sub.employeeId;
    return out;
  }
  if (employeeId !== sub.employeeId) {
    fields.submissionId = `Usul #${sub.id} bukan usul pegawai tiket ini`;
    return out;
  }
  const emp = await ctx.models.Employee.findByPk(employeeId, { transaction: t });
  if (emp && emp.opdId !== sub.opdId) fields.submissionId = `Usul #${sub.id} tercatat di OPD lain dari OPD pegawai tiket ini`;
  return out;
}

/** The link audited, and the note in the submission's history when a ticket about it is resolved. */
async function afterWrite(workflow: WorkflowService, actor: Actor, before: Row | null, after: Row, ctx: RuleContext): Promise<void> {
  const linkOf = (r: Row | null) => ({ submissionId: idOf(r?.submissionId), documentId: idOf(r?.documentId) });
  const was = linkOf(before);
  const now = linkOf(after);
  if (now.submissionId !== was.submissionId || now.documentId !== was.documentId) {
    await ctx.audit.record(
      actor,
      {
        action: 'ticket_link',
        resource: 'helpdesk_tickets',
        recordId: after.id as number,
        opdId: (after.opdId as number) ?? null,
        before: was,
        after: now,
      },
      ctx.transaction,
    );
  }
  const resolvedNow = DONE.includes(text(after.status)) && !DONE.includes(text(before?.status));
  if (resolvedNow && now.submissionId !== null) {
    const about = now.documentId !== null ? ` (dokumen #${now.documentId})` : '';
    await workflow.addHistoryNote(
      actor,
      now.submissionId,
      `Tiket helpdesk #${text(after.id)}${about} diselesaikan: ${text(after.resolution).trim()}`,
      { transaction: ctx.transaction, source: { resource: 'helpdesk_tickets', recordId: after.id as number } },
    );
  }
}

/** What the ticket form writes; the handler, the OPD (from the employee) and the resolution time are set here. */
export const TICKET_WRITABLE_FIELDS = [
  'employeeId',
  'submissionId',
  'documentId',
  'nip',
  'reporterName',
  'reporterPhone',
  'kind',
  'description',
  'status',
  'resolution',
] as const;

export function helpdeskTicketRules(workflow: WorkflowService): ResourceRules {
  return {
    writable: { create: TICKET_WRITABLE_FIELDS, update: TICKET_WRITABLE_FIELDS },
    deletable: true,
    readOnly: ['handlerUserId', 'resolvedAt'],
    beforeCreate: (actor, values, ctx) => normalise(actor, values, null, ctx),
    beforeUpdate: (actor, values, current, ctx) => normalise(actor, values, current, ctx),
    afterCreate: (actor, row, ctx) => afterWrite(workflow, actor, null, row, ctx),
    afterUpdate: (actor, before, after, ctx) => afterWrite(workflow, actor, before, after, ctx),
  };
}
