import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { cronInWords } from '../../../src/domain/reports/cron-words.js';

type Body = {
  notice: { type: string; message: string };
  record: { params: Record<string, unknown> };
  records: Array<{ id: string; title: string; params: Record<string, unknown> }>;
};

/** The ticket form as helpdesk uses it: the employee picker by NIP, NIP and name from it, "Baru", the handler by name. */
describe('helpdesk ticket form', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the employees in the picker with NIP and OPD, so namesakes differ', async () => {
    const agent = await login(t.app, 'helpdesk@uji.example');
    const res = await agent.get(`/admin/api/resources/employees/search/${encodeURIComponent('Pegawai DINKES 1')}`);
    expect(res.status).toBe(200);
    const byName = res.body as Body;
    expect(byName.records.map((r) => r.title)).toContain(`Pegawai DINKES 1 · NIP ${s.employees[1].nip} · Dinas Kesehatan`);
  });

  it('fills NIP and name from the employee, defaults the status to Baru and shows the handler by name', async () => {
    const agent = await login(t.app, 'helpdesk@uji.example');
    const emp = s.employees[2];
    const created = (
      await agent
        .post('/admin/api/resources/helpdesk_tickets/actions/new')
        .field('employeeId', String(emp.id))
        .field('kind', 'forgot_password')
        .field('description', 'Lupa password MySAPK')
    ).body as Body;
    expect(created.notice.type).toBe('success');
    const ticket = await t.db.models.HelpdeskTicket.findByPk(Number(created.record.params.id));
    expect(ticket).toMatchObject({ nip: emp.nip, reporterName: emp.name, status: 'open', opdId: emp.opdId });
    const list = (await agent.get('/admin/api/resources/helpdesk_tickets/actions/list')).body as Body;
    const row = list.records.find((r) => Number(r.id) === ticket!.id)!;
    expect(row.params.handlerName).toBe('helpdesk');
    const shown = (await agent.get(`/admin/api/resources/helpdesk_tickets/records/${ticket!.id}/show`)).body as Body;
    expect(shown.record.params.handlerName).toBe('helpdesk');
  });

  it('refuses a ticket with neither a reporter nor an employee, in words', async () => {
    const agent = await login(t.app, 'helpdesk@uji.example');
    const before = await t.db.models.HelpdeskTicket.count();
    const res = (
      await agent.post('/admin/api/resources/helpdesk_tickets/actions/new').field('kind', 'other').field('description', 'Pertanyaan umum')
    ).body as Body;
    expect(JSON.stringify(res)).toContain('Nama pelapor wajib diisi');
    expect(await t.db.models.HelpdeskTicket.count()).toBe(before);
  });
});

describe('cron in words', () => {
  it.each([
    ['0 7 * * *', 'setiap hari pukul 07.00'],
    ['30 6 * * 1', 'setiap Senin pukul 06.30'],
    ['0 7 * * 1-5', 'setiap Senin–Jumat pukul 07.00'],
    ['0 7,15 * * *', 'setiap hari pukul 07.00 dan 15.00'],
    ['0 8 1 * *', 'setiap tanggal 1 pukul 08.00'],
    ['*/5 * * * *', 'jadwal khusus (lihat waktu kirim berikutnya)'],
  ])('%s → %s', (cron, words) => {
    expect(cronInWords(cron)).toBe(words);
  });
});
