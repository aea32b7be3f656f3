import { Op } from 'sequelize';
import { serviceLevels, type ServiceLevels } from '../../../config/service-levels.js';
import type { Models } from '../../db/models/index.js';
import { can } from '../access/access-policy.js';
import { AGEING_STATE_LABELS, ageInWorkingDays, ageingState, type AgeingState } from '../ageing/ageing.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import { calendarFor, type WorkingCalendar } from '../campaign/working-days.js';
import type { ConsultationService, QueueItem } from '../consultations/consultation.service.js';
import type { Actor } from '../shared/actor.js';
import { TICKET_KIND_LABELS } from '../shared/constants.js';
import { formatJakartaDateTime } from '../shared/time.js';

/**
 * BKPSDM's queue on the approver's and helpdesk's dashboards: the questions of OPD verifiers
 * waiting for an answer and the helpdesk tickets still open, oldest first, each with its age in
 * working days (the active campaign's calendar: weekends and its holidays skipped) and its state
 * against its service-level target (bkpsdm_answer and helpdesk in config/service-levels.json) —
 * the ageing's own rule (src/domain/ageing/ageing.ts), so the queue and the ageing agree.
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
  targetDays: number;
  ageState: AgeingState;
  ageStateLabel: string;
  url: string;
}

export interface BkpsdmQueue {
  questions: { total: number; targetDays: number; items: QueueItem[] };
  tickets: { total: number; targetDays: number; items: TicketQueueItem[] } | null;
}

const OPEN_TICKET = ['open', 'in_progress'];
const TICKET_STATUS_LABELS: Record<string, string> = { open: 'Baru', in_progress: 'Ditangani' };

export async function bkpsdmQueue(
  models: Models,
  consultations: ConsultationService,
  campaigns: Pick<CampaignService, 'activeCampaign'>,
  actor: Actor,
  now: Date,
  opts: { limit?: number; levels?: ServiceLevels; calendar?: WorkingCalendar } = {},
): Promise<BkpsdmQueue | null> {
  if (!can(actor, 'submissions', 'consultAnswer')) return null;
  const limit = opts.limit ?? 10;
  const levels = opts.levels ?? serviceLevels();
  const questions = await consultations.openQueue(actor, limit);
  if (!questions) return null;
  const calendar = opts.calendar ?? calendarFor(await campaigns.activeCampaign());
  const aged = (since: Date, targetDays: number) => {
    const ageDays = ageInWorkingDays(calendar, since, now);
    const ageState = ageingState(ageDays, targetDays, levels);
    return { ageDays, targetDays, ageState, ageStateLabel: AGEING_STATE_LABELS[ageState] };
  };
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
      targetDays: levels.targets.helpdesk,
      items: rows.map((r) => ({
        id: r.id,
        reporterName: r.reporterName,
        kindLabel: (TICKET_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind,
        statusLabel: TICKET_STATUS_LABELS[r.status] ?? r.status,
        submissionId: r.submissionId,
        openedAt: formatJakartaDateTime(r.createdAt, 'compact'),
        ...aged(r.createdAt, levels.targets.helpdesk),
        url: `/admin/resources/helpdesk_tickets/records/${r.id}/show`,
      })),
    };
  }
  return {
    questions: {
      total: questions.total,
      targetDays: levels.targets.bkpsdm_answer,
      items: questions.items.map((q) => ({ ...q, ...aged(q.waitingSinceAt, levels.targets.bkpsdm_answer) })),
    },
    tickets,
  };
}
