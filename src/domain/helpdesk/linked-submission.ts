import type { RecordService } from '../records/record.service.js';
import type { Actor } from '../shared/actor.js';
import { ROLE_LABELS, SUBMISSION_STATUS_LABELS, type SubmissionStatus } from '../shared/constants.js';
import { formatJakartaDateTime } from '../shared/time.js';
import type { WorkflowService } from '../submissions/workflow.service.js';

/**
 * What a helpdesk ticket's page shows of the submission it is about: its status and its history in
 * words. Reads only, each through its owner (the record service's scope on the submission, the
 * workflow's read check on the history); a submission the actor may not see is left out.
 */
export interface LinkedSubmission {
  id: number;
  statusLabel: string;
  category: string;
  url: string;
  history: Array<{ id: number; text: string; who: string; at: string; note: string | null }>;
}

export async function linkedSubmission(
  services: { records: RecordService; workflow: WorkflowService },
  actor: Actor,
  submissionId: unknown,
): Promise<LinkedSubmission | null> {
  const id = Number(submissionId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const sub = await services.records.find(actor, 'submissions', id, 'show', 'reference');
  if (!sub) return null;
  const events = await services.workflow.history(actor, id);
  const label = (s: string | null) => (s ? (SUBMISSION_STATUS_LABELS[s as SubmissionStatus] ?? s) : null);
  return {
    id,
    statusLabel: label(String(sub.status)) ?? '-',
    category: String(sub.category),
    url: `/admin/resources/submissions/records/${id}/show`,
    history: events.map((e) => ({
      id: e.id,
      text: e.kind === 'note' ? 'Catatan' : `${e.fromStatus ? `${label(e.fromStatus)} → ` : ''}${label(e.toStatus)}`,
      who: e.actorRole ? ((ROLE_LABELS as Record<string, string>)[e.actorRole] ?? e.actorRole) : 'Sistem',
      at: formatJakartaDateTime(e.createdAt, 'compact'),
      note: e.note,
    })),
  };
}
