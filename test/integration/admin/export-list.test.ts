import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import type { BaseResource, PropertyDecorator } from 'adminjs';
import { Op } from 'sequelize';
import {
  createSecurityApp,
  loginAs,
  ROLE_EMAIL,
  seedSecurityFixture,
  type Fixture,
  type SecurityApp,
} from '../../helpers/security-fixture.js';
import { can, RESOURCES } from '../../../src/domain/access/access-policy.js';
import { ROLES, type Role } from '../../../src/domain/shared/constants.js';
import { formatInZone, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';
import { idTranslation } from '../../../src/admin/locale/id.js';
import { makeNik, makeNip } from '../../../src/domain/employees/nip-nik.js';
import type { Actor } from '../../../src/domain/shared/actor.js';

/**
 * "Unduh xlsx" of every panel list: for every resource of the access policy and every role that
 * may list it, the file holds exactly the rows the list API gives over all its pages (same ids,
 * same order, the same values as shown — masked NIK, enum labels, reference titles, dates on the
 * regency's calendar), with and without a filter and a sort; never another OPD's rows; the list's
 * refusals; GET only; audited; streamed page by page.
 */

const MASKED = /^\d{4}x{8}\d{4}$/;
const api = (r: string) => `/admin/api/resources/${r}/actions/list`;
const exportUrl = (r: string, q = '') => `/admin/export/${r}.xlsx${q ? `?${q}` : ''}`;

const binary = (
  res: NodeJS.ReadableStream & { on(ev: string, cb: (c?: unknown) => void): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

type Cell = string | number | null;
interface Sheet {
  header: string[];
  rows: Cell[][];
}

async function readSheet(content: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as never);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0];
  const width = ws.getRow(1).cellCount;
  const read = (n: number): Cell[] =>
    Array.from({ length: width }, (_, i) => {
      const v = ws.getRow(n).getCell(i + 1).value;
      return v === undefined || v === null ? null : (v as string | number);
    });
  const rows: Cell[][] = [];
  for (let n = 2; n <= ws.rowCount; n++) rows.push(read(n));
  return { header: read(1) as string[], rows };
}

interface ListRecord {
  id: string | number;
  params: Record<string, unknown>;
  populated: Record<string, { title?: string } | null | undefined>;
}

interface ListBody {
  records: ListRecord[];
  meta: { total: number };
}
const bodyOf = (res: { body: unknown }) => res.body as ListBody;
const messageOf = (res: { body: unknown }) => (res.body as { message?: string }).message;

/** Every page of the list API (the panel's own list action) for a query. */
async function listAll(agent: TestAgent, resource: string, query: string): Promise<ListRecord[]> {
  const out: ListRecord[] = [];
  for (let page = 1; ; page++) {
    const res = await agent.get(`${api(resource)}?perPage=3&page=${page}${query ? `&${query}` : ''}`);
    expect(res.status).toBe(200);
    const body = res.body as ListBody;
    out.push(...body.records);
    if (out.length >= body.meta.total || body.records.length === 0) break;
  }
  return out;
}

/** The header the list shows (the locale's labels), the key first when the list does not show it. */
function expectedHeader(resource: BaseResource): string[] {
  const props = resource.decorate().getListProperties();
  const own = (idTranslation.resources as Record<string, { properties: Record<string, string> }>)[resource.id()]?.properties ?? {};
  const label = (p: string) => own[p] ?? (idTranslation.properties as Record<string, string>)[p];
  const names = props.map((p) => p.name());
  return [...(names.includes('id') ? [] : ['id']), ...names].map(label);
}

/** What the list shows of a field of a record (the oracle, written from AdminJS's property metadata). */
function shown(p: PropertyDecorator | null, rec: ListRecord, name: string): Cell {
  const raw = rec.params[name];
  if (raw === null || raw === undefined || raw === '') return null;
  const v = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (!p) return Number(v);
  const bool = raw === true || raw === 'true';
  const ref = p.reference();
  if (ref) {
    const title = rec.populated?.[name]?.title;
    if (title === undefined || title === null || title === '') return v;
    const label = ref
      .decorate()
      .titleProperty()
      .availableValues()
      ?.find((x) => String(x.value) === String(title))?.label;
    return label ?? String(title);
  }
  const option = p.availableValues()?.find((x) => String(x.value) === v);
  if (option) return String(option.label);
  switch (p.type()) {
    case 'number':
    case 'float':
      return Number(v);
    case 'boolean':
      return bool ? 'Ya' : 'Tidak';
    case 'datetime':
      return formatInZone(new Date(v), 'd MMM yyyy HH.mm ZZZZ');
    case 'date':
      return formatInZone(/^\d{4}-\d{2}-\d{2}$/.test(v) ? startOfJakartaDay(v) : new Date(v), 'd MMM yyyy');
    default:
      return v;
  }
}

function expectedRows(resource: BaseResource, records: ListRecord[]): Cell[][] {
  const props = resource.decorate().getListProperties();
  const withId = props.some((p) => p.name() === 'id');
  return records.map((rec) => [...(withId ? [] : [shown(null, rec, 'id')]), ...props.map((p) => shown(p, rec, p.name()))]);
}

describe('export of every list as xlsx', () => {
  let t: SecurityApp;
  let f: Fixture;
  const agents = new Map<Role, TestAgent>();
  const agent = (role: Role) => agents.get(role)!;
  const download = async (role: Role, url: string) =>
    agent(role)
      .get(url)
      .buffer(true)
      .parse(binary as never);

  beforeAll(async () => {
    t = await createSecurityApp();
    f = await seedSecurityFixture(t.db);
    for (const role of ROLES) agents.set(role, await loginAs(t.app, ROLE_EMAIL[role]));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const listable: Array<[string, Role]> = RESOURCES.flatMap((r) =>
    ROLES.filter((role) => can({ id: 1, email: 'x', role, opdId: 1, ip: null }, r, 'list')).map((role) => [r, role] as [string, Role]),
  );
  const refused: Array<[string, Role]> = RESOURCES.flatMap((r) =>
    ROLES.filter((role) => !can({ id: 1, email: 'x', role, opdId: 1, ip: null }, r, 'list')).map((role) => [r, role] as [string, Role]),
  );

  it.each(listable)(
    '%s as %s: the file holds the list’s rows over all pages, in its order, shown as it shows them',
    async (resource, role) => {
      const r = t.admin.findResource(resource);
      // The default sort, and the key descending (every resource may be sorted on its key).
      for (const query of ['', 'sortBy=id&direction=desc']) {
        const records = await listAll(agent(role), resource, query);
        const res = await download(role, exportUrl(resource, query));
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toContain('spreadsheetml');
        expect(res.headers['cache-control']).toContain('no-store');
        const sheet = await readSheet(res.body as Buffer);
        expect(sheet.header).toEqual(expectedHeader(r));
        expect(sheet.rows.map((row) => String(row[sheet.header.indexOf('ID')]))).toEqual(records.map((x) => String(x.id)));
        expect(sheet.rows).toEqual(expectedRows(r, records));
      }
    },
  );

  it('the file is named after the list and the calendar day, in Indonesian', async () => {
    const res = await download('admin', exportUrl('employees'));
    expect(res.headers['content-disposition']).toBe(`attachment; filename="pegawai-asn-${jakartaDate()}.xlsx"`);
    const subs = await download('verifier', exportUrl('submissions'));
    expect(subs.headers['content-disposition']).toBe(`attachment; filename="usul-pemutakhiran-${jakartaDate()}.xlsx"`);
  });

  it('with a filter: the same rows as the filtered list (submissions by status, employees by OPD and name)', async () => {
    for (const [role, resource, query] of [
      ['verifier', 'submissions', 'filters.status=submitted&sortBy=submittedAt&direction=desc'],
      ['admin', 'submissions', `filters.opdId=${f.opdB.id}&filters.category=pendidikan`],
      ['helpdesk', 'employees', `filters.opdId=${f.opdA.id}&filters.name=Pegawai`],
      ['admin', 'audit_logs', 'filters.action=import'],
    ] as Array<[Role, string, string]>) {
      const records = await listAll(agent(role), resource, query);
      expect(records.length).toBeGreaterThan(0);
      const sheet = await readSheet((await download(role, exportUrl(resource, query))).body as Buffer);
      expect(sheet.rows).toEqual(expectedRows(t.admin.findResource(resource), records));
    }
  });

  it('NIK masked exactly as in the list for helpdesk, regent, secretary and head; in full for admin, approver and verifier', async () => {
    const full = new Set(f.employees.map((e) => e.nik));
    for (const role of ['helpdesk', 'regent', 'secretary', 'opd_head', 'admin', 'approver', 'verifier'] as Role[]) {
      const sheet = await readSheet((await download(role, exportUrl('employees'))).body as Buffer);
      const nik = sheet.rows.map((row) => String(row[sheet.header.indexOf('NIK')]));
      expect(nik.length).toBeGreaterThan(0);
      if (['admin', 'approver', 'verifier'].includes(role)) expect(nik.every((n) => full.has(n))).toBe(true);
      else {
        expect(nik.every((n) => MASKED.test(n))).toBe(true);
        expect(nik.some((n) => full.has(n))).toBe(false);
      }
    }
  });

  it('never another OPD’s rows, whatever the filter names (opdId, id of its rows)', async () => {
    const probes: Array<[string, string]> = [
      ['employees', `filters.opdId=${f.opdB.id}`],
      ['employees', `filters.id=${f.empB[0].id}`],
      ['submissions', `filters.opdId=${f.opdB.id}`],
      ['submissions', `filters.id=${f.subsB[0].id}`],
      ['submission_events', `filters.opdId=${f.opdB.id}`],
      ['documents', `filters.id=${f.docB.id}`],
      ['opds', `filters.id=${f.opdB.id}`],
    ];
    for (const role of ['verifier', 'secretary', 'opd_head'] as Role[]) {
      for (const [resource, query] of probes) {
        const res = await download(role, exportUrl(resource, query));
        expect(res.status).toBe(200);
        expect((await readSheet(res.body as Buffer)).rows).toEqual([]);
      }
      // Nothing of OPD B in any list the role may export, unfiltered.
      for (const resource of RESOURCES) {
        if (!can({ id: 1, email: 'x', role, opdId: 1, ip: null }, resource, 'list')) continue;
        const sheet = await readSheet((await download(role, exportUrl(resource))).body as Buffer);
        const text = JSON.stringify(sheet.rows);
        for (const s of f.opdBStrings) expect(text).not.toContain(s);
      }
    }
  });

  it('a filter or sort outside the allow-list is refused as the list refuses it (403, same message, audited), before any byte', async () => {
    for (const [role, resource, query] of [
      ['admin', 'users', 'filters.passwordHash=x'],
      ['admin', 'users', 'sortBy=passwordHash'],
      ['admin', 'submissions', 'filters.proposedValues=3313'],
      ['helpdesk', 'employees', 'filters.nik=3313'],
      ['regent', 'employees', 'sortBy=nik'],
      ['admin', 'documents', 'filters.storageKey=00'],
    ] as Array<[Role, string, string]>) {
      const list = await agent(role).get(`${api(resource)}?${query}`);
      const denials = await t.db.models.AuditLog.count({ where: { userEmail: ROLE_EMAIL[role], outcome: 'denied' } });
      const res = await agent(role).get(exportUrl(resource, query));
      expect(list.status).toBe(403);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/json');
      expect(messageOf(res)).toBe(messageOf(list));
      expect(await t.db.models.AuditLog.count({ where: { userEmail: ROLE_EMAIL[role], outcome: 'denied' } })).toBe(denials + 1);
    }
  });

  it.each(refused)('%s as %s: no list, no export (403, Indonesian, audited)', async (resource, role) => {
    const before = await t.db.models.AuditLog.count({ where: { userEmail: ROLE_EMAIL[role], outcome: 'denied' } });
    const res = await agent(role).get(exportUrl(resource));
    expect(res.status).toBe(403);
    expect(messageOf(res)).toBe('Anda tidak berwenang melakukan tindakan ini');
    expect(await t.db.models.AuditLog.count({ where: { userEmail: ROLE_EMAIL[role], outcome: 'denied' } })).toBe(before + 1);
    // …and the list offers no button for it.
    const list = await agent(role).get(api(resource));
    expect(list.status).toBe(403);
  });

  it('the button is offered exactly to the roles that may list the resource, and opens for them', async () => {
    const users = new Map<Role, { id: number; email: string; role: Role; opdId: number | null }>();
    for (const role of ROLES) users.set(role, (await t.db.models.User.findOne({ where: { email: ROLE_EMAIL[role] }, raw: true }))!);
    const offered = (resource: string, role: Role) => {
      const u = users.get(role)!;
      const admin = { id: String(u.id), email: u.email, title: u.email, role: u.role, opdId: u.opdId };
      return t.admin
        .findResource(resource)
        .decorate()
        .resourceActions(admin as never)
        .map((a) => a.name)
        .includes('export');
    };
    for (const [resource, role] of listable) {
      expect([resource, role, offered(resource, role)]).toEqual([resource, role, true]);
      const res = await agent(role).get(`/admin/api/resources/${resource}/actions/export`);
      expect(res.status).toBe(200);
    }
    for (const [resource, role] of refused) {
      expect([resource, role, offered(resource, role)]).toEqual([resource, role, false]);
      const res = await agent(role).get(`/admin/api/resources/${resource}/actions/export`);
      expect(res.status).toBe(403);
    }
  });

  it('an unknown list is not found; without a session there is no file', async () => {
    const res = await agent('admin').get(exportUrl('sessions'));
    expect(res.status).toBe(404);
    const anon = await (await import('supertest')).default(t.app).get(exportUrl('employees'));
    expect(anon.headers['content-type'] ?? '').not.toContain('spreadsheetml');
    expect([302, 401, 403]).toContain(anon.status);
  });

  it('only GET: HEAD, POST, PUT, DELETE, PATCH are refused and export nothing', async () => {
    const exports = () => t.db.models.AuditLog.count({ where: { action: 'export' } });
    const before = await exports();
    const a = agent('admin');
    const origin = new URL(t.config.appBaseUrl).origin;
    for (const method of ['head', 'post', 'put', 'delete', 'patch'] as const) {
      const res = await a[method](exportUrl('employees')).set('Origin', origin);
      expect([403, 405]).toContain(res.status);
      expect(res.headers['content-type'] ?? '').not.toContain('spreadsheetml');
    }
    expect(await exports()).toBe(before);
  });

  it('parallel downloads each get the whole list', async () => {
    const records = await listAll(agent('admin'), 'employees', '');
    const files = await Promise.all(Array.from({ length: 6 }, () => download('admin', exportUrl('employees'))));
    for (const res of files) {
      expect(res.status).toBe(200);
      expect((await readSheet(res.body as Buffer)).rows).toEqual(expectedRows(t.admin.findResource('employees'), records));
    }
  });

  it('one audit row per export: who, which list, the filters and sort, how many rows', async () => {
    const query = `filters.status=submitted&sortBy=submittedAt&direction=desc`;
    const sheet = await readSheet((await download('verifier', exportUrl('submissions', query))).body as Buffer);
    const row = await t.db.models.AuditLog.findOne({
      where: { action: 'export', userEmail: ROLE_EMAIL.verifier },
      order: [['id', 'DESC']],
    });
    expect(row).not.toBeNull();
    expect(row!.resource).toBe('submissions');
    expect(row!.outcome).toBe('ok');
    expect(row!.userId).toBe(f.users.verifierA.id);
    expect(row!.message).toBe(`Unduh xlsx: ${sheet.rows.length} baris`);
    expect(row!.afterData).toEqual({ format: 'xlsx', rows: sheet.rows.length, filters: { status: 'submitted' }, sort: 'submittedAt desc' });
  });

  describe('a long list', () => {
    const ROWS = 4500;
    beforeAll(async () => {
      const values = Array.from({ length: ROWS }, (_, i) => {
        // 225 distinct birth dates × a sequence: every NIP and NIK distinct.
        const birth = `19${70 + (i % 25)}-0${(i % 9) + 1}-1${i % 9}`;
        return {
          nip: makeNip({ birthDate: birth, cpnsStart: '2001-01', sex: 'P', sequence: Math.floor(i / 225) + 1 }),
          nik: makeNik({ regionCode: '331306', birthDate: birth, sex: 'P', sequence: (i % 9000) + 1 }),
          name: `Pegawai Massal ${String(i).padStart(5, '0')}`,
          employeeType: 'PNS' as const,
          opdId: f.opdA.id,
        };
      });
      for (let i = 0; i < values.length; i += 500) await t.db.models.Employee.bulkCreate(values.slice(i, i + 500));
    }, 120_000);

    it('is written page by page: bytes leave before the last page is read, every row once, in the list’s order', async () => {
      const actor: Actor = { id: f.users.headA.id, email: f.users.headA.email, role: 'opd_head', opdId: f.opdA.id, ip: null };
      const sent: number[] = [];
      let bytes = 0;
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => {
        bytes += c.length;
        chunks.push(c);
      });
      const list = t.services.records.list.bind(t.services.records);
      const spy = jest.spyOn(t.services.records, 'list').mockImplementation(async (...args) => {
        sent.push(bytes);
        return list(...args);
      });
      try {
        const n = await t.services.recordExports.writeXlsx(
          actor,
          'employees',
          { where: { name: { [Op.like]: 'Pegawai Massal%' } }, order: [['name', 'desc']] },
          {
            title: 'Pegawai (ASN)',
            columns: [
              { field: 'name', label: 'Nama', kind: 'text' },
              { field: 'nik', label: 'NIK', kind: 'text' },
            ],
          },
          () => out,
        );
        expect(n).toBe(ROWS);
      } finally {
        spy.mockRestore();
      }
      // Pages of 1000: five reads, and the file was already flowing when the last ones were made.
      expect(sent).toHaveLength(5);
      expect(sent[0]).toBe(0);
      expect(sent[4]).toBeGreaterThan(0);
      const sheet = await readSheet(Buffer.concat(chunks));
      expect(sheet.rows).toHaveLength(ROWS);
      expect(sheet.rows.map((r) => r[0])).toEqual(
        Array.from({ length: ROWS }, (_, i) => `Pegawai Massal ${String(ROWS - 1 - i).padStart(5, '0')}`),
      );
      expect(sheet.rows.every((r) => MASKED.test(String(r[1])))).toBe(true);
    }, 120_000);

    it('over HTTP: the whole filtered list, as the list pages it', async () => {
      // Names are searched by prefix (an index range, issue 11).
      const query = 'filters.name=Pegawai%20Massal&sortBy=nip&direction=asc';
      const total = bodyOf(await agent('secretary').get(`${api('employees')}?perPage=1&${query}`)).meta.total;
      expect(total).toBe(ROWS);
      const first = bodyOf(await agent('secretary').get(`${api('employees')}?perPage=500&page=1&${query}`)).records;
      const last = bodyOf(await agent('secretary').get(`${api('employees')}?perPage=500&page=9&${query}`)).records;
      const sheet = await readSheet((await download('secretary', exportUrl('employees', query))).body as Buffer);
      expect(sheet.rows).toHaveLength(ROWS);
      const r = t.admin.findResource('employees');
      expect(sheet.rows.slice(0, 500)).toEqual(expectedRows(r, first));
      expect(sheet.rows.slice(-500)).toEqual(expectedRows(r, last));
    }, 120_000);
  });
});
