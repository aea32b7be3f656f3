import { Op, type Model, type ModelStatic, type Sequelize, type WhereOptions } from 'sequelize';
import type { ResourceId } from '../access/access-policy.js';

/**
 * How a list filter or a picker search on a text column becomes SQL — so that it can use an index.
 *
 * - A column named here is matched as text: 'prefix' (`LIKE 'abc%'`, an index range on
 *   MariaDB/MySQL) for the columns of the big tables (NIP, names, e-mail addresses of the audit
 *   trail), 'contains' (`LIKE '%abc%'`) only for the small reference tables (OPDs, users,
 *   campaigns, schedules), where a scan costs nothing and a match inside the name helps.
 * - Every other text column (status, category, type, role, codes, ids as text) is an enum or a
 *   key: equality, or IN for several values.
 *
 * Which fields may be queried at all is the access policy's QUERY_FIELDS (query-guard.ts); this
 * only decides the shape of the condition on a field already allowed.
 */
export type TextMatch = 'prefix' | 'contains';

export const TEXT_MATCH: Partial<Record<ResourceId, Record<string, TextMatch>>> = {
  opds: { code: 'prefix', name: 'contains' },
  employees: { nip: 'prefix', nik: 'prefix', name: 'prefix' },
  users: { email: 'contains', name: 'contains' },
  campaigns: { name: 'contains' },
  documents: { originalName: 'prefix' },
  helpdesk_tickets: { reporterName: 'prefix', nip: 'prefix' },
  audit_logs: { userEmail: 'prefix', ip: 'prefix' },
  report_schedules: { name: 'contains', cron: 'contains' },
  report_deliveries: { recipient: 'prefix' },
};

/**
 * The picker's search (`/api/resources/:id/search/:q`) matches the title; a query of digits
 * only matches this column instead (an employee is found by NIP prefix or by name prefix).
 */
export const SEARCH_BY_DIGITS: Partial<Record<ResourceId, string>> = {
  employees: 'nip',
  helpdesk_tickets: 'nip',
};

/** The column a picker search on `title` with query `q` matches. */
export function searchField(resource: string, title: string, q: unknown): string {
  const alt = SEARCH_BY_DIGITS[resource as ResourceId];
  return alt && typeof q === 'string' && /^\d+$/.test(q.trim()) ? alt : title;
}

export function textMatchOf(resource: string, field: string): TextMatch | null {
  return TEXT_MATCH[resource as ResourceId]?.[field] ?? null;
}

/** A LIKE pattern escaped with '!' (one ESCAPE character that SQLite and MySQL read alike). */
function likePattern(value: string, mode: TextMatch): string {
  const escaped = value.replace(/[!%_]/g, (c) => `!${c}`);
  return mode === 'prefix' ? `${escaped}%` : `%${escaped}%`;
}

/** The WHERE of a filter on a text column: LIKE by TEXT_MATCH, else equality / IN. */
export function textFilterWhere(
  sequelize: Sequelize,
  model: ModelStatic<Model>,
  resource: string,
  field: string,
  values: readonly string[],
): WhereOptions {
  if (values.length !== 1) return { [field]: { [Op.in]: [...values] } };
  const value = values[0];
  const mode = textMatchOf(resource, field);
  if (!mode) return { [field]: value };
  const attr = (model.getAttributes() as Record<string, { field?: string }>)[field];
  const qi = sequelize.getQueryInterface();
  const column = `${qi.quoteIdentifier(model.name)}.${qi.quoteIdentifier(attr?.field ?? field)}`;
  return { [Op.and]: [sequelize.literal(`${column} LIKE ${sequelize.escape(likePattern(value, mode))} ESCAPE '!'`)] };
}

/**
 * The lists' free-text search ("Cari NIP atau nama"): one box, one indexed prefix. Digits only
 * search the NIP, anything else the name — never both at once (an OR of two LIKEs reads both
 * indexes, or neither). A submission is found through its employee (`employee_id IN (…)`),
 * within the submission's own scope, which the RecordService adds to every read.
 */
export interface ListSearch {
  /** The resource whose columns are matched (the list's own, or the employee of a submission). */
  on: ResourceId;
  nip: string;
  name: string;
  /** The list's column that points at `on` (submissions → employees). */
  via?: string;
}

export const LIST_SEARCH: Partial<Record<ResourceId, ListSearch>> = {
  employees: { on: 'employees', nip: 'nip', name: 'name' },
  helpdesk_tickets: { on: 'helpdesk_tickets', nip: 'nip', name: 'reporterName' },
  submissions: { on: 'employees', nip: 'nip', name: 'name', via: 'employeeId' },
};

/** The name of the search filter in the panel's query string (`filters.q=…`). */
export const LIST_SEARCH_FILTER = 'q';

/** What a search for `q` on `resource` matches: the column (of `on`) and the trimmed prefix; null for an empty query. */
export function listSearchOf(resource: string, q: unknown): { search: ListSearch; field: string; value: string } | null {
  const search = LIST_SEARCH[resource as ResourceId];
  const value = typeof q === 'string' ? q.trim().replace(/\s+/g, ' ').slice(0, 100) : '';
  if (!search || !value) return null;
  return { search, field: /^\d+$/.test(value) ? search.nip : search.name, value };
}

/** The WHERE of a search on the list of `resource`: a prefix LIKE, through the employee for submissions. */
export function listSearchWhere(
  sequelize: Sequelize,
  models: (resource: string) => ModelStatic<Model>,
  match: { search: ListSearch; field: string; value: string },
): WhereOptions {
  const { search, field, value } = match;
  const target = models(search.on);
  const pattern = sequelize.escape(likePattern(value, 'prefix'));
  if (!search.via) {
    const attr = (target.getAttributes() as Record<string, { field?: string }>)[field];
    const qi = sequelize.getQueryInterface();
    const column = `${qi.quoteIdentifier(target.name)}.${qi.quoteIdentifier(attr?.field ?? field)}`;
    return { [Op.and]: [sequelize.literal(`${column} LIKE ${pattern} ESCAPE '!'`)] };
  }
  const qi = sequelize.getQueryInterface();
  const attrs = target.getAttributes() as Record<string, { field?: string }>;
  const table = qi.quoteIdentifier(target.getTableName() as string);
  const key = qi.quoteIdentifier(attrs[target.primaryKeyAttribute]?.field ?? target.primaryKeyAttribute);
  const column = qi.quoteIdentifier(attrs[field]?.field ?? field);
  return { [search.via]: { [Op.in]: sequelize.literal(`(SELECT ${key} FROM ${table} WHERE ${column} LIKE ${pattern} ESCAPE '!')`) } };
}
