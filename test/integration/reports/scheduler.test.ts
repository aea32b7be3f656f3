import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import nodeCron, { type TaskContext } from 'node-cron';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { recordingCron } from '../../helpers/recording-cron.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';
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
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';
import type { RunOutcome } from '../../../src/domain/reports/delivery/run.types.js';
import { ReportScheduleService } from '../../../src/domain/reports/report-schedule.service.js';
import { jakartaMinute } from '../../../src/domain/shared/time.js';
import { MAINTENANCE_JOB, RELOAD_JOB, catchUpMissed, fireSchedule, reportJobName, startScheduler } from '../../../src/jobs/scheduler.js';
import type { JobLogger } from '../../../src/jobs/job.js';

/**
 * The scheduler: the fire handler, catch-up after a restart (once, however many times the app
 * starts), and the registration of node-cron tasks in Asia/Jakarta time.
 */

const MINUTE = 60_000;
const quiet: JobLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('report scheduler', () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let runService: ReportRunService;
  let scheduleService: ReportScheduleService;
  let varDir: string;
  const clock = testClock(new Date());

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    runService = makeRunService({ models: db.models, sequelize: db.sequelize, mailer, varDir, now: clock.now });
    scheduleService = new ReportScheduleService(db.models);
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });
  beforeEach(() => smtp.reset());

  const deps = () => ({ models: db.models, runService, scheduleService, logger: quiet });

  it('fire handler: runs an active schedule for the fire minute, and skips what must not send', async () => {
    const s = seeded.opdSchedule;
    // 07:00 WIB tomorrow (the schedule's cron is "0 7 * * *"), fired a few seconds late.
    const at = scheduleService.nextRuns(s.cron, 1, new Date()).dates[0];
    clock.set(new Date(at.getTime() + 3000));
    const r = (await fireSchedule(deps(), s.id, new Date(at.getTime() + 2500))) as RunOutcome;
    expect(r.claimed).toBe(true);
    expect(r.periodKey).toBe(jakartaMinute(at));
    expect(r.periodKey.endsWith('T07:00')).toBe(true);
    expect(smtp.messages).toHaveLength(2);
    // The same minute again (a second instance, a late timer): nothing.
    const again = (await fireSchedule(deps(), s.id, at)) as RunOutcome;
    expect(again.claimed).toBe(false);
    expect(smtp.messages).toHaveLength(2);

    // A minute the cron does not match (the cron was edited since the timer was set).
    expect(await fireSchedule(deps(), s.id, new Date(at.getTime() + MINUTE))).toEqual({ skipped: 'ekspresi cron sudah diubah' });
    // Outside the schedule's active dates.
    await s.update({ activeUntil: '2020-01-01' });
    expect(await fireSchedule(deps(), s.id, new Date(at.getTime() + 86400000))).toEqual({ skipped: 'di luar masa aktif jadwal/kampanye' });
    await s.update({ activeUntil: null, enabled: false });
    expect(await fireSchedule(deps(), s.id, new Date(at.getTime() + 86400000))).toEqual({ skipped: 'jadwal nonaktif' });
    await s.update({ enabled: true });
    expect(smtp.messages).toHaveLength(2);
  });

  it('catches up a missed fire time once, however many instances start', async () => {
    // Only one schedule enabled here: every 5 minutes, created "now".
    await db.models.ReportSchedule.update({ enabled: false }, { where: {} });
    const s = await db.models.ReportSchedule.create({
      name: 'Tiap 5 menit',
      reportKind: 'opd',
      cron: '*/5 * * * *',
      campaignId: seeded.campaignId,
      activeFrom: null,
      activeUntil: null,
      ccSecretary: false,
      extraRecipients: null,
      enabled: true,
    });
    // The app comes back a minute after the third fire time since the schedule was created
    // (aligned on the 5-minute grid so "a bit later" below has no new fire time).
    const firstFire = (Math.floor(s.createdAt.getTime() / (5 * MINUTE)) + 1) * 5 * MINUTE;
    const now = new Date(firstFire + 11 * MINUTE);
    clock.set(now);
    const missed = scheduleService.fireTimesBetween(s.cron, s.createdAt, now);
    expect(missed.map((d) => d.getTime())).toEqual([firstFire, firstFire + 5 * MINUTE, firstFire + 10 * MINUTE]);

    const first = await catchUpMissed(deps(), now, 60 * MINUTE);
    expect(first).toHaveLength(1); // only the latest missed one: a newer report supersedes the older
    expect(first[0].fireTime).toEqual(missed[missed.length - 1]);
    expect((first[0].outcome as RunOutcome).claimed).toBe(true);
    expect((await db.models.ReportRun.findByPk((first[0].outcome as RunOutcome).runId!))!.trigger).toBe('catchup');
    expect(smtp.messages).toHaveLength(2);

    // A second instance starting at the same time, and a restart a bit later: nothing new.
    const [second, third] = await Promise.all([
      catchUpMissed(deps(), now, 60 * MINUTE),
      catchUpMissed(deps(), new Date(now.getTime() + 30_000), 60 * MINUTE),
    ]);
    expect([...second, ...third].every((x) => (x.outcome as RunOutcome).claimed === false)).toBe(true);
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);

    // 'all' mode runs the older missed ones too, each once; the latest stays sent once.
    const all = await catchUpMissed(deps(), now, 60 * MINUTE, 'all');
    expect(all.map((x) => (x.outcome as RunOutcome).claimed)).toEqual([...missed.slice(0, -1).map(() => true), false]);
    expect(smtp.messages).toHaveLength(2 * missed.length);

    // Hours later: only the latest fire time inside the window runs; a zero window runs nothing.
    smtp.reset();
    expect(await catchUpMissed(deps(), new Date(now.getTime() + 3 * 3600_000), 60 * MINUTE)).toHaveLength(1);
    expect(await catchUpMissed(deps(), new Date(now.getTime() + 3 * 3600_000 + 1000), 0)).toHaveLength(0);
    await s.update({ enabled: false });
  });

  it('registers one task per enabled schedule plus maintenance and reload, in Asia/Jakarta, and stops them', async () => {
    await db.models.ReportSchedule.update({ enabled: false }, { where: {} });
    await db.models.ReportSchedule.update({ enabled: true }, { where: { id: [seeded.opdSchedule.id, seeded.regencySchedule.id] } });
    await seeded.opdSchedule.reload();
    await seeded.regencySchedule.reload();
    const cron = recordingCron();
    const handle = await startScheduler({ ...deps(), cron, catchUpWindowMs: 0 });
    await handle.caughtUp;
    expect(handle.taskNames().sort()).toEqual(
      [MAINTENANCE_JOB, RELOAD_JOB, reportJobName(seeded.opdSchedule.id), reportJobName(seeded.regencySchedule.id)].sort(),
    );
    for (const c of cron.calls) {
      expect(c.options).toMatchObject({ timezone: 'Asia/Jakarta', noOverlap: true });
      expect(typeof c.options!.name).toBe('string');
    }
    const byName = new Map(cron.calls.map((c) => [c.options!.name, c]));
    expect(byName.get(reportJobName(seeded.opdSchedule.id))!.expression).toBe('0 7 * * *');
    expect(byName.get(MAINTENANCE_JOB)!.expression).toBe('* * * * *');
    expect(byName.get(RELOAD_JOB)!.expression).toBe('*/5 * * * *');

    // A fire goes through the job: fire time = node-cron's ctx.date truncated to the minute.
    const at = scheduleService.nextRuns('0 8 * * 1', 1, new Date(Date.now() + 8 * 86400000)).dates[0];
    clock.set(new Date(at.getTime() + 1000));
    const result = (await byName
      .get(reportJobName(seeded.regencySchedule.id))!
      .fn({ date: new Date(at.getTime() + 800) } as TaskContext)) as {
      status: string;
      result: RunOutcome;
    };
    expect(result.status).toBe('ok');
    expect(result.result.periodKey).toBe(jakartaMinute(at));
    expect(smtp.to(EMAILS.regent)).toHaveLength(1);

    // Editing a schedule: reload() re-registers it with the new cron; disabling removes it.
    await seeded.opdSchedule.update({ cron: '30 6 * * 1-5' });
    await handle.reload();
    const opdCalls = cron.calls.filter((c) => c.options!.name === reportJobName(seeded.opdSchedule.id));
    expect(opdCalls).toHaveLength(2);
    expect(opdCalls[0].destroyed).toBe(true);
    expect(opdCalls[1].expression).toBe('30 6 * * 1-5');
    await seeded.regencySchedule.update({ enabled: false });
    await handle.reload();
    expect(handle.taskNames()).not.toContain(reportJobName(seeded.regencySchedule.id));

    await handle.stop();
    expect(handle.taskNames()).toEqual([]);
    expect(cron.calls.every((c) => c.destroyed)).toBe(true);
    await seeded.opdSchedule.update({ cron: '0 7 * * *' });
  });

  it('with the real node-cron: tasks run in Asia/Jakarta and stop() destroys them', async () => {
    const handle = await startScheduler({ ...deps(), catchUpWindowMs: 0 });
    const tasks = handle.tasks();
    try {
      expect(tasks.size).toBeGreaterThanOrEqual(3);
      for (const [name, task] of tasks) {
        expect(task.name).toBe(name);
        expect((task as unknown as { timezone?: string }).timezone).toBe('Asia/Jakarta');
        expect(nodeCron.getTasks().get(task.id)).toBe(task);
        expect(task.getNextRun()).toBeInstanceOf(Date);
      }
    } finally {
      await handle.stop(); // live timers would keep jest from exiting
    }
    for (const task of tasks.values()) {
      expect(task.getStatus()).toBe('destroyed');
      expect(nodeCron.getTasks().has(task.id)).toBe(false);
    }
  });
});
