import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';

describe('helpdesk tickets in the panel', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a ticket with its handler and OPD, and needs a resolution to close it', async () => {
    const agent = await login(t.app, 'helpdesk@uji.example');
    const emp = s.employees[7];
    const created = await agent
      .post('/admin/api/resources/helpdesk_tickets/actions/new')
      .field('employeeId', String(emp.id))
      .field('reporterName', 'Sri Wahyuni')
      .field('kind', 'login_activation')
      .field('description', 'Tidak bisa login MySAPK setelah aktivasi')
      .field('handlerUserId', String(s.users.admin.id));
    expect(created.body.notice.type).toBe('success');
    const ticket = await t.db.models.HelpdeskTicket.findByPk(created.body.record.params.id);
    expect(ticket!.handlerUserId).toBe(s.users.helpdesk.id);
    expect(ticket!.opdId).toBe(emp.opdId);
    expect(ticket!.nip).toBe(emp.nip);

    const noResolution = await agent.post(`/admin/api/resources/helpdesk_tickets/records/${ticket!.id}/edit`).field('status', 'resolved');
    expect(noResolution.body.record.errors.resolution.message).toMatch(/penyelesaian/i);
    expect((await ticket!.reload()).status).toBe('open');

    const resolved = await agent
      .post(`/admin/api/resources/helpdesk_tickets/records/${ticket!.id}/edit`)
      .field('status', 'resolved')
      .field('resolution', 'Password direset melalui menu Lupa Password');
    expect(resolved.body.notice.type).toBe('success');
    await ticket!.reload();
    expect(ticket!.status).toBe('resolved');
    expect(ticket!.resolvedAt).toBeInstanceOf(Date);
    const audit = await t.db.models.AuditLog.count({ where: { resource: 'helpdesk_tickets', recordId: String(ticket!.id) } });
    expect(audit).toBe(2);
  });
});
