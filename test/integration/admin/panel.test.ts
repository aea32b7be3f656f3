import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import request from 'supertest';
import { createTestApp, seedSmallRegency, login, TEST_PASSWORD, type TestApp } from '../../helpers/app.js';

describe('panel over real HTTP', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the Indonesian login page without external fonts', async () => {
    const res = await request(t.app).get('/admin/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
    expect(res.text).not.toContain('fonts.googleapis.com');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('redirects anonymous users to the login page and answers 401 on the API', async () => {
    const page = await request(t.app).get('/admin/resources/employees');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/admin/login');
    const api = await request(t.app).get('/admin/api/resources/employees/actions/list');
    expect(api.status).toBe(401);
  });

  it('refuses a wrong password and records the failure', async () => {
    const res = await request(t.app).post('/admin/login').type('form').send({ email: 'admin@uji.example', password: 'salah-sekali-1' });
    expect(res.status).toBe(401);
    const rows = await t.db.models.AuditLog.count({ where: { action: 'login_failed', userEmail: 'admin@uji.example' } });
    expect(rows).toBe(1);
  });

  it('logs in as admin and lists employees, OPDs and submissions', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    const emp = await agent.get('/admin/api/resources/employees/actions/list?perPage=50');
    expect(emp.status).toBe(200);
    expect(emp.body.meta.total).toBe(10);
    expect(emp.body.records.map((r: { params: { nip: string } }) => r.params.nip).sort()).toEqual(s.employees.map((e) => e.nip).sort());
    // The admin sees NIK in full.
    expect(emp.body.records[0].params.nik).toMatch(/^\d{16}$/);
    const opds = await agent.get('/admin/api/resources/opds/actions/list');
    expect(opds.body.records.map((r: { params: { code: string } }) => r.params.code).sort()).toEqual(['DINKES', 'KEC-JATEN']);
    const subs = await agent.get('/admin/api/resources/submissions/actions/list');
    expect(subs.status).toBe(200);
    expect(subs.body.meta.total).toBe(8);
  });

  it('never sends password hashes to the browser', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    const res = await agent.get('/admin/api/resources/users/actions/list?perPage=50');
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/\$2[aby]\$/);
    expect(res.text).not.toContain('passwordHash');
    const page = await agent.get('/admin');
    expect(page.text).not.toMatch(/\$2[aby]\$/);
  });

  it('scopes a verifier to their own OPD, with NIK shown', async () => {
    const agent = await login(t.app, 'verifikator.dinkes@uji.example');
    const res = await agent.get('/admin/api/resources/employees/actions/list?perPage=50');
    expect(res.body.meta.total).toBe(6);
    for (const r of res.body.records) expect(r.params.opdId).toBe(s.opdA.id);
    const other = s.employees.find((e) => e.opdId === s.opdB.id)!;
    const show = await agent.get(`/admin/api/resources/employees/records/${other.id}/show`);
    expect(JSON.stringify(show.body)).not.toContain(other.nip);
  });

  it('masks NIK for the OPD head', async () => {
    const agent = await login(t.app, 'kepala.dinkes@uji.example');
    const res = await agent.get('/admin/api/resources/employees/actions/list?perPage=50');
    expect(res.body.meta.total).toBe(6);
    for (const r of res.body.records) expect(r.params.nik).toMatch(/^\d{4}x{8}\d{4}$/);
  });

  it('creates an employee through the panel with NIP/NIK validation and an audit row', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    const bad = await agent
      .post('/admin/api/resources/employees/actions/new')
      .field('nip', '198503122010011001')
      .field('nik', '3313061203860001')
      .field('name', 'Budi Santoso')
      .field('employeeType', 'PNS')
      .field('opdId', String(s.opdA.id));
    expect(bad.body.record.errors.nik.message).toMatch(/NIK.*tanggal lahir/i);
    expect(await t.db.models.Employee.count({ where: { nip: '198503122010011001' } })).toBe(0);
    const ok = await agent
      .post('/admin/api/resources/employees/actions/new')
      .field('nip', '198503122010011001')
      .field('nik', '3313061203850001')
      .field('name', 'Budi Santoso')
      .field('employeeType', 'PNS')
      .field('opdId', String(s.opdA.id));
    expect(ok.body.notice.type).toBe('success');
    const created = await t.db.models.Employee.findOne({ where: { nip: '198503122010011001' } });
    expect(created?.birthDate).toBe('1985-03-12');
    expect(created?.sex).toBe('L');
    const audit = await t.db.models.AuditLog.findOne({ where: { action: 'create', resource: 'employees', recordId: String(created!.id) } });
    expect(audit?.userEmail).toBe('admin@uji.example');
  });

  it('keeps the session across requests and ends it at logout', async () => {
    const agent = await login(t.app, 'approver@uji.example', TEST_PASSWORD);
    expect((await agent.get('/admin/api/resources/opds/actions/list')).status).toBe(200);
    // Logout is POST only: a GET (a link, an image) leaves the session alone.
    expect((await agent.get('/admin/logout')).status).toBe(405);
    expect((await agent.get('/admin/api/resources/opds/actions/list')).status).toBe(200);
    const out = await agent.post('/admin/logout');
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect((await agent.get('/admin/api/resources/opds/actions/list')).status).toBe(401);
  });
});
