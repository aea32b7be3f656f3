import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createApp, type App } from '../../../src/app.js';
import { createContainer, type Container } from '../../../src/container.js';
import type { TaskContext } from 'node-cron';
import { createLogger } from '../../../src/logger.js';
import { startJobs } from '../../../src/jobs/index.js';
import { recordingCron } from '../../helpers/recording-cron.js';
import { NoticeService } from '../../../src/domain/notices/notice.service.js';
import type { NoticeChannel } from '../../../src/domain/notices/notice-channel.js';
import { SYSTEM_ACTOR, type Actor } from '../../../src/domain/shared/actor.js';
import { formatJakartaDate } from '../../../src/domain/shared/time.js';
import type { Employee, Submission } from '../../../src/db/models/index.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { login, seedSmallRegency, testConfig } from '../../helpers/app.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';

/**
 * Notices to the ASN over a real SMTP server on loopback: a BTS or TMS tells the employee once,
 * notices inside NOTICE_BATCH_MINUTES go out as one mail, a refusal is retried, a restart between
 * claim and send does not send twice, and the submission page shows them to its own OPD only.
 */

const MIN = 60_000;

/** The parts of the panel's JSON answers these tests read. */
interface PanelBody {
  notices?: Array<Record<string, unknown>>;
  record?: { params?: Record<string, unknown> };
  records?: Array<{ params: Record<string, unknown> }>;
}
const body = (r: { body: unknown }): PanelBody => r.body as PanelBody;

describe('notices to the ASN (BTS/TMS)', () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let container: Container;
  let app: App;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const clock = { offset: 0 };
  const now = () => new Date(Date.now() + clock.offset);
  const later = (ms: number) => (clock.offset += ms);
  const varDirs: string[] = [];
  let verifierA: Actor;
  let approver: Actor;
  let seq = 0;

  const build = (batchMinutes: number) => {
    const config = testConfig({
      SMTP_URL: smtp.url,
      NOTICE_BATCH_MINUTES: String(batchMinutes),
      MAIL_FROM: 'BKPSDM Uji <bkpsdm@uji.example>',
    });
    varDirs.push(config.varDir);
    return createContainer({ config, db, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') }, { now });
  };

  /** An employee of OPD A (Dinas Kesehatan) with an address, and a submitted data_personal submission with its KTP. */
  const employeeWithSubmission = async (email: string | null, category = 'data_personal'): Promise<{ e: Employee; sub: Submission }> => {
    seq++;
    const e = await db.models.Employee.create({
      nip: `19850101201001${String(1000 + seq)}`.slice(0, 18),
      nik: null,
      name: `Pegawai Uji ${seq}`,
      employeeType: 'PNS',
      opdId: s.opdA.id,
      unit: null,
      position: null,
      rankGrade: null,
      birthDate: null,
      sex: null,
      email,
      phone: null,
      mysapkActivatedAt: null,
      passwordChangedAt: null,
      serviceBlockedAt: null,
    });
    return { e, sub: await submissionOf(e, category) };
  };
  const submissionOf = async (e: Employee, category = 'data_personal'): Promise<Submission> => {
    const sub = await db.models.Submission.create({
      employeeId: e.id,
      opdId: e.opdId,
      campaignId: s.campaign.id,
      category,
      proposedValues: { alamat: 'Jl. Lawu 2' },
      // Whole seconds apart: (employee, category, submitted_at) is unique and MariaDB keeps seconds.
      submittedAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 86400000 + ++seq * 1000),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });
    await db.models.Document.create({
      submissionId: sub.id,
      opdId: sub.opdId,
      documentType: 'ktp',
      originalName: 'ktp.pdf',
      size: 1000,
      sha256: `${'a'.repeat(56)}${String(sub.id).padStart(8, '0')}`,
      storageKey: `aa/${sub.id}.pdf`,
      uploadedBy: null,
    });
    return sub;
  };
  const bts = (sub: Submission, note: string, c: Container = container) =>
    c.services.workflow.transition(verifierA, sub.id, 'returnForFix', { note });
  const sendDue = (c: Container = container) => c.services.notices.sendDue();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    db = await createTestDb();
    s = await seedSmallRegency(db);
    const actor = (u: { id: number; email: string; role: Actor['role']; opdId: number | null }): Actor => ({
      id: u.id,
      email: u.email,
      role: u.role,
      opdId: u.opdId,
    });
    verifierA = actor(s.users.verifierA);
    approver = actor(s.users.approver);
    container = build(10);
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
    await smtp?.close();
    await db?.destroy();
    for (const d of varDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a BTS writes its notice with the change and, after the window, mails the employee once: category, note, document, deadline', async () => {
    const { e, sub } = await employeeWithSubmission('Budi.Santoso@Uji.example');
    const before = smtp.messages.length;
    await bts(sub, 'Foto KTP buram, unggah ulang scan yang jelas');
    const notices = await db.models.Notice.findAll({ where: { submissionId: sub.id } });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'bts',
      status: 'pending',
      recipient: 'budi.santoso@uji.example',
      categoryLabel: 'Data Personal',
    });

    // Inside the window nothing goes out.
    expect(await sendDue()).toMatchObject({ attempted: 0 });
    later(10 * MIN + 1000);
    expect(await sendDue()).toMatchObject({ attempted: 1, sent: 1 });
    expect(await sendDue()).toMatchObject({ attempted: 0 });
    expect(smtp.messages.length).toBe(before + 1);

    const [mail] = smtp.to('budi.santoso@uji.example');
    expect(mailRecipients(mail.parsed).to).toEqual(['budi.santoso@uji.example']);
    expect(mail.parsed.subject).toBe('PDM ASN: usul Data Personal dikembalikan untuk perbaikan (BTS)');
    const text = mail.parsed.text ?? '';
    expect(text).toContain(`Yth. ${e.name} (NIP ${e.nip})`);
    expect(text).toContain('Catatan verifikator: Foto KTP buram, unggah ulang scan yang jelas');
    expect(text).toContain('Dokumen yang perlu diperbaiki/diunggah: KTP');
    expect(text).toContain(`Batas waktu: ${formatJakartaDate(s.campaign.verificationEnd)} (akhir tahap verifikasi)`);
    expect(text).toContain('Dinas Kesehatan');
    const row = await db.models.NoticeMail.findByPk(notices[0].mailId!);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, noticeCount: 1 });
    expect(row!.messageId).toBe(mail.parsed.messageId);
    expect((await db.models.Notice.findByPk(notices[0].id))!.status).toBe('sent');
  });

  it('two BTS of one employee within the window go out as one mail naming both', async () => {
    const { e, sub } = await employeeWithSubmission('dua.kali@uji.example');
    const second = await submissionOf(e, 'data_personal');
    await bts(sub, 'NIK pada KTP tidak terbaca');
    later(3 * MIN);
    await bts(second, 'Alamat tidak sesuai KTP');
    later(7 * MIN + 1000); // 10 minutes after the first
    expect(await sendDue()).toMatchObject({ attempted: 1, sent: 1 });
    later(10 * MIN);
    expect(await sendDue()).toMatchObject({ attempted: 0 });
    const mails = smtp.to('dua.kali@uji.example');
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe('PDM ASN: 2 usul pemutakhiran data Anda perlu perhatian');
    expect(mails[0].parsed.text).toContain('1. Data Personal');
    expect(mails[0].parsed.text).toContain('Catatan verifikator: NIK pada KTP tidak terbaca');
    expect(mails[0].parsed.text).toContain('2. Data Personal');
    expect(mails[0].parsed.text).toContain('Catatan verifikator: Alamat tidak sesuai KTP');
    const notices = await db.models.Notice.findAll({ where: { employeeId: e.id } });
    expect(new Set(notices.map((n) => n.mailId)).size).toBe(1);
  });

  it('NOTICE_BATCH_MINUTES=0 sends at once, one mail per change', async () => {
    const instant = build(0);
    try {
      const { e, sub } = await employeeWithSubmission('segera@uji.example');
      const second = await submissionOf(e);
      await bts(sub, 'Scan KTP terpotong', instant);
      expect(await sendDue(instant)).toMatchObject({ attempted: 1, sent: 1 });
      await bts(second, 'Scan KTP terbalik', instant);
      expect(await sendDue(instant)).toMatchObject({ attempted: 1, sent: 1 });
      const mails = smtp.to('segera@uji.example');
      expect(mails).toHaveLength(2);
      expect(mails[0].parsed.text).toContain('Scan KTP terpotong');
      expect(mails[1].parsed.text).toContain('Scan KTP terbalik');
    } finally {
      await instant.close();
    }
  });

  it('a TMS mails the employee the rejection and its note', async () => {
    const { sub } = await employeeWithSubmission('ditolak@uji.example');
    await container.services.workflow.transition(verifierA, sub.id, 'reject', { note: 'Bukan data milik pegawai ini' });
    later(10 * MIN + 1000);
    await sendDue();
    const mails = smtp.to('ditolak@uji.example');
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe('PDM ASN: usul Data Personal ditolak (TMS)');
    expect(mails[0].parsed.text).toContain('Tidak Memenuhi Syarat (TMS)');
    expect(mails[0].parsed.text).toContain('Catatan verifikator: Bukan data milik pegawai ini');
  });

  it('verify and approve tell nobody', async () => {
    const { e, sub } = await employeeWithSubmission('lancar@uji.example');
    await container.services.workflow.transition(verifierA, sub.id, 'verify');
    await container.services.workflow.transition(approver, sub.id, 'approve');
    later(20 * MIN);
    await sendDue();
    expect(await db.models.Notice.count({ where: { employeeId: e.id } })).toBe(0);
    expect(await db.models.NoticeMail.count({ where: { employeeId: e.id } })).toBe(0);
    expect(smtp.to('lancar@uji.example')).toHaveLength(0);
  });

  it('a refused message is retried after its backoff and recorded', async () => {
    const { sub } = await employeeWithSubmission('ditunda@uji.example');
    await bts(sub, 'Dokumen KTP kedaluwarsa');
    later(10 * MIN + 1000);
    smtp.refuse(1, 451, 'Kotak surat sibuk');
    expect(await sendDue()).toMatchObject({ attempted: 1, retry: 1, sent: 0 });
    const notice = (await db.models.Notice.findOne({ where: { submissionId: sub.id } }))!;
    let mail = (await db.models.NoticeMail.findByPk(notice.mailId!))!;
    expect(mail.status).toBe('pending');
    expect(mail.attempts).toBe(1);
    expect(mail.lastError).toContain('451');
    expect(mail.nextAttemptAt!.getTime()).toBeGreaterThan(now().getTime());
    // Before the backoff nothing is tried; after it, sent.
    expect(await sendDue()).toMatchObject({ attempted: 0 });
    later(MIN + 1000);
    expect(await sendDue()).toMatchObject({ attempted: 1, sent: 1 });
    mail = (await db.models.NoticeMail.findByPk(notice.mailId!))!;
    expect(mail).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.to('ditunda@uji.example')).toHaveLength(1);
  });

  it('a restart between claim and send does not send twice', async () => {
    const { sub } = await employeeWithSubmission('sekali@uji.example');
    await bts(sub, 'Tanggal lahir tidak sesuai KTP');
    later(10 * MIN + 1000);
    // The first process claims the mail and dies before the message leaves (its send never returns).
    let claimed!: () => void;
    const handedOver = new Promise<void>((resolve) => (claimed = resolve));
    const dying: NoticeChannel = {
      name: 'email',
      send: () => {
        claimed();
        return new Promise<never>(() => undefined);
      },
      wasDelivered: () => Promise.resolve(undefined),
    };
    const first = new NoticeService({
      models: db.models,
      sequelize: db.sequelize,
      channel: dying,
      config: { batchMinutes: 10, maxAttempts: 6, backoffMs: () => MIN, sendLeaseMs: 5 * MIN },
      now,
    });
    void first.sendDue();
    await handedOver;
    const notice = (await db.models.Notice.findOne({ where: { submissionId: sub.id } }))!;
    expect((await db.models.NoticeMail.findByPk(notice.mailId!))!.status).toBe('sending');

    // The restarted instance does not touch a claim still under its lease…
    const restarted = build(10);
    try {
      expect(await sendDue(restarted)).toMatchObject({ interrupted: 0, attempted: 0 });
      expect(smtp.to('sekali@uji.example')).toHaveLength(0);
      // …and after the lease sends it, once.
      later(5 * MIN + 1000);
      expect(await sendDue(restarted)).toMatchObject({ interrupted: 1, sent: 1 });
      later(10 * MIN);
      expect(await sendDue(restarted)).toMatchObject({ interrupted: 0, attempted: 0 });
      expect(await sendDue()).toMatchObject({ interrupted: 0, attempted: 0 });
      expect(smtp.to('sekali@uji.example')).toHaveLength(1);
      const mail = (await db.models.NoticeMail.findByPk(notice.mailId!))!;
      expect(mail).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await restarted.close();
    }
  });

  it('the notices job runs every minute on the one scheduler and sends what is due', async () => {
    const { sub } = await employeeWithSubmission('terjadwal@uji.example');
    await bts(sub, 'Unggah ulang KTP berwarna');
    later(10 * MIN + 1000);
    const cron = recordingCron();
    const handle = await startJobs(container, { cron });
    try {
      await handle.caughtUp;
      const task = cron.calls.find((c) => c.options?.name === 'notices-send')!;
      expect(task.expression).toBe('* * * * *');
      const run = (await task.fn({ date: now() } as TaskContext)) as { status: string; result: { sent: number } };
      expect(run).toMatchObject({ status: 'ok', result: { sent: 1 } });
      expect(smtp.to('terjadwal@uji.example')).toHaveLength(1);
    } finally {
      await handle.stop();
    }
  });

  it('an employee without an address gets no mail and is listed for the OPD verifier, not for another OPD', async () => {
    const { e, sub } = await employeeWithSubmission(null);
    await bts(sub, 'Scan KTP tidak ada');
    later(10 * MIN + 1000);
    const before = smtp.messages.length;
    await sendDue();
    expect(smtp.messages.length).toBe(before);
    const notice = (await db.models.Notice.findOne({ where: { submissionId: sub.id } }))!;
    expect(notice).toMatchObject({ status: 'no_address', mailId: null, recipient: null });

    const own = await login(app.app, 'verifikator.dinkes@uji.example');
    const list = await own.get('/admin/api/resources/notices/actions/list').query({ 'filters.status': 'no_address' });
    expect(list.status).toBe(200);
    const rows = body(list).records ?? [];
    expect(rows.map((r) => Number(r.params.employeeId))).toContain(e.id);
    expect(rows.every((r) => r.params.status === 'no_address')).toBe(true);

    const other = await login(app.app, 'verifikator.jaten@uji.example');
    const theirs = await other.get('/admin/api/resources/notices/actions/list').query({ 'filters.status': 'no_address' });
    expect(theirs.status).toBe(200);
    expect(body(theirs).records).toEqual([]);
    const show = await other.get(`/admin/api/resources/notices/records/${notice.id}/show`);
    // The scoped resource does not find another OPD's notice by id either.
    expect(body(show).record?.params ?? {}).toEqual({});
    expect(JSON.stringify(show.body)).not.toContain('Scan KTP tidak ada');
  });

  it('the submission page shows its notices to the OPD, and another OPD cannot see them', async () => {
    const { sub } = await employeeWithSubmission('halaman@uji.example');
    await bts(sub, 'Nama ibu kandung belum diisi');
    const own = await login(app.app, 'verifikator.dinkes@uji.example');
    const res = await own.get(`/admin/api/resources/submissions/records/${sub.id}/detail`);
    expect(res.status).toBe(200);
    expect(body(res).notices).toHaveLength(1);
    expect(body(res).notices![0]).toMatchObject({
      kind: 'bts',
      note: 'Nama ibu kandung belum diisi',
      recipient: 'halaman@uji.example',
      status: 'pending',
      statusLabel: 'Menunggu dikirim',
    });
    later(10 * MIN + 1000);
    await sendDue();
    const after = await own.get(`/admin/api/resources/submissions/records/${sub.id}/detail`);
    expect(body(after).notices![0]).toMatchObject({ status: 'sent', statusLabel: 'Terkirim' });
    expect(body(after).notices![0].sentAt).toBeTruthy();

    for (const email of ['verifikator.jaten@uji.example']) {
      const other = await login(app.app, email);
      const r = await other.get(`/admin/api/resources/submissions/records/${sub.id}/detail`);
      // The scoped resource does not find another OPD's record: no detail, no notices.
      expect(body(r).notices).toBeUndefined();
      expect(body(r).record?.params ?? {}).toEqual({});
      expect(JSON.stringify(r.body)).not.toContain('Nama ibu kandung');
      const list = await other.get('/admin/api/resources/notices/actions/list').query({ 'filters.submissionId': String(sub.id) });
      expect(JSON.stringify(list.body)).not.toContain('Nama ibu kandung');
    }
    // The service itself refuses an actor of another OPD (no leak through another path).
    const otherActor: Actor = { id: s.users.verifierB.id, email: s.users.verifierB.email, role: 'verifier', opdId: s.opdB.id };
    expect(await container.services.notices.forSubmission(otherActor, sub.id)).toEqual([]);
    expect(await container.services.notices.forSubmission({ ...SYSTEM_ACTOR }, sub.id)).toHaveLength(1);
  });
});
