import fs from 'node:fs';
import request from 'supertest';
import type { Response } from 'supertest';
import { Op, type Model, type ModelStatic } from 'sequelize';
import { createApp, type App } from '../../src/app.js';
import { createContainer } from '../../src/container.js';
import { trustProxySetting } from '../../src/admin/auth.js';
import { createLogger } from '../../src/logger.js';
import { connect, type Database } from '../../src/db/index.js';
import { makeNik, makeNip } from '../../src/domain/employees/nip-nik.js';
import { referenceData } from '../../config/reference-data.js';
import { addDays, jakartaDate } from '../../src/domain/shared/time.js';
import type { Phase } from '../../src/domain/campaign/phases.js';
import type { Role } from '../../src/domain/shared/constants.js';
import type { AppConfig } from '../../config/env.js';
import { createTestDb, type TestDb } from './db.js';
import { seedSmallRegency, testConfig, TEST_PASSWORD } from './app.js';

/**
 * Security tests: an app with chosen settings (TRUST_PROXY, timeouts), a second app on the same
 * database (a restart, or another instance), and a small regency with a row of every panel
 * resource in OPD A and in OPD B, each of OPD B's rows carrying strings that identify it.
 */

export interface SecurityApp extends App {
  db: TestDb;
  config: AppConfig;
  /** Another app instance on the same database (a restart, or a second server). */
  another(): App;
  /** A second server: another app on its own connection (pool) to the same database. */
  secondServer(): App & { db: Database; close(): Promise<void> };
  close(): Promise<void>;
}

export async function createSecurityApp(env: Record<string, string> = {}): Promise<SecurityApp> {
  const db = await createTestDb();
  const config = testConfig(env);
  const logger = createLogger('silent');
  // The composition root's `trust proxy` line, as src/app.ts must have it (TRUST_PROXY=1 is a hop count).
  const make = (on: Database = db) => {
    const app = createApp(createContainer({ config, db: on, logger }));
    const trust = trustProxySetting(config.trustProxy);
    if (trust !== undefined) app.app.set('trust proxy', trust);
    return app;
  };
  const built = make();
  return {
    ...built,
    db,
    config,
    another: () => make(),
    secondServer: () => {
      const own = connect(db.url);
      const app = make(own);
      return {
        ...app,
        db: own,
        async close() {
          await app.services.reports.close();
          await own.close();
        },
      };
    },
    async close() {
      await db.destroy();
      fs.rmSync(config.varDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A number unique within the test process (NIP/NIK sequences, codes, e-mails). */
export const unique = (): number => ++seq;

export const BKN_CATEGORIES = referenceData()
  .categories.filter((c) => c.validatedByBkn)
  .map((c) => c.code);

export function newEmployeeValues(opdId: number, name?: string) {
  const n = unique();
  const birth = `1975-0${(n % 9) + 1}-1${n % 9}`;
  return {
    nip: makeNip({ birthDate: birth, cpnsStart: '2005-01', sex: 'L', sequence: 500 + (n % 400) }),
    nik: makeNik({ regionCode: '331306', birthDate: birth, sex: 'L', sequence: 5000 + n }),
    name: name ?? `Pegawai Sementara ${n}`,
    employeeType: 'PNS' as const,
    opdId,
  };
}

export type Fixture = Awaited<ReturnType<typeof seedSecurityFixture>>;

export async function seedSecurityFixture(db: TestDb) {
  const base = await seedSmallRegency(db);
  const m = db.models;
  const { opdA, opdB, campaign, employees, users } = base;
  const empA = employees.filter((e) => e.opdId === opdA.id);
  const empB = employees.filter((e) => e.opdId === opdB.id);
  const bcrypt = (await import('bcryptjs')).default;
  const hash = await bcrypt.hash(TEST_PASSWORD, 4);
  const secretaryB = await m.User.create({
    email: 'sekretaris.jaten@uji.example',
    name: 'Sekretaris Jaten Rahasia',
    passwordHash: hash,
    role: 'secretary',
    opdId: opdB.id,
    lastLoginAt: null,
    passwordChangedAt: null,
  });
  const headB = await m.User.create({
    email: 'kepala.jaten@uji.example',
    name: 'Camat Jaten Rahasia',
    passwordHash: hash,
    role: 'opd_head',
    opdId: opdB.id,
    lastLoginAt: null,
    passwordChangedAt: null,
  });

  const sub = async (employeeId: number, opdId: number, category: string, marker: string) =>
    m.Submission.create({
      employeeId,
      opdId,
      campaignId: campaign.id,
      category,
      proposedValues: { catatan: marker },
      submittedAt: new Date(Date.now() - unique() * 60000),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });
  // One submission in a category that Kanreg BKN validates, per OPD.
  const bknSubA = await sub(empA[2].id, opdA.id, 'pendidikan', 'ijazah S1 dinkes');
  const bknSubB = await sub(empB[2].id, opdB.id, 'pendidikan', 'IJAZAH-RAHASIA-JATEN');
  const subsA = await m.Submission.findAll({ where: { opdId: opdA.id }, order: [['id', 'ASC']] });
  const subsB = await m.Submission.findAll({ where: { opdId: opdB.id }, order: [['id', 'ASC']] });
  const events: Array<{ id: number; submissionId: number }> = [];
  for (const s of [...subsA, ...subsB]) {
    const ev = await m.SubmissionEvent.create({
      submissionId: s.id,
      opdId: s.opdId,
      fromStatus: null,
      toStatus: 'submitted',
      actorUserId: null,
      actorRole: 'helpdesk',
      note: s.opdId === opdB.id ? 'CATATAN-RAHASIA-JATEN' : 'catatan dinkes',
      overrideReason: null,
    });
    events.push({ id: ev.id, submissionId: s.id });
  }
  const doc = (s: { id: number; opdId: number }, type: string, name: string) =>
    m.Document.create({
      submissionId: s.id,
      opdId: s.opdId,
      documentType: type,
      originalName: name,
      size: 1000,
      sha256: `${unique()}`.padStart(64, '0'),
      storageKey: `00/${unique()}.pdf`,
      uploadedBy: null,
    });
  const docA = await doc(subsA[0], 'ktp', 'ktp-dinkes.pdf');
  const docBknA = await doc(bknSubA, 'ijazah', 'ijazah-dinkes.pdf');
  const docB = await doc(subsB[0], 'ktp', 'KTP-RAHASIA-JATEN.pdf');
  const docBknB = await doc(bknSubB, 'ijazah', 'IJAZAH-RAHASIA-JATEN.pdf');

  const ticket = (opdId: number | null, reporterName: string) =>
    m.HelpdeskTicket.create({
      employeeId: null,
      opdId,
      nip: null,
      reporterName,
      reporterPhone: null,
      kind: 'other',
      description: 'lupa password MySAPK',
      handlerUserId: null,
      resolution: null,
      resolvedAt: null,
    });
  const ticketA = await ticket(opdA.id, 'Pelapor Dinkes');
  const ticketB = await ticket(opdB.id, 'PELAPOR-RAHASIA-JATEN');

  const schedule = await m.ReportSchedule.create({
    name: 'Laporan harian',
    reportKind: 'opd',
    cron: '0 7 * * *',
    campaignId: campaign.id,
    activeFrom: null,
    activeUntil: null,
    extraRecipients: null,
  });
  const schedule2 = await m.ReportSchedule.create({
    name: 'Laporan Bupati',
    reportKind: 'regency',
    cron: '0 8 * * 1',
    campaignId: campaign.id,
    activeFrom: null,
    activeUntil: null,
    extraRecipients: null,
  });
  const run = await m.ReportRun.create({
    scheduleId: schedule.id,
    reportKind: 'opd',
    runKey: `run-${unique()}`,
    periodKey: '2026-01-01',
    trigger: 'schedule',
    status: 'done',
    asOf: new Date(),
    owner: null,
    leaseUntil: null,
    requestedBy: null,
    startedAt: new Date(),
    finishedAt: new Date(),
    error: null,
  });
  const run2 = await m.ReportRun.create({
    scheduleId: schedule2.id,
    reportKind: 'regency',
    runKey: `run-${unique()}`,
    periodKey: '2026-01-01',
    trigger: 'schedule',
    status: 'done',
    asOf: new Date(),
    owner: null,
    leaseUntil: null,
    requestedBy: null,
    startedAt: new Date(),
    finishedAt: new Date(),
    error: null,
  });
  const delivery = (opdId: number | null, recipient: string) =>
    m.ReportDelivery.create({
      runId: run.id,
      opdId,
      recipient,
      cc: null,
      nextAttemptAt: null,
      lastError: null,
      messageId: null,
      workbookPath: `reports/${unique()}.xlsx`,
      summary: null,
      sentAt: null,
    });
  const deliveryA = await delivery(opdA.id, 'kepala.dinkes@pdm.example');
  const deliveryB = await delivery(opdB.id, 'kepala.kec-jaten@pdm.example');
  const deliveryRegency = await delivery(null, 'bupati@pdm.example');

  const audit = (opdId: number, message: string) =>
    m.AuditLog.create({
      userId: null,
      userEmail: 'system',
      role: 'system',
      action: 'import',
      resource: 'employees',
      recordId: null,
      opdId,
      outcome: 'ok',
      beforeData: null,
      afterData: null,
      message,
      ip: null,
    });
  const auditA = await audit(opdA.id, 'impor dinkes');
  const auditB = await audit(opdB.id, 'IMPOR-RAHASIA-JATEN');
  const campaign2 = await m.Campaign.create({
    name: 'PDM ASN Lama',
    year: 2021,
    helpdeskStart: '2021-08-10',
    selfUpdateStart: '2021-08-15',
    selfUpdateEnd: '2021-08-25',
    verificationStart: '2021-08-26',
    verificationEnd: '2021-09-04',
    approvalStart: '2021-09-05',
    approvalEnd: '2021-09-14',
    active: false,
    notes: null,
  });

  // Issue 13: an OPD head's report of each OPD (one proof file row each) and a guide.
  const opdReport = async (opdId: number, statement: string, fileName: string) => {
    const r = await m.OpdReport.create({
      opdId,
      campaignId: campaign.id,
      version: 1,
      status: 'submitted',
      statement,
      figures: { asOf: new Date().toISOString(), summary: { total: 1 } },
      figuresAsOf: new Date(),
      submittedBy: null,
      submittedAt: new Date(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
    await m.OpdReportFile.create({
      opdReportId: r.id,
      opdId,
      originalName: fileName,
      size: 1000,
      sha256: `${unique()}`.padStart(64, '0'),
      storageKey: `00/${unique()}.pdf`,
      uploadedBy: null,
    });
    return r;
  };
  const opdReportA = await opdReport(opdA.id, 'Pernyataan Kepala Dinkes', 'bukti-dinkes.pdf');
  const opdReportB = await opdReport(opdB.id, 'PERNYATAAN-RAHASIA-JATEN', 'BUKTI-RAHASIA-JATEN.pdf');
  const guide = await m.Guide.create({
    campaignId: campaign.id,
    title: 'Buku Saku PDM',
    kind: 'buku_saku',
    originalName: 'buku-saku.pdf',
    size: 1000,
    sha256: `${unique()}`.padStart(64, '0'),
    storageKey: `00/${unique()}.pdf`,
    uploadedBy: null,
  });
  const anImport = (fileName: string) =>
    m.Import.create({
      profile: 'asn',
      fileName,
      sha256: null,
      size: 10,
      storageKey: null,
      status: 'refused',
      mode: null,
      counts: null,
      message: 'Berkas kosong',
      createdBy: null,
      createdByEmail: 'system',
      createdAt: new Date(),
      committedAt: null,
    });
  const importA = await anImport('export-a.csv');
  const importB = await anImport('export-b.csv');
  const unitMapA = await m.SiasnUnitMap.create({ unorId: 'UNOR-A', unorNama: 'Puskesmas A', opdId: opdA.id, setBy: null });
  const unitMapB = await m.SiasnUnitMap.create({ unorId: 'UNOR-B', unorNama: 'Kelurahan B', opdId: opdB.id, setBy: null });

  /** Every string that identifies OPD B or one of its people: none may reach a user of OPD A. */
  // Notices to the ASN (one per OPD): the OPD B one carries a marker that must never reach OPD A.
  const notice = (sub: { id: number; employeeId: number; opdId: number }, note: string) =>
    m.Notice.create({
      submissionId: sub.id,
      employeeId: sub.employeeId,
      opdId: sub.opdId,
      eventId: null,
      mailId: null,
      kind: 'bts',
      category: 'data_personal',
      categoryLabel: 'Data Personal',
      note,
      documents: 'KTP',
      phaseLabel: 'verifikasi',
      deadline: null,
      recipient: null,
      status: 'no_address',
    });
  const noticeA = await notice(subsA[0], 'pemberitahuan dinkes');
  const noticeB = await notice(subsB[0], 'PEMBERITAHUAN-RAHASIA-JATEN');
  const opdBStrings = [
    opdB.code,
    opdB.name,
    opdB.headName!,
    opdB.headEmail!,
    opdB.secretaryEmail!,
    ...empB.flatMap((e) => [e.nip, e.nik!, e.name]),
    users.verifierB.email,
    secretaryB.email,
    secretaryB.name,
    headB.email,
    headB.name,
    'IJAZAH-RAHASIA-JATEN',
    'CATATAN-RAHASIA-JATEN',
    'KTP-RAHASIA-JATEN',
    'PELAPOR-RAHASIA-JATEN',
    'IMPOR-RAHASIA-JATEN',
    'PEMBERITAHUAN-RAHASIA-JATEN',
    'PERNYATAAN-RAHASIA-JATEN',
    'BUKTI-RAHASIA-JATEN',
  ];

  return {
    ...base,
    users: { ...base.users, secretaryB, headB },
    empA,
    empB,
    subsA,
    subsB,
    events,
    bknSubA,
    bknSubB,
    docA,
    docBknA,
    docB,
    docBknB,
    ticketA,
    ticketB,
    schedule,
    schedule2,
    run,
    run2,
    deliveryA,
    deliveryB,
    deliveryRegency,
    auditA,
    auditB,
    noticeA,
    noticeB,
    campaign2,
    opdReportA,
    opdReportB,
    guide,
    importA,
    importB,
    unitMapA,
    unitMapB,
    opdBStrings,
  };
}

/** Campaign dates that put today (Asia/Jakarta) on day 3 of `phase`. */
export function campaignDatesIn(phase: Exclude<Phase, 'before'>, today = jakartaDate(new Date())) {
  // Windows (offsets from the start of self-update): helpdesk -5, self-update 0..9, verification 10..19, approval 20..29.
  const offset = { helpdesk: -3, self_update: 2, verification: 12, approval: 22, after_deadline: 32 }[phase];
  const d = (n: number) => addDays(today, n - offset);
  return {
    helpdeskStart: d(-5),
    selfUpdateStart: d(0),
    selfUpdateEnd: d(9),
    verificationStart: d(10),
    verificationEnd: d(19),
    approvalStart: d(20),
    approvalEnd: d(29),
  };
}

/**
 * Moves a campaign's windows so that today falls in `phase`, runs `fn`, and puts the dates back
 * (the shared fixtures are in the verification phase).
 */
export async function inPhase<T>(db: TestDb, campaignId: number, phase: Exclude<Phase, 'before'>, fn: () => Promise<T>): Promise<T> {
  const c = (await db.models.Campaign.findByPk(campaignId))!;
  const saved = {
    helpdeskStart: c.helpdeskStart,
    selfUpdateStart: c.selfUpdateStart,
    selfUpdateEnd: c.selfUpdateEnd,
    verificationStart: c.verificationStart,
    verificationEnd: c.verificationEnd,
    approvalStart: c.approvalStart,
    approvalEnd: c.approvalEnd,
  };
  await db.models.Campaign.update(campaignDatesIn(phase), { where: { id: campaignId } });
  try {
    return await fn();
  } finally {
    await db.models.Campaign.update(saved, { where: { id: campaignId } });
  }
}

/** The account of each role in the security fixture (the OPD-bound ones are of OPD A). */
export const ROLE_EMAIL: Record<Role, string> = {
  admin: 'admin@uji.example',
  approver: 'approver@uji.example',
  helpdesk: 'helpdesk@uji.example',
  verifier: 'verifikator.dinkes@uji.example',
  bkn_validator: 'bkn@uji.example',
  secretary: 'sekretaris.dinkes@uji.example',
  opd_head: 'kepala.dinkes@uji.example',
  regent: 'bupati@uji.example',
};

/** Logs in through the real form (any status other than a redirect is an error). */
export async function loginAs(app: App['app'], email: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/admin/login').type('form').send({ email, password });
  if (res.status !== 302) throw new Error(`login as ${email} failed: ${res.status}`);
  return agent;
}

/** The value of the session cookie in a response's Set-Cookie, if any. */
export function sessionCookie(res: Response): string | null {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const c = (raw ?? []).find((x) => x.startsWith('pdm.sid='));
  return c ? c.split(';')[0].slice('pdm.sid='.length) : null;
}

/** Counts the audit trail's refusals for a user. */
export async function deniedCount(db: TestDb, email: string): Promise<number> {
  return db.models.AuditLog.count({ where: { userEmail: email, outcome: 'denied' } });
}

/** Rows of a model (by table name). */
export function modelOf(db: TestDb, table: string): ModelStatic<Model> {
  const m = Object.values(db.models).find((x) => x.getTableName() === table);
  if (!m) throw new Error(`no model for ${table}`);
  return m;
}

export { Op };
