import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { seedSmallRegency } from '../../helpers/app.js';
import { flagIncompleteJob } from '../../../src/jobs/index.js';
import { runJob } from '../../../src/jobs/job.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the daily "layanan kepegawaian tidak diproses" job', () => {
  let db: TestDb;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  beforeAll(async () => {
    db = await createTestDb();
    s = await seedSmallRegency(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('does nothing during verification', async () => {
    const r = await runJob(flagIncompleteJob(db), { fireTime: new Date(), trigger: 'schedule', logger: silent });
    expect(r.status).toBe('ok');
    expect(r.result).toEqual({ skipped: 'bukan tahap setelah batas waktu' });
    expect(await db.models.Employee.count({ where: { serviceBlocked: true } })).toBe(0);
  });

  it('after the deadline flags every employee without a completed update, and clears a completed one', async () => {
    const afterDeadline = startOfJakartaDay(addDays(s.campaign.approvalEnd, 1));
    // One employee completes: their only submission is approved.
    const [done] = s.employees;
    await db.models.Submission.update({ status: 'approved', decidedAt: new Date() }, { where: { employeeId: done!.id } });
    const r = await runJob(flagIncompleteJob(db), { fireTime: new Date(afterDeadline.getTime() + 30 * 60000), trigger: 'schedule', logger: silent });
    expect(r.status).toBe('ok');
    const flagged = await db.models.Employee.findAll({ where: { serviceBlocked: true } });
    expect(flagged.map((e) => e.id).sort()).toEqual(s.employees.filter((e) => e.id !== done!.id).map((e) => e.id).sort());
    expect((r.result as { blocked: number }).blocked).toBe(s.employees.length - 1);
    const audit = await db.models.AuditLog.findOne({ where: { action: 'flag_incomplete', outcome: 'ok' } });
    expect(audit?.userEmail).toBe('system');
    expect(jakartaDate(afterDeadline)).toBe(addDays(s.campaign.approvalEnd, 1));
  });
});
