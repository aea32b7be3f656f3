import type { SubmissionStatus } from '../shared/constants.js';

/**
 * "Completed update" (DESIGN.md, completion report): the employee has at least one submission,
 * all of them are approved or rejected, and at least one is approved.
 *
 * Within a campaign: the employee's submissions of that campaign plus those attributed to no
 * campaign (campaign_id NULL, e.g. legacy imports). Without a campaign: all submissions.
 */
export const FINAL_STATUSES: readonly SubmissionStatus[] = ['approved', 'rejected'];

function campaignScope(alias: string, campaignId: number | null | undefined): string {
  if (campaignId === null || campaignId === undefined) return '';
  const id = Number(campaignId);
  if (!Number.isSafeInteger(id)) throw new Error(`campaignId tidak valid: ${campaignId}`);
  return ` AND (${alias}.campaign_id = ${id} OR ${alias}.campaign_id IS NULL)`;
}

/**
 * SQL condition, true when the employee whose id is the column `employeeIdColumn` (e.g.
 * `employees.id`) has completed. Plain portable SQL (SQLite, MySQL, MariaDB).
 */
export function completedCondition(employeeIdColumn: string, campaignId: number | null | undefined): string {
  if (!/^[a-z_]+\.[a-z_]+$/i.test(employeeIdColumn)) throw new Error(`Kolom tidak valid: ${employeeIdColumn}`);
  const scope = campaignScope('cs', campaignId);
  return (
    `(EXISTS (SELECT 1 FROM submissions cs WHERE cs.employee_id = ${employeeIdColumn} AND cs.status = 'approved'${scope})` +
    ` AND NOT EXISTS (SELECT 1 FROM submissions cs WHERE cs.employee_id = ${employeeIdColumn}` +
    ` AND cs.status NOT IN ('approved', 'rejected')${scope}))`
  );
}

/** The same definition over a list of statuses already loaded. */
export function isCompleted(statuses: readonly string[]): boolean {
  return statuses.length > 0 && statuses.every((s) => FINAL_STATUSES.includes(s as SubmissionStatus)) && statuses.includes('approved');
}
