import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import ExcelJS from 'exceljs';
import { UniqueConstraintError } from 'sequelize';
import { connect, type Database } from '../../../src/db/index.js';
import { createTestDb, usingMysql, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';
import {
  EMAILS,
  FROM,
  REPLY_TO,
  makeRunService,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { openPlacements } from '../../../src/domain/employees/employee-placement.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import { ReportScheduleService } from '../../../src/domain/reports/report-schedule.service.js';
import { formatInZone, formatJakartaDateTime } from '../../../src/domain/shared/time.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';
import { formatAsOfLine } from '../../../src/domain/reports/format.js';
import { runReportSend } from '../../../src/cli/report-send.command.js';

/**
 * The report outbox, one rule each (issue 8), with a real SMTP server on loopback and separate
 * database connections for separate instances:
 * - regency deliveries are unique in the database; so is a delivery still to be made;
 * - `report:send --dry-run --at` builds as of --at;
 * - `--resend` after a partial send, while a running instance retries the pending deliveries,
 *   gives every recipient exactly one new copy;
 * - a CLI run retries the deliveries that are due, and says who sends what is not due yet.
 */

const MINUTE = 60_000;
const wibText = (d: Date) => formatInZone(d, 'yyyy-MM-dd HH:mm');

describe(`report outbox rules (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  let seeded: Seeded;
  let smtp: TestSmtp;
  let varDir: string;
  const mailers: Mailer[] = [];
  const extra: Database[] = [];
  const clock = testClock(new Date());
  const heads: string[] = [EMAILS.dinkesHead, EMAILS.jatenHead];
  /** The OPD schedule's latest fire time, and a moment three hours later in the same period. */
  let fire: Date;
  let at: Date;

  const mailer = () => {
    const m = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    mailers.push(m);
    return m;
  };
  /** An app instance: its own connection, mailer and instance id, the shared test clock. */
  const instance = (instanceId: string): ReportRunService => {
    const conn = connect(db.url);
    extra.push(conn);
    return makeRunService({
      models: conn.models,
      sequelize: conn.sequelize,
      mailer: mailer(),
      varDir,
      now: clock.now,
      config: { instanceId },
    });
  };
  const cli = (svc: ReportRunService, lines: string[]) => (argv: string[]) =>
    runReportSend(
      { models: db.models, runService: svc, scheduleService: new ReportScheduleService(db.models), print: (l) => lines.push(l) },
      argv,
    );

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    // Five more OPDs with a head and one ASN each: seven OPD reports per period.
    for (let i = 1; i <= 5; i++) {
      const o = await db.models.Opd.create({
        code: `OPD${i}`,
        name: `Dinas Uji ${i}`,
        kind: 'dinas',
        address: null,
        headName: `Kepala ${i}`,
        headEmail: `kepala.${i}@ujicoba.example`,
        secretaryName: null,
        secretaryEmail: null,
      });
      const e = await db.models.Employee.create({
        nip: `1985020220100${String(i).padStart(5, '0')}`,
        nik: null,
        name: `ASN ${i}`,
        employeeType: 'PNS',
        opdId: o.id,
        unit: null,
        position: null,
        rankGrade: null,
        birthDate: null,
        sex: null,
        email: null,
        phone: null,
        mysapkActivatedAt: null,
        passwordChangedAt: null,
        serviceBlockedAt: null,
        createdAt: new Date(Date.now() - 10 * 86400000),
        updatedAt: new Date(),
      });
      await openPlacements(db.models, [e]);
      heads.push(`kepala.${i}@ujicoba.example`);
    }
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    fire = new ReportScheduleService(db.models).currentFireTime(seeded.opdSchedule.cron, new Date());
    at = new Date(fire.getTime() + 3 * 3600_000);
    clock.set(new Date(fire.getTime() + 5000));
  });
  afterAll(async () => {
    for (const m of mailers) await m.close();
    for (const e of extra) await e.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });
  beforeEach(() => smtp.reset());

  it('the database refuses a second regency delivery of a run, and a second open delivery of a period', async () => {
    const m = db.models;
    const run = (runKey: string, kind: 'opd' | 'regency' = 'regency') =>
      m.ReportRun.create({
        scheduleId: kind === 'regency' ? seeded.regencySchedule.id : seeded.opdSchedule.id,
        reportKind: kind,
        runKey,
        periodKey: '2000-01-01T08:00',
        trigger: 'manual',
        status: 'done',
        asOf: new Date(),
        owner: null,
        leaseUntil: null,
        requestedBy: null,
        startedAt: new Date(),
        finishedAt: new Date(),
        error: null,
      });
    const delivery = (runId: number, opdId: number | null, recipient: string, openKey: string | null = null) =>
      m.ReportDelivery.create({
        runId,
        opdId,
        recipient,
        cc: null,
        status: openKey ? 'pending' : 'sent',
        attempts: 1,
        nextAttemptAt: null,
        lastError: null,
        messageId: null,
        workbookPath: null,
        openKey,
        summary: null,
        sentAt: null,
      });
    const r1 = await run('uji:regency:1');
    await delivery(r1.id, null, EMAILS.regent);
    await expect(delivery(r1.id, null, EMAILS.regent)).rejects.toBeInstanceOf(UniqueConstraintError);
    // Past the models too: plain SQL.
    await expect(
      db.sequelize.query(
        `INSERT INTO report_deliveries (run_id, opd_id, recipient, status, attempts, created_at, updated_at) VALUES (:runId, NULL, :recipient, 'sent', 1, :now, :now)`,
        { replacements: { runId: r1.id, recipient: EMAILS.regent, now: new Date() } },
      ),
    ).rejects.toThrow();
    expect(await m.ReportDelivery.count({ where: { runId: r1.id } })).toBe(1);
    // Another recipient, another run, or one person heading two OPDs: allowed.
    await delivery(r1.id, null, EMAILS.approver);
    await delivery((await run('uji:regency:2')).id, null, EMAILS.regent);
    const r3 = await run('uji:opd:1', 'opd');
    await delivery(r3.id, seeded.opd.dinkes, 'plt.kepala@ujicoba.example');
    await delivery(r3.id, seeded.opd.jaten, 'plt.kepala@ujicoba.example');
    await expect(delivery(r3.id, seeded.opd.jaten, 'plt.kepala@ujicoba.example')).rejects.toBeInstanceOf(UniqueConstraintError);

    // A delivery still to be made is unique for its period and recipient, in any run.
    const key = `${seeded.opdSchedule.id}:2000-01-01T08:00:${seeded.opd.dinkes}:${EMAILS.dinkesHead}`;
    const open = await delivery((await run('uji:opd:2', 'opd')).id, seeded.opd.dinkes, EMAILS.dinkesHead, key);
    const r5 = await run('uji:opd:2:resend:1', 'opd');
    await expect(delivery(r5.id, seeded.opd.dinkes, EMAILS.dinkesHead, key)).rejects.toBeInstanceOf(UniqueConstraintError);
    // Once it is sent (the key released), a resend may make another.
    await m.ReportDelivery.update({ status: 'sent', openKey: null }, { where: { id: open.id } });
    await delivery(r5.id, seeded.opd.dinkes, EMAILS.dinkesHead, key);
    await m.ReportRun.destroy({ where: { runKey: ['uji:regency:1', 'uji:regency:2', 'uji:opd:1', 'uji:opd:2', 'uji:opd:2:resend:1'] } });
  });

  it('report:send --dry-run --at builds the reports as of --at, not as of the fire time', async () => {
    // Eka (Dinas Kesehatan) activates MySAPK one hour after the fire time.
    const eka = await db.models.Employee.findOne({ where: { name: 'Eka' } });
    await eka!.update({ mysapkActivatedAt: new Date(fire.getTime() + 3600_000) });
    const lines: string[] = [];
    const run = cli(instance('cli-dry'), lines);
    const dir = (name: string) => path.join(varDir, name);
    expect(
      await run(['--schedule', String(seeded.opdSchedule.id), '--opd', 'DINKES', '--dry-run', '--at', wibText(at), '--out', dir('dry-at')]),
    ).toBe(0);
    expect(lines.join('\n')).toContain(
      `periode ${formatJakartaDateTime(fire, 'weekday')}, keadaan per ${formatJakartaDateTime(at, 'weekday')}`,
    );
    expect(
      await run([
        '--schedule',
        String(seeded.opdSchedule.id),
        '--opd',
        'DINKES',
        '--dry-run',
        '--at',
        wibText(fire),
        '--out',
        dir('dry-fire'),
      ]),
    ).toBe(0);
    const read = async (d: string) => {
      const [file] = fs.readdirSync(d).filter((f) => f.endsWith('.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(d, file));
      const ws = wb.getWorksheet('Ringkasan')!;
      const row = [...Array(20).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === 'Aktivasi MySAPK')!;
      return { file: file, asOfLine: ws.getCell('A3').value, activated: row.getCell(2).value };
    };
    const atRead = await read(dir('dry-at'));
    const fireRead = await read(dir('dry-fire'));
    expect(atRead.asOfLine).toBe(formatAsOfLine(at));
    expect(fireRead.asOfLine).toBe(formatAsOfLine(fire));
    expect(atRead.activated).toBe(5);
    expect(fireRead.activated).toBe(4);
    expect(atRead.file).not.toBe(fireRead.file); // named after its moment
    expect(smtp.messages).toHaveLength(0);
    expect(await db.models.ReportRun.count({ where: { scheduleId: seeded.opdSchedule.id } })).toBe(0);
  });

  it('--resend after a partial send, with a running instance retrying: exactly one new copy per recipient', async () => {
    // The scheduler of instance A sends the period; the SMTP server refuses the first four.
    const a = instance('app-a');
    smtp.refuse(4, 451, 'Mailbox sibuk');
    const first = await a.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(first).toMatchObject({ claimed: true, status: 'partial', counts: { total: 7, sent: 3, pending: 4 } });
    const sentBefore = new Set(smtp.messages.map((m) => mailRecipients(m.parsed).to[0]));
    expect(sentBefore.size).toBe(3);
    const pendingHeads = heads.filter((h) => !sentBefore.has(h));
    smtp.reset();

    // The retries are due. Instance B (running, its scheduler retries what is due) takes the
    // first pending one and the SMTP server holds it: in flight. Meanwhile an admin runs
    // report:send --resend for the period.
    clock.advance(2 * MINUTE);
    const b = instance('app-b');
    const held = smtp.stall(0);
    const bRetry = b.retryDue();
    await held;
    const lines: string[] = [];
    const resend = cli(
      instance('cli-resend'),
      lines,
    )(['--schedule', String(seeded.opdSchedule.id), '--at', wibText(at), '--resend', '--as', 'admin@ujicoba.example']);
    // Once the resend has planned its deliveries, the SMTP server takes the held message (and
    // whatever arrived meanwhile).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await db.models.ReportRun.findOne({ where: { scheduleId: seeded.opdSchedule.id, trigger: 'resend' } });
      if (r && (await db.models.ReportDelivery.count({ where: { runId: r.id } })) > 0) break;
      if (r && r.status !== 'running') break;
      if (Date.now() > deadline) throw new Error('the resend never planned');
      await new Promise((res) => setTimeout(res, 50));
    }
    smtp.release({ accept: true });
    expect(await resend).toBe(0);
    await bRetry;
    // What was still to be made when the resend was requested was left to its run.
    const resendRun = (await db.models.ReportRun.findOne({ where: { scheduleId: seeded.opdSchedule.id, trigger: 'resend' } }))!;
    expect(await db.models.ReportDelivery.count({ where: { runId: resendRun.id } })).toBe(3);
    expect(resendRun.error).toMatch(/Dilewati — /);
    expect((resendRun.error!.match(/tidak digandakan/g) ?? []).length).toBe(4);
    expect(lines.join('\n')).toMatch(/done — 3 terkirim, 0 menunggu, 0 gagal dari 3/);

    // Instance B delivered the one in flight and the pending ones (the CLI's own retry may have
    // taken some of them: each delivery is claimed by one sender only).
    await b.retryDue();
    expect(await db.models.ReportDelivery.count({ where: { runId: first.runId!, status: 'sent' } })).toBe(7);

    // Exactly one new copy per recipient: the resend's for those who already had it, the
    // original run's retry for those whose delivery was pending or in flight.
    const copies = new Map<string, string[]>();
    for (const m of smtp.messages) {
      const to = mailRecipients(m.parsed).to[0];
      copies.set(to, [...(copies.get(to) ?? []), String(m.parsed.headers.get('x-pdm-run'))]);
    }
    expect([...copies.keys()].sort()).toEqual([...heads].sort());
    for (const h of heads) expect(copies.get(h)).toEqual([String(sentBefore.has(h) ? resendRun.id : first.runId)]);
    expect(pendingHeads).toHaveLength(4);
    // Nothing is left to send: the runs are settled.
    expect((await db.models.ReportRun.findByPk(first.runId!))!.status).toBe('done');
    expect(await db.models.ReportDelivery.count({ where: { status: ['pending', 'sending'] } })).toBe(0);
    expect(await db.models.ReportDelivery.count({ where: { openKey: { [(await import('sequelize')).Op.ne]: null } } })).toBe(0);
  }, 90_000);

  it('a CLI run retries the deliveries that are due, and says who sends what is not due yet', async () => {
    const schedule = await db.models.ReportSchedule.create({
      name: 'Laporan sore OPD',
      reportKind: 'opd',
      cron: '0 16 * * *',
      campaignId: null,
      activeFrom: null,
      activeUntil: null,
      ccSecretary: false,
      extraRecipients: null,
      enabled: true,
    });
    const f = new ReportScheduleService(db.models).currentFireTime(schedule.cron, new Date());
    const atText = wibText(new Date(f.getTime() + MINUTE));
    clock.set(new Date(f.getTime() + 2 * MINUTE));
    const lines: string[] = [];
    const run = cli(instance('cli-retry'), lines);
    smtp.refuse(1, 451, 'Mailbox sibuk');
    expect(await run(['--schedule', String(schedule.id), '--at', atText])).toBe(1);
    expect(smtp.messages).toHaveLength(6);
    const out1 = lines.join('\n');
    expect(out1).toMatch(/partial — 6 terkirim, 1 menunggu, 0 gagal dari 7/);
    expect(out1).toContain(
      `Masih 1 pengiriman belum selesai (1 menunggu percobaan ulang, paling cepat ${formatJakartaDateTime(new Date(clock.now().getTime() + MINUTE), 'weekday')}; 0 sedang dikirim)`,
    );
    expect(out1).toContain('JOBS_ENABLED');

    // Not due yet: a second run sends nothing and says so again.
    lines.length = 0;
    expect(await run(['--schedule', String(schedule.id), '--at', atText])).toBe(3);
    expect(smtp.messages).toHaveLength(6);
    expect(lines.join('\n')).toContain('Masih 1 pengiriman belum selesai');

    // Due: the CLI retries it (no --resend, no second copy for anyone else).
    clock.advance(MINUTE + 1000);
    lines.length = 0;
    expect(await run(['--schedule', String(schedule.id), '--at', atText])).toBe(3);
    expect(lines.join('\n')).toContain('Percobaan ulang pengiriman yang jatuh tempo: 1 terkirim, 0 gagal permanen, 0 dijadwalkan ulang.');
    expect(smtp.messages).toHaveLength(7);
    expect(new Set(smtp.messages.map((m) => mailRecipients(m.parsed).to[0])).size).toBe(7);
    const r = (await db.models.ReportRun.findOne({ where: { scheduleId: schedule.id } }))!;
    expect(r.status).toBe('done');
    expect(lines.join('\n')).not.toContain('Masih');

    // A run a live instance is still working on is left to it, and the CLI says so.
    const busy = await db.models.ReportRun.create({
      scheduleId: schedule.id,
      reportKind: 'opd',
      runKey: `${schedule.id}:sibuk`,
      periodKey: 'sibuk',
      trigger: 'schedule',
      status: 'running',
      asOf: clock.now(),
      owner: 'app-sibuk',
      leaseUntil: new Date(clock.now().getTime() + 10 * MINUTE),
      requestedBy: null,
      startedAt: clock.now(),
      finishedAt: null,
      error: null,
    });
    await db.models.ReportDelivery.create({
      runId: busy.id,
      opdId: seeded.opd.dinkes,
      recipient: EMAILS.dinkesHead,
      cc: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      messageId: null,
      workbookPath: null,
      summary: null,
      sentAt: null,
    });
    lines.length = 0;
    expect(await run(['--schedule', String(schedule.id), '--at', atText])).toBe(3);
    expect(lines.join('\n')).toContain(`sedang dikerjakan oleh instance app-sibuk (run #${busy.id}), yang akan mengirimnya`);
    expect(smtp.messages).toHaveLength(7);
  }, 60_000);
});
