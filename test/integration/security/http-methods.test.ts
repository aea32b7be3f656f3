import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import type TestAgent from 'supertest/lib/agent.js';
import type { ActionContext, ActionRequest, BaseRecord } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { createSecurityApp, loginAs, Op, seedSecurityFixture, type Fixture, type SecurityApp } from '../../helpers/security-fixture.js';
import { makePdf } from '../../helpers/pdf.js';
import { MATRIX, RESOURCES, can } from '../../../src/domain/access/access-policy.js';
import { ROLES, type Role } from '../../../src/domain/shared/constants.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import { SYSTEM_ACTOR } from '../../../src/domain/shared/actor.js';
import { scopedResource } from '../../../src/admin/resource-helpers.js';

/**
 * Methods over real HTTP: state changes only on POST. For every panel resource of the access
 * policy (RESOURCES) and every action either AdminJS knows for it (built-in and custom) or the
 * policy grants on it, for every role the policy grants the action to (the administrator where
 * none), on a row that role can see: HEAD — with and without a foreign Origin — is refused (405),
 * and neither HEAD nor GET (plain, from a foreign Origin, marked cross-site) changes anything in
 * the database or the upload directory, nor writes an audit row other than a refusal.
 *
 * The matrix is generated from the policy and from AdminJS's action lists: a new resource or a
 * new action is covered here without a new test.
 */

const EVIL = 'http://evil.example';
type Kind = 'record' | 'bulk' | 'resource';

describe('HEAD and GET never change state, for every action of every resource', () => {
  let t: SecurityApp;
  let f: Fixture;
  const agents = new Map<Role, TestAgent>();
  const userOf = (role: Role) =>
    ({
      admin: f.users.admin,
      approver: f.users.approver,
      helpdesk: f.users.helpdesk,
      verifier: f.users.verifierA,
      bkn_validator: f.users.bkn,
      secretary: f.users.secretaryA,
      opd_head: f.users.headA,
      regent: f.users.regent,
    })[role];
  const actorOf = (role: Role): Actor => {
    const u = userOf(role);
    return { id: u.id, email: u.email, role, opdId: u.opdId ?? null, ip: null };
  };

  /** Every table the panel can reach (not the audit trail or the sessions, which a GET may write), and the stored files. */
  const snapshot = async () => {
    const tables: Record<string, unknown> = {};
    for (const model of Object.values(t.db.models) as unknown as Array<ModelStatic<Model>>) {
      const table = model.getTableName() as string;
      if (table === 'audit_logs' || table === 'sessions') continue;
      tables[table] = await model.findAll({ raw: true, order: [[model.primaryKeyAttribute, 'ASC']] });
    }
    const files = fs.existsSync(t.config.uploadDir) ? fs.readdirSync(t.config.uploadDir, { recursive: true }).map(String).sort() : [];
    return JSON.stringify({ tables, files });
  };

  /** The actions of a resource: AdminJS's (built-in and custom, with their type) and the policy's. */
  const actionsOf = (resource: string): Array<{ name: string; kinds: Kind[] }> => {
    const decorated = t.admin.findResource(resource).decorate().actions as unknown as Record<
      string,
      { action: { actionType: Kind | Kind[] } }
    >;
    const out = new Map<string, Kind[]>();
    for (const [name, d] of Object.entries(decorated)) out.set(name, ([] as Kind[]).concat(d.action.actionType));
    const granted = Object.values((MATRIX as Record<string, Record<string, { actions: readonly string[] }>>)[resource] ?? {}).flatMap(
      (g) => g.actions,
    );
    // A policy action with no AdminJS action of that name: every URL shape it could be reached by.
    for (const name of granted) if (!out.has(name)) out.set(name, ['record', 'bulk', 'resource']);
    return [...out].map(([name, kinds]) => ({ name, kinds }));
  };

  /**
   * A row the role can see (through the same RecordService as the panel), else any row: the newest,
   * which has the fewest rows depending on it, so that a delete that ran would not be stopped by a
   * foreign key and go unnoticed.
   */
  const rowFor = async (resource: string, role: Role): Promise<string> => {
    try {
      const [row] = await t.records.list(actorOf(role), resource, { limit: 1, order: [['id', 'DESC']] });
      if (row?.id !== undefined) return String(row.id);
    } catch {
      // the role may not read the resource: any row will do, the request must change nothing either way
    }
    const model = Object.values(t.db.models).find((m) => m.getTableName() === resource) as unknown as ModelStatic<Model>;
    const any = await model.findOne({ order: [[model.primaryKeyAttribute, 'DESC']] });
    return String(any?.get(model.primaryKeyAttribute) ?? 1);
  };

  const urlOf = (resource: string, action: string, kind: Kind, id: string) =>
    kind === 'record'
      ? `/admin/api/resources/${resource}/records/${id}/${action}`
      : kind === 'bulk'
        ? `/admin/api/resources/${resource}/bulk/${action}?recordIds=${id}`
        : `/admin/api/resources/${resource}/actions/${action}`;

  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    // A real stored scan, so that a document action that ran would show on disk too.
    await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId: f.subsA[1].id, documentType: 'ktp', originalName: 'ktp-asli.pdf', content: await makePdf('KTP asli') },
    );
    for (const role of ROLES) agents.set(role, await loginAs(t.app, userOf(role).email));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('covers every resource of the policy, each with its AdminJS actions', () => {
    for (const resource of RESOURCES) {
      const names = actionsOf(resource).map((a) => a.name);
      for (const builtIn of ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete']) expect(names).toContain(builtIn);
    }
    // The custom ones that change state are in it (read from AdminJS, not listed by this test).
    expect(actionsOf('submissions').map((a) => a.name)).toEqual(expect.arrayContaining(['verify', 'approve', 'bulkVerify', 'bulkApprove']));
  });

  for (const resource of RESOURCES) {
    it(`${resource}: HEAD is refused and neither HEAD nor GET changes anything, for every action and role`, async () => {
      const auditBefore = Number((await t.db.models.AuditLog.max('id')) ?? 0);
      let requests = 0;
      for (const { name, kinds } of actionsOf(resource)) {
        const granted = ROLES.filter((role) => can(actorOf(role), resource, name));
        for (const role of granted.length ? granted : (['admin'] as Role[])) {
          const agent = agents.get(role)!;
          const id = await rowFor(resource, role);
          const before = await snapshot();
          for (const kind of kinds) {
            const url = urlOf(resource, name, kind, id);
            const head = await agent.head(url);
            const headEvil = await agent.head(url).set('Origin', EVIL);
            expect({ url, role, head: head.status, headEvil: headEvil.status }).toEqual({ url, role, head: 405, headEvil: 405 });
            expect(head.headers.allow).toBe('GET, POST');
            const crossSite = await agent.get(url).set('Origin', EVIL).set('Sec-Fetch-Site', 'cross-site');
            expect({ url, role, crossSite: crossSite.status }).toEqual({ url, role, crossSite: 403 });
            await agent.get(url).set('Origin', EVIL);
            await agent.get(url);
            requests += 5;
          }
          expect({ resource, action: name, role, state: await snapshot() }).toEqual({ resource, action: name, role, state: before });
        }
      }
      expect(requests).toBeGreaterThan(0);
      // Only refusals were written to the audit trail (no create, update, delete, workflow step).
      const written = await t.db.models.AuditLog.findAll({ where: { id: { [Op.gt]: auditBefore } } });
      expect(written.filter((r) => r.outcome !== 'denied').map((r) => `${r.action} ${r.resource} ${r.recordId}`)).toEqual([]);
    }, 240_000);
  }

  it('the reported exploit: HEAD …/records/<id>/delete from a foreign Origin is refused (405, audited) and the row stays', async () => {
    const admin = agents.get('admin')!;
    const refusals = () =>
      t.db.models.AuditLog.count({
        where: {
          action: 'denied',
          userEmail: 'admin@uji.example',
          message: { [Op.like]: 'metode HEAD ke HEAD /admin/api/resources/%elete%' },
        },
      });
    const refusedBefore = await refusals();
    for (const [resource, id] of [
      ['opds', f.opdB.id],
      ['employees', f.empB[0].id],
      ['helpdesk_tickets', f.ticketB.id],
      ['report_schedules', f.schedule2.id],
    ] as const) {
      const res = await admin.head(`/admin/api/resources/${resource}/records/${id}/delete`).set('Origin', EVIL);
      expect(res.status).toBe(405);
      const model = Object.values(t.db.models).find((m) => m.getTableName() === resource) as unknown as ModelStatic<Model>;
      expect(await model.count({ where: { id } })).toBe(1);
      const bulk = await admin.head(`/admin/api/resources/${resource}/bulk/bulkDelete?recordIds=${id}`).set('Origin', EVIL);
      expect(bulk.status).toBe(405);
      expect(await model.count({ where: { id } })).toBe(1);
    }
    expect((await refusals()) - refusedBefore).toBe(8);
  });

  it('below the router too: an action handler runs its state change only for POST; GET gets the record, HEAD is refused', async () => {
    let ran = 0;
    const deps = {
      records: t.records,
      workflow: t.services.workflow,
      documents: t.services.documents,
      reports: t.services.reports,
      notices: t.services.notices,
      components: {},
    };
    // A custom action that forgets to look at the method, and the built-in delete.
    const built = scopedResource(t.db.models.Opd, deps, {
      actions: {
        careless: { actionType: 'record', handler: async () => ((ran += 1), { notice: { message: 'berjalan', type: 'success' } }) },
      },
    });
    const actions = built.options.actions as Record<
      string,
      { handler: (req: ActionRequest, res: unknown, ctx: ActionContext) => Promise<unknown> }
    >;
    const record = {
      id: () => String(f.opdB.id),
      params: { id: f.opdB.id },
      toJSON: () => ({ id: String(f.opdB.id), params: { id: f.opdB.id } }),
    } as unknown as BaseRecord;
    const resource = t.admin.findResource('opds');
    const context = {
      resource,
      record,
      currentAdmin: { id: String(f.users.admin.id), email: 'admin@uji.example', title: 'admin', role: 'admin', opdId: null },
      action: { name: 'careless' },
      h: {},
    } as unknown as ActionContext;
    const req = (method: string) =>
      ({ method, params: { recordId: String(f.opdB.id) }, query: {}, payload: {} }) as unknown as ActionRequest;

    await expect(actions.careless.handler(req('get'), {}, context)).resolves.toEqual({ record: record.toJSON() });
    await expect(actions.careless.handler(req('head'), {}, context)).rejects.toMatchObject({ status: 405 });
    expect(ran).toBe(0);
    await actions.careless.handler(req('post'), {}, context);
    expect(ran).toBe(1);

    await expect(
      actions.delete.handler(req('head'), {}, { ...context, action: { name: 'delete' } } as ActionContext),
    ).rejects.toMatchObject({ status: 405 });
    await expect(actions.delete.handler(req('get'), {}, { ...context, action: { name: 'delete' } } as ActionContext)).resolves.toEqual({
      record: record.toJSON(),
    });
    expect(await t.db.models.Opd.count({ where: { id: f.opdB.id } })).toBe(1);
    expect(
      await t.db.models.AuditLog.count({ where: { action: 'denied', resource: 'opds', message: { [Op.like]: 'careless:%HEAD%' } } }),
    ).toBe(1);
  });
});
