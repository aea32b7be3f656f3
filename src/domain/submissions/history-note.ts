import type { Transaction } from 'sequelize';
import type { SubmissionEvent } from '../../db/models/index.js';
import type { Actor } from '../shared/actor.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { MAX_NOTE_LENGTH } from './rules.js';
import { recordEvent, type WorkflowContext } from './workflow-context.js';

/**
 * A remark in a submission's history that is no step of the workflow (e.g. "tiket helpdesk #12
 * diselesaikan: ..."): a history row of kind 'note' whose status stays what it is (from = to),
 * written by the one history writer (recordEvent) in the caller's transaction, with its audit row.
 * The status, version and last note of the submission do not change.
 */
export async function addHistoryNote(
  ctx: WorkflowContext,
  actor: Actor,
  submissionId: number,
  note: string,
  opts: { transaction: Transaction; source?: { resource: string; recordId: number | string } },
): Promise<SubmissionEvent> {
  const text = String(note ?? '').trim();
  if (!text) throw new ValidationError('Catatan riwayat wajib diisi', { note: 'Catatan wajib diisi' });
  const t = opts.transaction;
  const sub = await ctx.models.Submission.findByPk(submissionId, { transaction: t });
  if (!sub) throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
  const event = await recordEvent(
    ctx,
    t,
    sub,
    { from: sub.status, to: sub.status, note: text.slice(0, MAX_NOTE_LENGTH), overrideReason: null, kind: 'note' },
    actor,
    ctx.now(),
  );
  await ctx.audit.record(
    actor,
    {
      action: 'history_note',
      resource: 'submissions',
      recordId: sub.id,
      opdId: sub.opdId,
      after: { eventId: event.id, note: event.note, ...(opts.source ? { source: opts.source } : {}) },
    },
    t,
  );
  return event;
}
