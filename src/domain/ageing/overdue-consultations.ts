import { QueryTypes } from 'sequelize';
import { serviceLevels, type ServiceLevels } from '../../../config/service-levels.js';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Models } from '../../db/models/index.js';
import type { WorkingCalendar } from '../campaign/working-days.js';
import { roleLabel } from '../consultations/consultation.rules.js';
import { parseDbDate } from '../shared/db-date.js';
import { num, sequelizeOf } from '../reports/data/report-scope.js';
import { ageAtLeastBefore, ageInWorkingDays, submissionDetails, type SubmissionDetails } from './ageing.js';
import { waitingQuestionsSql } from './bkpsdm-wait.js';

/**
 * The questions to BKPSDM past their target (the bkpsdm_answer stage, bkpsdm-wait.ts): the list the
 * daily escalation sends the approvers beside the BKN validation and approval backlog.
 */
export interface OverdueConsultation extends SubmissionDetails {
  consultationId: number;
  submissionId: number;
  /** Who asked the first question of the wait, "Nama (Peran)". */
  askedBy: string;
  /** The first question of the wait, shortened. */
  question: string;
  /** Waiting on BKPSDM since. */
  entered: Date;
  ageDays: number;
  targetDays: number;
}

/**
 * The questions waiting on BKPSDM's answer at asOf longer than the bkpsdm_answer target, oldest
 * first, with their submission, employee, OPD, asker and question: the approvers' escalation list.
 */
export async function overdueConsultations(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  opts: { levels?: ServiceLevels; ref?: ReferenceData } = {},
): Promise<OverdueConsultation[]> {
  const levels = opts.levels ?? serviceLevels();
  const ref = opts.ref ?? referenceData();
  const T = levels.targets.bkpsdm_answer;
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(
    `SELECT z.consultation_id AS consultation_id, z.id AS id, z.entered AS entered,
        (SELECT q.id FROM consultation_messages q WHERE q.consultation_id = z.consultation_id AND q.kind = 'question'
           AND q.created_at = z.entered ORDER BY q.id LIMIT 1) AS question_id
     FROM (${waitingQuestionsSql()}) z
     WHERE z.entered < :overdueBefore
     ORDER BY z.entered, z.consultation_id`,
    { type: QueryTypes.SELECT, replacements: { asOf, overdueBefore: ageAtLeastBefore(calendar, asOf, T + 1) } },
  );
  if (!rows.length) return [];
  const details = await submissionDetails(
    models,
    rows.map((r) => num(r.id)),
    asOf,
    ref,
  );
  const questionIds = rows.map((r) => num(r.question_id)).filter((x) => x > 0);
  const questions = await models.ConsultationMessage.findAll({
    where: { id: questionIds },
    attributes: ['id', 'body', 'authorUserId', 'authorRole'],
  });
  const userIds = questions.map((q) => q.authorUserId).filter((x): x is number => x !== null);
  const users = userIds.length ? await models.User.findAll({ where: { id: userIds }, attributes: ['id', 'name'] }) : [];
  return rows.map((r) => {
    const d = details.get(num(r.id))!;
    const q = questions.find((m) => m.id === num(r.question_id));
    const entered = parseDbDate(r.entered)!;
    const body = (q?.body ?? '').replace(/\s+/g, ' ').trim();
    return {
      consultationId: num(r.consultation_id),
      submissionId: num(r.id),
      ...d,
      askedBy: `${users.find((u) => u.id === q?.authorUserId)?.name ?? '-'} (${roleLabel(q?.authorRole)})`,
      question: body.length > 120 ? `${body.slice(0, 119)}…` : body,
      entered,
      ageDays: ageInWorkingDays(calendar, entered, asOf),
      targetDays: T,
    };
  });
}
