import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { can } from '../access/access-policy.js';
import type { ConsultationService, QueueItem } from '../consultations/consultation.service.js';
import type { Actor } from '../shared/actor.js';
import { TICKET_KIND_LABELS } from '../shared/constants.js';
import { formatJakartaDateTime } from '../shared/time.js';

/**
 * BKPSDM's queue on the approver's and helpdesk's dashboards: the questions of OPD verifiers
 * waiting for an answer and the helpdesk tickets still open, oldest first, with their age in days.
 * Only for the roles that answer questions (the policy's consultAnswer grant); a role that may not
 * read tickets gets the questions only.
 */

export interface TicketQueueItem {
  id: number;
  reporterName: string;
  kindLabel: string;
  statusLabel: string;
  submissionId: number | null;
  openedAt: string;
  ageDays: number;
  url: string;
}

export interface BkpsdmQueue {
  questions: { total: number; items: QueueItem[] };
  tickets: { total: number; items: TicketQueueItem[] } | null;
}

const DAY_MS = 86_400_000;
const OPEN_TICKET = ['open', 'in_progress'];
const TICKET_STATUS_LABELS: Record<string, string> = { open: 'Baru', in_progress: 'Ditangani' };

export async function bkpsdmQueue(
  models: Models,
  consultations: ConsultationService,
  actor: Actor,
  now: Date,
  limit = 10,
): Promise<BkpsdmQueue | null> {
  if (!can(actor, 'submissions', 'consultAnswer')) return null;
  const questions = await consultations.openQueue(actor, now, limit);
  if (!questions) return null;
  let tickets: BkpsdmQueue['tickets'] = null;
  if (can(actor, 'helpdesk_tickets', 'list')) {
    const where = { status: { [Op.in]: OPEN_TICKET } };
    const [total, rows] = await Promise.all([
      models.HelpdeskTicket.count({ where }),
      models.HelpdeskTicket.findAll({
        where,
        order: [
          ['createdAt', 'ASC'],
          ['id', 'ASC'],
        ],
        limit,
      }),
    ]);
    tickets = {
      total,
      items: rows.map((r) => ({
        id: r.id,
        reporterName: r.reporterName,
        kindLabel: (TICKET_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind,
        statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status,
        submissionId: r.submissionId,
        openedAt: formatJakartaDateTime(r.createdAt, 'compact'),
        ageDays: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / DAY_MS)),
        url: `/admin/resources/helpdesk_tickets/records/${r.id}/show`,
      })),
    };
  }
  return { questions, tickets };
}
