import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { can, RESOURCES } from '../../../src/domain/access/access-policy.js';
import { canSeeFullNik, hiddenFieldsFor, JSON_FIELDS, NIK_FIELDS } from '../../../src/domain/access/field-policy.js';
import { queryFieldsFor } from '../../../src/domain/access/query-fields.js';
import { ROLES, type Role } from '../../../src/domain/shared/constants.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import {
  createSecurityApp,
  deniedCount,
  loginAs,
  modelOf,
  ROLE_EMAIL,
  seedSecurityFixture,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';

/**
 * The query guards over real HTTP, generated from the access policy: for every role and every
 * resource it may read, every column of the model is tried as a filter and as a sort. A column of
 * the role's allow-list (queryFieldsFor) is accepted; every other one is refused with 403 and an
 * audit row — JSON columns always, whoever asks (a LIKE on proposedValues reads a proposed NIK
 * digit by digit). A new resource, column or role is covered without writing a test for it.
 * Split over two files by role (like the permission matrix) to keep each short on MariaDB.
 */

const api = (r: string) => `/admin/api/resources/${r}`;
const actorOf = (role: Role): Actor => ({ id: 1, email: ROLE_EMAIL[role], role, opdId: 1 });
type Attr = { type?: { key?: string }; get?: unknown; set?: unknown };
const attrsOf = (t: SecurityApp, resource: string) => modelOf(t.db, resource).getAttributes() as Record<string, Attr>;
/** The model's JSON columns: (de)serialised by a getter and a setter (src/db/json-column.ts). */
const jsonColumnsOf = (t: SecurityApp, resource: string) =>
  Object.entries(attrsOf(t, resource))
    .filter(([, a]) => typeof a.get === 'function' && typeof a.set === 'function')
    .map(([name]) => name)
    .sort();

/** A filter on `field` with a value of its type (so an accepted one is a valid query). */
function filterQuery(field: string, attr: Attr): string {
  switch (attr.type?.key) {
    case 'INTEGER':
    case 'BIGINT':
      return `filters.${field}=1`;
    case 'BOOLEAN':
      return `filters.${field}=true`;
    case 'DATE':
    case 'DATEONLY':
      return `filters.${field}~~from=2020-01-01`;
    default:
      return `filters.${field}=a`;
  }
}

const PROPOSED_NIK = '3313066101900009';

/** The roles of the first file; the second takes every other role (so a new role is covered). */
export const BKPSDM_ROLES: readonly Role[] = ['admin', 'approver', 'helpdesk', 'verifier'];
export const OTHER_ROLES: readonly Role[] = ROLES.filter((r) => !BKPSDM_ROLES.includes(r));

export function describeQueryGuards(title: string, roles: readonly Role[]): void {
  describe(title, () => {
    let t: SecurityApp;
    let f: Fixture;
    let nikSubId: number;
    const agents = {} as Record<Role, TestAgent>;

    beforeAll(async () => {
      t = await createSecurityApp();
      f = await seedSecurityFixture(t.db);
      // A data_personal proposal with a new NIK, in OPD A (every role below can list it, except Kanreg BKN).
      const e = f.empA[4];
      nikSubId = (
        await t.db.models.Submission.create({
          employeeId: e.id,
          opdId: e.opdId,
          campaignId: f.campaign.id,
          category: 'data_personal',
          proposedValues: { nik: PROPOSED_NIK, alamat: 'Jl. Baru 2' },
          submittedAt: new Date(Date.now() - 3600_000),
          verifiedAt: null,
          validatedAt: null,
          decidedAt: null,
          lastNote: null,
        })
      ).id;
      for (const role of roles) agents[role] = await loginAs(t.app, ROLE_EMAIL[role]);
    });
    afterAll(async () => {
      await t.close();
    });

    it('the policy lists exactly the JSON columns of the models, and no allow-list names one, a secret or a masked field', () => {
      for (const resource of RESOURCES) {
        expect({ resource, json: jsonColumnsOf(t, resource) }).toEqual({ resource, json: [...(JSON_FIELDS[resource] ?? [])].sort() });
        for (const role of roles) {
          const hidden = hiddenFieldsFor(actorOf(role), resource).map((h) => h.split('.')[0]);
          for (const kind of ['filter', 'sort'] as const) {
            const fields = queryFieldsFor(actorOf(role), resource, kind);
            for (const field of fields) {
              expect({ resource, role, kind, field, json: (JSON_FIELDS[resource] ?? []).includes(field) }).toMatchObject({ json: false });
              expect({ resource, role, kind, field, hidden: hidden.includes(field) }).toMatchObject({ hidden: false });
              expect({ resource, role, kind, field, column: field in attrsOf(t, resource) }).toMatchObject({ column: true });
            }
            if (!can(actorOf(role), resource, 'list')) expect(fields).toEqual([]);
          }
        }
      }
    });

    describe.each(roles)('role %s', (role) => {
      const readable = RESOURCES.filter((r) => can(actorOf(role), r, 'list'));
      const denials = () => deniedCount(t.db, ROLE_EMAIL[role]);

      // Every refusal is one audit row: counted per test (refusals sent vs rows written).
      let refused = 0;
      let deniedBefore = 0;
      beforeEach(async () => {
        refused = 0;
        deniedBefore = await denials();
      });
      afterEach(async () => {
        expect({ role, audited: (await denials()) - deniedBefore }).toEqual({ role, audited: refused });
      });
      async function expectRefused(url: string) {
        const res = await agents[role].get(url);
        refused += 1;
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
        expect(res.body.records).toBeUndefined();
        expect(res.body.meta).toBeUndefined();
      }

      it.each(readable)('%s: the default list and search work within the allow-list', async (resource) => {
        for (const url of [
          `${api(resource)}/actions/list`,
          `${api(resource)}/actions/search`,
          `${api(resource)}/actions/search/a`,
          `${api(resource)}/search/a`,
        ]) {
          const res = await agents[role].get(url);
          expect({ url, status: res.status, notice: res.body.notice?.type ?? null }).toEqual({ url, status: 200, notice: null });
        }
      });

      const withJson = readable.filter((r) => (JSON_FIELDS[r] ?? []).length > 0);
      if (withJson.length)
        it.each(withJson)(
          '%s: every JSON column is refused as a filter, a nested filter, a sort and a search property, audited',
          async (resource) => {
            const columns = jsonColumnsOf(t, resource);
            expect(columns.length).toBeGreaterThan(0);
            for (const column of columns) {
              await expectRefused(`${api(resource)}/actions/list?filters.${column}=3313`);
              await expectRefused(`${api(resource)}/actions/list?filters.${column}.nik=3313`);
              await expectRefused(`${api(resource)}/actions/list?sortBy=${column}&direction=asc`);
              await expectRefused(`${api(resource)}/actions/list?sortBy=${column}.nik&direction=desc`);
              await expectRefused(`${api(resource)}/actions/search/3313?searchProperty=${column}`);
              await expectRefused(`${api(resource)}/actions/search?filters.${column}=3313`);
            }
          },
        );

      it.each(readable)(
        '%s: every column outside the allow-list is refused as filter and sort (audited), every allowed one is accepted',
        async (resource) => {
          const filterable = new Set(queryFieldsFor(actorOf(role), resource, 'filter'));
          const sortable = new Set(queryFieldsFor(actorOf(role), resource, 'sort'));
          for (const [field, attr] of Object.entries(attrsOf(t, resource))) {
            const filterUrl = `${api(resource)}/actions/list?${filterQuery(field, attr)}`;
            if (filterable.has(field)) {
              const res = await agents[role].get(filterUrl);
              expect({ filterUrl, status: res.status, notice: res.body.notice?.type ?? null }).toEqual({
                filterUrl,
                status: 200,
                notice: null,
              });
            } else {
              await expectRefused(filterUrl);
            }
            const sortUrl = `${api(resource)}/actions/list?sortBy=${field}&direction=desc`;
            if (sortable.has(field)) {
              const res = await agents[role].get(sortUrl);
              expect({ sortUrl, status: res.status }).toEqual({ sortUrl, status: 200 });
            } else {
              await expectRefused(sortUrl);
            }
          }
          // names that are no column at all, and injection attempts
          for (const name of ['nonexistent', 'id;DROP TABLE opds', '$nested.column$']) {
            await expectRefused(`${api(resource)}/actions/list?filters.${encodeURIComponent(name)}=1`);
            await expectRefused(`${api(resource)}/actions/list?sortBy=${encodeURIComponent(name)}`);
          }
        },
      );
    });

    // The attack of issue 8: a data_personal submission's NIK read digit by digit through the
    // answer's total, by every role that sees it masked.
    const maskedListers = roles.filter((r) => !canSeeFullNik(actorOf(r)) && can(actorOf(r), 'submissions', 'list'));
    it.each(maskedListers)('%s cannot read a proposed NIK digit by digit: the answer is the same refusal for every digit', async (role) => {
      for (const probe of ['filters.proposedValues', 'filters.proposedValues.nik']) {
        const answers = [];
        for (const d of '0123456789') {
          const res = await agents[role].get(`${api('submissions')}/actions/list?filters.id=${nikSubId}&${probe}=3313${d}`);
          answers.push({ status: res.status, body: res.body, total: res.body?.meta?.total });
        }
        for (const a of answers) expect(a).toEqual(answers[0]);
        expect(answers[0].status).toBe(403);
        expect(answers[0].total).toBeUndefined();
      }
      const sorted = await agents[role].get(`${api('submissions')}/actions/list?sortBy=proposedValues`);
      expect(sorted.status).toBe(403);
    });

    // Free-text search (reference pickers, filter selects, /api/resources/:id/search/:q) never
    // matches a field the role sees masked, generated from the policy's NIK fields.
    const nikCases = Object.entries(NIK_FIELDS).flatMap(([resource, fields]) =>
      roles.filter((r) => can(actorOf(r), resource, 'search')).flatMap((role) => fields.map((field) => [resource, field, role] as const)),
    );
    it.each(nikCases)('%s.%s: search by %s never matches the NIK digits it sees masked', async (resource, field, role) => {
      const [column, key] = field.split('.') as [string, string | undefined];
      // a row the role may see, and its real NIK
      const model = modelOf(t.db, resource);
      const visible = await agents[role].get(`${api(resource)}/actions/list?perPage=500`);
      expect(visible.status).toBe(200);
      const ids = (visible.body.records as Array<{ id: string }>).map((r) => Number(r.id));
      const rows = (await model.findAll({ where: { id: ids } })).map((r) => r.get({ plain: true }) as Record<string, unknown>);
      const nikOf = (row: Record<string, unknown>) =>
        String((key ? (row[column] as Record<string, unknown> | null)?.[key] : row[column]) ?? '');
      const target = rows.find((row) => /^\d{16}$/.test(nikOf(row)));
      if (!target) {
        // The role sees no row carrying such a NIK (Kanreg BKN does not see data_personal): then
        // every row that carries one is outside its scope.
        const carrying = (await model.findAll())
          .map((r) => r.get({ plain: true }) as Record<string, unknown>)
          .filter((row) => /^\d{16}$/.test(nikOf(row)));
        expect(carrying.length).toBeGreaterThan(0);
        for (const row of carrying) expect(ids).not.toContain(Number(row.id));
        return;
      }
      const nik = nikOf(target);
      const masked = !canSeeFullNik(actorOf(role));
      for (const q of [nik, nik.slice(0, 8), nik.slice(-6)]) {
        for (const url of [`${api(resource)}/search/${q}`, `${api(resource)}/actions/search/${q}`]) {
          const res = await agents[role].get(url);
          expect(res.status).toBe(200);
          const found = (res.body.records as Array<{ id: string }>).map((r) => Number(r.id));
          expect({ url, found: found.includes(Number(target.id)) }).toEqual({ url, found: false });
        }
      }
      // naming the field itself: refused for roles that see it masked, a match for those who see it
      const before = await deniedCount(t.db, ROLE_EMAIL[role]);
      const direct = await agents[role].get(`${api(resource)}/actions/search/${nik}?searchProperty=${column}`);
      if (masked || key) {
        expect(direct.status).toBe(403);
        expect(await deniedCount(t.db, ROLE_EMAIL[role])).toBe(before + 1);
        expect(direct.text).not.toContain(nik);
      } else {
        expect(direct.status).toBe(200);
        expect((direct.body.records as Array<{ id: string }>).map((r) => Number(r.id))).toContain(Number(target.id));
      }
    });
  });
}
