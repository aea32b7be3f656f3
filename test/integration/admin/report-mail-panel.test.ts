import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';
import { loadConfig } from '../../../config/env.js';

/**
 * The report mail as it reaches a real SMTP server on loopback, and the panel beside it:
 * - the attachment's file name is the one the panel's download gives the same workbook;
 * - the mail links to the panel (APP_BASE_URL): the OPD's dashboard and its reports;
 * - "Kirim uji ke saya" asks for the OPD and sends that OPD's report; an unknown OPD is refused.
 */

// http: an https base URL makes the session cookie Secure, which supertest (plain HTTP) would not send back.
const BASE = 'http://pdm.karanganyar.example:8080';

const binary = (
  res: NodeJS.ReadableStream & { on(ev: string, cb: (c?: unknown) => void): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('report mail and the panel', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let scheduleId: number;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ SMTP_URL: smtp.url, APP_BASE_URL: `${BASE}/` });
    s = await seedSmallRegency(t.db);
    const schedule = await t.db.models.ReportSchedule.create({
      name: 'Harian OPD',
      reportKind: 'opd',
      cron: '0 7 * * *',
      enabled: true,
      ccSecretary: false,
    } as never);
    scheduleId = schedule.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('the base URL defaults to the port when APP_BASE_URL is not set', () => {
    const c = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(48), PORT: '4100', VAR_DIR: t.config.varDir });
    expect(c.appBaseUrl).toBe('http://localhost:4100');
    expect(t.config.appBaseUrl).toBe(BASE);
  });

  it('names the attachment as the panel names the download, and links the panel', async () => {
    const approver = await login(t.app, 'approver@uji.example');
    const res = await approver.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendNow`).send({});
    expect(res.body.notice.message).toMatch(/2 dari 2 e-mail terkirim/);
    const [mail] = smtp.to('kepala.dinkes@pdm.example');
    expect(mail).toBeDefined();
    const attachment = mail.parsed.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    expect(attachment.filename).toMatch(/^Laporan-PDM-DINKES-\d{8}-\d{4}\.xlsx$/);

    // The panel's download of the delivered workbook: the same name, the same bytes.
    const delivery = await t.db.models.ReportDelivery.findOne({ where: { status: 'sent', opdId: s.opdA.id } });
    const head = await login(t.app, 'kepala.dinkes@uji.example');
    const dl = await head
      .get(`/admin/reports/deliveries/${delivery!.id}/workbook`)
      .buffer(true)
      .parse(binary as never);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="${attachment.filename}"`);
    expect((dl.body as Buffer).equals(attachment.content)).toBe(true);

    // The link to the panel: the dashboard and the OPD's reports, in text and HTML.
    const dashboard = `${BASE}/admin`;
    const reports = `${BASE}/admin/resources/report_deliveries?filters.opdId=${s.opdA.id}`;
    expect(mail.parsed.text).toContain(`Dasbor: ${dashboard}`);
    expect(mail.parsed.text).toContain(`Laporan terkirim: ${reports}`);
    expect(String(mail.parsed.html)).toContain(`<a href="${dashboard}">Dasbor</a>`);
    expect(String(mail.parsed.html)).toContain(`href="${reports}"`);
    // The link leads to the OPD head's own reports: the list it names shows that delivery.
    const list = await head.get(`/admin/api/resources/report_deliveries/actions/list?filters.opdId=${s.opdA.id}`);
    expect(list.status).toBe(200);
    expect((list.body.records as Array<{ id: string }>).map((r) => Number(r.id))).toContain(delivery!.id);
  });

  it('"Kirim uji ke saya" offers the OPDs and sends the chosen one, not the first', async () => {
    const admin = await login(t.app, 'admin@uji.example');
    const form = await admin.get(`/admin/api/resources/report_schedules/records/${scheduleId}/sendTest`);
    expect(form.status).toBe(200);
    const choices = form.body.choices as Array<{ value: number; label: string }>;
    expect(choices.map((c) => c.value).sort()).toEqual([s.opdA.id, s.opdB.id].sort());
    expect(choices.find((c) => c.value === s.opdB.id)!.label).toBe('KEC-JATEN — Kecamatan Jaten');
    // DINKES sorts first; choose Kecamatan Jaten.
    smtp.reset();
    const res = await admin.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendTest`).send({ opdId: String(s.opdB.id) });
    expect(res.body.notice.message).toMatch(/1 dari 1 e-mail terkirim/);
    const [mail] = await smtp.waitFor(1);
    expect(mailRecipients(mail.parsed)).toEqual({ to: ['admin@uji.example'], cc: [] });
    expect(mail.parsed.subject).toMatch(/^\[UJI\] Laporan PDM ASN — Kecamatan Jaten — per /);
    expect(mail.parsed.attachments[0].filename).toMatch(/^Laporan-PDM-KEC-JATEN-\d{8}-\d{4}\.xlsx$/);
  });

  it('refuses an unknown OPD in Indonesian and sends nothing', async () => {
    const admin = await login(t.app, 'admin@uji.example');
    smtp.reset();
    const runs = await t.db.models.ReportRun.count();
    const res = await admin.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendTest`).send({ opdId: '999999' });
    expect(res.body.notice).toEqual({ message: 'OPD yang dipilih tidak ditemukan; pilih OPD dari daftar', type: 'error' });
    const junk = await admin.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendTest`).send({ opdId: 'abc' });
    expect(junk.body.notice.type).toBe('error');
    expect(smtp.messages).toHaveLength(0);
    expect(await t.db.models.ReportRun.count()).toBe(runs);
  });
});
