import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BaseProperty } from 'adminjs';
import { QueryTypes } from 'sequelize';
import { createTestApp, login, type TestApp } from '../../helpers/app.js';
import { usingMysql } from '../../helpers/db.js';
import { DEMO_EMAIL_DOMAIN, seedDemo } from '../../../seeders/demo.seeder.js';

/**
 * Every list filter the panel offers on the big tables (employees, submissions, their history),
 * the unfiltered list, a deep page and the picker's search, for the administrator and the
 * verifier of the largest OPD: the SQL the product issues (captured from Sequelize) is EXPLAINed
 * and must read an index — on MariaDB/MySQL no `type: ALL` on any table of the statement (the
 * list's own, a populated reference, a subquery's), on SQLite no bare `SCAN <table>` (EXPLAIN
 * QUERY PLAN). Tables appear under Sequelize's aliases (Employee, Submission, …).
 */
const PASSWORD = 'DemoPdm2026x';
const EMPLOYEES = 3000;
const BIG = ['employees', 'submissions', 'submission_events'] as const;

type Plan = { table: string; detail: string; full: boolean };

describe('list SQL uses its indexes', () => {
  let t: TestApp;
  let uploadDir: string;
  const statements: string[] = [];
  let capturing = false;
  let verifierEmail = '';

  beforeAll(async () => {
    t = await createTestApp();
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-explain-'));
    await seedDemo(t.db, { audit: t.services.audit, password: PASSWORD, uploadDir, employees: EMPLOYEES, now: new Date() });
    if (usingMysql()) for (const table of BIG) await t.db.sequelize.query(`ANALYZE TABLE ${table}`);
    else await t.db.sequelize.query('ANALYZE');
    const [largest] = await t.db.sequelize.query<{ code: string }>(
      'SELECT o.code AS code FROM opds o JOIN employees e ON e.opd_id = o.id GROUP BY o.id, o.code ORDER BY COUNT(*) DESC LIMIT 1',
      { type: QueryTypes.SELECT },
    );
    verifierEmail = `verifikator.${largest.code.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`;
    t.db.sequelize.addHook('afterQuery', (_options, query) => {
      if (capturing) statements.push(String((query as unknown as { sql?: string }).sql ?? ''));
    });
  }, 240_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  async function explain(sql: string): Promise<Plan[]> {
    if (usingMysql()) {
      const rows = await t.db.sequelize.query<{ table: string; type: string; key: string | null }>(`EXPLAIN ${sql}`, {
        type: QueryTypes.SELECT,
      });
      // A derived table (<derivedN>: the bounded count's LIMITed subquery, bounded-count.ts) holds
      // at most 10,001 rows; the subquery's own table is a row of this plan and checked as any.
      return rows.map((r) => ({
        table: r.table,
        detail: `${r.type} ${r.key ?? '-'}`,
        full: r.type === 'ALL' && !r.table.startsWith('<derived'),
      }));
    }
    const rows = await t.db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, { type: QueryTypes.SELECT });
    return rows.map((r) => {
      const m = /^(SCAN|SEARCH) (\w+)/.exec(r.detail);
      // `SCAN bounded`: the bounded count's LIMITed subquery (bounded-count.ts), not a table.
      return { table: m?.[2] ?? '', detail: r.detail, full: !!m && m[1] === 'SCAN' && !/USING/.test(r.detail) && m[2] !== 'bounded' };
    });
  }

  /** A value of `column` that exists in the data: the most frequent, so a filter on it is the least selective. */
  async function sampleValue(table: string, column: string): Promise<string> {
    const [row] = await t.db.sequelize.query<{ v: string | number | null }>(
      `SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY COUNT(*) DESC LIMIT 1`,
      { type: QueryTypes.SELECT },
    );
    return row?.v === null || row?.v === undefined ? '' : `${row.v}`;
  }

  /** The query strings of every filter the list's sidebar offers, with a value from the data. */
  async function filterQueries(resourceId: string): Promise<Array<[label: string, query: string]>> {
    const resource = t.admin.findResource(resourceId);
    const decorated = resource.decorate();
    const model = t.services.records.model(resourceId);
    const attrs = model.getAttributes() as Record<string, { field?: string }>;
    const out: Array<[string, string]> = [['(tanpa saringan)', '']];
    const props = decorated.getProperties({ where: 'filter' }) as unknown as Array<{
      name(): string;
      type(): string;
      property: BaseProperty;
      availableValues(): Array<{ value: string }> | null;
    }>;
    for (const p of props) {
      const name = p.name();
      const column = attrs[name]?.field ?? name;
      const type = p.type();
      let q: string;
      if (name === 'q') {
        // The search box (list-filter.ts LIST_SEARCH): an NIP prefix and a name prefix, of an employee.
        out.push([`${name} NIP`, `filters.q=${encodeURIComponent((await sampleValue('employees', 'nip')).slice(0, 8))}`]);
        q = `filters.q=${encodeURIComponent((await sampleValue('employees', 'name')).slice(0, 4))}`;
      } else if (!(name in attrs))
        q = `filters.${name}=true`; // a virtual filter (the inbox)
      else if (type === 'date' || type === 'datetime') {
        const to = new Date();
        const from = new Date(to.getTime() - 7 * 86400_000);
        q = `filters.${name}~~from=${from.toISOString()}&filters.${name}~~to=${to.toISOString()}`;
      } else if (type === 'boolean') q = `filters.${name}=true`;
      else {
        let v = await sampleValue(resourceId, column);
        if (name === 'name' || name === 'nip') v = v.slice(0, 4);
        q = `filters.${name}=${encodeURIComponent(v)}`;
      }
      out.push([name, q]);
    }
    return out;
  }

  async function check(agent: Awaited<ReturnType<typeof login>>, url: string, problems: string[], label: string) {
    statements.length = 0;
    capturing = true;
    const res = await agent.get(url);
    capturing = false;
    expect(res.status).toBe(200);
    const selects = statements.filter((s) => /^\s*SELECT/i.test(s) && BIG.some((b) => new RegExp(`FROM [\`"]?${b}[\`"]?`).test(s)));
    expect(selects.length).toBeGreaterThan(0);
    // Enum and key filters are equalities, names and NIPs prefixes: no LIKE '%…' (which no index serves).
    for (const sql of selects) if (/LIKE '%/i.test(sql)) problems.push(`${label}: LIKE '%…'\n    ${sql.slice(0, 400)}`);
    for (const sql of selects) {
      const plans = await explain(sql.replace(/;\s*$/, ''));
      // SQLite: an unfiltered page in primary-key order walks the table's own rowid b-tree from one
      // end and stops at the LIMIT (EXPLAIN says "SCAN t" with no temporary sort): not a full scan.
      const keyOrderPage = !usingMysql() && !/\bWHERE\b/i.test(sql) && /ORDER BY [`"]?\w+[`"]?\.[`"]?id[`"]? (ASC|DESC) LIMIT/i.test(sql);
      const sorted = plans.some((p) => /TEMP B-TREE/.test(p.detail));
      for (const p of plans) {
        if (process.env.EXPLAIN_DEBUG) console.info(`${label}: ${p.table} ${p.detail} :: ${sql.slice(0, 300)}`);
        if (keyOrderPage && !sorted && p.full) continue;
        // Any table of the statement (the list's own, a populated reference, a subquery's).
        if (p.full) problems.push(`${label}: ${p.table} ${p.detail}\n    ${sql.slice(0, 400)}`);
      }
    }
  }

  for (const who of ['admin', 'verifier'] as const) {
    for (const resourceId of BIG) {
      it(`reads an index for every ${resourceId} filter (${who})`, async () => {
        const agent = await login(t.app, who === 'admin' ? `admin@${DEMO_EMAIL_DOMAIN}` : verifierEmail, PASSWORD);
        const problems: string[] = [];
        for (const [label, q] of await filterQueries(resourceId)) {
          await check(agent, `/admin/api/resources/${resourceId}/actions/list?${q}`, problems, `${who} ${resourceId} ${label}`);
        }
        // A deep page (the deferred join).
        await check(agent, `/admin/api/resources/${resourceId}/actions/list?page=40`, problems, `${who} ${resourceId} page 40`);
        expect(problems).toEqual([]);
      }, 60_000);
    }

    it(`finds employees in the picker by name prefix and NIP prefix, reading only id and title (${who})`, async () => {
      const agent = await login(t.app, who === 'admin' ? `admin@${DEMO_EMAIL_DOMAIN}` : verifierEmail, PASSWORD);
      const [emp] = await t.db.sequelize.query<{ name: string; nip: string }>(
        who === 'admin'
          ? 'SELECT name, nip FROM employees ORDER BY id LIMIT 1'
          : `SELECT e.name AS name, e.nip AS nip FROM employees e JOIN users u ON u.opd_id = e.opd_id WHERE u.email = '${verifierEmail}' ORDER BY e.id LIMIT 1`,
        { type: QueryTypes.SELECT },
      );
      const problems: string[] = [];
      for (const q of [emp.name.slice(0, 5), emp.nip.slice(0, 8)]) {
        await check(agent, `/admin/api/resources/employees/search/${encodeURIComponent(q)}`, problems, `${who} picker ${q}`);
        const res = await agent.get(`/admin/api/resources/employees/search/${encodeURIComponent(q)}`);
        const records = (res.body as { records: Array<{ title: string; params: Record<string, unknown> }> }).records;
        // The picker shows name · NIP · OPD (namesakes differ).
        expect(records.map((r) => r.title.split(' · NIP ')[0])).toContain(emp.name);
        expect(records.map((r) => r.title)).toContainEqual(expect.stringContaining(`${emp.name} · NIP ${emp.nip}`));
        const selectSql = statements.find((s) => /FROM [`"]?employees[`"]?/.test(s))!;
        expect(selectSql).not.toMatch(/nik|birth_date|phone/);
      }
      expect(problems).toEqual([]);
    }, 60_000);
  }
});
