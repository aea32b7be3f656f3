import type { Models } from '../../db/models/index.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { startOfJakartaDay } from '../shared/time.js';

/**
 * "Completed update" (DESIGN.md, completion report) — the ONE definition, used by the reports
 * and the dashboard (as of a moment), the deadline flag and the sanction list (now):
 *
 *   an employee has completed when they have at least one submission that counts, every one of
 *   them is approved or rejected, and at least one is approved.
 *
 * Which submissions count (`countedSubmissionSql`), in a scope { asOf, campaign }:
 * - of the campaign: campaign_id = the campaign, or campaign_id NULL (legacy imports) and
 *   submitted on/after the campaign's helpdesk start (00:00 WIB). Submissions of another
 *   campaign never count. Without a campaign: every submission.
 * - as of a moment: submitted at or before it, with the status it had then (derived from the
 *   history, `statusSql`); for the current state (asOf null): every submission, status column.
 *
 * Everything is SQL that runs unchanged on SQLite and MySQL/MariaDB; callers pass
 * `completionReplacements(scope)` with the query.
 */

export const FINAL_STATUSES: readonly SubmissionStatus[] = ['approved', 'rejected'];

export interface CompletionScope {
  /** The moment; null = the current state. */
  asOf: Date | null;
  /** The campaign whose submissions count; null = every submission. */
  campaign: { id: number; start: Date } | null;
}

/** The scope of a campaign row (its helpdesk start day, 00:00 WIB, bounds campaign-less submissions). */
export function campaignScope(campaign: { id: number; helpdeskStart: string } | null | undefined, asOf: Date | null): CompletionScope {
  return {
    asOf,
    campaign: campaign ? { id: Number(campaign.id), start: startOfJakartaDay(String(campaign.helpdeskStart).slice(0, 10)) } : null,
  };
}

/** The campaign's scope, looked up by id (null id or unknown campaign: every submission). */
export async function campaignScopeById(
  models: Models,
  campaignId: number | null | undefined,
  asOf: Date | null,
): Promise<CompletionScope> {
  if (campaignId === null || campaignId === undefined) return { asOf, campaign: null };
  const c = await models.Campaign.findByPk(Number(campaignId), { attributes: ['id', 'helpdeskStart'] });
  return campaignScope(c ? { id: c.id, helpdeskStart: c.helpdeskStart } : null, asOf);
}

/** Replacements the SQL of this module needs (:asOf, :campaignId, :campaignStart). */
export function completionReplacements(scope: CompletionScope): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  if (scope.asOf) r.asOf = scope.asOf;
  if (scope.campaign) {
    r.campaignId = scope.campaign.id;
    r.campaignStart = scope.campaign.start;
  }
  return r;
}

const alias = (s: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw new Error(`Alias tidak valid: ${s}`);
  return s;
};

/** SQL: the submission (alias `s`) is part of its employee's update in the scope. */
export function countedSubmissionSql(scope: CompletionScope, s = 's'): string {
  const a = alias(s);
  const parts: string[] = [];
  if (scope.asOf) parts.push(`${a}.submitted_at <= :asOf`);
  if (scope.campaign) parts.push(`(${a}.campaign_id = :campaignId OR (${a}.campaign_id IS NULL AND ${a}.submitted_at >= :campaignStart))`);
  return parts.length ? parts.join(' AND ') : '1 = 1';
}

/**
 * SQL: a submission's status as of :asOf — the from_status of its earliest history event after
 * asOf (the status it had at asOf), else its status column. A row not updated since asOf has
 * the same status now as then, so the event lookup only runs for rows changed after asOf
 * (every transition bumps updated_at). Exact as long as every transition is recorded.
 */
export const STATUS_AS_OF = (s = 's'): string => {
  const a = alias(s);
  return `CASE WHEN ${a}.updated_at <= :asOf THEN ${a}.status ELSE COALESCE((SELECT ev.from_status FROM submission_events ev WHERE ev.submission_id = ${a}.id AND ev.created_at > :asOf ORDER BY ev.created_at, ev.id LIMIT 1), ${a}.status) END`;
};

/** SQL: the status of submission `s` in the scope (as of asOf, or the current column). */
export function statusSql(scope: CompletionScope, s = 's'): string {
  return scope.asOf ? STATUS_AS_OF(s) : `${alias(s)}.status`;
}

/** The aggregates over one employee's counted submissions, `st` being their status. THE rule. */
function aggregates(st: string): string {
  const approved = `SUM(CASE WHEN ${st} = 'approved' THEN 1 ELSE 0 END)`;
  const final = `SUM(CASE WHEN ${st} IN ('approved', 'rejected') THEN 1 ELSE 0 END)`;
  return `COUNT(*) AS n, ${approved} AS n_approved, ${final} AS n_final,
      CASE WHEN ${approved} > 0 AND ${final} = COUNT(*) THEN 1 ELSE 0 END AS completed`;
}

/**
 * One row per employee with at least one counted submission: employee_id, n (counted
 * submissions), n_approved, n_final (approved or rejected), completed (1/0). An employee without
 * a row has no counted submission and has not completed. `where` narrows the submissions
 * (alias `s`, e.g. one employee or an id range). `lockForShare` (current state only, MySQL/
 * MariaDB) reads the rows with a locking read, so a decision committed by a concurrent
 * transaction is seen (REPEATABLE READ snapshots would hide it).
 */
export function completionSql(scope: CompletionScope, opts: { where?: string; lockForShare?: 'mysql' | 'sqlite' | null } = {}): string {
  const extra = opts.where ? ` AND ${opts.where}` : '';
  if (!scope.asOf) {
    const lock = opts.lockForShare === 'mysql' ? ' LOCK IN SHARE MODE' : '';
    return `SELECT s.employee_id AS employee_id, ${aggregates('s.status')}
      FROM submissions s WHERE ${countedSubmissionSql(scope)}${extra}
      GROUP BY s.employee_id${lock}`;
  }
  if (opts.lockForShare === 'mysql') throw new Error('Locking read only for the current state');
  return `SELECT x.employee_id AS employee_id, ${aggregates('x.st')}
    FROM (SELECT s.employee_id, ${STATUS_AS_OF('s')} AS st FROM submissions s
          WHERE ${countedSubmissionSql(scope)}${extra}) x
    GROUP BY x.employee_id`;
}
