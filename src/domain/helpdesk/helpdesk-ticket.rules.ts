import type { ResourceRules, Row } from '../records/resource-rules.js';
import type { Actor } from '../shared/actor.js';
import { TICKET_KINDS, TICKET_STATUSES } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';

/**
 * Helpdesk tickets: the officer who takes or edits a ticket becomes its handler (no user
 * picker: helpdesk staff cannot list users), the OPD follows the employee when one is linked,
 * and closing a ticket needs a resolution and stamps its time.
 */
async function normalise(
  actor: Actor,
  values: Row,
  current: Row | null,
  ctx: Parameters<NonNullable<ResourceRules['beforeCreate']>>[2],
): Promise<Row> {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  // The employee picked fills the NIP, the OPD and (when left empty) the reporter's name.
  const emp = merged.employeeId ? await ctx.models.Employee.findByPk(Number(merged.employeeId), { transaction: ctx.transaction }) : null;
  if (merged.employeeId && !emp) fields.employeeId = 'Pegawai tidak ditemukan';
  const reporterGiven = String(merged.reporterName ?? '').trim();
  if (!reporterGiven && !emp) fields.reporterName = 'Nama pelapor wajib diisi (atau pilih pegawai)';
  if (!TICKET_KINDS.includes(merged.kind as never)) fields.kind = 'Jenis masalah tidak dikenal';
  if (!String(merged.description ?? '').trim()) fields.description = 'Uraian masalah wajib diisi';
  // A new ticket without a status is "Baru" (open).
  const status = String(merged.status || 'open');
  if (!TICKET_STATUSES.includes(status as never)) fields.status = 'Status tidak dikenal';
  if ((status === 'resolved' || status === 'closed') && !String(merged.resolution ?? '').trim())
    fields.resolution = 'Isi penyelesaian sebelum tiket diselesaikan';
  const out: Row = { ...values, status, handlerUserId: actor.id ?? merged.handlerUserId ?? null };
  if (emp) {
    out.opdId = emp.opdId;
    out.nip = emp.nip;
    if (!reporterGiven) out.reporterName = emp.name;
  }
  if ((status === 'resolved' || status === 'closed') && !merged.resolvedAt) out.resolvedAt = new Date();
  if (Object.keys(fields).length) throw new ValidationError(`Tiket tidak valid: ${Object.values(fields).join('; ')}`, fields);
  return out;
}

/** What the ticket form writes; the handler, the OPD (from the employee) and the resolution time are set here. */
export const TICKET_WRITABLE_FIELDS = [
  'employeeId',
  'nip',
  'reporterName',
  'reporterPhone',
  'kind',
  'description',
  'status',
  'resolution',
] as const;

export const helpdeskTicketRules: ResourceRules = {
  writable: { create: TICKET_WRITABLE_FIELDS, update: TICKET_WRITABLE_FIELDS },
  deletable: true,
  readOnly: ['handlerUserId', 'resolvedAt'],
  beforeCreate: (actor, values, ctx) => normalise(actor, values, null, ctx),
  beforeUpdate: (actor, values, current, ctx) => normalise(actor, values, current, ctx),
};
