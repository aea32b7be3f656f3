import { Op } from 'sequelize';
import type { Category } from '../../../config/reference-data.js';
import type { Models, Submission } from '../../db/models/index.js';
import type { ConsultationMessageKind } from '../../db/models/consultation-message.model.js';
import type { ConsultationStatus } from '../../db/models/consultation.model.js';
import type { Actor } from '../shared/actor.js';
import { formatJakartaDateTime } from '../shared/time.js';
import { AWAITING_BKPSDM_LABEL, CONSULTATION_STATUS_LABELS, MESSAGE_KIND_LABELS, mayConsult, roleLabel } from './consultation.rules.js';

/**
 * What the panel reads of the consultations (reading only; the changes are in
 * consultation.service.ts): a submission's threads in words for its page, and BKPSDM's queue of
 * the questions waiting for an answer.
 */

export interface ThreadMessage {
  id: number;
  kind: ConsultationMessageKind;
  kindLabel: string;
  body: string;
  authorName: string;
  authorRole: string;
  roleLabel: string;
  at: string;
  attachment: { name: string; size: number; url: string } | null;
}

export interface ThreadView {
  awaitingBkpsdm: boolean;
  awaitingLabel: string | null;
  canAsk: boolean;
  canAnswer: boolean;
  canClose: boolean;
  consultations: Array<{
    id: number;
    status: string;
    statusLabel: string;
    openedAt: string;
    closedAt: string | null;
    messages: ThreadMessage[];
  }>;
}

/** A question waiting for BKPSDM's answer, as the queue lists it (aged by src/domain/dashboard/bkpsdm-queue.ts). */
export interface OpenQuestion {
  consultationId: number;
  submissionId: number;
  opdName: string | null;
  employeeName: string | null;
  askedBy: string;
  question: string;
  waitingSince: string;
  /** The instant the wait started (waitingSince in words). */
  waitingSinceAt: Date;
  url: string;
}

/** A question in BKPSDM's queue with its age in working days and its state against the bkpsdm_answer target. */
export interface QueueItem extends OpenQuestion {
  ageDays: number;
  targetDays: number;
  ageState: 'on_track' | 'at_risk' | 'overdue';
  ageStateLabel: string;
}

/** The roles that answer BKPSDM's questions and so see its queue. */
const ANSWERING_ROLES: readonly string[] = ['admin', 'approver', 'helpdesk', 'system'];

/** The row of a submission the access policy scopes a thread by. */
export const submissionRow = (sub: Submission) => ({ id: sub.id, opdId: sub.opdId, category: sub.category });

/** The threads of a submission (one the actor may see) for its page, in words, oldest first. */
export async function threadView(models: Models, actor: Actor, sub: Submission, categories: readonly Category[]): Promise<ThreadView> {
  const threads = await models.Consultation.findAll({ where: { submissionId: sub.id }, order: [['id', 'ASC']] });
  const messages = await models.ConsultationMessage.findAll({
    where: { submissionId: sub.id },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const authorIds = [...new Set(messages.map((m) => m.authorUserId).filter((x): x is number => x !== null))];
  const authors = authorIds.length ? await models.User.findAll({ where: { id: { [Op.in]: authorIds } }, attributes: ['id', 'name'] }) : [];
  const nameOf = new Map(authors.map((u) => [u.id, u.name]));
  const open = threads.some((c) => c.status !== 'closed');
  const row = submissionRow(sub);
  const awaiting = threads.some((c) => c.status === 'open');
  return {
    awaitingBkpsdm: awaiting,
    awaitingLabel: awaiting ? AWAITING_BKPSDM_LABEL : null,
    canAsk: mayConsult(actor, 'consultAsk', row, categories),
    canAnswer: open && mayConsult(actor, 'consultAnswer', row, categories),
    canClose: open && mayConsult(actor, 'consultClose', row, categories),
    consultations: threads.map((c) => ({
      id: c.id,
      status: c.status,
      statusLabel: CONSULTATION_STATUS_LABELS[c.status as ConsultationStatus],
      openedAt: formatJakartaDateTime(c.createdAt, 'compact'),
      closedAt: c.closedAt ? formatJakartaDateTime(c.closedAt, 'compact') : null,
      messages: messages
        .filter((m) => m.consultationId === c.id)
        .map((m) => ({
          id: m.id,
          kind: m.kind,
          kindLabel: MESSAGE_KIND_LABELS[m.kind],
          body: m.body,
          authorName: (m.authorUserId !== null ? nameOf.get(m.authorUserId) : null) ?? 'Pengguna terhapus',
          authorRole: m.authorRole,
          roleLabel: roleLabel(m.authorRole),
          at: formatJakartaDateTime(m.createdAt, 'compact'),
          attachment: m.attachmentStorageKey
            ? {
                name: m.attachmentName ?? 'lampiran.pdf',
                size: m.attachmentSize ?? 0,
                url: `/admin/consultations/messages/${m.id}/attachment`,
              }
            : null,
        })),
    })),
  };
}

/**
 * BKPSDM's queue: the questions waiting for an answer, oldest first, for the roles that answer
 * them (null for anyone else). One query with its joins. Their age, in working days against the
 * target, is the queue's (src/domain/dashboard/bkpsdm-queue.ts, with the ageing's rule).
 */
export async function openQueue(models: Models, actor: Actor, limit: number): Promise<{ total: number; items: OpenQuestion[] } | null> {
  if (!ANSWERING_ROLES.includes(actor.role)) return null;
  const where = { status: 'open' };
  const [total, rows] = await Promise.all([
    models.Consultation.count({ where }),
    models.Consultation.findAll({
      where,
      order: [
        ['waitingSince', 'ASC'],
        ['id', 'ASC'],
      ],
      limit,
    }),
  ]);
  const subIds = rows.map((r) => r.submissionId);
  const subs = subIds.length ? await models.Submission.findAll({ where: { id: { [Op.in]: subIds } } }) : [];
  const [employees, opds, questions] = await Promise.all([
    subs.length ? models.Employee.findAll({ where: { id: { [Op.in]: subs.map((s) => s.employeeId) } }, attributes: ['id', 'name'] }) : [],
    subs.length ? models.Opd.findAll({ where: { id: { [Op.in]: subs.map((s) => s.opdId) } }, attributes: ['id', 'name'] }) : [],
    rows.length
      ? models.ConsultationMessage.findAll({
          where: { consultationId: { [Op.in]: rows.map((r) => r.id) }, kind: 'question' },
          order: [['id', 'DESC']],
        })
      : [],
  ]);
  const askers = questions.length
    ? await models.User.findAll({
        where: { id: { [Op.in]: questions.map((q) => q.authorUserId).filter((x): x is number => x !== null) } },
        attributes: ['id', 'name'],
      })
    : [];
  const subOf = new Map(subs.map((s) => [s.id, s]));
  const items = rows.map((c) => {
    const sub = subOf.get(c.submissionId);
    const q = questions.find((m) => m.consultationId === c.id);
    const since = c.waitingSince ?? c.createdAt;
    return {
      consultationId: c.id,
      submissionId: c.submissionId,
      opdName: opds.find((o) => o.id === sub?.opdId)?.name ?? null,
      employeeName: employees.find((e) => e.id === sub?.employeeId)?.name ?? null,
      askedBy: `${askers.find((u) => u.id === q?.authorUserId)?.name ?? '-'} (${roleLabel(q?.authorRole)})`,
      question: (q?.body ?? '').slice(0, 160),
      waitingSince: formatJakartaDateTime(since, 'compact'),
      waitingSinceAt: since,
      url: `/admin/resources/submissions/records/${c.submissionId}/show`,
    };
  });
  return { total, items };
}
