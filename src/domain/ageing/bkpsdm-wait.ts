import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { WorkingCalendar } from '../campaign/working-days.js';
import { jakartaDate } from '../shared/time.js';
import { placedSql } from '../reports/data/report-scope.js';

/**
 * Waiting for BKPSDM's answer ("menunggu jawaban BKPSDM", issue 14) as an ageing stage of its own,
 * read from the consultation's append-only history (consultation_messages, consultations.closed_at)
 * so that it holds as of any instant, like the other stages:
 *
 * - a thread waits on BKPSDM at T when it is not closed at T and a question of it, sent by T, has
 *   no answer after it (by T); it waits since the first such question (a follow-up while waiting
 *   does not restart the wait; a question after an answer starts a new one);
 * - while a submission waits, it is in this stage only: it leaves the stage it is in (verification,
 *   BKN validation, approval) — the wait is BKPSDM's, not the verifier's;
 * - once answered (or closed), it is back in its stage and that stage's clock CONTINUES where it
 *   stopped: the working days it waited are not counted against the stage. Entered Friday, asked
 *   Monday, answered Wednesday, seen Thursday: 4 working days after entry (Mon–Thu) minus the 2 it
 *   waited (Tue, Wed) = 2 (Mon, Thu). Neither restarted (asking a question must not reset the
 *   verifier's clock) nor charged with BKPSDM's time. The entry stays the item's entry into its
 *   stage, so an item escalated before the question is not escalated again for the same threshold.
 *
 * Day granularity as everywhere in ageing (working-days.ts): a wait from day Q to day A takes the
 * working days d with Q < d <= A out of the stage (asked and answered the same day: none).
 */

/** One wait of a submission on BKPSDM: from the question to the answer or closing (null: still waiting at asOf). */
export interface BkpsdmWait {
  from: Date;
  to: Date | null;
}

/** SQL over a submission id expression: its thread waits on BKPSDM's answer at :asOf. */
export function waitingOnBkpsdmAtSql(subId: string): string {
  // The IN first: for the many items never consulted, the correlated part is not evaluated.
  return `(${consultedSql(subId)} AND EXISTS (SELECT 1 FROM consultations wc
      WHERE wc.submission_id = ${subId} AND (wc.closed_at IS NULL OR wc.closed_at > :asOf)
        AND EXISTS (SELECT 1 FROM consultation_messages wq
          WHERE wq.consultation_id = wc.id AND wq.kind = 'question' AND wq.created_at <= :asOf
            AND NOT EXISTS (SELECT 1 FROM consultation_messages wa
              WHERE wa.consultation_id = wc.id AND wa.kind = 'answer' AND wa.created_at >= wq.created_at AND wa.created_at <= :asOf))))`;
}

/**
 * SQL over a submission id expression: the submission has a consultation (any, ever). Such items —
 * few — get their age from their waits (pausedAge); every other item's age is counted in SQL from
 * its entry. A plain IN over the small consultations table, so the per-row cost stays an index probe.
 */
export function consultedSql(subId: string): string {
  return `${subId} IN (SELECT pc.submission_id FROM consultations pc)`;
}

/**
 * SQL: the threads waiting on BKPSDM at :asOf, one row each — consultation_id, id (the submission),
 * opd_id (its employee's OPD at asOf), employee_id, category, entered (waiting since). `inOpd`
 * narrows to :opdId. Whatever the submission's status or its employee's: a question asked is
 * BKPSDM's to answer.
 */
export function waitingQuestionsSql(opts: { inOpd?: boolean } = {}): string {
  return `SELECT c.id AS consultation_id, s.id AS id, ep.opd_id AS opd_id, s.employee_id AS employee_id, s.category AS category,
      (SELECT MIN(wq.created_at) FROM consultation_messages wq
        WHERE wq.consultation_id = c.id AND wq.kind = 'question' AND wq.created_at <= :asOf
          AND NOT EXISTS (SELECT 1 FROM consultation_messages wa
            WHERE wa.consultation_id = c.id AND wa.kind = 'answer' AND wa.created_at >= wq.created_at AND wa.created_at <= :asOf)) AS entered
    FROM consultations c
    JOIN submissions s ON s.id = c.submission_id
    JOIN (${placedSql({ where: opts.inOpd ? 'p.opd_id = :opdId' : undefined, activeOnly: false })}) ep ON ep.employee_id = s.employee_id
    WHERE (c.closed_at IS NULL OR c.closed_at > :asOf)
      AND EXISTS (SELECT 1 FROM consultation_messages wq
        WHERE wq.consultation_id = c.id AND wq.kind = 'question' AND wq.created_at <= :asOf
          AND NOT EXISTS (SELECT 1 FROM consultation_messages wa
            WHERE wa.consultation_id = c.id AND wa.kind = 'answer' AND wa.created_at >= wq.created_at AND wa.created_at <= :asOf))`;
}

/** The waits on BKPSDM of these submissions up to asOf, from the history (two queries, whatever the number). */
export async function bkpsdmWaits(models: Models, submissionIds: readonly number[], asOf: Date): Promise<Map<number, BkpsdmWait[]>> {
  const out = new Map<number, BkpsdmWait[]>();
  if (!submissionIds.length) return out;
  const ids = [...new Set(submissionIds)];
  const [threads, messages] = await Promise.all([
    models.Consultation.findAll({ where: { submissionId: { [Op.in]: ids } }, attributes: ['id', 'submissionId', 'closedAt'] }),
    models.ConsultationMessage.findAll({
      where: { submissionId: { [Op.in]: ids }, createdAt: { [Op.lte]: asOf } },
      attributes: ['id', 'consultationId', 'kind', 'createdAt'],
    }),
  ]);
  for (const c of threads) {
    // At equal instants the question comes first: an answer at the question's instant answers it (as in SQL).
    const own = messages
      .filter((m) => m.consultationId === c.id)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.kind === b.kind ? a.id - b.id : a.kind === 'question' ? -1 : 1));
    const waits: BkpsdmWait[] = [];
    let since: Date | null = null;
    for (const m of own) {
      if (m.kind === 'question' && !since) since = m.createdAt;
      else if (m.kind === 'answer' && since) {
        waits.push({ from: since, to: m.createdAt });
        since = null;
      }
    }
    if (since) waits.push({ from: since, to: c.closedAt && c.closedAt <= asOf ? c.closedAt : null });
    if (waits.length) out.set(c.submissionId, [...(out.get(c.submissionId) ?? []), ...waits]);
  }
  return out;
}

/**
 * The age in working days at asOf of an item that entered its stage at `entered`, without the
 * working days it waited on BKPSDM since then; `waiting`: it waits at asOf (then it is in the
 * BKPSDM stage, not its own).
 */
export function pausedAge(
  calendar: WorkingCalendar,
  entered: Date,
  asOf: Date,
  waits: readonly BkpsdmWait[],
): { age: number; waiting: boolean } {
  const from = jakartaDate(entered);
  const until = jakartaDate(asOf);
  let paused = 0;
  let waiting = false;
  for (const w of waits) {
    if (w.from > asOf) continue;
    const end = w.to && w.to <= asOf ? w.to : asOf;
    if (!w.to || w.to > asOf) waiting = true;
    if (end < entered) continue;
    const start = jakartaDate(w.from) > from ? jakartaDate(w.from) : from;
    paused += calendar.workingDaysAfter(start, jakartaDate(end));
  }
  return { age: Math.max(0, calendar.workingDaysAfter(from, until) - paused), waiting };
}
