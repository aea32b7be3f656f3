import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import type { Response } from 'supertest';
import { Op, type WhereOptions } from 'sequelize';
import { can, RESOURCES } from '../../../src/domain/access/access-policy.js';
import { sameValue } from '../../../src/domain/records/write-input.js';
import { ROLES, type Role } from '../../../src/domain/shared/constants.js';
import { SYSTEM_ACTOR, type Actor } from '../../../src/domain/shared/actor.js';
import { ForbiddenError } from '../../../src/domain/shared/errors.js';
import {
  createSecurityApp,
  deniedCount,
  inPhase,
  loginAs,
  modelOf,
  newEmployeeValues,
  ROLE_EMAIL,
  seedSecurityFixture,
  unique,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';

/**
 * Nothing writes a table past its service: the panel's generic new/edit/delete (RecordService)
 * takes only the fields the owning service declares writable, refuses a change of a field it
 * declares fixed, and cannot write a resource that declares no rules at all — not even as the
 * system actor. Generated from the access policy (who may new/edit what) and the declared rules
 * (which fields are writable): every other column of the model is sent with a junk value, and the
 * row must not carry it afterwards. A new resource, column or grant is covered by the same loop;
 * what is hand-written below is only a valid payload and a harmless change per resource.
 */

const api = (r: string) => `/admin/api/resources/${r}`;
const actorOf = (role: Role): Actor => ({ id: 1, email: ROLE_EMAIL[role], role, opdId: 1 });
type Attr = {
  type?: { key?: string; _length?: number; options?: { length?: number } };
  get?: unknown;
  set?: unknown;
  defaultValue?: unknown;
};
type Row = Record<string, unknown>;
const notice = (res: Response) => (res.body?.notice?.type as string | undefined) ?? null;

/** A value of the column's type that no rule would produce (so finding it in the row means it was written). */
function junkFor(attr: Attr, current: Row | null, name: string): string {
  const key = attr.type?.key;
  if (typeof attr.get === 'function' && typeof attr.set === 'function') return '{"junk":"disisipkan"}';
  switch (key) {
    case 'INTEGER':
    case 'BIGINT':
      return '987654';
    case 'BOOLEAN': {
      const now = current ? current[name] : attr.defaultValue;
      return now ? 'false' : 'true';
    }
    case 'DATE':
      return '2001-02-03T04:05:06.000Z';
    case 'DATEONLY':
      return '2001-02-03';
    default: {
      const len = attr.type?._length ?? attr.type?.options?.length ?? 255;
      return 'JUNKJUNKJUNK'.slice(0, Math.max(1, Math.min(12, Number(len))));
    }
  }
}
const carries = (value: unknown, junk: string) =>
  sameValue(value, junk) || (typeof junk === 'string' && junk.startsWith('{') && JSON.stringify(value ?? null).includes('disisipkan'));

describe('generic writes: only what the owning service declares', () => {
  let t: SecurityApp;
  let f: Fixture;
  const agents = {} as Record<Role, TestAgent>;

  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    for (const role of ROLES) agents[role] = await loginAs(t.app, ROLE_EMAIL[role]);
  });
  afterAll(async () => {
    await t.close();
  });

  const attrsOf = (resource: string) => modelOf(t.db, resource).getAttributes() as Record<string, Attr>;
  const rowOf = async (resource: string, id: unknown) =>
    (await modelOf(t.db, resource).findByPk(id as number))?.get({ plain: true }) as Row | undefined;

  /** A valid create payload per resource (acting from OPD A). */
  const validNew: Record<string, () => Promise<Record<string, string>>> = {
    opds: async () => ({ code: `G${unique()}`, name: `OPD Generik ${unique()}`, kind: 'dinas' }),
    employees: async () => {
      const v = newEmployeeValues(f.opdA.id);
      return { ...v, opdId: String(v.opdId) };
    },
    users: async () => ({
      email: `generik${unique()}@uji.example`,
      name: 'Pengguna Generik',
      role: 'helpdesk',
      password: 'Sandi-Kuat-2026x',
    }),
    campaigns: async () => ({
      name: `Putaran ${unique()}`,
      year: '2032',
      helpdeskStart: '2032-08-10',
      selfUpdateStart: '2032-08-15',
      selfUpdateEnd: '2032-08-25',
      verificationStart: '2032-08-26',
      verificationEnd: '2032-09-04',
      approvalStart: '2032-09-05',
      approvalEnd: '2032-09-14',
    }),
    submissions: async () => {
      const e = await t.db.models.Employee.create(newEmployeeValues(f.opdA.id));
      return { employeeId: String(e.id), category: 'skp', 'proposedValues.tahun': '2025' };
    },
    helpdesk_tickets: async () => ({ reporterName: `Pelapor ${unique()}`, kind: 'other', description: 'tidak bisa masuk MySAPK' }),
    report_schedules: async () => ({ name: `Jadwal ${unique()}`, reportKind: 'opd', cron: '0 7 * * *' }),
  };

  /** A row the role may edit and a harmless change to it, per resource. */
  const validEdit: Record<string, () => Promise<{ id: number; change: Record<string, string> }>> = {
    opds: async () => ({ id: f.opdA.id, change: { address: `Jl. Generik ${unique()}` } }),
    employees: async () => ({ id: f.empA[0].id, change: { phone: `0813${unique()}` } }),
    users: async () => ({ id: f.users.secretaryA.id, change: { name: `Sekretaris ${unique()}` } }),
    campaigns: async () => ({ id: f.campaign2.id, change: { notes: `catatan ${unique()}` } }),
    submissions: async () => {
      const e = f.empA[3];
      const s = await t.db.models.Submission.create({
        employeeId: e.id,
        opdId: e.opdId,
        campaignId: f.campaign.id,
        category: 'organisasi',
        proposedValues: { nama: 'KORPRI' },
        submittedAt: new Date(Date.now() - unique() * 60_000),
        verifiedAt: null,
        validatedAt: null,
        decidedAt: null,
        lastNote: null,
      });
      return { id: s.id, change: { 'proposedValues.nama': `KORPRI ${unique()}` } };
    },
    helpdesk_tickets: async () => ({ id: f.ticketA.id, change: { resolution: `selesai ${unique()}` } }),
    report_schedules: async () => ({ id: f.schedule.id, change: { name: `Jadwal ${unique()}` } }),
  };

  it('a resource whose owner declares no write rules cannot be written generically, not even by the system actor (refused, audited)', async () => {
    // Written only by their own services (uploads, the workflow history, the audit trail, the report outbox).
    const ownServiceOnly = [
      'documents',
      'submission_events',
      'audit_logs',
      'report_runs',
      'report_deliveries',
      'imports',
      'siasn_unit_map',
    ];
    const undeclared = RESOURCES.filter((r) => !t.records.rulesFor(r)?.writable);
    expect(undeclared).toEqual(expect.arrayContaining(ownServiceOnly));
    for (const resource of RESOURCES) {
      const rules = t.records.rulesFor(resource);
      const model = modelOf(t.db, resource);
      const pk = model.primaryKeyAttribute;
      const existing = (await model.findOne({ order: [[pk, 'ASC']] }))!.get({ plain: true }) as Row;
      // (the audit trail grows by the refusals themselves: count its other rows)
      const countOf = () => model.count(resource === 'audit_logs' ? { where: { outcome: { [Op.ne]: 'denied' } } } : {});
      const count = await countOf();
      const junk = Object.fromEntries(
        Object.entries(attrsOf(resource))
          .filter(([k]) => k !== pk)
          .map(([k, a]) => [k, junkFor(a, existing, k)]),
      );
      const denials = () => deniedCount(t.db, 'system');
      for (const [op, declared, run] of [
        ['create', !!rules?.writable?.create, () => t.records.create(SYSTEM_ACTOR, resource, junk)],
        ['update', !!rules?.writable?.update, () => t.records.update(SYSTEM_ACTOR, resource, existing[pk], junk)],
        ['delete', !!rules?.deletable, () => t.records.delete(SYSTEM_ACTOR, resource, existing[pk])],
      ] as const) {
        if (declared) continue;
        const before = await denials();
        await expect(run()).rejects.toBeInstanceOf(ForbiddenError);
        expect({ resource, op, audited: (await denials()) - before }).toEqual({ resource, op, audited: 1 });
      }
      expect(await countOf()).toBe(count);
      expect(await rowOf(resource, existing[pk])).toEqual(existing);
    }
  });

  const newCases = RESOURCES.flatMap((resource) =>
    ROLES.filter((role) => can(actorOf(role), resource, 'new')).map((role) => [resource, role] as const),
  );
  it.each(newCases)(
    '%s new as %s: only the declared writable fields are taken; every other column sent is not in the row',
    async (resource, role) => {
      const rules = t.records.rulesFor(resource);
      const model = modelOf(t.db, resource);
      const pk = model.primaryKeyAttribute;
      const countBefore = await model.count();
      const maxBefore = Number((await model.max(pk)) ?? 0);
      if (!rules?.writable?.create) {
        // No generic create (documents are uploaded through DocumentService): a form with every
        // column set creates nothing.
        const junk = Object.fromEntries(Object.entries(attrsOf(resource)).map(([k, a]) => [k, junkFor(a, null, k)]));
        const res = await agents[role]
          .post(`${api(resource)}/actions/new`)
          .type('form')
          .send(junk);
        expect(notice(res) === 'success').toBe(false);
        expect(await model.count()).toBe(countBefore);
        return;
      }
      expect({ resource, payload: resource in validNew }).toEqual({ resource, payload: true });
      const payload = await validNew[resource]();
      const writable = new Set([...(rules.writable.create ?? []), ...(rules.inputOnly ?? [])]);
      const junk: Record<string, string> = {};
      for (const [name, attr] of Object.entries(attrsOf(resource)))
        if (!writable.has(name) && name !== pk) junk[name] = junkFor(attr, null, name);
      expect(Object.keys(junk).length).toBeGreaterThan(0);
      const res = await inPhase(t.db, f.campaign.id, 'self_update', () =>
        agents[role]
          .post(`${api(resource)}/actions/new`)
          .type('form')
          .send({ ...junk, ...payload }),
      );
      expect({ status: res.status, notice: notice(res), message: res.body?.notice?.message }).toMatchObject({
        status: 200,
        notice: 'success',
      });
      expect(await model.count()).toBe(countBefore + 1);
      const created = (await model.findOne({ where: { [pk]: { [Op.gt]: maxBefore } } as WhereOptions }))!.get({ plain: true }) as Row;
      for (const [name, value] of Object.entries(junk))
        expect({ resource, name, written: carries(created[name], value) }).toEqual({ resource, name, written: false });
    },
  );

  const editCases = RESOURCES.flatMap((resource) =>
    ROLES.filter((role) => can(actorOf(role), resource, 'edit')).map((role) => [resource, role] as const),
  );
  it.each(editCases)(
    '%s edit as %s: a fixed field is refused (row unchanged, audited); every other undeclared column is dropped',
    async (resource, role) => {
      const rules = t.records.rulesFor(resource);
      // The policy grants no generic edit its owner does not declare.
      expect({ resource, declared: !!rules?.writable?.update }).toEqual({ resource, declared: true });
      expect({ resource, edit: resource in validEdit }).toEqual({ resource, edit: true });
      const pk = modelOf(t.db, resource).primaryKeyAttribute;
      const { id, change } = await validEdit[resource]();
      const before = (await rowOf(resource, id))!;
      const writable = new Set([...(rules!.writable!.update ?? []), ...(rules!.inputOnly ?? [])]);
      const fixed = rules!.fixed ?? {};
      const url = `${api(resource)}/records/${id}/edit`;
      // Each fixed field on its own, with a changed value: the whole edit is refused.
      for (const field of Object.keys(fixed)) {
        const junk = junkFor(attrsOf(resource)[field], before, field);
        const denied = await deniedCount(t.db, ROLE_EMAIL[role]);
        const res = await agents[role]
          .post(url)
          .type('form')
          .send({ ...change, [field]: junk });
        expect({ field, notice: notice(res), error: res.body?.record?.errors?.[field]?.message ?? null }).toEqual({
          field,
          notice: 'error',
          error: fixed[field],
        });
        expect(await rowOf(resource, id)).toEqual(before);
        expect(await deniedCount(t.db, ROLE_EMAIL[role])).toBe(denied + 1);
      }
      // Every other column outside the allow-list at once: dropped, the declared change applied.
      const junk: Record<string, string> = {};
      for (const [name, attr] of Object.entries(attrsOf(resource)))
        if (!writable.has(name) && !(name in fixed)) junk[name] = junkFor(attr, before, name);
      const res = await agents[role]
        .post(url)
        .type('form')
        .send({ ...junk, ...change });
      expect({
        status: res.status,
        notice: notice(res),
        message: res.body?.notice?.message,
        errors: res.body?.record?.errors,
      }).toMatchObject({ status: 200, notice: 'success' });
      const after = (await rowOf(resource, id))!;
      expect(after[pk]).toBe(before[pk]);
      for (const [name, value] of Object.entries(junk)) {
        if (name === pk) continue;
        expect({ resource, name, written: carries(after[name], value) }).toEqual({ resource, name, written: false });
      }
      // the change itself went through (nested keys: the proposal)
      for (const [key, value] of Object.entries(change)) {
        const [top, sub] = key.split('.') as [string, string | undefined];
        expect(sub ? (after[top] as Row)[sub] : after[top]).toBe(value);
      }
      if ('version' in before) expect(after.version).toBe(Number(before.version) + 1);
    },
  );

  describe('the owners’ rules behind the generic path', () => {
    it('OPDs: a unique code, a known kind, valid e-mail addresses; one still in use is not deleted', async () => {
      const admin = agents.admin;
      const count = await t.db.models.Opd.count();
      for (const [payload, field] of [
        [{ code: f.opdA.code.toLowerCase(), name: 'Tiruan', kind: 'dinas' }, 'code'],
        [{ code: 'BARU-1', name: 'OPD Baru', kind: 'pabrik' }, 'kind'],
        [{ code: 'BARU-2', name: 'OPD Baru', kind: 'dinas', headEmail: 'bukan-email' }, 'headEmail'],
        [{ code: 'BARU 3', name: 'OPD Baru', kind: 'dinas' }, 'code'],
      ] as const) {
        const res = await admin
          .post(`${api('opds')}/actions/new`)
          .type('form')
          .send(payload);
        expect({ field, notice: notice(res), error: typeof res.body.record?.errors?.[field]?.message }).toEqual({
          field,
          notice: 'error',
          error: 'string',
        });
      }
      expect(await t.db.models.Opd.count()).toBe(count);
      // in use (employees, users, submissions): a clear message, nothing deleted
      const del = await admin.post(`${api('opds')}/records/${f.opdB.id}/delete`);
      expect(notice(del)).toBe('error');
      expect(del.body.notice.message).toMatch(/masih dipakai/);
      const bulk = await admin.post(`${api('opds')}/bulk/bulkDelete?recordIds=${f.opdB.id}`);
      expect(notice(bulk)).toBe('error');
      expect(bulk.body.notice.message).toMatch(/masih dipakai/);
      expect(await t.db.models.Opd.findByPk(f.opdB.id)).not.toBeNull();
    });

    it('campaigns: the phase windows must follow each other; one with submissions is not deleted', async () => {
      const admin = agents.admin;
      const count = await t.db.models.Campaign.count();
      const res = await admin
        .post(`${api('campaigns')}/actions/new`)
        .type('form')
        .send({
          name: 'Terbalik',
          year: '2033',
          helpdeskStart: '2033-08-10',
          selfUpdateStart: '2033-08-15',
          selfUpdateEnd: '2033-08-25',
          verificationStart: '2033-08-20',
          verificationEnd: '2033-09-04',
          approvalStart: '2033-09-05',
          approvalEnd: '2033-09-14',
        });
      expect(notice(res)).toBe('error');
      expect(res.body.record.errors.verificationStart.message).toMatch(/setelah pemutakhiran mandiri/);
      expect(await t.db.models.Campaign.count()).toBe(count);
      const before = (await rowOf('campaigns', f.campaign.id))!;
      const edit = await admin
        .post(`${api('campaigns')}/records/${f.campaign.id}/edit`)
        .type('form')
        .send({ approvalEnd: String(before.approvalStart).slice(0, 10).replace(/\d\d$/, '01') });
      expect(notice(edit)).toBe('error');
      expect(await rowOf('campaigns', f.campaign.id)).toEqual(before);
      const del = await admin.post(`${api('campaigns')}/records/${f.campaign.id}/delete`);
      expect(del.body.notice.message).toMatch(/masih dipakai/);
      expect(await t.db.models.Campaign.findByPk(f.campaign.id)).not.toBeNull();
    });

    it('users: an administrator cannot delete their own account', async () => {
      const res = await agents.admin.post(`${api('users')}/records/${f.users.admin.id}/delete`);
      expect(notice(res)).toBe('error');
      expect(res.body.notice.message).toMatch(/akun Anda sendiri/);
      expect(await t.db.models.User.findByPk(f.users.admin.id)).not.toBeNull();
    });
  });
});
