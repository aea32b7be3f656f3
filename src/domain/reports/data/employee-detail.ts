import { QueryTypes } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import { completionSql } from '../../submissions/completion.js';
import { baseReplacements, num, placedSql, scopeFor, sequelizeOf, type ReportScope } from './report-scope.js';

/** Every counted employee of the regency, page by page: the regency workbook's "Rincian ASN". */

/** Rows per page when iterating employees (keyset pagination). */
export const EMPLOYEE_PAGE_SIZE = 5000;

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
  const sequelize = sequelizeOf(models);
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
