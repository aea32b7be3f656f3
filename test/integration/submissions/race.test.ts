import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createWorld, DAY, type World } from './world.js';
import { ConflictError } from '../../../src/domain/shared/errors.js';
import { usingMysql } from '../../helpers/db.js';

/**
 * Concurrency. On SQLite (one connection) the two calls interleave at every await but their
 * transactions run one after the other; on MariaDB they run on two connections at once, and
 * the optimistic UPDATE ... WHERE version = ? AND status = ? decides.
 */
let w: World;
beforeAll(async () => {
  w = await createWorld();
  w.clock.now = DAY.approval;
});
afterAll(async () => {
  await w.destroy();
});

describe('two approvers approve the same submission at once', () => {
  it.each([1, 2, 3, 4, 5])('round %i: exactly one wins, the other gets ConflictError, one event row', async () => {
    const sub = await w.submission({ status: 'verified' });
    const results = await Promise.allSettled([
      w.workflow.transition(w.actors.approver, sub.id, 'approve'),
      w.workflow.transition(w.actors.approver2, sub.id, 'approve'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    // The loser either failed the optimistic check or (when it read after the commit) saw the new status.
    expect((lost[0].reason as Error).message).toMatch(
      /^(Usul ini baru saja diproses oleh pengguna lain; muat ulang halaman|Usul berstatus 'Disetujui BKPSDM' tidak dapat disetujui)$/,
    );

    const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
    expect(fresh.status).toBe('approved');
    expect(fresh.version).toBe(1);
    expect(await w.db.models.SubmissionEvent.count({ where: { submissionId: sub.id } })).toBe(1);
    expect(
      await w.db.models.AuditLog.count({ where: { resource: 'submissions', recordId: String(sub.id), action: 'approve', outcome: 'ok' } }),
    ).toBe(1);
  });

  it('approve and reject racing: one decision, never both', async () => {
    const sub = await w.submission({ status: 'verified' });
    const results = await Promise.allSettled([
      w.workflow.transition(w.actors.approver, sub.id, 'approve'),
      w.workflow.transition(w.actors.approver2, sub.id, 'reject', { note: 'Data tidak sesuai dokumen' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const events = await w.db.models.SubmissionEvent.findAll({ where: { submissionId: sub.id } });
    expect(events).toHaveLength(1);
    const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
    expect(fresh.status).toBe(events[0].toStatus);
  });

  it('the loser of a race on a fresh page read (same version) gets the concurrency message', async () => {
    const sub = await w.submission({ status: 'verified' });
    // Both users loaded the page at version 0.
    const results = await Promise.allSettled([
      w.workflow.transition(w.actors.approver, sub.id, 'approve', { expectedVersion: 0 }),
      w.workflow.transition(w.actors.approver2, sub.id, 'approve', { expectedVersion: 0 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await w.db.models.SubmissionEvent.count({ where: { submissionId: sub.id } })).toBe(1);
  });
});

describe('decisions on two submissions of the same flagged employee at once', () => {
  it('both succeed and the last one lifts the service block (employee row lock)', async () => {
    const emp = await w.employee(w.opdA, { serviceBlocked: true, serviceBlockedAt: DAY.afterDeadline });
    const a = await w.submission({ employee: emp, category: 'pendidikan', status: 'validated' });
    const b = await w.submission({ employee: emp, category: 'jabatan', status: 'verified' });
    const results = await Promise.all([
      w.workflow.transition(w.actors.approver, a.id, 'approve'),
      w.workflow.transition(w.actors.approver2, b.id, 'approve'),
    ]);
    expect(results.map((r) => r.to)).toEqual(['approved', 'approved']);
    expect(results.filter((r) => r.serviceUnblocked)).toHaveLength(1);
    const fresh = (await w.db.models.Employee.findByPk(emp.id))!;
    expect(fresh.serviceBlocked).toBe(false);
    expect(fresh.serviceBlockedAt).toBeNull();
    expect(await w.db.models.AuditLog.count({ where: { action: 'service_unblock', recordId: String(emp.id) } })).toBe(1);
  });
});

describe('the database really runs them concurrently', () => {
  (usingMysql() ? it : it.skip)('MariaDB: the second transaction waits for the first (lock), then fails its optimistic check', async () => {
    // Hold the row lock from a third connection; both approvals start and block on it; release.
    const sub = await w.submission({ status: 'verified' });
    const holder = await w.db.sequelize.transaction();
    await w.db.sequelize.query('SELECT id FROM employees WHERE id = ? FOR UPDATE', { replacements: [sub.employeeId], transaction: holder });
    const p = Promise.allSettled([
      w.workflow.transition(w.actors.approver, sub.id, 'approve'),
      w.workflow.transition(w.actors.approver2, sub.id, 'approve'),
    ]);
    await new Promise((r) => setTimeout(r, 300));
    // Both are now inside their transactions, waiting on the employee lock; neither has written.
    expect((await w.db.models.Submission.findByPk(sub.id))!.status).toBe('verified');
    await holder.commit();
    const results = await p;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((lost.reason as Error).message).toBe('Usul ini baru saja diproses oleh pengguna lain; muat ulang halaman');
    expect(await w.db.models.SubmissionEvent.count({ where: { submissionId: sub.id } })).toBe(1);
  });
});
