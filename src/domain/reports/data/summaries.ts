import { QueryTypes, type Sequelize } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import { parseDbDate } from '../../shared/db-date.js';
import { completionSql, STATUS_AS_OF } from '../../submissions/completion.js';
import { waitingForVerifierSql } from '../../submissions/work-queue.js';
import { baseReplacements, num, placedSql, scopeFor, sequelizeOf, type ReportScope } from './report-scope.js';

/**
 * The key numbers of an OPD as of an instant (see report-scope.ts for what "as of" means):
 * - ASN by type; activated / password changed: mysapk_activated_at / password_changed_at <= asOf;
 *   with a submission and completed: src/domain/submissions/completion.ts.
 * - backlog: the submissions waiting for the OPD verifier as of asOf (work-queue.ts, the same
 *   definition as the verifier's inbox: status 'submitted' as of asOf, a category the OPD verifies,
 *   employee active at asOf — whatever the campaign). Oldest age = whole elapsed days (floor of
 *   24 h periods) from the item's latest entry into the queue (its last history event into
 *   'submitted' up to asOf: a returned item counts from its resubmission; submitted_at when it
 *   has no such event) to asOf.
 * - percentages: of the employee total, one decimal, rounded DOWN (a share shown as 50,0 % or
 *   100,0 % has really reached it); 0 when the total is 0.
 * - colour band: on the exact fraction completed / total (cross-multiplied integers, never the
 *   rounded percentage); an OPD without ASN has none.
 */

export interface OpdSummary {
  opdId: number;
  opdCode: string;
  opdName: string;
  total: number;
  byType: { PNS: number; CPNS: number; PPPK: number };
  activated: number;
  passwordChanged: number;
  withSubmission: number;
  completed: number;
  pctActivated: number;
  pctPasswordChanged: number;
  pctWithSubmission: number;
  pctCompleted: number; // 0..100, one decimal
  backlog: number;
  backlogOldestDays: number | null;
}

export type Band = 'red' | 'amber' | 'green';

/**
 * Completion colour on the exact fraction completed / total: below 1/2 red, below 4/5 amber,
 * else green; null for an OPD without ASN (nothing to colour).
 */
export function band(s: { completed: number; total: number }): Band | null {
  if (!s.total) return null;
  if (2 * s.completed < s.total) return 'red';
  if (5 * s.completed < 4 * s.total) return 'amber';
  return 'green';
}

/**
 * part / total as a percentage with one decimal, rounded down (49.95 % → 49.9 %, never a
 * threshold or 100 % that is not reached); 0 when total is 0.
 */
export function pct(part: number, total: number): number {
  if (!total) return 0;
  return Math.floor((part * 1000) / total) / 10;
}

/** Whole elapsed days (floor of 24 h periods) from `from` to `to`; never negative. */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86400000));
}

interface OpdRow {
  id: number;
  code: string;
  name: string;
  active: boolean | number;
}

export function emptySummary(opd: { id: number; code: string; name: string }): OpdSummary {
  return finishSummary({
    opdId: opd.id,
    opdCode: opd.code,
    opdName: opd.name,
    total: 0,
    byType: { PNS: 0, CPNS: 0, PPPK: 0 },
    activated: 0,
    passwordChanged: 0,
    withSubmission: 0,
    completed: 0,
    backlog: 0,
    backlogOldestDays: null,
  });
}

function finishSummary(s: Omit<OpdSummary, 'pctActivated' | 'pctPasswordChanged' | 'pctWithSubmission' | 'pctCompleted'>): OpdSummary {
  return {
    ...s,
    pctActivated: pct(s.activated, s.total),
    pctPasswordChanged: pct(s.passwordChanged, s.total),
    pctWithSubmission: pct(s.withSubmission, s.total),
    pctCompleted: pct(s.completed, s.total),
  };
}

/**
 * The verifier backlog per OPD as of :asOf: the items waiting for the OPD verifier
 * (work-queue.ts, with the status as of asOf and the employee's period covering asOf), whatever
 * their campaign, and the oldest latest entry into the queue.
 */
async function backlogQuery(sequelize: Sequelize, repl: Record<string, unknown>, inOpds?: string): Promise<Array<Record<string, unknown>>> {
  const waiting = waitingForVerifierSql('x', { status: 'x.st', employeeActive: 'x.employee_active = 1' });
  return sequelize.query<Record<string, unknown>>(
    `SELECT x.opd_id AS opd_id, COUNT(*) AS backlog, MIN(x.entered) AS oldest
     FROM (SELECT ep.opd_id AS opd_id, ep.active AS employee_active, s.category AS category, ${STATUS_AS_OF('s')} AS st,
                  COALESCE((SELECT MAX(ev.created_at) FROM submission_events ev
                            WHERE ev.submission_id = s.id AND ev.to_status = 'submitted' AND ev.kind = 'transition' AND ev.created_at <= :asOf), s.submitted_at) AS entered
           FROM submissions s JOIN (${placedSql({ where: inOpds, activeOnly: false })}) ep ON ep.employee_id = s.employee_id
           WHERE s.submitted_at <= :asOf AND (s.status = 'submitted' OR s.updated_at > :asOf)) x
     WHERE ${waiting}
     GROUP BY x.opd_id`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
}

/**
 * The key numbers of every OPD in three grouped queries (OPD list, employee measures joined with
 * per-employee completion, backlog) plus the campaign lookup — independent of the number of OPDs
 * and employees. Employees are counted in the OPD of their period covering asOf. Without `opdIds`: every active OPD, plus any inactive OPD that still has
 * counted employees or backlog. With `opdIds`: exactly those OPDs (unknown ids are skipped).
 * Sorted by OPD code.
 */
export async function opdSummaries(models: Models, asOf: Date, opdIds?: number[]): Promise<OpdSummary[]> {
  return summariesForScope(models, await scopeFor(models, asOf), opdIds);
}

export async function summariesForScope(models: Models, scope: ReportScope, opdIds?: number[]): Promise<OpdSummary[]> {
  if (opdIds && opdIds.length === 0) return [];
  const sequelize = sequelizeOf(models);
  const repl: Record<string, unknown> = { ...baseReplacements(scope) };
  if (opdIds) repl.opdIds = opdIds;

  const opds = (await models.Opd.findAll({
    attributes: ['id', 'code', 'name', 'active'],
    where: opdIds ? { id: opdIds } : undefined,
    order: [['code', 'ASC']],
    raw: true,
  })) as unknown as OpdRow[];

  const inOpds = opdIds ? 'p.opd_id IN (:opdIds)' : undefined;
  const empRows = await sequelize.query<Record<string, unknown>>(
    `SELECT ep.opd_id AS opd_id, COUNT(*) AS total,
        SUM(CASE WHEN e.employee_type = 'PNS' THEN 1 ELSE 0 END) AS pns,
        SUM(CASE WHEN e.employee_type = 'CPNS' THEN 1 ELSE 0 END) AS cpns,
        SUM(CASE WHEN e.employee_type = 'PPPK' THEN 1 ELSE 0 END) AS pppk,
        SUM(CASE WHEN e.mysapk_activated_at <= :asOf THEN 1 ELSE 0 END) AS activated,
        SUM(CASE WHEN e.password_changed_at <= :asOf THEN 1 ELSE 0 END) AS password_changed,
        SUM(CASE WHEN pe.n > 0 THEN 1 ELSE 0 END) AS with_submission,
        SUM(CASE WHEN pe.completed = 1 THEN 1 ELSE 0 END) AS completed
     FROM (${placedSql({ where: inOpds })}) ep
     JOIN employees e ON e.id = ep.employee_id
     LEFT JOIN (${completionSql(scope, opdIds ? { where: `s.employee_id IN (${placedSql({ where: inOpds, idsOnly: true })})` } : {})}) pe
       ON pe.employee_id = e.id
     GROUP BY ep.opd_id`,
    { type: QueryTypes.SELECT, replacements: repl },
  );

  const backlogRows = await backlogQuery(sequelize, repl, inOpds);

  const byEmp = new Map(empRows.map((r) => [num(r.opd_id), r]));
  const byBacklog = new Map(backlogRows.map((r) => [num(r.opd_id), r]));
  const out: OpdSummary[] = [];
  for (const o of opds) {
    const e = byEmp.get(o.id);
    const b = byBacklog.get(o.id);
    if (!opdIds && !o.active && !e && !b) continue;
    if (!e && !b) {
      out.push(emptySummary(o));
      continue;
    }
    const oldest = b ? parseDbDate(b.oldest) : null;
    out.push(
      finishSummary({
        opdId: o.id,
        opdCode: o.code,
        opdName: o.name,
        total: num(e?.total),
        byType: { PNS: num(e?.pns), CPNS: num(e?.cpns), PPPK: num(e?.pppk) },
        activated: num(e?.activated),
        passwordChanged: num(e?.password_changed),
        withSubmission: num(e?.with_submission),
        completed: num(e?.completed),
        backlog: num(b?.backlog),
        backlogOldestDays: oldest ? wholeDaysBetween(oldest, scope.asOf) : null,
      }),
    );
  }
  return out;
}

/** Sum of summaries (counts added, percentages recomputed, oldest backlog = the maximum). */
export function sumSummaries(
  list: OpdSummary[],
  id: { opdId: number; opdCode: string; opdName: string } = { opdId: 0, opdCode: 'TOTAL', opdName: 'Jumlah' },
): OpdSummary {
  const t = emptySummary({ id: id.opdId, code: id.opdCode, name: id.opdName });
  let oldest: number | null = null;
  for (const s of list) {
    t.total += s.total;
    t.byType.PNS += s.byType.PNS;
    t.byType.CPNS += s.byType.CPNS;
    t.byType.PPPK += s.byType.PPPK;
    t.activated += s.activated;
    t.passwordChanged += s.passwordChanged;
    t.withSubmission += s.withSubmission;
    t.completed += s.completed;
    t.backlog += s.backlog;
    if (s.backlogOldestDays !== null) oldest = oldest === null ? s.backlogOldestDays : Math.max(oldest, s.backlogOldestDays);
  }
  return finishSummary({ ...t, backlogOldestDays: oldest });
}

/** A change since the last report: the counts' differences, the percentages' in points (one decimal). */
export type SummaryDelta = Omit<OpdSummary, 'opdId' | 'opdCode' | 'opdName' | 'backlogOldestDays'>;

/** Change since the last report (current - previous); null when there is no previous report. */
export function summaryDelta(current: OpdSummary, previous: OpdSummary | null | undefined): SummaryDelta | null {
  if (!previous) return null;
  const d1 = (a: number, b: number) => Math.round((a - b) * 10) / 10;
  return {
    total: current.total - previous.total,
    byType: {
      PNS: current.byType.PNS - (previous.byType?.PNS ?? 0),
      CPNS: current.byType.CPNS - (previous.byType?.CPNS ?? 0),
      PPPK: current.byType.PPPK - (previous.byType?.PPPK ?? 0),
    },
    activated: current.activated - previous.activated,
    passwordChanged: current.passwordChanged - previous.passwordChanged,
    withSubmission: current.withSubmission - previous.withSubmission,
    completed: current.completed - previous.completed,
    pctActivated: d1(current.pctActivated, previous.pctActivated),
    pctPasswordChanged: d1(current.pctPasswordChanged, previous.pctPasswordChanged),
    pctWithSubmission: d1(current.pctWithSubmission, previous.pctWithSubmission),
    pctCompleted: d1(current.pctCompleted, previous.pctCompleted),
    backlog: current.backlog - previous.backlog,
  };
}

/** Number of ASN counted at asOf per OPD (employees' periods covering asOf): who gets an OPD report. */
export async function countedEmployeesByOpd(models: Models, asOf: Date, opdIds?: number[]): Promise<Map<number, number>> {
  if (opdIds && opdIds.length === 0) return new Map();
  const rows = await sequelizeOf(models).query<{ opd_id: unknown; n: unknown }>(
    `SELECT ep.opd_id AS opd_id, COUNT(*) AS n FROM (${placedSql({ where: opdIds ? 'p.opd_id IN (:opdIds)' : undefined })}) ep GROUP BY ep.opd_id`,
    { type: QueryTypes.SELECT, replacements: { asOf, opdIds } },
  );
  return new Map(rows.map((r) => [num(r.opd_id), num(r.n)]));
}
