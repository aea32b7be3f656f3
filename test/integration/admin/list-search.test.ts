import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { idTranslation } from '../../../src/admin/locale/id.js';
import { createTestApp, login, seedSmallRegency, type TestApp } from '../../helpers/app.js';

/**
 * The lists' search box ("Cari NIP atau nama", `filters.q`) through the panel's real HTTP API:
 * digits find by NIP prefix, words by name prefix, a submission through its employee; it stays
 * inside the role's scope (another OPD's NIP or name finds nothing for the OPD's roles) and never
 * matches the NIK (masked for helpdesk and the OPD's read-only roles).
 */
describe('list search box', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    await t.db.models.HelpdeskTicket.create({
      employeeId: s.employees[7].id,
      opdId: s.employees[7].opdId,
      nip: s.employees[7].nip,
      reporterName: s.employees[7].name,
      reporterPhone: null,
      kind: 'forgot_password',
      description: 'Lupa kata sandi',
      status: 'open',
      handlerUserId: null,
      resolution: null,
      resolvedAt: null,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  type ListBody = { records: Array<{ params: Record<string, unknown> }>; meta: { total: number } };
  const search = async (email: string, resource: string, q: string) => {
    const agent = await login(t.app, email);
    const res = await agent.get(`/admin/api/resources/${resource}/actions/list?filters.q=${encodeURIComponent(q)}`);
    return { status: res.status, body: res.body as ListBody };
  };
  const ids = (b: ListBody) => b.records.map((r) => Number(r.params.id)).sort((a, z) => a - z);

  it('finds employees by NIP prefix and by name prefix (admin), and the filter drawer offers it first, in Indonesian', async () => {
    const e = s.employees[7];
    const byNip = await search('admin@uji.example', 'employees', e.nip.slice(0, 12));
    expect(byNip.status).toBe(200);
    expect(ids(byNip.body)).toEqual([e.id]);
    const byName = await search('admin@uji.example', 'employees', '  pegawai kec-jaten ');
    expect(ids(byName.body)).toEqual(s.employees.filter((x) => x.opdId === s.opdB.id).map((x) => x.id));
    // A prefix, not a substring: the middle of a name finds nothing.
    expect((await search('admin@uji.example', 'employees', 'JATEN')).body.records).toEqual([]);
    // LIKE wildcards are text.
    expect((await search('admin@uji.example', 'employees', '%')).body.records).toEqual([]);
    const decorated = t.admin.findResource('employees').decorate();
    const filters = decorated.getProperties({ where: 'filter' }).map((p) => p.name());
    expect(filters[0]).toBe('q');
    expect((idTranslation.properties as Record<string, string>).q).toBe('Cari NIP atau nama');
  });

  it('finds submissions through their employee and tickets by NIP or reporter name', async () => {
    const e = s.employees[7];
    const subs = await t.db.models.Submission.findAll({ where: { employeeId: e.id } });
    expect(subs.length).toBeGreaterThan(0);
    const byNip = await search('admin@uji.example', 'submissions', e.nip.slice(0, 14));
    expect(ids(byNip.body)).toEqual(subs.map((x) => x.id).sort((a, z) => a - z));
    const byName = await search('approver@uji.example', 'submissions', e.name);
    expect(ids(byName.body)).toEqual(subs.map((x) => x.id).sort((a, z) => a - z));
    const tickets = await search('helpdesk@uji.example', 'helpdesk_tickets', e.nip.slice(0, 10));
    expect(tickets.body.records.map((r) => r.params.nip)).toEqual([e.nip]);
    const ticketsByName = await search('helpdesk@uji.example', 'helpdesk_tickets', 'Pegawai KEC');
    expect(ticketsByName.body.records.map((r) => r.params.reporterName)).toEqual([e.name]);
  });

  it("never leaves the role's scope: another OPD's NIP or name finds nothing for its verifier, secretary and head", async () => {
    const other = s.employees.find((x) => x.opdId === s.opdB.id)!;
    for (const email of ['verifikator.dinkes@uji.example', 'sekretaris.dinkes@uji.example', 'kepala.dinkes@uji.example']) {
      for (const resource of ['employees', 'submissions']) {
        for (const q of [other.nip.slice(0, 18), other.nip.slice(0, 6), 'Pegawai KEC-JATEN', other.name]) {
          const r = await search(email, resource, q);
          expect([email, resource, q, r.status]).toEqual([email, resource, q, 200]);
          const opds = r.body.records.map((x) => Number(x.params.opdId));
          expect([email, resource, q, opds.filter((o) => o !== s.opdA.id)]).toEqual([email, resource, q, []]);
        }
      }
      // Their own OPD is found.
      const own = s.employees.find((x) => x.opdId === s.opdA.id)!;
      expect(ids((await search(email, 'employees', own.nip)).body)).toEqual([own.id]);
    }
  });

  it('never matches the NIK: its digits find nothing for helpdesk or the secretary, and the results show it masked', async () => {
    const e = s.employees[2];
    const nik = String(e.nik);
    for (const email of ['helpdesk@uji.example', 'sekretaris.dinkes@uji.example']) {
      for (const q of [nik, nik.slice(0, 8), nik.slice(0, 4)]) {
        const r = await search(email, 'employees', q);
        expect(r.status).toBe(200);
        expect(r.body.records).toEqual([]);
      }
      const found = await search(email, 'employees', e.nip);
      expect(found.body.records).toHaveLength(1);
      expect(String(found.body.records[0].params.nik)).not.toBe(nik);
      expect(String(found.body.records[0].params.nik)).toMatch(/x/);
    }
    // Helpdesk sees every OPD by design; a name of another OPD is found, its NIK masked.
    const other = await search('helpdesk@uji.example', 'employees', 'Pegawai KEC-JATEN');
    expect(other.body.records.length).toBeGreaterThan(0);
    for (const r of other.body.records) expect(String(r.params.nik)).toMatch(/x/);
  });

  it('a role without the tickets list cannot search it (403, audited)', async () => {
    const r = await search('sekretaris.dinkes@uji.example', 'helpdesk_tickets', '1980');
    expect(r.status).toBe(403);
  });
});
