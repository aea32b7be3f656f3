import { QueryTypes } from 'sequelize';
import { serviceLevels, STAGES, type ServiceLevels, type Stage } from '../../../config/service-levels.js';
import { referenceData, type ReferenceData } from '../../../config/reference-data.js';
import type { Models } from '../../db/models/index.js';
import type { WorkingCalendar } from '../campaign/working-days.js';
import { parseDbDate } from '../shared/db-date.js';
import { jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { STATUS_AS_OF } from '../submissions/completion.js';
import { categoryInSql, waitingForVerifierSql } from '../submissions/work-queue.js';
import { num, placedSql, sequelizeOf } from '../reports/data/report-scope.js';

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
 * - helpdesk       ("Helpdesk"): tickets open or in progress (not yet resolved at the instant).
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

export const STAGE_LABELS: Record<Stage, string> = {
  verification: 'Verifikasi OPD',
  bkn_validation: 'Validasi BKN',
  approval: 'Persetujuan BKPSDM',
  helpdesk: 'Helpdesk',
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

/** The instant before which an item has an age of at least k working days at asOf (k >= 1). */
export function ageAtLeastBefore(calendar: WorkingCalendar, asOf: Date, k: number): Date {
  return startOfJakartaDay(calendar.nthWorkingDayBack(jakartaDate(asOf), k));
}

export interface StageAgeing {
  stage: Stage;
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
  // While the verifier (or BKN validator) waits for BKPSDM's answer to a question on the item, the
  // wait is BKPSDM's, not theirs: the item leaves their stage (BKPSDM's queue on the dashboard ages it).
  const notWaitingOnBkpsdm = 'COALESCE(y.awaiting_bkpsdm, 0) = 0';
  if (stage === 'verification')
    return `${waitingForVerifierSql('y', { status: 'y.st', employeeActive: active }, ref)} AND ${notWaitingOnBkpsdm}`;
  if (stage === 'bkn_validation')
    return [`y.st = 'verified'`, categoryInSql('y.category', bkn, all), active, notWaitingOnBkpsdm].filter(Boolean).join(' AND ');
  const verifiedNoBkn = [`y.st = 'verified'`, categoryInSql('y.category', notBkn, all)].filter(Boolean).join(' AND ');
  return `(y.st = 'validated' OR (${verifiedNoBkn})) AND ${active}`;
}

const STAGE_STATUSES = "('submitted', 'verified', 'validated')";

/**
 * SQL: the open submissions of a stage as of :asOf, one row each — id, opd_id, entered (+ the
 * employee and category for listings). `inOpd` narrows by the employee's OPD at asOf.
 */
export function openItemsSql(stage: Exclude<Stage, 'helpdesk'>, opts: { inOpd?: boolean; ref?: ReferenceData } = {}): string {
  const ref = opts.ref ?? referenceData();
  return `SELECT y.id AS id, y.opd_id AS opd_id, y.employee_id AS employee_id, y.category AS category,
      COALESCE((SELECT MAX(ev.created_at) FROM submission_events ev
                WHERE ev.submission_id = y.id AND ev.to_status = y.st AND ev.created_at <= :asOf), y.submitted_at) AS entered
    FROM (SELECT s.id AS id, s.employee_id AS employee_id, s.submitted_at AS submitted_at, s.category AS category,
                 s.awaiting_bkpsdm AS awaiting_bkpsdm,
                 ep.opd_id AS opd_id, ep.active AS employee_active, ${STATUS_AS_OF('s')} AS st
          FROM submissions s JOIN (${placedSql({ where: opts.inOpd ? 'p.opd_id = :opdId' : undefined, activeOnly: false })}) ep
            ON ep.employee_id = s.employee_id
          WHERE s.submitted_at <= :asOf AND (s.status IN ${STAGE_STATUSES} OR s.updated_at > :asOf)) y
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
  for (const stage of STAGES) {
    const T = levels.targets[stage];
    const repl: Record<string, unknown> = {
      asOf,
      ...(inOpd ? { opdId: opts.opdId } : {}),
      overdueBefore: ageAtLeastBefore(calendar, asOf, T + 1),
      riskBefore: ageAtLeastBefore(calendar, asOf, Math.max(1, T - levels.atRiskDays + 1)),
      secondBefore: ageAtLeastBefore(calendar, asOf, T + levels.secondEscalationDays + 1),
    };
    const inner = stage === 'helpdesk' ? openTicketsSql({ inOpd }) : openItemsSql(stage, { inOpd, ref });
    // atRiskDays 0: nobody is at risk (riskBefore would equal overdueBefore's neighbour otherwise).
    const atRisk = levels.atRiskDays > 0 ? 'z.entered < :riskBefore AND z.entered >= :overdueBefore' : '1 = 0';
    const [row] = await sequelize.query<Record<string, unknown>>(
      `SELECT COUNT(*) AS n,
          SUM(CASE WHEN z.entered < :overdueBefore THEN 1 ELSE 0 END) AS overdue,
          SUM(CASE WHEN ${atRisk} THEN 1 ELSE 0 END) AS at_risk,
          SUM(CASE WHEN z.entered < :secondBefore THEN 1 ELSE 0 END) AS second,
          MIN(z.entered) AS oldest
       FROM (${inner}) z`,
      { type: QueryTypes.SELECT, replacements: repl },
    );
    const total = num(row?.n);
    const overdue = num(row?.overdue);
    const risk = num(row?.at_risk);
    const oldest = total ? parseDbDate(row?.oldest) : null;
    stages.push({
      stage,
      label: STAGE_LABELS[stage],
      targetDays: T,
      total,
      onTrack: total - overdue - risk,
      atRisk: risk,
      overdue,
      pastSecondThreshold: num(row?.second),
      oldestDays: oldest ? ageInWorkingDays(calendar, oldest, asOf) : null,
    });
  }
  const totals = stages.reduce(
    (t, s) => ({ total: t.total + s.total, onTrack: t.onTrack + s.onTrack, atRisk: t.atRisk + s.atRisk, overdue: t.overdue + s.overdue }),
    { total: 0, onTrack: 0, atRisk: 0, overdue: 0 },
  );
  return { asOf, stages, totals };
}

export interface OverdueItem {
  submissionId: number;
  stage: Exclude<Stage, 'helpdesk'>;
  opdId: number;
  opdName: string;
  nip: string;
  name: string;
  category: string;
  categoryLabel: string;
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
    const rows = await sequelizeOf(models).query<Record<string, unknown>>(
      `SELECT z.id AS id, z.opd_id AS opd_id, z.category AS category, z.entered AS entered,
              e.nip AS nip, e.name AS name, o.name AS opd_name
       FROM (${openItemsSql(stage, { ref })}) z
       JOIN employees e ON e.id = z.employee_id
       JOIN opds o ON o.id = z.opd_id
       WHERE z.entered < :overdueBefore
       ORDER BY z.entered, z.id`,
      { type: QueryTypes.SELECT, replacements: { asOf, overdueBefore: ageAtLeastBefore(calendar, asOf, T + 1) } },
    );
    for (const r of rows) {
      const entered = parseDbDate(r.entered)!;
      const code = String(r.category);
      out.push({
        submissionId: num(r.id),
        stage,
        opdId: num(r.opd_id),
        opdName: String(r.opd_name),
        nip: String(r.nip),
        name: String(r.name),
        category: code,
        categoryLabel: ref.category(code)?.label ?? code,
        entered,
        ageDays: ageInWorkingDays(calendar, entered, asOf),
        targetDays: T,
      });
    }
  }
  return out;
}
