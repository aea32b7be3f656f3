import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { connect, type Database } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';
import {
  EMAILS,
  FROM,
  REPLY_TO,
  makeRunService,
  nextMinute,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';
import { addDays, jakartaDate, jakartaMinute, parseJakartaMinute } from '../../../src/domain/shared/time.js';

/**
 * The outbox under stress: several instances racing for one period, an SMTP server that refuses
 * and recovers, retries with backoff up to maxAttempts, and a process that dies mid-run.
 * Time is injected (each service reads the same test clock) so retries are deterministic.
 */

const MINUTE = 60_000;

describe('report runs: exactly-once, retries, recovery', () => {
  let db: TestDb;
  let extra: Database[] = [];
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let varDir: string;
  let fireBase: Date;
  let fireN = 0;
  const clock = testClock(new Date());
  /** A fresh period for every test (one day apart), the clock a few seconds after it. */
  const nextFire = () => {
    const f = new Date(fireBase.getTime() + ++fireN * 86400000);
    clock.set(new Date(f.getTime() + 2000));
    return f;
  };
  const service = (instanceId: string, database: Pick<Database, 'models' | 'sequelize'> = db, m: Mailer = mailer): ReportRunService =>
    makeRunService({ models: database.models, sequelize: database.sequelize, mailer: m, varDir, now: clock.now, config: { instanceId } });
  const mailsOfRun = (runId: number | null) => smtp.messages.filter((m) => m.parsed.headers.get('x-pdm-run') === String(runId));

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    // Separate connections to the same database, as separate app instances would have.
    extra = [connect(db.url), connect(db.url)];
    fireBase = nextMinute(new Date(), 2);
  });
  afterAll(async () => {
    await mailer?.close();
    for (const e of extra) await e.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });
  beforeEach(() => smtp.reset());

  it('"send the current period" (panel and CLI) sends the latest fire time up to the moment, with the numbers as of it, once', async () => {
    // Far from the other tests' periods: a moment 400 days on, three hours into some WIB day.
    const at = new Date(fireBase.getTime() + 400 * 86400000 + 3 * 3600_000);
    clock.set(at);
    const day = jakartaDate(at);
    const sameDay = parseJakartaMinute(`${day} 07:00`)!;
    const fire = sameDay <= at ? sameDay : parseJakartaMinute(`${addDays(day, -1)} 07:00`)!;
    const svc = service('app-period');
    const first = await svc.sendCurrentPeriod(seeded.opdSchedule.id, at, { trigger: 'manual' });
    expect(first).toMatchObject({
      claimed: true,
      status: 'done',
      fireTime: fire,
      asOf: at,
      runKey: `${seeded.opdSchedule.id}:${jakartaMinute(fire)}`,
    });
    expect((await db.models.ReportRun.findByPk(first.runId!))!.asOf.getTime()).toBe(at.getTime());
    expect(smtp.messages).toHaveLength(2);
    // Later, before the next fire time: the same period, nothing new.
    const later = new Date(at.getTime() + 3600_000);
    clock.set(later);
    const again = await svc.sendCurrentPeriod(seeded.opdSchedule.id, later, { trigger: 'manual' });
    expect(again).toMatchObject({ claimed: false, runId: first.runId, fireTime: fire, asOf: later });
    expect(smtp.messages).toHaveLength(2);
  });

  it('three instances firing the same schedule and minute send each recipient exactly one mail', async () => {
    const fire = nextFire();
    const instances = [service('app-1'), service('app-2', extra[0]), service('app-3', extra[1])];
    // The fire time as each instance's timer sees it: seconds apart, same minute.
    const results = await Promise.all(
      instances.map((s, i) => s.runSchedule(seeded.opdSchedule.id, new Date(fire.getTime() + i * 700), { trigger: 'schedule' })),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const winner = results.find((r) => r.claimed)!;
    expect(winner.status).toBe('done');
    for (const r of results.filter((x) => !x.claimed)) expect(r.runId).toBe(winner.runId);

    expect(smtp.messages).toHaveLength(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    const runKey = `${seeded.opdSchedule.id}:${jakartaMinute(fire)}`;
    expect(await db.models.ReportRun.count({ where: { runKey } })).toBe(1);
    expect(await db.models.ReportDelivery.count({ where: { runId: winner.runId! } })).toBe(2);

    // The losers (and a restart) running it again later change nothing.
    const late = await Promise.all(instances.map((s) => s.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'catchup' })));
    expect(late.every((r) => !r.claimed)).toBe(true);
    expect(smtp.messages).toHaveLength(2);
  });

  it('retries deliveries the SMTP server refused, with backoff, and delivers each exactly once', async () => {
    const fire = nextFire();
    const svc = service('app-1');
    smtp.refuse(2, 451, 'Mailbox sibuk');
    const r = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(r.claimed).toBe(true);
    expect(r.status).toBe('partial');
    expect(r.counts).toMatchObject({ total: 2, pending: 2, sent: 0 });
    expect(r.reason).toContain('menunggu percobaan ulang');
    const pending = await db.models.ReportDelivery.findAll({ where: { runId: r.runId! } });
    for (const d of pending) {
      expect(d.status).toBe('pending');
      expect(d.attempts).toBe(1);
      expect(d.lastError).toMatch(/Percobaan 1: .*451/);
      expect(d.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + MINUTE - 1000);
    }
    const run = await db.models.ReportRun.findByPk(r.runId!);
    expect(run!.finishedAt).toBeNull();
    expect(run!.leaseUntil).toBeNull();

    // Not due yet: nothing is attempted.
    expect((await svc.retryDue()).attempted).toBe(0);
    expect(smtp.messages).toHaveLength(0);

    // After the backoff another instance picks them up.
    clock.advance(MINUTE + 1000);
    const other = service('app-2', extra[0]);
    const [a, b] = await Promise.all([other.retryDue(), service('app-3', extra[1]).retryDue()]);
    expect(a.sent + b.sent).toBe(2);
    expect(mailsOfRun(r.runId)).toHaveLength(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    const done = await db.models.ReportRun.findByPk(r.runId!);
    expect(done!.status).toBe('done');
    expect(done!.finishedAt).toBeInstanceOf(Date);
    for (const d of await db.models.ReportDelivery.findAll({ where: { runId: r.runId! } })) {
      expect(d.status).toBe('sent');
      expect(d.attempts).toBe(2);
      expect(d.lastError).toBeNull();
    }
    // Nothing left to do; nothing is sent again.
    clock.advance(10 * MINUTE);
    expect((await svc.recover()).retry.attempted).toBe(0);
    expect(mailsOfRun(r.runId)).toHaveLength(2);
  });

  it('gives up after maxAttempts and keeps the failure visible', async () => {
    const fire = nextFire();
    const svc = service('app-1');
    smtp.refuse(1000, 421, 'Layanan tidak tersedia');
    const r = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule', opdCode: 'DINKES' });
    expect(r.runKey).toBe(`${seeded.opdSchedule.id}:${jakartaMinute(fire)}:opd:DINKES`);
    expect(r.counts).toMatchObject({ total: 1, pending: 1 });
    clock.advance(MINUTE + 1000); // backoff after attempt 1: 1 min
    await svc.retryDue();
    let d = (await db.models.ReportDelivery.findOne({ where: { runId: r.runId! } }))!;
    expect(d).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advance(2 * MINUTE + 1000); // backoff after attempt 2: 2 min
    const last = await svc.retryDue();
    expect(last.failed).toBe(1);
    d = (await db.models.ReportDelivery.findOne({ where: { runId: r.runId! } }))!;
    expect(d.status).toBe('failed');
    expect(d.attempts).toBe(3);
    expect(d.lastError).toMatch(/Percobaan 3: .*421/);
    expect(d.nextAttemptAt).toBeNull();
    const run = await db.models.ReportRun.findByPk(r.runId!);
    expect(run!.status).toBe('failed');
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(run!.error).toContain('0 terkirim, 1 gagal');
    clock.advance(60 * MINUTE);
    expect((await svc.retryDue()).attempted).toBe(0);
    expect(smtp.refused.length).toBe(3);
    smtp.refuse(0);
  });

  it('treats a permanent (5xx) refusal as final at once', async () => {
    const fire = nextFire();
    smtp.refuse(1, 550, 'Mailbox tidak dikenal');
    const r = await service('app-1').runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(r.status).toBe('partial');
    expect(r.counts).toMatchObject({ total: 2, sent: 1, failed: 1 });
    const failed = await db.models.ReportDelivery.findOne({ where: { runId: r.runId!, status: 'failed' } });
    expect(failed!.attempts).toBe(1);
    expect(failed!.lastError).toContain('ditolak permanen');
    expect(r.reason).toContain('1 terkirim, 1 gagal');
  });

  it('finishes a run whose process died mid-run, without resending what was sent', async () => {
    const fire = nextFire();
    // Instance A "dies" in the middle of its second send: the send never returns.
    let sends = 0;
    const dying: Mailer = {
      ...mailer,
      async send(msg) {
        sends++;
        if (sends === 2) return new Promise(() => undefined);
        return mailer.send(msg);
      },
    };
    const a = service('app-dead', db, dying);
    void a.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    const runKey = `${seeded.opdSchedule.id}:${jakartaMinute(fire)}`;
    let run = null;
    for (let i = 0; i < 200; i++) {
      run = await db.models.ReportRun.findOne({ where: { runKey } });
      if (run && (await db.models.ReportDelivery.count({ where: { runId: run.id, status: 'sending' } })) === 1 && sends === 2) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(run).not.toBeNull();
    if (!run) return;
    expect(run.status).toBe('running');
    expect(run.owner).toBe('app-dead');
    const before = await db.models.ReportDelivery.findAll({ where: { runId: run.id }, order: [['id', 'ASC']] });
    expect(before.map((d) => d.status).sort()).toEqual(['sending', 'sent']);
    expect(smtp.messages).toHaveLength(1);
    const sentTo = before.find((d) => d.status === 'sent')!.recipient;

    // Before the lease expires nobody else touches it.
    const b = service('app-b', extra[0]);
    const c = service('app-c', extra[1]);
    expect((await b.recover()).takenOver).toEqual([]);

    // After the lease: two instances try to take over at once; one wins and finishes the run.
    clock.advance(2 * MINUTE);
    const [rb, rc] = await Promise.all([b.recover(), c.recover()]);
    expect([...rb.takenOver, ...rc.takenOver]).toEqual([run.id]);
    const after = await db.models.ReportRun.findByPk(run.id);
    expect(after!.status).toBe('done');
    expect(['app-b', 'app-c']).toContain(after!.owner);
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    const resent = (await db.models.ReportDelivery.findAll({ where: { runId: run.id } })).find((d) => d.recipient !== sentTo)!;
    expect(resent.status).toBe('sent');
    expect(resent.attempts).toBe(2); // the interrupted attempt counts
  });

  it('re-plans a run that died before creating its deliveries', async () => {
    const fire = nextFire();
    const period = jakartaMinute(fire);
    const run = await db.models.ReportRun.create({
      scheduleId: seeded.regencySchedule.id,
      reportKind: 'regency',
      runKey: `${seeded.regencySchedule.id}:${period}`,
      periodKey: period,
      trigger: 'schedule',
      status: 'running',
      asOf: fire,
      owner: 'app-crashed',
      leaseUntil: new Date(clock.now().getTime() - 1000),
      requestedBy: null,
      startedAt: fire,
      finishedAt: null,
      error: null,
    });
    // The crashed instance's timer firing again after a restart cannot claim it…
    const again = await service('app-x').runSchedule(seeded.regencySchedule.id, fire, { trigger: 'catchup' });
    expect(again.claimed).toBe(false);
    // …recovery finishes it.
    const rec = await service('app-y', extra[0]).recover();
    expect(rec.takenOver).toEqual([run.id]);
    expect((await db.models.ReportRun.findByPk(run.id))!.status).toBe('done');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.to(EMAILS.regent)).toHaveLength(1);
  });
});
