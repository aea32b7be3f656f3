import fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { TaskContext } from 'node-cron';
import { pino } from 'pino';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { seedSmallRegency, testConfig } from '../../helpers/app.js';
import { recordingCron } from '../../helpers/recording-cron.js';
import { createContainer, type Container } from '../../../src/container.js';
import { createLogger } from '../../../src/logger.js';
import { flagIncompleteJob, startJobs } from '../../../src/jobs/index.js';
import { runJob } from '../../../src/jobs/job.js';
import { MAINTENANCE_JOB, RELOAD_JOB } from '../../../src/jobs/scheduler.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the daily "layanan kepegawaian tidak diproses" job', () => {
  let db: TestDb;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let container: Container;
  beforeAll(async () => {
    db = await createTestDb();
    s = await seedSmallRegency(db);
    container = createContainer({ config: testConfig(), db, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await container.close();
    await db.destroy();
    fs.rmSync(container.config.varDir, { recursive: true, force: true });
  });

  it('does nothing during verification', async () => {
    const r = await runJob(flagIncompleteJob(container.services), { fireTime: new Date(), trigger: 'schedule', logger: silent });
    expect(r.status).toBe('ok');
    expect(r.result).toEqual({ skipped: 'bukan tahap setelah batas waktu' });
    expect(await db.models.Employee.count({ where: { serviceBlocked: true } })).toBe(0);
  });

  it('after the deadline flags every employee without a completed update, and clears a completed one', async () => {
    const afterDeadline = startOfJakartaDay(addDays(s.campaign.approvalEnd, 1));
    // One employee completes: their only submission is approved.
    const [done] = s.employees;
    await db.models.Submission.update({ status: 'approved', decidedAt: new Date() }, { where: { employeeId: done.id } });
    const r = await runJob(flagIncompleteJob(container.services), {
      fireTime: new Date(afterDeadline.getTime() + 30 * 60000),
      trigger: 'schedule',
      logger: silent,
    });
    expect(r.status).toBe('ok');
    const flagged = await db.models.Employee.findAll({ where: { serviceBlocked: true } });
    expect(flagged.map((e) => e.id).sort()).toEqual(
      s.employees
        .filter((e) => e.id !== done.id)
        .map((e) => e.id)
        .sort(),
    );
    expect((r.result as { blocked: number }).blocked).toBe(s.employees.length - 1);
    const audit = await db.models.AuditLog.findOne({ where: { action: 'flag_incomplete', outcome: 'ok' } });
    expect(audit?.userEmail).toBe('system');
    expect(jakartaDate(afterDeadline)).toBe(addDays(s.campaign.approvalEnd, 1));
  });

  it('is a job of the one scheduler: runs for its fire time (not the clock), and stop() waits for the run in progress', async () => {
    await db.models.Employee.update({ serviceBlocked: false, serviceBlockedAt: null }, { where: {} });
    await db.models.AuditLog.destroy({ where: { action: 'flag_incomplete' } });
    // The scheduler's own log lines, through a real pino logger.
    const lines: Array<{ msg: string; job?: string; status?: string }> = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const cron = recordingCron();
    const handle = await startJobs({ ...container, logger }, { cron });
    await handle.caughtUp;
    expect(handle.taskNames().sort()).toEqual(
      [
        'escalation',
        'flag-incomplete',
        'notices-send',
        'consultation-notices',
        'dashboard-refresh',
        'dashboard-consistency',
        MAINTENANCE_JOB,
        RELOAD_JOB,
      ].sort(),
    );
    // The escalation (issue 13) is on the same scheduler: working days at 07:00.
    const escalation = cron.calls.find((c) => c.options?.name === 'escalation')!;
    expect(escalation.expression).toBe('0 7 * * 1-5');
    expect(escalation.options).toMatchObject({ timezone: 'Asia/Jakarta', noOverlap: true });
    const task = cron.calls.find((c) => c.options?.name === 'flag-incomplete')!;
    expect(task.expression).toBe('30 0 * * *');
    expect(task.options).toMatchObject({ timezone: 'Asia/Jakarta', noOverlap: true });

    // Today (the clock) is in the verification phase; the fire time, 00:30 WIB the day after the
    // deadline, is not: a job that judged by the clock would skip. The timer fires 17 s late.
    const campaign = (await container.services.campaigns.activeCampaign())!;
    expect(container.services.campaigns.isOpen('flag_incomplete', campaign, new Date())).toBe(false);
    const fireMinute = new Date(startOfJakartaDay(addDays(s.campaign.approvalEnd, 1)).getTime() + 30 * 60000);
    const running = task.fn({ date: new Date(fireMinute.getTime() + 17_400) } as TaskContext) as Promise<{
      status: string;
      result: { blocked: number; date: string };
    }>;

    await handle.stop();
    // stop() resolved only after the run had finished and logged.
    const runs = lines.filter((l) => l.job === 'flag-incomplete' && l.msg !== 'job registered');
    expect(runs.map((l) => [l.msg, l.status])).toEqual([['job finished', 'ok']]);
    expect(handle.taskNames()).toEqual([]);
    expect(task.destroyed).toBe(true);

    const outcome = await running;
    expect(outcome.status).toBe('ok');
    expect(outcome.result).toMatchObject({ blocked: s.employees.length - 1, date: jakartaDate(fireMinute) });
    const flagged = await db.models.Employee.findAll({ where: { serviceBlocked: true } });
    expect(flagged).toHaveLength(s.employees.length - 1);
    for (const e of flagged) expect(e.serviceBlockedAt!.getTime()).toBe(fireMinute.getTime());
  });
});
