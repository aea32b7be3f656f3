import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { text } from '../shared/text.js';

/**
 * Fingerprints of the facts a dashboard scope is computed from, so the refresh job rebuilds only
 * the scopes whose facts changed. Per OPD: its employees (count, id sum, sum of update times), its
 * submissions (count, id sum, version sum — every transition and move bumps the version — and
 * sum of update times) and its history rows (count, highest id); for every scope the campaigns
 * and OPDs. Users are left out on purpose (every login writes the row): a verifier renamed shows
 * under the new name at the next full rebuild (DASHBOARD_SNAPSHOT_MAX_MINUTES). An insert, a delete, an edit or a move changes one of
 * these sums. A write that changes a fact without touching them (raw SQL keeping updated_at and
 * version) is what the nightly consistency check (dashboard-snapshots.ts) is there to find.
 *
 * Grouped queries on opd_id (indexed); the dialect's epoch function is the only dialect SQL.
 */

export interface FactPrints {
  /** Fingerprint of the facts of each OPD that has any (an OPD without rows has none). */
  byOpd: Map<number, string>;
  /** Fingerprint of what every scope reads (campaigns, OPDs). */
  global: string;
}

const sha1 = (s: string): string => crypto.createHash('sha1').update(s).digest('hex');

export async function factPrints(sequelize: Sequelize, opdIds?: readonly number[]): Promise<FactPrints> {
  const sqlite = sequelize.getDialect() === 'sqlite';
  // Milliseconds since the epoch on SQLite (text dates), seconds on MySQL/MariaDB (DATETIME); sums as text (no float rounding).
  const epoch = (col: string) => (sqlite ? `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)` : `UNIX_TIMESTAMP(${col})`);
  const str = (expr: string) => `CAST(${expr} AS ${sqlite ? 'TEXT' : 'CHAR'})`;
  const where = opdIds ? 'WHERE opd_id IN (:opdIds)' : '';
  const replacements = { opdIds: opdIds && opdIds.length ? [...opdIds] : [0] };
  const q = (sql: string) => sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT, replacements });
  const [employees, submissions, events, global] = await Promise.all([
    q(`SELECT opd_id AS o, ${str('COUNT(*)')} AS n, ${str('SUM(id)')} AS ids, ${str(`SUM(${epoch('updated_at')})`)} AS t
       FROM employees ${where} GROUP BY opd_id`),
    q(`SELECT opd_id AS o, ${str('COUNT(*)')} AS n, ${str('SUM(id)')} AS ids, ${str('SUM(version)')} AS v,
              ${str(`SUM(${epoch('updated_at')})`)} AS t
       FROM submissions ${where} GROUP BY opd_id`),
    q(`SELECT opd_id AS o, ${str('COUNT(*)')} AS n, ${str('MAX(id)')} AS ids FROM submission_events ${where} GROUP BY opd_id`),
    q(
      ['campaigns', 'opds']
        .map(
          (t) =>
            `SELECT '${t}' AS o, ${str('COUNT(*)')} AS n, ${str('SUM(id)')} AS ids, ${str(`SUM(${epoch('updated_at')})`)} AS t FROM ${t}`,
        )
        .join(' UNION ALL '),
    ),
  ]);
  const parts = new Map<number, string[]>();
  const add = (kind: string, rows: Array<Record<string, unknown>>) => {
    for (const r of rows) {
      if (r.o === null || r.o === undefined) continue;
      const id = Number(r.o);
      const list = parts.get(id) ?? [];
      list.push(`${kind}:${[r.n, r.ids, r.v, r.t].map((x) => text(x)).join(',')}`);
      parts.set(id, list);
    }
  };
  add('e', employees);
  add('s', submissions);
  add('h', events);
  const byOpd = new Map([...parts].map(([id, list]) => [id, sha1(list.join('|'))]));
  return { byOpd, global: sha1(global.map((r) => [r.o, r.n, r.ids, r.t].map((x) => text(x)).join(',')).join('|')) };
}

/** The fingerprint of one OPD's dashboard. */
export function opdPrint(p: FactPrints, opdId: number): string {
  return sha1(`${p.global}|opd:${opdId}:${p.byOpd.get(opdId) ?? '-'}`);
}

/** The fingerprint of the regency's dashboard (every OPD's facts). */
export function regencyPrint(p: FactPrints): string {
  return sha1(
    `${p.global}|${[...p.byOpd]
      .sort((a, b) => a[0] - b[0])
      .map(([id, f]) => `${id}:${f}`)
      .join('|')}`,
  );
}
