import { QueryTypes, type Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { SUBMISSION_STATUSES } from '../shared/constants.js';
import { parseDbDate } from '../shared/db-date.js';
import { NotFoundError } from '../shared/errors.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import { completionReplacements, completionSql, countedSubmissionSql, STATUS_AS_OF } from '../submissions/completion.js';
import { waitingForVerifierSql } from '../submissions/work-queue.js';

export { parseDbDate };

/**
 * Report data: the completion numbers of the PDM campaign, per OPD and per regency, "as of" an
 * instant. Everything is computed with grouped SQL that runs unchanged on SQLite and MySQL/MariaDB
 * (no dialect date functions: every instant is a Sequelize replacement, which Sequelize formats
 * exactly like the stored values — 'YYYY-MM-DD HH:MM:SS.SSS +00:00' text on SQLite, DATETIME on
 * MySQL — so plain comparisons are chronological on both).
 *
 * As-of semantics (what "as of asOf" means for each measure):
 * - employee counted, and in which OPD: from the placement history (employee_placements, see
 *   src/domain/employees/employee-placement.ts) — the employee's period covering asOf
 *   (valid_from <= asOf < valid_to) is active, and its OPD is where they are counted. A move or a
 *   (de)activation after asOf does not change a report as of asOf.
 * - activated / password changed: mysapk_activated_at / password_changed_at <= asOf.
 * - submission counted, completed employee: src/domain/submissions/completion.ts (the one
 *   definition the deadline flag and the sanction list use too): submitted_at <= asOf and of the
 *   report's campaign (see resolveCampaign): campaign_id = campaign, or campaign_id IS NULL and
 *   submitted on/after the campaign's helpdesk start. Without any campaign: every submission.
 *   Status as of asOf is derived from submission_events (STATUS_AS_OF).
 * - every measure follows the OPD of the employee as of asOf, submissions included (a submission
 *   moves with its employee).
 * - backlog: the submissions waiting for the OPD verifier as of asOf (work-queue.ts, the same
 *   definition as the verifier's inbox: status 'submitted' as of asOf, a category the OPD verifies,
 *   employee active at asOf — whatever the campaign). Oldest age = whole elapsed days (floor of
 *   24 h periods) from the item's latest entry into the queue (its last history event into
 *   'submitted' up to asOf: a returned item counts from its resubmission; submitted_at when it
 *   has no such event) to asOf.
 * - throughput: OPD-verification actions, i.e. submission_events of the OPD with
 *   from_status 'submitted' and to_status verified / needs_fix / rejected (only the OPD verifier —
 *   or an admin overriding for them — can move a submission out of `submitted`), bucketed per
 *   WIB calendar day over the 14 days ending on asOf's WIB day, events <= asOf. Events keep the
 *   OPD that acted then (a later move of the employee does not rewrite them).
 * - percentages: of the employee total, one decimal, rounded DOWN (a share shown as 50,0 % or
 *   100,0 % has really reached it); 0 when the total is 0.
 * - rank and colour band: on the exact fraction completed / total (cross-multiplied integers,
 *   never the rounded percentage); equal fractions share a rank (1, 1, 3); an OPD without ASN
 *   has neither rank nor band and is listed last ("belum ada ASN").
 *
 * Caveats: (1) on SQLite every date must have been written through Sequelize (models,
 * bulkInsert, replacements): a raw ISO string ('…T…Z') does not compare correctly with the
 * stored format. (2) MySQL/MariaDB DATETIME columns here keep whole seconds (MySQL rounds the
 * milliseconds, MariaDB truncates), so "as of" is exact to the second there. (3) A status change
 * written without bumping updated_at (raw SQL) is seen at its current value, as if it happened
 * before asOf.
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

export interface OpdReport {
  asOf: Date;
  campaign: { id: number; name: string } | null;
  opd: { id: number; code: string; name: string; headName: string | null; headEmail: string | null; secretaryEmail: string | null };
  summary: OpdSummary;
  previous: OpdSummary | null; // change since last report = summary - previous
  byStatus: Record<string, number>; // submissions by status (all 6 keys present)
  byCategoryStatus: Array<{ category: string; label: string; counts: Record<string, number>; total: number }>;
  throughput: Array<{ date: string /* YYYY-MM-DD WIB */; verified: number; returned: number; rejected: number }>;
  toAct: Array<{
    nip: string;
    name: string;
    unit: string | null;
    position: string | null;
    employeeType: string;
    activated: boolean;
    passwordChanged: boolean;
    submissions: number;
    reason: string;
  }>;
}

export interface RegencyReport {
  asOf: Date;
  campaign: { id: number; name: string } | null;
  /** Rank and band are null for an OPD without ASN ("belum ada ASN"), listed last. */
  rows: Array<OpdSummary & { rank: number | null; band: Band | null; previous: OpdSummary | null }>;
  totals: OpdSummary; // opdId 0, opdCode 'TOTAL'
  /** Previous regency totals: `previous.get(0)` when the caller stored it, else the sum of the rows' previous summaries (null when there are none). */
  previousTotals?: OpdSummary | null;
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

/** Number of days the throughput table covers (ending on asOf's WIB day). */
export const THROUGHPUT_DAYS = 14;

/** Rows per page when iterating employees (keyset pagination). */
export const EMPLOYEE_PAGE_SIZE = 5000;

// ---------------------------------------------------------------------------
// Scope: the as-of instant and the campaign whose submissions count
// ---------------------------------------------------------------------------

export interface ReportScope {
  asOf: Date;
  campaign: { id: number; name: string; start: Date } | null;
}

/**
 * The campaign a report as of `asOf` is about: among the campaigns whose helpdesk phase started
 * on or before asOf's WIB day, the one that started last (ties: the active one, then the newest
 * id). None started yet → null, and every submission up to asOf counts.
 */
export async function resolveCampaign(models: Models, asOf: Date): Promise<ReportScope['campaign']> {
  const today = jakartaDate(asOf);
  const rows = (await models.Campaign.findAll({
    attributes: ['id', 'name', 'helpdeskStart', 'active'],
    raw: true,
  })) as unknown as Array<{ id: number; name: string; helpdeskStart: string; active: boolean | number }>;
  const started = rows
    .map((r) => ({ ...r, start: ymd(r.helpdeskStart as unknown) }))
    .filter((r) => r.start <= today)
    .sort((a, b) => (a.start !== b.start ? (a.start < b.start ? 1 : -1) : Number(!!b.active) - Number(!!a.active) || b.id - a.id));
  const c = started[0];
  return c ? { id: c.id, name: c.name, start: startOfJakartaDay(c.start) } : null;
}

/** A DATEONLY value as 'YYYY-MM-DD' (a string on every dialect today; a Date tolerated). */
function ymd(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

async function scopeFor(models: Models, asOf: Date): Promise<ReportScope> {
  return { asOf, campaign: await resolveCampaign(models, asOf) };
}

function seq(models: Models): Sequelize {
  const s = models.Employee.sequelize;
  if (!s) throw new Error('Models belum diinisialisasi (initModels)');
  return s;
}

/** Replacements shared by every query of a scope. */
function baseReplacements(scope: ReportScope): Record<string, unknown> {
  return { asOf: scope.asOf, ...completionReplacements(scope) };
}

/**
 * The employees' periods covering :asOf (one per employee at most), alias `p`: employee_id,
 * opd_id, active. `where` narrows them (e.g. `p.opd_id = :opdId`); `activeOnly` keeps the
 * employees counted at asOf.
 */
function placedSql(opts: { where?: string; activeOnly?: boolean; idsOnly?: boolean } = {}): string {
  const conds = ['p.valid_from <= :asOf', '(p.valid_to IS NULL OR p.valid_to > :asOf)'];
  if (opts.activeOnly !== false) conds.unshift('p.active = 1');
  if (opts.where) conds.push(opts.where);
  const cols = opts.idsOnly ? 'p.employee_id' : 'p.employee_id AS employee_id, p.opd_id AS opd_id, p.active AS active';
  return `SELECT ${cols} FROM employee_placements p WHERE ${conds.join(' AND ')}`;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Whole elapsed days (floor of 24 h periods) from `from` to `to`; never negative. */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86400000));
}

// ---------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------

interface OpdRow {
  id: number;
  code: string;
  name: string;
  active: boolean | number;
}

function emptySummary(opd: { id: number; code: string; name: string }): OpdSummary {
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

function finishSummary(
  s: Omit<OpdSummary, 'pctActivated' | 'pctPasswordChanged' | 'pctWithSubmission' | 'pctCompleted'>,
): OpdSummary {
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
                            WHERE ev.submission_id = s.id AND ev.to_status = 'submitted' AND ev.created_at <= :asOf), s.submitted_at) AS entered
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

async function summariesForScope(models: Models, scope: ReportScope, opdIds?: number[]): Promise<OpdSummary[]> {
  if (opdIds && opdIds.length === 0) return [];
  const sequelize = seq(models);
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

export interface SummaryDelta {
  total: number;
  byType: { PNS: number; CPNS: number; PPPK: number };
  activated: number;
  passwordChanged: number;
  withSubmission: number;
  completed: number;
  /** Percentage points, one decimal. */
  pctActivated: number;
  pctPasswordChanged: number;
  pctWithSubmission: number;
  pctCompleted: number;
  backlog: number;
}

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

// ---------------------------------------------------------------------------
// OPD report
// ---------------------------------------------------------------------------

function toActReason(activated: boolean, passwordChanged: boolean, submissions: number): string {
  const parts: string[] = [];
  if (!activated) parts.push('Belum aktivasi MySAPK');
  else if (!passwordChanged) parts.push('Belum ganti password');
  if (submissions === 0) parts.push('Belum mengajukan usul');
  return parts.join('; ');
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/**
 * The full report of one OPD: summary (same numbers as opdSummaries), submissions by status and
 * category, verifier throughput of the last 14 WIB days, and the employees to act on (not
 * activated or without a submission, sorted by unit then name). `previous` is the summary stored
 * with the last delivery (the caller keeps it); `null`/omitted = no previous report.
 */
export async function buildOpdReport(models: Models, opdId: number, asOf: Date, previous?: OpdSummary | null): Promise<OpdReport> {
  const opd = await models.Opd.findByPk(opdId, { raw: true });
  if (!opd) throw new NotFoundError(`OPD dengan id ${opdId} tidak ditemukan`);
  const scope = await scopeFor(models, asOf);
  const sequelize = seq(models);
  const repl = { ...baseReplacements(scope), opdId };

  const [summary] = await summariesForScope(models, scope, [opdId]);

  // Submissions by category and status (as of asOf), of the OPD where their employee was.
  const catRows = await sequelize.query<{ category: string; st: string; n: unknown }>(
    `SELECT x.category AS category, x.st AS st, COUNT(*) AS n
     FROM (SELECT s.category, ${STATUS_AS_OF('s')} AS st
           FROM submissions s JOIN (${placedSql({ where: 'p.opd_id = :opdId' })}) ep ON ep.employee_id = s.employee_id
           WHERE ${countedSubmissionSql(scope)}) x
     GROUP BY x.category, x.st`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
  const zero = (): Record<string, number> => Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0]));
  const byStatus = zero();
  const ref = referenceData();
  const byCat = new Map<string, { category: string; label: string; counts: Record<string, number>; total: number }>();
  for (const c of ref.categories) byCat.set(c.code, { category: c.code, label: c.label, counts: zero(), total: 0 });
  for (const r of catRows) {
    let entry = byCat.get(r.category);
    if (!entry) {
      entry = { category: r.category, label: ref.category(r.category)?.label ?? r.category, counts: zero(), total: 0 };
      byCat.set(r.category, entry);
    }
    const n = num(r.n);
    entry.counts[r.st] = (entry.counts[r.st] ?? 0) + n;
    entry.total += n;
    byStatus[r.st] = (byStatus[r.st] ?? 0) + n;
  }

  // Verifier throughput: one grouped query, one SUM(CASE) bucket per WIB day.
  const lastDay = jakartaDate(asOf);
  const days = Array.from({ length: THROUGHPUT_DAYS }, (_, i) => addDays(lastDay, i - (THROUGHPUT_DAYS - 1)));
  const tRepl: Record<string, unknown> = { ...repl };
  days.forEach((d, i) => (tRepl[`d${i}`] = startOfJakartaDay(d)));
  const buckets = days
    .map((_, i) =>
      i < days.length - 1
        ? `SUM(CASE WHEN ev.created_at >= :d${i} AND ev.created_at < :d${i + 1} THEN 1 ELSE 0 END) AS b${i}`
        : `SUM(CASE WHEN ev.created_at >= :d${i} THEN 1 ELSE 0 END) AS b${i}`,
    )
    .join(',\n        ');
  const tRows = await sequelize.query<Record<string, unknown>>(
    `SELECT ev.to_status AS to_status, ${buckets}
     FROM submission_events ev
     WHERE ev.opd_id = :opdId AND ev.from_status = 'submitted' AND ev.to_status IN ('verified', 'needs_fix', 'rejected')
       AND ev.created_at >= :d0 AND ev.created_at <= :asOf
     GROUP BY ev.to_status`,
    { type: QueryTypes.SELECT, replacements: tRepl },
  );
  const tBy = new Map(tRows.map((r) => [String(r.to_status), r]));
  const throughput = days.map((date, i) => ({
    date,
    verified: num(tBy.get('verified')?.[`b${i}`]),
    returned: num(tBy.get('needs_fix')?.[`b${i}`]),
    rejected: num(tBy.get('rejected')?.[`b${i}`]),
  }));

  // Employees to act on: not activated, or without a counted submission (status not needed).
  const counted = countedSubmissionSql(scope);
  const actRows = await sequelize.query<Record<string, unknown>>(
    `SELECT e.nip AS nip, e.name AS name, e.unit AS unit, e.position AS position, e.employee_type AS employee_type,
        CASE WHEN e.mysapk_activated_at <= :asOf THEN 1 ELSE 0 END AS activated,
        CASE WHEN e.password_changed_at <= :asOf THEN 1 ELSE 0 END AS password_changed,
        (SELECT COUNT(*) FROM submissions s WHERE s.employee_id = e.id AND ${counted}) AS n
     FROM (${placedSql({ where: 'p.opd_id = :opdId' })}) ep JOIN employees e ON e.id = ep.employee_id
     WHERE (e.mysapk_activated_at IS NULL OR e.mysapk_activated_at > :asOf
            OR NOT EXISTS (SELECT 1 FROM submissions s WHERE s.employee_id = e.id AND ${counted}))`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
  const toAct = actRows
    .map((r) => {
      const activated = num(r.activated) === 1;
      const passwordChanged = num(r.password_changed) === 1;
      const submissions = num(r.n);
      return {
        nip: String(r.nip),
        name: String(r.name),
        unit: (r.unit as string | null) ?? null,
        position: (r.position as string | null) ?? null,
        employeeType: String(r.employee_type),
        activated,
        passwordChanged,
        submissions,
        reason: toActReason(activated, passwordChanged, submissions),
      };
    })
    .sort((a, b) => {
      if ((a.unit === null) !== (b.unit === null)) return a.unit === null ? 1 : -1;
      return collator.compare(a.unit ?? '', b.unit ?? '') || collator.compare(a.name, b.name) || (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);
    });

  return {
    asOf,
    campaign: scope.campaign ? { id: scope.campaign.id, name: scope.campaign.name } : null,
    opd: {
      id: opd.id,
      code: opd.code,
      name: opd.name,
      headName: opd.headName ?? null,
      headEmail: opd.headEmail ?? null,
      secretaryEmail: opd.secretaryEmail ?? null,
    },
    summary: summary ?? emptySummary(opd),
    previous: previous ?? null,
    byStatus,
    byCategoryStatus: [...byCat.values()],
    throughput,
    toAct,
  };
}

// ---------------------------------------------------------------------------
// Regency report
// ---------------------------------------------------------------------------

/** a/b against c/d, exactly (cross-multiplied integers): > 0 when c/d is the larger. */
function fractionOrder(a: number, b: number, c: number, d: number): number {
  return c * b - a * d;
}

/** Completion order on the exact fraction completed / total, highest first; 0 = the same completion. */
export function compareCompletion(a: { completed: number; total: number }, b: { completed: number; total: number }): number {
  return fractionOrder(a.completed, a.total, b.completed, b.total);
}

/**
 * Row order of the ranking: OPDs with ASN first, by completion (exact fraction) desc, then by the
 * share with a submission (exact fraction) desc, then OPD name; OPDs without ASN last, by name.
 */
export function compareForRanking(a: OpdSummary, b: OpdSummary): number {
  if (!a.total !== !b.total) return a.total ? -1 : 1;
  if (a.total && b.total) {
    const c = compareCompletion(a, b) || fractionOrder(a.withSubmission, a.total, b.withSubmission, b.total);
    if (c) return c;
  }
  return collator.compare(a.opdName, b.opdName) || a.opdId - b.opdId;
}

/**
 * Ranks and colours summaries: competition ranking on the exact completion fraction (equal
 * fractions share a rank: 1, 1, 3); an OPD without ASN gets neither rank nor band, last.
 */
export function rankSummaries<T extends OpdSummary>(summaries: readonly T[]): Array<T & { rank: number | null; band: Band | null }> {
  const sorted = [...summaries].sort(compareForRanking);
  const out: Array<T & { rank: number | null; band: Band | null }> = [];
  sorted.forEach((s, i) => {
    let rank: number | null = null;
    if (s.total) {
      const prev = out[i - 1];
      rank = prev && prev.rank !== null && compareCompletion(prev, s) === 0 ? prev.rank : i + 1;
    }
    out.push({ ...s, rank, band: band(s) });
  });
  return out;
}

/**
 * One row per OPD, ranked (see rankSummaries), coloured by completion, with totals.
 * `previous` maps opdId → the summary of the last report (key 0 = the previous regency totals).
 */
export async function buildRegencyReport(models: Models, asOf: Date, previous?: Map<number, OpdSummary>): Promise<RegencyReport> {
  const scope = await scopeFor(models, asOf);
  const summaries = await summariesForScope(models, scope);
  const rows = rankSummaries(summaries).map((s) => ({ ...s, previous: previous?.get(s.opdId) ?? null }));
  const totals = sumSummaries(summaries);
  let previousTotals: OpdSummary | null = previous?.get(0) ?? null;
  if (!previousTotals && previous && previous.size > 0) {
    previousTotals = sumSummaries([...previous.values()]);
  }
  return {
    asOf,
    campaign: scope.campaign ? { id: scope.campaign.id, name: scope.campaign.name } : null,
    rows,
    totals,
    previousTotals,
  };
}

/** Number of ASN counted at asOf per OPD (employees' periods covering asOf): who gets an OPD report. */
export async function countedEmployeesByOpd(models: Models, asOf: Date, opdIds?: number[]): Promise<Map<number, number>> {
  if (opdIds && opdIds.length === 0) return new Map();
  const rows = await seq(models).query<{ opd_id: unknown; n: unknown }>(
    `SELECT ep.opd_id AS opd_id, COUNT(*) AS n FROM (${placedSql({ where: opdIds ? 'p.opd_id IN (:opdIds)' : undefined })}) ep GROUP BY ep.opd_id`,
    { type: QueryTypes.SELECT, replacements: { asOf, opdIds } },
  );
  return new Map(rows.map((r) => [num(r.opd_id), num(r.n)]));
}

// ---------------------------------------------------------------------------
// Employee detail, page by page (regency workbook "Rincian ASN")
// ---------------------------------------------------------------------------

export interface EmployeeDetailRow {
  id: number;
  opdCode: string;
  opdName: string;
  nip: string;
  name: string;
  employeeType: string;
  activated: boolean;
  passwordChanged: boolean;
  submissions: number;
  approved: number;
  completed: boolean;
}

/**
 * Iterates every counted employee of the regency with their submission counts as of asOf, in
 * pages of `pageSize` by keyset pagination (WHERE id > last ORDER BY id LIMIT n). Each page is
 * ONE query: employees joined with a per-employee grouped submissions subquery bounded to the
 * page's id range. The next page is read ahead while the caller handles the current one, so
 * memory stays at two pages whatever the regency size.
 */
export async function* employeeDetailPages(
  models: Models,
  asOf: Date,
  opts: { pageSize?: number; scope?: ReportScope } = {},
): AsyncGenerator<EmployeeDetailRow[]> {
  const scope = opts.scope ?? (await scopeFor(models, asOf));
  const pageSize = Math.max(1, Math.floor(opts.pageSize ?? EMPLOYEE_PAGE_SIZE));
  const sequelize = seq(models);
  const afterCond = `p.employee_id > :after`;
  const pageIds = `${placedSql({ where: afterCond, idsOnly: true })} ORDER BY p.employee_id LIMIT ${pageSize}`;
  const sql = `SELECT e.id AS id, o.code AS opd_code, o.name AS opd_name, e.nip AS nip, e.name AS name, e.employee_type AS employee_type,
      CASE WHEN e.mysapk_activated_at <= :asOf THEN 1 ELSE 0 END AS activated,
      CASE WHEN e.password_changed_at <= :asOf THEN 1 ELSE 0 END AS password_changed,
      COALESCE(pe.n, 0) AS n, COALESCE(pe.n_approved, 0) AS n_approved, COALESCE(pe.completed, 0) AS completed
    FROM (${placedSql({ where: afterCond })}) ep
    JOIN employees e ON e.id = ep.employee_id
    JOIN opds o ON o.id = ep.opd_id
    LEFT JOIN (${completionSql(scope, { where: `s.employee_id > :after AND s.employee_id <= (SELECT MAX(pg.employee_id) FROM (${pageIds}) pg)` })}) pe
      ON pe.employee_id = e.id
    ORDER BY e.id
    LIMIT ${pageSize}`;
  const fetchPage = async (after: number): Promise<EmployeeDetailRow[]> => {
    const rows = await sequelize.query<Record<string, unknown>>(sql, {
      type: QueryTypes.SELECT,
      replacements: { ...baseReplacements(scope), after },
    });
    return rows.map((r) => {
      const n = num(r.n);
      const nApproved = num(r.n_approved);
      return {
        id: num(r.id),
        opdCode: String(r.opd_code),
        opdName: String(r.opd_name),
        nip: String(r.nip),
        name: String(r.name),
        employeeType: String(r.employee_type),
        activated: num(r.activated) === 1,
        passwordChanged: num(r.password_changed) === 1,
        submissions: n,
        approved: nApproved,
        completed: num(r.completed) === 1,
      };
    });
  };
  // Read-ahead of one page: the next page is queried while the caller writes the current one,
  // so at most two pages are in memory.
  let page = await fetchPage(0);
  while (page.length > 0) {
    const next = page.length < pageSize ? null : fetchPage(page[page.length - 1].id);
    // Never leave a rejected read-ahead unobserved if the consumer stops early.
    next?.catch(() => undefined);
    yield page;
    if (!next) return;
    page = await next;
  }
}

