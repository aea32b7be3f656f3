import type { Sequelize } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import { jakartaDate, startOfJakartaDay } from '../../shared/time.js';
import { completionReplacements } from '../../submissions/completion.js';

/**
 * What every report query shares: the as-of scope (the instant and the campaign whose
 * submissions count), the placement fragment, the replacements and the reading of numbers.
 *
 * Report data are the completion numbers of the PDM campaign, per OPD and per regency, "as of" an
 * instant. Everything is computed with grouped SQL that runs unchanged on SQLite and MySQL/MariaDB
 * (no dialect date functions: every instant is a Sequelize replacement, which Sequelize formats
 * exactly like the stored values — 'YYYY-MM-DD HH:MM:SS.SSS +00:00' text on SQLite, DATETIME on
 * MySQL — so plain comparisons are chronological on both).
 *
 * As-of semantics (each measure's own rule is documented where it is computed):
 * - employee counted, and in which OPD: from the placement history (employee_placements, see
 *   src/domain/employees/employee-placement.ts) — the employee's period covering asOf
 *   (valid_from <= asOf < valid_to) is active, and its OPD is where they are counted. A move or a
 *   (de)activation after asOf does not change a report as of asOf.
 * - submission counted, completed employee: src/domain/submissions/completion.ts (the one
 *   definition the deadline flag and the sanction list use too): submitted_at <= asOf and of the
 *   report's campaign (see resolveCampaign): campaign_id = campaign, or campaign_id IS NULL and
 *   submitted on/after the campaign's helpdesk start. Without any campaign: every submission.
 *   Status as of asOf is derived from submission_events (STATUS_AS_OF).
 * - every measure follows the OPD of the employee as of asOf, submissions included (a submission
 *   moves with its employee).
 *
 * Caveats: (1) on SQLite every date must have been written through Sequelize (models,
 * bulkInsert, replacements): a raw ISO string ('…T…Z') does not compare correctly with the
 * stored format. (2) MySQL/MariaDB DATETIME columns here keep whole seconds (MySQL rounds the
 * milliseconds, MariaDB truncates), so "as of" is exact to the second there. (3) A status change
 * written without bumping updated_at (raw SQL) is seen at its current value, as if it happened
 * before asOf.
 */

export interface ReportScope {
  asOf: Date;
  campaign: { id: number; name: string; start: Date } | null;
}

/**
 * The campaign a report as of `asOf` is about: among the campaigns whose helpdesk phase started
 * on or before asOf's calendar day, the one that started last (ties: the active one, then the
 * newest id). None started yet → null, and every submission up to asOf counts.
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

export async function scopeFor(models: Models, asOf: Date): Promise<ReportScope> {
  return { asOf, campaign: await resolveCampaign(models, asOf) };
}

/** The report's campaign as reports show it (without its start). */
export function campaignOf(scope: ReportScope): { id: number; name: string } | null {
  return scope.campaign ? { id: scope.campaign.id, name: scope.campaign.name } : null;
}

export function sequelizeOf(models: Models): Sequelize {
  const s = models.Employee.sequelize;
  if (!s) throw new Error('Models belum diinisialisasi (initModels)');
  return s;
}

/** Replacements shared by every query of a scope. */
export function baseReplacements(scope: ReportScope): Record<string, unknown> {
  return { asOf: scope.asOf, ...completionReplacements(scope) };
}

/**
 * The employees' periods covering :asOf (one per employee at most), alias `p`: employee_id,
 * opd_id, active. `where` narrows them (e.g. `p.opd_id = :opdId`); `activeOnly` keeps the
 * employees counted at asOf.
 */
export function placedSql(opts: { where?: string; activeOnly?: boolean; idsOnly?: boolean } = {}): string {
  const conds = ['p.valid_from <= :asOf', '(p.valid_to IS NULL OR p.valid_to > :asOf)'];
  if (opts.activeOnly !== false) conds.unshift('p.active = 1');
  if (opts.where) conds.push(opts.where);
  const cols = opts.idsOnly ? 'p.employee_id' : 'p.employee_id AS employee_id, p.opd_id AS opd_id, p.active AS active';
  return `SELECT ${cols} FROM employee_placements p WHERE ${conds.join(' AND ')}`;
}

/** A count or flag as a raw query returns it (a number, a numeric string, or null). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Indonesian order of names (OPDs, units, employees). */
export const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });
