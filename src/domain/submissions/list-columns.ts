import { Op } from 'sequelize';
import type { Actor } from '../shared/actor.js';
import type { RecordService } from '../records/record.service.js';
import { daysBetween, jakartaDate } from '../shared/time.js';

/**
 * What a list of submissions shows beside the stored columns, for a verifier's inbox above all:
 * whether a document is there (Verifikasi needs one) and how many calendar days the submission
 * has waited at its current step. Document rows only for the roles that may list them
 * (`hasDocument` null otherwise).
 */

/** Since when a submission waits at its step; final statuses do not wait. */
const WAITING_SINCE: Record<string, string> = {
  submitted: 'submittedAt',
  needs_fix: 'updatedAt',
  verified: 'verifiedAt',
  validated: 'validatedAt',
};

export interface SubmissionListColumns {
  hasDocument: boolean | null;
  daysWaiting: number | null;
}

export async function submissionListColumns(
  records: RecordService,
  actor: Actor,
  rows: ReadonlyArray<Record<string, unknown>>,
  now: Date = new Date(),
): Promise<Map<number, SubmissionListColumns>> {
  const ids = rows.map((r) => Number(r.id)).filter((id) => Number.isInteger(id));
  const withDocument = new Set<number>();
  const seesDocuments = records.can(actor, 'documents', 'list');
  if (seesDocuments && ids.length) {
    const docs = await records.list(actor, 'documents', { where: { submissionId: { [Op.in]: ids } } });
    for (const d of docs) withDocument.add(Number(d.submissionId));
  }
  const today = jakartaDate(now);
  const out = new Map<number, SubmissionListColumns>();
  for (const r of rows) {
    const field = WAITING_SINCE[String(r.status)];
    const since = field ? r[field] : null;
    const date = since ? new Date(since as string) : null;
    out.set(Number(r.id), {
      hasDocument: seesDocuments ? withDocument.has(Number(r.id)) : null,
      daysWaiting: date && !Number.isNaN(date.getTime()) ? Math.max(0, daysBetween(jakartaDate(date), today)) : null,
    });
  }
  return out;
}
