import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createWorld, DAY, at, type World } from './world.js';
import { ForbiddenError, ValidationError } from '../../../src/domain/shared/errors.js';
import { PhaseClosedError } from '../../../src/domain/campaign/phases.js';
import type { Employee } from '../../../src/db/models/index.js';

/**
 * After the deadline (Diktum KESATU h) every active employee without a completed update is
 * flagged "layanan kepegawaian tidak diproses". Completed = at least one submission, all of them
 * approved or rejected, and at least one approved (DESIGN.md).
 */
let w: World;
let e: Record<string, Employee>;
const EARLIER = at('2021-09-15');

beforeAll(async () => {
  w = await createWorld();
  const old = await w.oldCampaign();
  const A = w.opdA;
  const B = w.opdB;
  e = await w.employees({
    none: [A, 'Tanpa usul'],
    approved: [A, 'Satu disetujui'],
    approvedRejected: [B, 'Disetujui dan ditolak'],
    allRejected: [A, 'Semua ditolak'],
    approvedOpen: [B, 'Disetujui dan masih proses'],
    inactive: [A, 'Tidak aktif', { active: false }],
    stillBlocked: [A, 'Sudah ditandai', { serviceBlocked: true, serviceBlockedAt: EARLIER }],
    nowCompleted: [B, 'Kini selesai', { serviceBlocked: true, serviceBlockedAt: EARLIER }],
    oldRoundOnly: [A, 'Hanya putaran lama'],
    unattributed: [B, 'Usul tanpa putaran'],
  });
  await w.submissions([
    [e.approved, 'jabatan', 'approved'],
    [e.approvedRejected, 'jabatan', 'approved'],
    [e.approvedRejected, 'skp', 'rejected'],
    [e.allRejected, 'jabatan', 'rejected'],
    [e.allRejected, 'skp', 'rejected'],
    [e.approvedOpen, 'jabatan', 'approved'],
    [e.approvedOpen, 'skp', 'verified'],
    [e.stillBlocked, 'skp', 'submitted'],
    [e.nowCompleted, 'skp', 'approved'],
    [e.oldRoundOnly, 'jabatan', 'approved', old.id],
    [e.unattributed, 'jabatan', 'approved', null],
  ]);
});
afterAll(async () => {
  await w.destroy();
});

const flags = async () => {
  const rows = await w.db.models.Employee.findAll();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, byId.get(v.id)!]));
};

describe('flagIncomplete', () => {
  it('is refused before the deadline and for roles other than admin/approver/system', async () => {
    await expect(w.workflow.flagIncomplete(w.actors.approver, DAY.approval)).rejects.toBeInstanceOf(PhaseClosedError);
    await expect(w.workflow.flagIncomplete(w.actors.approver, DAY.approval)).rejects.toThrow(
      /^Penandaan pegawai yang belum menyelesaikan pemutakhiran hanya dapat dilakukan pada tahap setelah batas waktu \(PDM 2021\)\. Tahap setelah batas waktu dimulai 15 September 2021; hari ini 8 September 2021\.$/,
    );
    await expect(w.workflow.flagIncomplete(w.actors.verifierA, DAY.afterDeadline)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(w.workflow.flagIncomplete(w.actors.helpdesk, DAY.afterDeadline)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await w.db.models.AuditLog.count({ where: { action: 'flag_incomplete', outcome: 'denied' } })).toBe(4);
    expect(await w.db.models.Employee.count({ where: { serviceBlocked: true } })).toBe(2);
  });

  it('after the deadline: flags every active employee without a completed update, clears those who completed', async () => {
    const now = DAY.afterDeadline;
    const r = await w.workflow.flagIncomplete({ id: null, email: 'system', role: 'system', opdId: null }, now);
    // Newly flagged: none, allRejected, approvedOpen, oldRoundOnly (stillBlocked keeps its flag).
    expect(r).toEqual({ campaignId: w.campaign.id, date: '2021-09-20', blocked: 4, cleared: 1, overridden: false });
    const f = await flags();
    const blocked = Object.entries(f)
      .filter(([, v]) => v.serviceBlocked)
      .map(([k]) => k)
      .sort();
    expect(blocked).toEqual(['allRejected', 'approvedOpen', 'none', 'oldRoundOnly', 'stillBlocked']);
    expect(f.none.serviceBlockedAt!.getTime()).toBe(now.getTime());
    expect(f.stillBlocked.serviceBlockedAt!.getTime()).toBe(EARLIER.getTime());
    expect(f.nowCompleted.serviceBlockedAt).toBeNull();
    expect(f.inactive.serviceBlocked).toBe(false);

    const audit = await w.db.models.AuditLog.findOne({ where: { action: 'flag_incomplete', outcome: 'ok' } });
    expect(audit!.afterData).toMatchObject({ blocked: 4, cleared: 1, campaignId: w.campaign.id });
    expect(audit!.role).toBe('system');

    // Idempotent: a second run changes nothing. Set-based: one UPDATE per direction, no per-row loop.
    const sql: string[] = [];
    const opts = (w.db.sequelize as unknown as { options: { logging: unknown } }).options;
    const before = opts.logging;
    opts.logging = (q: string) => sql.push(q);
    try {
      expect(await w.workflow.flagIncomplete(w.actors.approver, now)).toMatchObject({ blocked: 0, cleared: 0 });
    } finally {
      opts.logging = before;
    }
    const updates = sql.filter((q) => /UPDATE\s+[`"]?employees/i.test(q));
    expect(updates).toHaveLength(2);
    expect(sql.filter((q) => /FROM\s+[`"]?employees/i.test(q))).toHaveLength(0);
  });

  it('an admin may run it earlier with an override (audited)', async () => {
    await expect(w.workflow.flagIncomplete(w.actors.admin, DAY.approval, { override: { reason: '' } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const r = await w.workflow.flagIncomplete(w.actors.admin, DAY.approval, { override: { reason: 'Rapat evaluasi dimajukan' } });
    expect(r.overridden).toBe(true);
    expect(await w.db.models.AuditLog.count({ where: { action: 'phase_override', resource: 'employees' } })).toBe(1);
  });

  it('lists the incomplete employees, scoped by OPD', async () => {
    const all = await w.workflow.listIncomplete(w.actors.approver);
    expect(all.map((x) => x.name).sort()).toEqual(
      ['Disetujui dan masih proses', 'Hanya putaran lama', 'Semua ditolak', 'Sudah ditandai', 'Tanpa usul'].sort(),
    );
    const open = all.find((x) => x.id === e.approvedOpen.id)!;
    expect(open).toMatchObject({ submissions: 2, approved: 1, open: 1, serviceBlocked: true, opdId: w.opdB.id });
    const old = all.find((x) => x.id === e.oldRoundOnly.id)!;
    expect(old).toMatchObject({ submissions: 0, approved: 0 });

    const mineA = await w.workflow.listIncomplete(w.actors.verifierA);
    expect(mineA.every((x) => x.opdId === w.opdA.id)).toBe(true);
    expect(mineA).toHaveLength(4);
    expect(await w.workflow.listIncomplete(w.actors.headB)).toHaveLength(1);
    expect(await w.workflow.listIncomplete(w.actors.approver, { opdId: w.opdB.id })).toHaveLength(1);
    await expect(w.workflow.listIncomplete(w.actors.verifierA, { opdId: w.opdB.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(w.workflow.listIncomplete(w.actors.bkn)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('an approval that completes a flagged employee clears the flag inside the transition', async () => {
    const sub = (await w.db.models.Submission.findOne({ where: { employeeId: e.approvedOpen.id, status: 'verified' } }))!;
    w.clock.now = DAY.afterDeadline;
    const r = await w.workflow.transition(w.actors.admin, sub.id, 'approve', { override: { reason: 'Susulan disetujui Kepala BKPSDM' } });
    expect(r.serviceUnblocked).toBe(true);
    const emp = (await w.db.models.Employee.findByPk(e.approvedOpen.id))!;
    expect(emp.serviceBlocked).toBe(false);
    expect(emp.serviceBlockedAt).toBeNull();
    const un = await w.db.models.AuditLog.findOne({ where: { action: 'service_unblock', recordId: String(emp.id) } });
    expect(un).not.toBeNull();

    // A rejection that leaves the employee with only rejections does not clear it.
    const sub2 = (await w.db.models.Submission.findOne({ where: { employeeId: e.stillBlocked.id } }))!;
    await w.db.models.Submission.update({ status: 'verified' }, { where: { id: sub2.id } });
    const r2 = await w.workflow.transition(w.actors.admin, sub2.id, 'reject', {
      note: 'Tidak memenuhi syarat',
      override: { reason: 'Susulan' },
    });
    expect(r2.serviceUnblocked).toBe(false);
    expect((await w.db.models.Employee.findByPk(e.stillBlocked.id))!.serviceBlocked).toBe(true);
  });
});
