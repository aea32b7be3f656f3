import type { Transaction } from 'sequelize';
import type { AuditEntry } from '../audit/audit.service.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { ConflictError } from '../shared/errors.js';
import { statusLabel } from './rules.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * Usul and status changes that arrive by a SIASN import (src/domain/imports). SIASN is where the
 * BKN steps happen, so its status is recorded as it is, not re-judged by the panel's state
 * machine (no phase window, no role of the edge, no document check): but it goes through here,
 * like every status change, as a history row and an audit row in the caller's transaction, so
 * the history and the reports (which derive a status as of a moment from the history) stay true.
 *
 * The history rows carry the actor role IMPORT_ACTOR_ROLE ("import (SIASN)"), the committing
 * user's id and a note naming the file.
 */

export const IMPORT_ACTOR_ROLE = 'import (SIASN)';
/** submissions.source of an usul created by the import. */
export const IMPORT_SOURCE = 'siasn';

export interface ImportSource {
  importId: number;
  fileName: string;
}

export interface ImportedSubmission {
  employeeId: number;
  opdId: number;
  category: string;
  submittedAt: Date;
  status: SubmissionStatus;
  note: string | null;
}

export interface ImportedStatusChange {
  submissionId: number;
  status: SubmissionStatus;
  note: string | null;
}

const stepDates = (to: SubmissionStatus, now: Date): Record<string, Date> => {
  if (to === 'verified') return { verifiedAt: now };
  if (to === 'validated') return { validatedAt: now };
  if (to === 'approved' || to === 'rejected') return { decidedAt: now };
  return {};
};

export function importNote(source: ImportSource, note: string | null): string {
  const from = `Impor SIASN: ${source.fileName} (impor #${source.importId})`;
  return note ? `${note} — ${from}` : from;
}

/** New usul from the file, in bulk: the row, its history (— → Diajukan, then → SIASN's status) and the audit rows. */
export async function createImported(
  ctx: WorkflowContext,
  t: Transaction,
  actor: Actor,
  source: ImportSource,
  items: readonly ImportedSubmission[],
): Promise<number[]> {
  if (items.length === 0) return [];
  const now = ctx.now();
  const created = await ctx.models.Submission.bulkCreate(
    items.map((i) => ({
      employeeId: i.employeeId,
      opdId: i.opdId,
      // The campaign is the one whose window the submission date falls in (completion.ts counts
      // campaign_id NULL by date), never a guess here.
      campaignId: null,
      category: i.category,
      proposedValues: null,
      status: i.status,
      submittedAt: i.submittedAt,
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      ...stepDates(i.status, now),
      lastNote: i.note,
      source: IMPORT_SOURCE,
      version: i.status === 'submitted' ? 0 : 1,
    })),
    { transaction: t },
  );
  const events: Array<Record<string, unknown>> = [];
  created.forEach((sub, n) => {
    const i = items[n];
    const base = { submissionId: sub.id, opdId: i.opdId, actorUserId: actor.id, actorRole: IMPORT_ACTOR_ROLE, overrideReason: null };
    events.push({ ...base, fromStatus: null, toStatus: 'submitted', note: importNote(source, null), createdAt: i.submittedAt });
    if (i.status !== 'submitted') {
      // Never before the submission itself (a clock or a file behind).
      const at = now.getTime() > i.submittedAt.getTime() ? now : i.submittedAt;
      events.push({ ...base, fromStatus: 'submitted', toStatus: i.status, note: importNote(source, i.note), createdAt: at });
    }
  });
  await ctx.models.SubmissionEvent.bulkCreate(events as never[], { transaction: t });
  await ctx.audit.recordMany(
    actor,
    created.map((sub, n) => ({
      action: 'create',
      resource: 'submissions',
      recordId: sub.id,
      opdId: items[n].opdId,
      after: { employeeId: items[n].employeeId, category: items[n].category, status: items[n].status, source: IMPORT_SOURCE },
      message: `Usul dari impor SIASN (${source.fileName}), status ${statusLabel(items[n].status)}`,
    })),
    t,
  );
  return created.map((s) => s.id);
}

/** SIASN's status for known usul: one conditional UPDATE, one history row and one audit row each. */
export async function applyImportedStatuses(
  ctx: WorkflowContext,
  t: Transaction,
  actor: Actor,
  source: ImportSource,
  changes: readonly ImportedStatusChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const now = ctx.now();
  const subs = await ctx.models.Submission.findAll({
    attributes: ['id', 'opdId', 'status', 'version'],
    where: { id: changes.map((c) => c.submissionId) },
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  const byId = new Map(subs.map((s) => [s.id, s]));
  const events: Array<Record<string, unknown>> = [];
  const audits: AuditEntry[] = [];
  let applied = 0;
  for (const c of changes) {
    const sub = byId.get(c.submissionId);
    if (!sub) throw new ConflictError(`Usul #${c.submissionId} tidak ditemukan lagi; periksa ulang berkas`);
    if (sub.status === c.status) continue;
    const [affected] = await ctx.models.Submission.update(
      { status: c.status, version: ctx.sequelize.literal('version + 1'), lastNote: c.note, ...stepDates(c.status, now) },
      { where: { id: sub.id, version: sub.version, status: sub.status }, transaction: t },
    );
    if (affected !== 1) throw new ConflictError(`Usul #${sub.id} baru saja diproses oleh pengguna lain; periksa ulang berkas`);
    applied++;
    events.push({
      submissionId: sub.id,
      opdId: sub.opdId,
      fromStatus: sub.status,
      toStatus: c.status,
      actorUserId: actor.id,
      actorRole: IMPORT_ACTOR_ROLE,
      note: importNote(source, c.note),
      overrideReason: null,
      createdAt: now,
    });
    audits.push({
      action: 'import_status',
      resource: 'submissions',
      recordId: sub.id,
      opdId: sub.opdId,
      before: { status: sub.status, version: sub.version },
      after: { status: c.status, version: sub.version + 1, note: c.note, importId: source.importId },
      message: `${statusLabel(sub.status)} → ${statusLabel(c.status)} (impor SIASN ${source.fileName})`,
    });
  }
  if (events.length) await ctx.models.SubmissionEvent.bulkCreate(events as never[], { transaction: t });
  await ctx.audit.recordMany(actor, audits, t);
  return applied;
}
