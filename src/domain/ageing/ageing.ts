import { QueryTypes } from 'sequelize';
import { AGEING_STAGES, serviceLevels, type AgeingStage, type ServiceLevels, type Stage } from '../../../config/service-levels.js';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Models } from '../../db/models/index.js';
import type { WorkingCalendar } from '../campaign/working-days.js';
import { parseDbDate } from '../shared/db-date.js';
import { jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { STATUS_AS_OF } from '../submissions/completion.js';
import { categoryInSql, waitingForVerifierSql } from '../submissions/work-queue.js';
import { num, placedSql, sequelizeOf } from '../reports/data/report-scope.js';
import { bkpsdmWaits, consultedSql, pausedAge, waitingOnBkpsdmAtSql, waitingQuestionsSql } from './bkpsdm-wait.js';

/**
 * Ageing of the open items against the service-level targets (config/service-levels.json), in
 * working days (src/domain/campaign/working-days.ts).
 *
 * The stages and what is open in each, as of an instant (statuses as of then, derived from the
 * history like the reports do: STATUS_AS_OF), following the state machine (submissions/rules.ts):
 * - verification   ("Verifikasi OPD"): waiting for the OPD verifier — the verifier queue of
 *                  work-queue.ts (status 'submitted', a category the OPD verifies, employee active);
 * - bkn_validation ("Validasi BKN"): 'verified', of a category Kanreg BKN validates;
 * - approval       ("Persetujuan BKPSDM"): 'validated', or 'verified' of a category without BKN
 *                  validation; (bkn_validation and approval: employee active too — a deactivated
 *                  employee's items leave every queue, see WorkflowService.inbox)
 * - helpdesk       ("Helpdesk"): tickets open or in progress (not yet resolved at the instant);
 * - bkpsdm_answer  ("Menunggu jawaban BKPSDM"): a question of the verifier (or Kanreg BKN) to BKPSDM
 *                  waiting for its answer at the instant (bkpsdm-wait.ts). While it waits, the
 *                  submission is in this stage only; once answered, the clock of its own stage
 *                  continues without the working days it waited (pausedAge).
 * Items with the employee (needs_fix) wait for the ASN, not for an officer: not aged here.
 *
 * Entry into the stage: the item's latest history event into its current status up to the
 * instant (a returned and resubmitted item starts again); submitted_at when there is none (an
 * imported item); a ticket's creation.
 *
 * Age: working days after the entry day up to the instant's day (entered Friday, seen Monday: 1).
 * State with target T and atRiskDays A: "terlambat" (overdue) when age > T; "berisiko" (at risk)
 * when T - A < age <= T; else "sesuai target". The second escalation threshold: age > T + E
 * (secondEscalationDays).
 *
 * In SQL: "age >= k" is "entered before the start of the k-th working day back from today", so
 * the states are counted by comparing the entry instant with three instants computed from the
 * calendar — one grouped query per stage, whatever the number of items.
 */

export const STAGE_LABELS: Record<AgeingStage, string> = {
  verification: 'Verifikasi OPD',
  bkn_validation: 'Validasi BKN',
  approval: 'Persetujuan BKPSDM',
  helpdesk: 'Helpdesk',
  bkpsdm_answer: 'Menunggu jawaban BKPSDM',
};

export const AGEING_STATES = ['on_track', 'at_risk', 'overdue'] as const;
export type AgeingState = (typeof AGEING_STATES)[number];
export const AGEING_STATE_LABELS: Record<AgeingState, string> = {
  on_track: 'sesuai target',
  at_risk: 'berisiko',
  overdue: 'terlambat',
};

/** The state of an item of that age at that target (pure). */
export function ageingState(ageDays: number, targetDays: number, levels: Pick<ServiceLevels, 'atRiskDays'> = serviceLevels()): AgeingState {
  if (ageDays > targetDays) return 'overdue';
  if (ageDays > targetDays - levels.atRiskDays) return 'at_risk';
  return 'on_track';
}

/** The age in working days of an item that entered its stage at `entered`, seen at `asOf`. */
export function ageInWorkingDays(calendar: WorkingCalendar, entered: Date, asOf: Date): number {
  return calendar.workingDaysAfter(jakartaDate(entered), jakartaDate(asOf));
}

/**
 * The ages in working days at asOf of open submission items (id, entered in their stage), each
 * without the working days it waited on BKPSDM since its entry (bkpsdm-wait.ts): the one rule for
 * an item's age, as ageingReport counts it, for the listings.
 */
export async function submissionItemAges(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  items: ReadonlyArray<{ id: number; entered: Date }>,
): Promise<Map<number, number>> {
  const waits = await bkpsdmWaits(
    models,
    items.map((i) => i.id),
    asOf,
  );
  return new Map(items.map((i) => [i.id, pausedAge(calendar, i.entered, asOf, waits.get(i.id) ?? []).age]));
}

/** The instant before which an item has an age of at least k working days at asOf (k >= 1). */
export function ageAtLeastBefore(calendar: WorkingCalendar, asOf: Date, k: number): Date {
  return startOfJakartaDay(calendar.nthWorkingDayBack(jakartaDate(asOf), k));
}

export interface StageAgeing {
  stage: AgeingStage;
  label: string;
  targetDays: number;
  total: number;
  onTrack: number;
  atRisk: number;
  overdue: number;
  /** Past the second escalation threshold (a subset of overdue). */
  pastSecondThreshold: number;
  /** Age in working days of the oldest item; null when the stage is empty. */
  oldestDays: number | null;
}

export interface AgeingReport {
  asOf: Date;
  stages: StageAgeing[];
  totals: { total: number; onTrack: number; atRisk: number; overdue: number };
}

export interface AgeingOptions {
  /** One OPD (its submissions by their employee's OPD at asOf; its tickets by the ticket's OPD); omitted: the regency. */
  opdId?: number;
  levels?: ServiceLevels;
  ref?: ReferenceData;
}

/** SQL over alias `y` (opd_id, employee_active, category, st): the item is open in `stage` (not helpdesk). */
function stageSql(stage: Exclude<Stage, 'helpdesk'>, ref: ReferenceData): string {
  const all = ref.categories.map((c) => c.code);
  const bkn = ref.categories.filter((c) => c.validatedByBkn).map((c) => c.code);
  const notBkn = ref.categories.filter((c) => !c.validatedByBkn).map((c) => c.code);
  const active = 'y.employee_active = 1';
  // While a question on the item waits for BKPSDM's answer (as of the instant, from the thread's
  // history), the wait is BKPSDM's: the item is in the bkpsdm_answer stage, not in its own.
  const notWaitingOnBkpsdm = `NOT ${waitingOnBkpsdmAtSql('y.id')}`;
  if (stage === 'verification')
    return `${waitingForVerifierSql('y', { status: 'y.st', employeeActive: active }, ref)} AND ${notWaitingOnBkpsdm}`;
  if (stage === 'bkn_validation')
    return [`y.st = 'verified'`, categoryInSql('y.category', bkn, all), active, notWaitingOnBkpsdm].filter(Boolean).join(' AND ');
  const verifiedNoBkn = [`y.st = 'verified'`, categoryInSql('y.category', notBkn, all)].filter(Boolean).join(' AND ');
  return `(y.st = 'validated' OR (${verifiedNoBkn})) AND ${active} AND ${notWaitingOnBkpsdm}`;
}

const STAGE_STATUSES = "('submitted', 'verified', 'validated')";

/**
 * SQL: the open submissions of a stage as of :asOf, one row each — id, opd_id, entered (+ the
 * employee and category for listings). `inOpd` narrows by the employee's OPD at asOf.
 */
export function openItemsSql(
  stage: Exclude<Stage, 'helpdesk'>,
  opts: { inOpd?: boolean; ref?: ReferenceData; /** Only the submissions :ids. */ onlyIds?: boolean } = {},
): string {
  const ref = opts.ref ?? referenceData();
  return `SELECT y.id AS id, y.opd_id AS opd_id, y.employee_id AS employee_id, y.category AS category,
      COALESCE((SELECT MAX(ev.created_at) FROM submission_events ev
                WHERE ev.submission_id = y.id AND ev.to_status = y.st AND ev.created_at <= :asOf), y.submitted_at) AS entered
    FROM (SELECT s.id AS id, s.employee_id AS employee_id, s.submitted_at AS submitted_at, s.category AS category,
                 ep.opd_id AS opd_id, ep.active AS employee_active, ${STATUS_AS_OF('s')} AS st
          FROM submissions s JOIN (${placedSql({ where: opts.inOpd ? 'p.opd_id = :opdId' : undefined, activeOnly: false })}) ep
            ON ep.employee_id = s.employee_id
          WHERE s.submitted_at <= :asOf AND (s.status IN ${STAGE_STATUSES} OR s.updated_at > :asOf)${opts.onlyIds ? ' AND s.id IN (:ids)' : ''}) y
    WHERE ${stageSql(stage, ref)}`;
}

/** SQL: helpdesk tickets open at :asOf (id, opd_id, entered). */
export function openTicketsSql(opts: { inOpd?: boolean } = {}): string {
  return `SELECT t.id AS id, t.opd_id AS opd_id, t.created_at AS entered
    FROM helpdesk_tickets t
    WHERE t.created_at <= :asOf
      AND (t.status IN ('open', 'in_progress') OR t.resolved_at > :asOf)
      ${opts.inOpd ? 'AND t.opd_id = :opdId' : ''}`;
}

/** Ageing by stage and state of the open items, for one OPD or the regency, as of asOf. */
export async function ageingReport(models: Models, calendar: WorkingCalendar, asOf: Date, opts: AgeingOptions = {}): Promise<AgeingReport> {
  const levels = opts.levels ?? serviceLevels();
  const ref = opts.ref ?? referenceData();
  const sequelize = sequelizeOf(models);
  const inOpd = opts.opdId !== undefined;
  const stages: StageAgeing[] = [];
  for (const stage of AGEING_STAGES) {
    const T = levels.targets[stage];
    const repl: Record<string, unknown> = {
      asOf,
      ...(inOpd ? { opdId: opts.opdId } : {}),
      overdueBefore: ageAtLeastBefore(calendar, asOf, T + 1),
      riskBefore: ageAtLeastBefore(calendar, asOf, Math.max(1, T - levels.atRiskDays + 1)),
      secondBefore: ageAtLeastBefore(calendar, asOf, T + levels.secondEscalationDays + 1),
    };
    const inner =
      stage === 'helpdesk'
        ? openTicketsSql({ inOpd })
        : stage === 'bkpsdm_answer'
          ? waitingQuestionsSql({ inOpd })
          : openItemsSql(stage, { inOpd, ref });
    // A submission that waited on BKPSDM since its entry is aged apart (its waits taken out); the
    // others, nearly all, are counted here from their entry.
    const paused = stage !== 'helpdesk' && stage !== 'bkpsdm_answer';
    const where = paused ? `WHERE NOT ${consultedSql('z.id')}` : '';
    // atRiskDays 0: nobody is at risk (riskBefore would equal overdueBefore's neighbour otherwise).
    const atRisk = levels.atRiskDays > 0 ? 'z.entered < :riskBefore AND z.entered >= :overdueBefore' : '1 = 0';
    const [row] = await sequelize.query<Record<string, unknown>>(
      `SELECT COUNT(*) AS n,
          SUM(CASE WHEN z.entered < :overdueBefore THEN 1 ELSE 0 END) AS overdue,
          SUM(CASE WHEN ${atRisk} THEN 1 ELSE 0 END) AS at_risk,
          SUM(CASE WHEN z.entered < :secondBefore THEN 1 ELSE 0 END) AS second,
          MIN(z.entered) AS oldest
       FROM (${inner}) z ${where}`,
      { type: QueryTypes.SELECT, replacements: repl },
    );
    const oldest = num(row?.n) ? parseDbDate(row?.oldest) : null;
    const counts = {
      total: num(row?.n),
      overdue: num(row?.overdue),
      atRisk: num(row?.at_risk),
      second: num(row?.second),
      oldestDays: oldest ? ageInWorkingDays(calendar, oldest, asOf) : null,
    };
    if (paused) {
      for (const { age } of await waitedRows(models, calendar, asOf, stage, { inOpd, ref }, repl)) {
        const state = ageingState(age, T, levels);
        counts.total++;
        if (state === 'overdue') counts.overdue++;
        if (state === 'at_risk') counts.atRisk++;
        if (age > T + levels.secondEscalationDays) counts.second++;
        counts.oldestDays = Math.max(counts.oldestDays ?? 0, age);
      }
    }
    stages.push({
      stage,
      label: STAGE_LABELS[stage],
      targetDays: T,
      total: counts.total,
      onTrack: counts.total - counts.overdue - counts.atRisk,
      atRisk: counts.atRisk,
      overdue: counts.overdue,
      pastSecondThreshold: counts.second,
      oldestDays: counts.oldestDays,
    });
  }
  const totals = stages.reduce(
    (t, s) => ({ total: t.total + s.total, onTrack: t.onTrack + s.onTrack, atRisk: t.atRisk + s.atRisk, overdue: t.overdue + s.overdue }),
    { total: 0, onTrack: 0, atRisk: 0, overdue: 0 },
  );
  return { asOf, stages, totals };
}

/**
 * The open items of a stage that have a consultation, with their ages without the working days
 * they waited on BKPSDM since their entry (none consulted: no query).
 */
async function waitedRows(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  stage: Exclude<Stage, 'helpdesk'>,
  opts: { inOpd?: boolean; ref: ReferenceData },
  repl: Record<string, unknown>,
): Promise<Array<{ row: Record<string, unknown>; entered: Date; age: number }>> {
  const consulted = await models.Consultation.findAll({ attributes: ['submissionId'], group: ['submissionId'], raw: true });
  if (!consulted.length) return [];
  const inner = openItemsSql(stage, { ...opts, onlyIds: true });
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(`SELECT z.* FROM (${inner}) z`, {
    type: QueryTypes.SELECT,
    replacements: { ...repl, ids: consulted.map((c) => c.submissionId) },
  });
  if (!rows.length) return [];
  const waits = await bkpsdmWaits(
    models,
    rows.map((r) => num(r.id)),
    asOf,
  );
  return rows.flatMap((row) => {
    const entered = parseDbDate(row.entered)!;
    const { age, waiting } = pausedAge(calendar, entered, asOf, waits.get(num(row.id)) ?? []);
    return waiting ? [] : [{ row, entered, age }];
  });
}

/** A submission's employee, OPD (the employee's at the instant) and category, as the escalation lists them. */
export interface SubmissionDetails {
  opdId: number;
  opdName: string;
  nip: string;
  name: string;
  category: string;
  categoryLabel: string;
}

export interface OverdueItem extends SubmissionDetails {
  submissionId: number;
  stage: Exclude<Stage, 'helpdesk'>;
  entered: Date;
  ageDays: number;
  targetDays: number;
}

/**
 * The submissions overdue at asOf in the given stages (age > target), oldest first, with their
 * employee, OPD and age: the escalation job's list. Only overdue rows leave the database.
 */
export async function overdueSubmissions(
  models: Models,
  calendar: WorkingCalendar,
  asOf: Date,
  stages: ReadonlyArray<Exclude<Stage, 'helpdesk'>>,
  opts: { levels?: ServiceLevels; ref?: ReferenceData } = {},
): Promise<OverdueItem[]> {
  const levels = opts.levels ?? serviceLevels();
  const ref = opts.ref ?? referenceData();
  const out: OverdueItem[] = [];
  for (const stage of stages) {
    const T = levels.targets[stage];
    const repl = { asOf, overdueBefore: ageAtLeastBefore(calendar, asOf, T + 1) };
    const inner = openItemsSql(stage, { ref });
    const found: Array<{ r: Record<string, unknown>; entered: Date; ageDays: number }> = [];
    // Nearly all: aged from their entry in SQL; only overdue rows leave the database.
    const rows = await sequelizeOf(models).query<Record<string, unknown>>(
      `SELECT z.id AS id, z.entered AS entered FROM (${inner}) z
       WHERE z.entered < :overdueBefore AND NOT ${consultedSql('z.id')}`,
      { type: QueryTypes.SELECT, replacements: repl },
    );
    for (const r of rows) {
      const entered = parseDbDate(r.entered)!;
      found.push({ r, entered, ageDays: ageInWorkingDays(calendar, entered, asOf) });
    }
    // Those that waited on BKPSDM: their age without the waits.
    for (const w of await waitedRows(models, calendar, asOf, stage, { ref }, repl))
      if (w.age > T) found.push({ r: w.row, entered: w.entered, ageDays: w.age });
    const details = await submissionDetails(
      models,
      found.map((f) => num(f.r.id)),
      asOf,
      ref,
    );
    found.sort((a, b) => a.entered.getTime() - b.entered.getTime() || num(a.r.id) - num(b.r.id));
    for (const f of found) {
      const d = details.get(num(f.r.id))!;
      out.push({
        submissionId: num(f.r.id),
        stage,
        ...d,
        entered: f.entered,
        ageDays: f.ageDays,
        targetDays: T,
      });
    }
  }
  return out;
}

/** Employee, OPD (the employee's at asOf) and category of these submissions, in one query. */
export async function submissionDetails(
  models: Models,
  ids: readonly number[],
  asOf: Date,
  ref: ReferenceData = referenceData(),
): Promise<Map<number, SubmissionDetails>> {
  const out = new Map<number, SubmissionDetails>();
  if (!ids.length) return out;
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(
    `SELECT s.id AS id, s.category AS category, e.nip AS nip, e.name AS name, o.id AS opd_id, o.name AS opd_name
     FROM submissions s
     JOIN employees e ON e.id = s.employee_id
     JOIN (${placedSql({ activeOnly: false })}) ep ON ep.employee_id = s.employee_id
     JOIN opds o ON o.id = ep.opd_id
     WHERE s.id IN (:ids)`,
    { type: QueryTypes.SELECT, replacements: { asOf, ids: [...new Set(ids)] } },
  );
  for (const r of rows)
    out.set(num(r.id), {
      opdId: num(r.opd_id),
      opdName: String(r.opd_name),
      nip: String(r.nip),
      name: String(r.name),
      category: String(r.category),
      categoryLabel: ref.category(String(r.category))?.label ?? String(r.category),
    });
  return out;
}
