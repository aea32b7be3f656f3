import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createTestDb, usingMysql, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';
import { FROM, REGENCY, REPLY_TO, makeRunService, tempVarDir } from '../../helpers/report-fixtures.js';
import { openPlacements } from '../../../src/domain/employees/employee-placement.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import { opdSummaries } from '../../../src/domain/reports/data/summaries.js';
import { regencyReportWorkbook } from '../../../src/domain/reports/workbooks/regency-report.workbook.js';
import { opdReportWorkbook } from '../../../src/domain/reports/workbooks/opd-report.workbook.js';
import { regencyMailBody } from '../../../src/domain/reports/delivery/mail-body.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import { DashboardService } from '../../../src/domain/dashboard/dashboard.service.js';
import { CampaignService } from '../../../src/domain/campaign/campaign.service.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import { jakartaDate } from '../../../src/domain/shared/time.js';
import type { Models } from '../../../src/db/models/index.js';

/**
 * Reports, one rule each (issue 8), on real databases with the workbooks read back and the mail
 * taken from a real SMTP server:
 * - rank and band on exact fractions: 3/4343 is below 1/787, 2/1574 ties with 1/787 (shared
 *   rank), 999/2000 = 49.95 % is red;
 * - an OPD without ASN is shown "Belum ada ASN", with no rank and no band, and its head gets no mail;
 * - the backlog age of a resubmitted item counts from its return to the queue.
 */

const DAY = 86400000;
const FILL = { red: 'FFF4CCCC', amber: 'FFFFE699', green: 'FFC6EFCE' } as const;

let nipSeq = 0;
const nip = () => `1980010120${String(++nipSeq).padStart(8, '0')}`;

async function campaign(models: Models, now: Date) {
  const d = (days: number) => jakartaDate(new Date(now.getTime() + days * DAY));
  return models.Campaign.create({
    name: 'PDM Aturan',
    year: Number(d(0).slice(0, 4)),
    helpdeskStart: d(-30),
    selfUpdateStart: d(-25),
    selfUpdateEnd: d(-10),
    verificationStart: d(-9),
    verificationEnd: d(5),
    approvalStart: d(6),
    approvalEnd: d(15),
    active: true,
    notes: null,
  });
}

/** An OPD with `total` ASN, `completed` of them with one approved submission of the campaign. */
async function opdWith(models: Models, code: string, name: string, total: number, completed: number, campaignId: number, createdAt: Date) {
  const opd = await models.Opd.create({
    code,
    name,
    kind: 'dinas',
    address: null,
    headName: `Kepala ${name}`,
    headEmail: `kepala.${code.toLowerCase()}@aturan.example`,
    secretaryName: null,
    secretaryEmail: null,
  });
  const rows = Array.from({ length: total }, (_, i) => ({
    nip: nip(),
    nik: null,
    name: `ASN ${code} ${i + 1}`,
    employeeType: 'PNS' as const,
    opdId: opd.id,
    unit: null,
    position: null,
    rankGrade: null,
    birthDate: null,
    sex: null,
    email: null,
    phone: null,
    mysapkActivatedAt: createdAt,
    passwordChangedAt: null,
    serviceBlockedAt: null,
    active: true,
    createdAt,
    updatedAt: createdAt,
  }));
  const emps = [];
  for (let i = 0; i < rows.length; i += 1000) emps.push(...(await models.Employee.bulkCreate(rows.slice(i, i + 1000))));
  await openPlacements(models, emps);
  const subs = emps.slice(0, completed).map((e) => ({
    employeeId: e.id,
    opdId: opd.id,
    campaignId,
    category: 'jabatan',
    proposedValues: null,
    status: 'approved' as const,
    submittedAt: new Date(createdAt.getTime() + DAY),
    verifiedAt: null,
    validatedAt: null,
    decidedAt: new Date(createdAt.getTime() + 2 * DAY),
    lastNote: null,
    createdAt: new Date(createdAt.getTime() + DAY),
    updatedAt: new Date(createdAt.getTime() + 2 * DAY),
  }));
  for (let i = 0; i < subs.length; i += 1000) await models.Submission.bulkCreate(subs.slice(i, i + 1000));
  return opd;
}

describe(`ranks, bands and OPDs without ASN (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let varDir: string;
  const created = new Date(Date.now() - 20 * DAY);
  const asOf = new Date(Math.ceil(Date.now() / 60000) * 60000 + 60000);
  const opd: Record<string, { id: number; code: string; name: string; headEmail: string | null }> = {};

  beforeAll(async () => {
    db = await createTestDb();
    const c = await campaign(db.models, asOf);
    // Names chosen so that a tie broken by name would put the wrong OPD first.
    opd.big = await opdWith(db.models, 'BESAR', 'Badan Besar', 4343, 3, c.id, created); // 0.069 %
    opd.small = await opdWith(db.models, 'KECIL', 'Kecamatan Kecil', 787, 1, c.id, created); // 0.127 %
    opd.tie = await opdWith(db.models, 'KEMBAR', 'Kecamatan Kembar', 1574, 2, c.id, created); // 2/1574 = 1/787
    opd.half = await opdWith(db.models, 'SEPARUH', 'Dinas Separuh', 2000, 999, c.id, created); // 49.95 %
    opd.empty = await opdWith(db.models, 'KOSONG', 'Dinas Baru Tanpa ASN', 0, 0, c.id, created);
    await db.models.User.create({
      email: 'bupati@aturan.example',
      name: 'Bupati',
      passwordHash: 'x'.repeat(60),
      role: 'regent',
      opdId: null,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
  }, 120_000);
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('ranks on the exact fraction, ties share a rank, 49.95 % is red, an OPD without ASN is last and unranked', async () => {
    const r = await buildRegencyReport(db.models, asOf);
    expect(r.rows.map((x) => [x.opdCode, `${x.completed}/${x.total}`, x.rank, x.band])).toEqual([
      ['SEPARUH', '999/2000', 1, 'red'],
      ['KECIL', '1/787', 2, 'red'],
      ['KEMBAR', '2/1574', 2, 'red'],
      ['BESAR', '3/4343', 4, 'red'],
      ['KOSONG', '0/0', null, null],
    ]);
    // Shown rounded down: 49.95 % is never shown as 50,0 % in red.
    expect(r.rows[0].pctCompleted).toBe(49.9);
  });

  it('the regency workbook, read back: ranks, fills, "Belum ada ASN"', async () => {
    const report = await buildRegencyReport(db.models, asOf);
    const buf = (await regencyReportWorkbook(report, { regencyName: REGENCY, models: db.models, asOf })) as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.getWorksheet('Peringkat OPD')!;
    const row = (i: number) => ws.getRow(7 + i);
    expect([0, 1, 2, 3, 4].map((i) => [row(i).getCell(1).value, row(i).getCell(2).value])).toEqual([
      [1, 'SEPARUH'],
      [2, 'KECIL'],
      [2, 'KEMBAR'],
      [4, 'BESAR'],
      ['Belum ada ASN', 'KOSONG'],
    ]);
    for (const i of [0, 1, 2, 3]) expect(row(i).getCell(8).fill).toMatchObject({ fgColor: { argb: FILL.red } });
    expect(row(0).getCell(8).value).toBe(0.499);
    // No band, no percentages for the OPD without ASN.
    expect(
      row(4).getCell(8).fill?.type === 'pattern' ? (row(4).getCell(8).fill as ExcelJS.FillPattern).fgColor?.argb : undefined,
    ).toBeUndefined();
    expect(row(4).getCell(8).value).toBeNull();
    expect(row(4).getCell(4).value).toBe(0);

    // The OPD workbook of the 49.95 % OPD: red, "Merah".
    const half = await buildOpdReport(db.models, opd.half.id, asOf);
    const owb = new ExcelJS.Workbook();
    await owb.xlsx.load((await opdReportWorkbook(half, { regencyName: REGENCY })) as never);
    const sum = owb.getWorksheet('Ringkasan')!;
    expect(sum.getCell('C14').value).toBe(0.499);
    expect(sum.getCell('C14').fill).toMatchObject({ fgColor: { argb: FILL.red } });
    const labels = Array.from({ length: 12 }, (_, i) => [sum.getCell(16 + i, 1).value, sum.getCell(16 + i, 2).value]);
    expect(labels).toContainEqual(['Kategori capaian (persentase Selesai)', 'Merah (< 50%)']);
    // …and of the OPD without ASN (downloadable from the panel): no band.
    const empty = await buildOpdReport(db.models, opd.empty.id, asOf);
    const ewb = new ExcelJS.Workbook();
    await ewb.xlsx.load((await opdReportWorkbook(empty, { regencyName: REGENCY })) as never);
    const elabels = Array.from({ length: 12 }, (_, i) => [
      ewb.getWorksheet('Ringkasan')!.getCell(16 + i, 1).value,
      ewb.getWorksheet('Ringkasan')!.getCell(16 + i, 2).value,
    ]);
    expect(elabels).toContainEqual(['Kategori capaian (persentase Selesai)', 'Belum ada ASN']);
  });

  it('the regency mail and the dashboard show the same ranks; the OPD without ASN is named apart', async () => {
    const report = await buildRegencyReport(db.models, asOf);
    const m = regencyMailBody(report, { regencyName: REGENCY });
    expect(m.text).toContain('1. Dinas Separuh: selesai 49,9%');
    expect(m.text).toContain('2. Kecamatan Kecil: selesai 0,1%');
    expect(m.text).toContain('2. Kecamatan Kembar: selesai 0,1%');
    expect(m.text).toContain('4. Badan Besar: selesai 0,0%');
    expect(m.text).toContain('Capaian OPD: 0 hijau (≥ 80%), 0 kuning (50–80%), 4 merah (< 50%)');
    expect(m.text).toContain('OPD yang belum ada ASN (tanpa peringkat): Dinas Baru Tanpa ASN');
    const dash = await new DashboardService(db.models, new CampaignService(db.models, new AuditService(db.models))).forActor(
      { id: 1, email: 'bupati@aturan.example', role: 'regent', opdId: null },
      asOf,
    );
    expect(dash.regency!.rows.map((x) => [x.opdCode, x.rank, x.band])).toEqual(report.rows.map((x) => [x.opdCode, x.rank, x.band]));
  });

  it('the head of an OPD without ASN is not mailed (scheduled run, real SMTP)', async () => {
    const schedule = await db.models.ReportSchedule.create({
      name: 'Harian OPD',
      reportKind: 'opd',
      cron: '0 7 * * *',
      campaignId: null,
      activeFrom: null,
      activeUntil: null,
      ccSecretary: false,
      extraRecipients: null,
      enabled: true,
    });
    const svc = makeRunService({ models: db.models, sequelize: db.sequelize, mailer, varDir, now: () => asOf });
    const r = await svc.runSchedule(schedule.id, asOf, { trigger: 'schedule', asOf });
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ total: 4, sent: 4, failed: 0 });
    const to = smtp.messages.map((x) => mailRecipients(x.parsed).to[0]).sort();
    expect(to).toEqual([
      'kepala.besar@aturan.example',
      'kepala.kecil@aturan.example',
      'kepala.kembar@aturan.example',
      'kepala.separuh@aturan.example',
    ]);
    expect(smtp.to('kepala.kosong@aturan.example')).toHaveLength(0);
    expect(r.reason).toContain('Dilewati — KOSONG: Belum ada ASN di OPD ini; laporan tidak dikirim');
    // Asked for that OPD alone: nothing to send, and that is not a failure.
    const one = await svc.runSchedule(schedule.id, asOf, { trigger: 'manual', asOf, opdCode: 'KOSONG' });
    expect(one).toMatchObject({ claimed: true, status: 'done', counts: { total: 0 } });
    expect(smtp.to('kepala.kosong@aturan.example')).toHaveLength(0);
    expect(smtp.messages).toHaveLength(4);
  }, 120_000);
});

describe(`backlog age from the latest entry into the queue (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  const asOf = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
  const ago = (days: number) => new Date(asOf.getTime() - days * DAY);
  let opdId: number;

  beforeAll(async () => {
    db = await createTestDb();
    const m = db.models;
    const c = await campaign(m, asOf);
    const o = await m.Opd.create({
      code: 'UMUR',
      name: 'Dinas Umur',
      kind: 'dinas',
      address: null,
      headName: null,
      headEmail: null,
      secretaryName: null,
      secretaryEmail: null,
    });
    opdId = o.id;
    const e = await m.Employee.create({
      nip: nip(),
      nik: null,
      name: 'Dikembalikan lalu diajukan lagi',
      employeeType: 'PNS',
      opdId,
      unit: null,
      position: null,
      rankGrade: null,
      birthDate: null,
      sex: null,
      email: null,
      phone: null,
      mysapkActivatedAt: ago(20),
      passwordChangedAt: null,
      serviceBlockedAt: null,
      createdAt: ago(30),
      updatedAt: ago(30),
    });
    await openPlacements(m, [e]);
    // Submitted 10 days ago, returned (BTS) 6 days ago, resubmitted 2 days ago: waiting again.
    const s = await m.Submission.create(
      {
        employeeId: e.id,
        opdId,
        campaignId: c.id,
        category: 'data_personal',
        proposedValues: null,
        status: 'submitted',
        submittedAt: ago(10),
        verifiedAt: null,
        validatedAt: null,
        decidedAt: null,
        lastNote: null,
        createdAt: ago(10),
        updatedAt: ago(2),
      },
      { silent: true },
    );
    const ev = (from: string | null, to: string, at: Date) =>
      m.SubmissionEvent.create({
        submissionId: s.id,
        opdId,
        fromStatus: from as never,
        toStatus: to as never,
        actorUserId: null,
        actorRole: 'verifier',
        note: to === 'needs_fix' ? 'Scan KTP buram' : null,
        overrideReason: null,
        createdAt: at,
      });
    await ev(null, 'submitted', ago(10));
    await ev('submitted', 'needs_fix', ago(6));
    await ev('needs_fix', 'submitted', ago(2));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts from the resubmission, not from the first submission', async () => {
    const [now] = await opdSummaries(db.models, asOf, [opdId]);
    expect(now).toMatchObject({ backlog: 1, backlogOldestDays: 2 });
    const report = await buildOpdReport(db.models, opdId, asOf);
    expect(report.summary).toMatchObject({ backlog: 1, backlogOldestDays: 2 });
    // While it was with the employee for repair it was not waiting; before that it was, from its first submission.
    const [returned] = await opdSummaries(db.models, ago(4), [opdId]);
    expect(returned).toMatchObject({ backlog: 0, backlogOldestDays: null });
    const [before] = await opdSummaries(db.models, ago(7), [opdId]);
    expect(before).toMatchObject({ backlog: 1, backlogOldestDays: 3 });
    // The OPD workbook carries the same age.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await opdReportWorkbook(report, { regencyName: REGENCY })) as never);
    const ws = wb.getWorksheet('Kinerja Verifikator')!;
    expect([ws.getCell('A7').value, ws.getCell('B7').value]).toEqual(['Usul tertua menunggu verifikasi (hari)', 2]);
  });
});
