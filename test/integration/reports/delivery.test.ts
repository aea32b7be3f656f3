import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Op } from 'sequelize';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, mailRecipients, type TestSmtp, type ReceivedMail } from '../../helpers/smtp.js';
import {
  EMAILS,
  FROM,
  REGENCY,
  REPLY_TO,
  makeRunService,
  nextMinute,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import { formatJakartaDateTime } from '../../../src/domain/shared/time.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';
import { createWorkbookStore } from '../../../src/domain/reports/delivery/workbook-store.js';
import { ReportFileService } from '../../../src/domain/reports/report-file.service.js';
import { reportFileName } from '../../../src/domain/reports/workbooks/report-file.js';
import { RecordService } from '../../../src/domain/records/record.service.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';

/**
 * Each recipient gets the right report: headers, subject, Indonesian body with the numbers, and
 * an attachment whose numbers match counts computed here, independently, from the rows.
 */

/** Percentages are shown with one decimal, rounded down. */
const pctText = (n: number, total: number) => `${(total ? Math.floor((n * 1000) / total) / 10 : 0).toFixed(1).replace('.', ',')}%`;

interface Expected {
  total: number;
  activated: number;
  passwordChanged: number;
  withSubmission: number;
  completed: number;
  backlog: number;
  backlogOldestDays: number | null;
}

/** Counts of one OPD as of `asOf`, from plain findAll results (not the report SQL). */
async function expectedFor(db: TestDb, opdId: number, asOf: Date): Promise<Expected> {
  const emps = await db.models.Employee.findAll({ where: { opdId, active: true } });
  const subs = await db.models.Submission.findAll({ where: { employeeId: { [Op.in]: emps.map((e) => e.id) } } });
  const by = new Map<number, string[]>();
  for (const s of subs) by.set(s.employeeId, [...(by.get(s.employeeId) ?? []), s.status]);
  const backlogSubs = subs.filter((s) => s.status === 'submitted' && s.opdId === opdId);
  const oldest = backlogSubs.length ? Math.min(...backlogSubs.map((s) => s.submittedAt.getTime())) : null;
  return {
    total: emps.length,
    activated: emps.filter((e) => e.mysapkActivatedAt && e.mysapkActivatedAt <= asOf).length,
    passwordChanged: emps.filter((e) => e.passwordChangedAt && e.passwordChangedAt <= asOf).length,
    withSubmission: emps.filter((e) => (by.get(e.id) ?? []).length > 0).length,
    completed: emps.filter((e) => {
      const st = by.get(e.id) ?? [];
      return st.length > 0 && st.every((s) => s === 'approved' || s === 'rejected') && st.includes('approved');
    }).length,
    backlog: backlogSubs.length,
    backlogOldestDays: oldest === null ? null : Math.floor((asOf.getTime() - oldest) / 86400000),
  };
}

async function summarySheetValues(content: Buffer): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as never);
  const ws = wb.getWorksheet('Ringkasan');
  expect(ws).toBeDefined();
  const out = new Map<string, unknown>();
  ws!.eachRow((row) => {
    const label = row.getCell(1).value;
    if (typeof label === 'string') out.set(label, row.getCell(2).value);
  });
  return out;
}

function only(list: ReceivedMail[]): ReceivedMail {
  expect(list).toHaveLength(1);
  return list[0];
}

describe('report deliveries over real SMTP', () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let svc: ReportRunService;
  let varDir: string;
  const fire = nextMinute(new Date(), 2);
  const clock = testClock(new Date(fire.getTime() + 5000));

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    svc = makeRunService({ models: db.models, sequelize: db.sequelize, mailer, varDir, now: clock.now });
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('sends each OPD head the report of their own OPD, with the right headers, body and workbook', async () => {
    const r = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(r.claimed).toBe(true);
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 2, sent: 2, failed: 0, pending: 0 });
    // Bappeda has no head e-mail: visible on the run, not silently dropped.
    expect(r.reason).toContain('BAPPEDA');
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.to('kepala.lama@ujicoba.example')).toHaveLength(0); // inactive OPD

    // Dinas Kesehatan
    const dk = only(smtp.messages.filter((m) => mailRecipients(m.parsed).to.includes(EMAILS.dinkesHead)));
    const rc = mailRecipients(dk.parsed);
    expect(rc.to).toEqual([EMAILS.dinkesHead]);
    expect(rc.cc.sort()).toEqual([EMAILS.dinkesSecretary, EMAILS.extra].sort());
    expect(dk.parsed.from?.value[0].address).toBe('bkpsdm@ujicoba.example');
    expect(dk.parsed.from?.value[0].name).toBe('BKPSDM Kabupaten Uji Coba');
    expect(dk.parsed.replyTo?.value[0].address).toBe(REPLY_TO);
    expect(dk.parsed.subject).toBe(`Laporan PDM ASN — Dinas Kesehatan — per ${formatJakartaDateTime(fire, 'short')}`);
    expect(dk.parsed.subject).toMatch(/per \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB$/);

    const exp = await expectedFor(db, seeded.opd.dinkes, fire);
    expect(exp).toMatchObject({ total: 6, activated: 4, passwordChanged: 3, withSubmission: 4, completed: 2, backlog: 1 });
    const text = dk.parsed.text ?? '';
    expect(text).toContain('Yth. dr. Ratna Sari, M.Kes, Kepala Dinas Kesehatan');
    expect(text).toContain(`Jumlah ASN: ${exp.total} orang (PNS 4, CPNS 1, PPPK 1)`);
    expect(text).toContain(`Aktivasi MySAPK: ${pctText(exp.activated, exp.total)} (${exp.activated} orang)`);
    expect(text).toContain(`Ganti password: ${pctText(exp.passwordChanged, exp.total)} (${exp.passwordChanged} orang)`);
    expect(text).toContain(`Mengajukan usul: ${pctText(exp.withSubmission, exp.total)} (${exp.withSubmission} orang)`);
    expect(text).toContain(`Selesai pemutakhiran: ${pctText(exp.completed, exp.total)} (${exp.completed} orang)`);
    expect(text).toContain(`Antrean verifikasi: ${exp.backlog} usul menunggu verifikasi, tertua ${exp.backlogOldestDays} hari`);
    expect(text).toContain('layanan kepegawaian yang bersangkutan tidak diproses');
    expect(text).toContain(`BKPSDM ${REGENCY}`);
    expect(dk.parsed.html).toContain('Dinas Kesehatan');

    expect(dk.parsed.attachments).toHaveLength(1);
    const att = dk.parsed.attachments[0];
    expect(att.filename).toMatch(/^Laporan-PDM-DINKES-\d{8}-\d{4}\.xlsx$/);
    expect(att.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await summarySheetValues(att.content);
    expect(sheet.get('Jumlah ASN')).toBe(exp.total);
    expect(sheet.get('Aktivasi MySAPK')).toBe(exp.activated);
    expect(sheet.get('Ganti password')).toBe(exp.passwordChanged);
    expect(sheet.get('Mengajukan usul')).toBe(exp.withSubmission);
    expect(sheet.get('Selesai')).toBe(exp.completed);
    expect(sheet.get('Antrian verifikasi (usul berstatus Input Berkas)')).toBe(exp.backlog);

    // Kecamatan Jaten: the camat, no secretary e-mail, the extra recipient in Cc.
    const jt = only(smtp.messages.filter((m) => mailRecipients(m.parsed).to.includes(EMAILS.jatenHead)));
    expect(mailRecipients(jt.parsed).cc).toEqual([EMAILS.extra]);
    expect(jt.parsed.text).toContain('Yth. Budi Santoso, S.Sos, Camat Jaten');
    const ej = await expectedFor(db, seeded.opd.jaten, fire);
    expect(jt.parsed.text).toContain(`Jumlah ASN: ${ej.total} orang`);
    expect(jt.parsed.text).toContain(`Aktivasi MySAPK: ${pctText(ej.activated, ej.total)} (${ej.activated} orang)`);
    const js = await summarySheetValues(jt.parsed.attachments[0].content);
    expect(js.get('Jumlah ASN')).toBe(ej.total);
    expect(js.get('Mengajukan usul')).toBe(ej.withSubmission);

    // What was sent is recorded: status, attempts, message id, workbook, summary.
    const deliveries = await db.models.ReportDelivery.findAll({ where: { runId: r.runId! }, order: [['id', 'ASC']] });
    expect(deliveries).toHaveLength(2);
    const store = createWorkbookStore(varDir);
    for (const d of deliveries) {
      expect(d.status).toBe('sent');
      expect(d.attempts).toBe(1);
      expect(d.sentAt).toBeInstanceOf(Date);
      const mail = smtp.messages.find((m) => m.parsed.messageId === d.messageId);
      expect(mail).toBeDefined();
      expect(d.workbookPath).toMatch(new RegExp(`^reports/${r.runId}/Laporan-PDM-.*\\.xlsx$`));
      const saved = await store.read(d.workbookPath!);
      expect(saved.equals(mail!.parsed.attachments[0].content)).toBe(true);
    }
    const dkDelivery = deliveries.find((d) => d.opdId === seeded.opd.dinkes)!;
    expect(dkDelivery.recipient).toBe(EMAILS.dinkesHead);
    expect(dkDelivery.cc).toBe(`${EMAILS.dinkesSecretary}, ${EMAILS.extra}`);
    expect(dkDelivery.summary).toMatchObject({ opdCode: 'DINKES', total: 6, activated: 4, completed: 2 });
  });

  it('sends the regency report to the Bupati with the staff and Kepala BKPSDM in Cc', async () => {
    smtp.reset();
    const r = await svc.runSchedule(seeded.regencySchedule.id, fire, { trigger: 'schedule' });
    expect(r).toMatchObject({ claimed: true, status: 'done', counts: { total: 1, sent: 1 } });
    const m = only(smtp.messages);
    const rc = mailRecipients(m.parsed);
    expect(rc.to).toEqual([EMAILS.regent]);
    expect(rc.cc.sort()).toEqual([EMAILS.approver, EMAILS.regentStaff].sort());
    expect(rc.cc).not.toContain(EMAILS.approverInactive);
    expect(m.parsed.subject).toBe(`Laporan PDM ASN — ${REGENCY} — per ${formatJakartaDateTime(fire, 'short')}`);
    const text = m.parsed.text ?? '';
    expect(text).toContain('Yth. Bupati Uji Coba');
    const all = await Promise.all([seeded.opd.dinkes, seeded.opd.jaten, seeded.opd.bappeda].map((id) => expectedFor(db, id, fire)));
    const total = all.reduce((a, e) => a + e.total, 0);
    const completed = all.reduce((a, e) => a + e.completed, 0);
    expect(text).toContain(`Jumlah ASN: ${total} orang`);
    expect(text).toContain(`Selesai pemutakhiran: ${pctText(completed, total)} (${completed} orang)`);
    expect(text).toContain('OPD dengan capaian tertinggi');
    expect(text).toContain('1. Dinas Kesehatan: selesai 33,3%');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(m.parsed.attachments[0].content as never);
    expect(wb.getWorksheet('Peringkat OPD')).toBeDefined();
    const d = await db.models.ReportDelivery.findOne({ where: { runId: r.runId! } });
    expect(d!.opdId).toBeNull();
    expect((d!.summary as { totals: { total: number } }).totals.total).toBe(total);
  });

  it('the panel hands out the workbook a mail carried under the same name, and names its previews alike', async () => {
    const admin = { id: seeded.users.admin, email: 'admin@ujicoba.example', role: 'admin' as const, opdId: null };
    const files = new ReportFileService({
      models: db.models,
      records: new RecordService({ models: db.models, sequelize: db.sequelize, audit: new AuditService(db.models) }),
      store: createWorkbookStore(varDir),
      regencyName: REGENCY,
      now: clock.now,
    });
    for (const schedule of [seeded.opdSchedule, seeded.regencySchedule]) {
      smtp.reset();
      const r = await svc.sendTest(schedule.id, 'penguji@ujicoba.example', seeded.users.admin);
      const attachment = only(smtp.messages).parsed.attachments[0];
      const delivery = (await db.models.ReportDelivery.findOne({ where: { runId: r.runId! } }))!;
      const kept = await files.delivered(admin, delivery.id);
      expect(kept.name).toBe(attachment.filename);
      expect(kept.content.equals(attachment.content)).toBe(true);
      // A preview as of the same moment: the name the mail gave the file.
      const preview = schedule.reportKind === 'opd' ? await files.opdReport(admin, delivery.opdId!) : await files.regencyReport(admin);
      expect(preview.name).toBe(attachment.filename);
    }
    expect(only(smtp.messages).parsed.attachments[0].filename).toBe(reportFileName(REGENCY, clock.now()));
  });

  it('never sends a period twice; a resend is a new run recorded as resend', async () => {
    smtp.reset();
    const again = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'manual', requestedBy: seeded.users.admin });
    expect(again.claimed).toBe(false);
    expect(again.status).toBe('done');
    expect(smtp.messages).toHaveLength(0);

    // Some time passes before someone asks for the resend (a delivery sent at or after the
    // resend's start was still pending when it was asked for, and is not copied).
    clock.advance(60_000);
    const resend = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'manual', resend: true, requestedBy: seeded.users.admin });
    expect(resend.claimed).toBe(true);
    expect(resend.runKey).toBe(`${seeded.opdSchedule.id}:${resend.periodKey}:resend:1`);
    expect(resend.status).toBe('done');
    await smtp.waitFor(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    const run = await db.models.ReportRun.findByPk(resend.runId!);
    expect(run!.trigger).toBe('resend');
    expect(run!.requestedBy).toBe(seeded.users.admin);
    const audit = await db.models.AuditLog.findOne({ where: { action: 'report_resend', recordId: String(resend.runId) } });
    expect(audit?.userEmail).toBe('admin@ujicoba.example');

    // A resend of one OPD only (a minute later).
    smtp.reset();
    clock.advance(60_000);
    const one = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'cli', resend: true, opdCode: 'DINKES' });
    expect(one.runKey).toBe(`${seeded.opdSchedule.id}:${one.periodKey}:resend:2:opd:DINKES`);
    expect(one.counts).toMatchObject({ total: 1, sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);

    const keys = (await db.models.ReportRun.findAll({ where: { scheduleId: seeded.opdSchedule.id } })).map((x) => x.runKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('shows the change since the last sent report (▲/▼ points)', async () => {
    smtp.reset();
    // Two more Dinas Kesehatan employees activate MySAPK before the next day's report.
    const later = new Date(fire.getTime() + 86400000);
    await db.models.Employee.update(
      { mysapkActivatedAt: new Date(fire.getTime() + 3600000) },
      { where: { opdId: seeded.opd.dinkes, mysapkActivatedAt: null } },
    );
    clock.set(new Date(later.getTime() + 1000));
    const r = await svc.runSchedule(seeded.opdSchedule.id, later, { trigger: 'schedule' });
    expect(r.status).toBe('done');
    const dk = only(smtp.to(EMAILS.dinkesHead));
    // 4/6 = 66,6% (rounded down) → 6/6 = 100,0%: ▲ 33,4 poin, the change of the figures shown.
    expect(dk.parsed.text).toContain('Aktivasi MySAPK: 100,0% (6 orang), ▲ 33,4 poin sejak laporan sebelumnya');
    expect(dk.parsed.text).toContain('Selesai pemutakhiran: 33,3% (2 orang), tetap sejak laporan sebelumnya');
  });

  it('"Kirim uji ke saya" sends one mail to the tester only, recorded as a test', async () => {
    smtp.reset();
    const r = await svc.sendTest(seeded.opdSchedule.id, 'penguji@ujicoba.example', seeded.users.admin);
    expect(r).toMatchObject({ claimed: true, status: 'done', counts: { total: 1, sent: 1 } });
    expect(r.runKey).toMatch(/^test:[0-9a-f-]{36}$/);
    const m = only(smtp.messages);
    expect(mailRecipients(m.parsed)).toEqual({ to: ['penguji@ujicoba.example'], cc: [] });
    expect(m.parsed.subject).toMatch(/^\[UJI\] Laporan PDM ASN — /);
    expect(m.parsed.attachments).toHaveLength(1);
    const run = await db.models.ReportRun.findByPk(r.runId!);
    expect(run!.trigger).toBe('test');
    expect(await db.models.AuditLog.count({ where: { action: 'report_test', recordId: String(r.runId) } })).toBe(1);
    await expect(svc.sendTest(seeded.opdSchedule.id, 'bukan email', null)).rejects.toThrow('Alamat email tidak valid');
  });

  it('a dry run builds the workbooks and lists recipients without recording or sending anything', async () => {
    smtp.reset();
    const runs = await db.models.ReportRun.count();
    const deliveries = await db.models.ReportDelivery.count();
    const r = await svc.runSchedule(seeded.opdSchedule.id, new Date(fire.getTime() + 2 * 86400000), { dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.claimed).toBe(false);
    expect(r.planned!.map((p) => p.to[0]).sort()).toEqual([EMAILS.dinkesHead, EMAILS.jatenHead].sort());
    expect(r.planned![0].attachment.content.subarray(0, 2).toString()).toBe('PK');
    expect(r.skipped!.map((s) => s.opdCode)).toEqual(['BAPPEDA']);
    expect(await db.models.ReportRun.count()).toBe(runs);
    expect(await db.models.ReportDelivery.count()).toBe(deliveries);
    expect(smtp.messages).toHaveLength(0);
  });
});
