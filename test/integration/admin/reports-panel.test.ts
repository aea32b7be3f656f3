import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { createTestApp, seedSmallRegency, login, type TestApp } from '../../helpers/app.js';
import { canSeeRegencyReport } from '../../../src/domain/access/access-policy.js';

const binary = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void; on(ev: string, cb: (c?: unknown) => void): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('reports in the panel', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let scheduleId: number;
  const outbox = () => path.join(t.config.outboxDir);
  const emls = () => (fs.existsSync(outbox()) ? fs.readdirSync(outbox()).filter((f) => f.endsWith('.eml')) : []);

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a bad cron expression on the field and saves a good one', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    const bad = await agent
      .post('/admin/api/resources/report_schedules/actions/new')
      .field('name', 'Harian OPD')
      .field('reportKind', 'opd')
      .field('cron', '0 25 * * *')
      .field('enabled', 'true');
    expect(bad.body.record.errors.cron.message).toMatch(/cron tidak valid/i);
    expect(await t.db.models.ReportSchedule.count()).toBe(0);
    const badMail = await agent
      .post('/admin/api/resources/report_schedules/actions/new')
      .field('name', 'Harian OPD')
      .field('reportKind', 'opd')
      .field('cron', '0 7 * * *')
      .field('extraRecipients', 'arsip@bkpsdm.example, bukan-email');
    expect(badMail.body.record.errors.extraRecipients.message).toContain('bukan-email');
    const ok = await agent
      .post('/admin/api/resources/report_schedules/actions/new')
      .field('name', 'Harian OPD')
      .field('reportKind', 'opd')
      .field('cron', '0  7 * * *')
      .field('ccSecretary', 'true')
      .field('enabled', 'true');
    expect(ok.body.notice.type).toBe('success');
    scheduleId = ok.body.record.params.id;
    const show = await agent.get(`/admin/api/resources/report_schedules/records/${scheduleId}/show`);
    expect(show.body.record.params.cron).toBe('0 7 * * *');
    const next = String(show.body.record.params.nextRuns).split('\n');
    expect(next).toHaveLength(5);
    for (const line of next) expect(line).toMatch(/07\.00 WIB/);
  });

  it('"Kirim sekarang" sends each OPD head their report once, only on POST', async () => {
    const agent = await login(t.app, 'approver@uji.example');
    await agent.get(`/admin/api/resources/report_schedules/records/${scheduleId}/sendNow`);
    expect(emls()).toHaveLength(0);
    const res = await agent.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendNow`).send({});
    expect(res.body.notice.message).toMatch(/2 dari 2 e-mail terkirim/);
    const files = emls();
    expect(files).toHaveLength(2);
    const mails = await Promise.all(files.map(async (f) => simpleParser(fs.readFileSync(path.join(outbox(), f)))));
    const toDinkes = mails.find((m) => JSON.stringify(m.to).includes('kepala.dinkes@pdm.example'))!;
    expect(JSON.stringify(toDinkes.cc)).toContain('sekretaris.dinkes@pdm.example');
    const xlsx = toDinkes.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.content as never);
    expect(wb.worksheets.map((w) => w.name)).toContain('Ringkasan');
    // Again in the same minute: the period was sent already.
    const again = await agent.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendNow`).send({});
    expect(again.body.notice.message).toMatch(/sudah diproses/);
    expect(emls()).toHaveLength(2);
  });

  it('"Kirim uji ke saya" sends one mail to the requesting user only', async () => {
    const agent = await login(t.app, 'admin@uji.example');
    const before = emls().length;
    const res = await agent.post(`/admin/api/resources/report_schedules/records/${scheduleId}/sendTest`).send({});
    expect(res.body.notice.message).toMatch(/1 dari 1/);
    const fresh = emls().slice(before);
    expect(fresh).toHaveLength(1);
    const mail = await simpleParser(
      fs.readFileSync(
        path.join(
          outbox(),
          emls().find((f) => (!fresh.includes(f) ? false : true))!,
        ),
      ),
    );
    expect(JSON.stringify(mail.to)).toContain('admin@uji.example');
  });

  it('lets an OPD head download only their own OPD deliveries and report', async () => {
    const deliveries = await t.db.models.ReportDelivery.findAll({ where: { status: 'sent' } });
    const own = deliveries.find((d) => d.opdId === s.opdA.id)!;
    const other = deliveries.find((d) => d.opdId === s.opdB.id)!;
    const head = await login(t.app, 'kepala.dinkes@uji.example');
    const ok = await head
      .get(`/admin/reports/deliveries/${own.id}/workbook`)
      .buffer(true)
      .parse(binary as never);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('spreadsheetml');
    expect((await head.get(`/admin/reports/deliveries/${other.id}/workbook`)).status).toBe(404);
    const preview = await head
      .get(`/admin/reports/opds/${s.opdA.id}/preview`)
      .buffer(true)
      .parse(binary as never);
    expect(preview.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(preview.body);
    const text = JSON.stringify(wb.getWorksheet('Ringkasan')!.getSheetValues());
    expect(text).toContain('Dinas Kesehatan');
    expect((await head.get(`/admin/reports/opds/${s.opdB.id}/preview`)).status).toBe(404);
    expect((await head.get('/admin/reports/regency/preview')).status).toBe(404);
  });

  it("hands out a delivery's workbook under the name the mail gave it, and names previews the same way", async () => {
    const head = await login(t.app, 'kepala.dinkes@uji.example');
    const mails = await Promise.all(emls().map(async (f) => simpleParser(fs.readFileSync(path.join(outbox(), f)))));
    const attachment = mails.find((m) => JSON.stringify(m.to).includes('kepala.dinkes@pdm.example'))!.attachments[0];
    expect(attachment.filename).toMatch(/^Laporan-PDM-DINKES-\d{8}-\d{4}\.xlsx$/);
    const own = (await t.db.models.ReportDelivery.findAll({ where: { status: 'sent', opdId: s.opdA.id } }))[0];
    const kept = await head
      .get(`/admin/reports/deliveries/${own.id}/workbook`)
      .buffer(true)
      .parse(binary as never);
    expect(kept.headers['content-disposition']).toBe(`attachment; filename="${attachment.filename}"`);
    expect((kept.body as Buffer).equals(attachment.content)).toBe(true);
    const preview = await head
      .get(`/admin/reports/opds/${s.opdA.id}/preview`)
      .buffer(true)
      .parse(binary as never);
    expect(preview.headers['content-disposition']).toMatch(/^attachment; filename="Laporan-PDM-DINKES-\d{8}-\d{4}\.xlsx"$/);
  });

  it('gives the regency workbook to exactly the roles the access policy names, and to no OPD-bound role', async () => {
    const expected: Record<string, number> = {
      admin: 200,
      approver: 200,
      regent: 200,
      helpdesk: 404,
      bkn: 404,
      verifierA: 404,
      verifierB: 404,
      secretaryA: 404,
      headA: 404,
    };
    expect(Object.keys(s.users).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, user] of Object.entries(s.users)) {
      const agent = await login(t.app, user.email);
      const res = await agent
        .get('/admin/reports/regency/preview')
        .buffer(true)
        .parse(binary as never);
      expect({ key, status: res.status }).toEqual({ key, status: expected[key] });
      const actor = { id: user.id, email: user.email, role: user.role, opdId: user.opdId };
      expect({ key, allowed: canSeeRegencyReport(actor) }).toEqual({ key, allowed: expected[key] === 200 });
      // The dashboard offers the download to the same roles.
      const offered = ((await agent.get('/admin/api/dashboard')).body.downloads as Array<{ href: string }>).some(
        (d) => d.href === '/admin/reports/regency/preview',
      );
      expect({ key, offered }).toEqual({ key, offered: expected[key] === 200 });
      if (res.status === 200)
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Laporan-PDM-Kabupaten-Karanganyar-\d{8}-\d{4}\.xlsx"$/);
      else
        expect(JSON.parse((res.body as Buffer).toString('utf8'))).toEqual({
          message: 'Laporan tidak ditemukan atau di luar wewenang Anda',
          code: 'not_found',
        });
    }
  });

  it('gives the Bupati the regency workbook', async () => {
    const regent = await login(t.app, 'bupati@uji.example');
    const res = await regent
      .get('/admin/reports/regency/preview')
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Peringkat OPD', 'Rincian ASN']));
  });
});
