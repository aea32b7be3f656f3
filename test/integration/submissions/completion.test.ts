import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes } from 'sequelize';
import { createWorld, DAY, at, type World } from './world.js';
import { usingMysql } from '../../helpers/db.js';
import { DashboardService } from '../../../src/domain/dashboard/dashboard.service.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import { employeeDetailPages } from '../../../src/domain/reports/data/employee-detail.js';
import { campaignScope, completionReplacements, completionSql } from '../../../src/domain/submissions/completion.js';
import type { Employee } from '../../../src/db/models/index.js';
import type { SubmissionStatus } from '../../../src/domain/shared/constants.js';

/**
 * "Completed update" is one rule (src/domain/submissions/completion.ts). The four places that
 * use it — the reports, the dashboard, the deadline flag (WorkflowService.flagIncomplete) and the
 * sanction list (WorkflowService.listIncomplete) — give the same answer for every employee, on
 * data made to tell the old three definitions apart: campaign-less submissions before and after
 * the round's start, an older round's submissions, only rejected, open ones, inactive employees.
 */

let w: World;
let e: Record<string, Employee>;
/** Hand-declared: who has completed the 2021 round. */
const COMPLETED = new Set(['approved', 'approvedRejected', 'approvedOldOpen', 'unattributedInRound', 'approvedLegacyOpen', 'otherOpd']);
const NOW = DAY.afterDeadline;

beforeAll(async () => {
  w = await createWorld();
  w.clock.now = NOW;
  const old = await w.oldCampaign();
  const A = w.opdA;
  const B = w.opdB;
  e = await w.employees({
    none: [A, 'Tanpa usul'],
    approved: [A, 'Satu disetujui'],
    approvedRejected: [A, 'Disetujui dan ditolak'],
    rejectedOnly: [A, 'Hanya ditolak'],
    approvedOpen: [A, 'Disetujui, satu masih diverifikasi'],
    approvedOldOpen: [A, 'Disetujui, usul putaran lama masih terbuka'],
    oldRoundOnly: [A, 'Hanya putaran lama'],
    unattributedInRound: [A, 'Tanpa putaran, dalam putaran ini'],
    unattributedLegacy: [A, 'Tanpa putaran, sebelum putaran ini'],
    approvedLegacyOpen: [A, 'Disetujui, usul lama tanpa putaran terbuka'],
    approvedUnattributedOpen: [A, 'Disetujui, usul tanpa putaran dikembalikan'],
    inactive: [A, 'Tidak aktif', { active: false }],
    otherOpd: [B, 'OPD lain selesai'],
    otherOpdOpen: [B, 'OPD lain belum'],
  });
  const legacy = at('2021-07-01'); // before the 2021 round's helpdesk start (10 Aug)
  await w.submissions(
    [
      [e.approved, 'jabatan', 'approved'],
      [e.approvedRejected, 'jabatan', 'approved'],
      [e.approvedRejected, 'skp', 'rejected'],
      [e.rejectedOnly, 'jabatan', 'rejected'],
      [e.approvedOpen, 'jabatan', 'approved'],
      [e.approvedOpen, 'skp', 'verified'],
      [e.approvedOldOpen, 'jabatan', 'approved'],
      [e.approvedOldOpen, 'skp', 'submitted', old.id, at('2020-08-20')],
      [e.oldRoundOnly, 'jabatan', 'approved', old.id, at('2020-08-20')],
      [e.unattributedInRound, 'jabatan', 'approved', null],
      [e.unattributedLegacy, 'jabatan', 'approved', null, legacy],
      [e.approvedLegacyOpen, 'jabatan', 'approved'],
      [e.approvedLegacyOpen, 'skp', 'needs_fix', null, legacy],
      [e.approvedUnattributedOpen, 'jabatan', 'approved'],
      [e.approvedUnattributedOpen, 'skp', 'needs_fix', null],
      [e.inactive, 'jabatan', 'approved'],
      [e.otherOpd, 'jabatan', 'approved'],
      [e.otherOpdOpen, 'jabatan', 'submitted'],
    ],
    { docs: [] },
  );
});
afterAll(async () => {
  await w.destroy();
});

const nameOf = (id: number): string => Object.entries(e).find(([, v]) => v.id === id)?.[0] ?? '';
const activeNames = () => Object.keys(e).filter((k) => k !== 'inactive');

describe(`"completed" is one rule (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  it('the rule over status lists (DESIGN.md)', async () => {
    const cases: Array<[SubmissionStatus[], boolean]> = [
      [[], false],
      [['approved'], true],
      [['approved', 'rejected'], true],
      [['rejected'], false],
      [['rejected', 'rejected'], false],
      [['approved', 'verified'], false],
      [['approved', 'needs_fix'], false],
      [['approved', 'validated'], false],
      [['submitted'], false],
    ];
    const scope = campaignScope(w.campaign, null);
    for (const [statuses, done] of cases) {
      const emp = await w.employee(w.opdB, { name: `Kasus ${statuses.join('+')}`, active: false });
      for (const [i, st] of statuses.entries())
        await w.submission({ employee: emp, category: ['jabatan', 'skp', 'diklat'][i], status: st, docs: [] });
      const [row] = await w.db.sequelize.query<{ completed: unknown }>(completionSql(scope, { where: 's.employee_id = :id' }), {
        type: QueryTypes.SELECT,
        replacements: { ...completionReplacements(scope), id: emp.id },
      });
      expect([statuses, row ? Number(row.completed) === 1 : false]).toEqual([statuses, done]);
    }
  });

  it('reports, dashboard, deadline flag and sanction list agree, and match the hand-declared answer', async () => {
    const admin = w.actors.admin;
    // The reports and the dashboard as of now (the rows were written now, a little ahead for
    // MySQL's whole-second DATETIME); the flag runs on the 2021 calendar (after its deadline).
    // All four read the same current state.
    const REPORT_AT = new Date(Date.now() + 2000);
    // 1. Reports: the regency detail (per employee) and the per-OPD counts.
    const detail = new Set<string>();
    const counted = new Set<string>();
    for await (const page of employeeDetailPages(w.db.models, REPORT_AT)) {
      for (const r of page) {
        const n = nameOf(r.id);
        if (!n) continue;
        counted.add(n);
        if (r.completed) detail.add(n);
      }
    }
    const regency = await buildRegencyReport(w.db.models, REPORT_AT);
    expect(regency.campaign?.id).toBe(w.campaign.id);
    const reportCount = (opdId: number) => regency.rows.find((r) => r.opdId === opdId)!.completed;
    const opdA = await buildOpdReport(w.db.models, w.opdA.id, REPORT_AT);

    // 2. Dashboard (the Bupati's ranking and the OPD head's own OPD).
    const dashboard = new DashboardService(w.db.models, w.campaigns);
    const regent = await dashboard.forActor(w.actors.regent, REPORT_AT);
    const head = await dashboard.forActor(w.actors.headA, REPORT_AT);

    // 3. The deadline flag (after the deadline of the active 2021 round): the active employees
    //    NOT flagged are the completed ones.
    const flag = await w.workflow.flagIncomplete(admin, NOW);
    const rows = await w.db.models.Employee.findAll({ where: { id: Object.values(e).map((x) => x.id) } });
    const notFlagged = new Set(rows.filter((r) => r.active && !r.serviceBlocked).map((r) => nameOf(r.id)));

    // 4. The sanction list: the active employees listed are the incomplete ones.
    const listed = new Set((await w.workflow.listIncomplete(admin)).map((r) => nameOf(r.id)).filter(Boolean));
    const notListed = new Set(activeNames().filter((n) => !listed.has(n)));

    const sorted = (x: Set<string>) => [...x].sort();
    expect(sorted(detail)).toEqual(sorted(COMPLETED));
    expect(sorted(notFlagged)).toEqual(sorted(COMPLETED));
    expect(sorted(notListed)).toEqual(sorted(COMPLETED));
    // The inactive employee is in none of them.
    expect(counted.has('inactive')).toBe(false);
    expect(listed.has('inactive')).toBe(false);
    expect(sorted(counted)).toEqual(activeNames().sort());

    const inA = [...COMPLETED].filter((n) => e[n].opdId === w.opdA.id).length;
    const inB = [...COMPLETED].filter((n) => e[n].opdId === w.opdB.id).length;
    expect(reportCount(w.opdA.id)).toBe(inA);
    expect(reportCount(w.opdB.id)).toBe(inB);
    expect(opdA.summary.completed).toBe(inA);
    expect(regent.regency!.rows.find((r) => r.opdId === w.opdA.id)!.completed).toBe(inA);
    expect(regent.regency!.rows.find((r) => r.opdId === w.opdB.id)!.completed).toBe(inB);
    expect(head.opd!.summary.completed).toBe(inA);
    expect(flag.blocked).toBe(activeNames().length - COMPLETED.size);

    // The sanction list's counts are those of the submissions that count for the round.
    const byName = new Map((await w.workflow.listIncomplete(admin)).map((r) => [nameOf(r.id), r]));
    expect(byName.get('unattributedLegacy')).toMatchObject({ submissions: 0, approved: 0, open: 0, serviceBlocked: true });
    expect(byName.get('oldRoundOnly')).toMatchObject({ submissions: 0, approved: 0, open: 0 });
    expect(byName.get('approvedOpen')).toMatchObject({ submissions: 2, approved: 1, open: 1 });
    expect(byName.get('approvedUnattributedOpen')).toMatchObject({ submissions: 2, approved: 1, open: 1 });
  });

  it('a decision that completes a flagged employee lifts the flag by the same rule', async () => {
    const blocked = await w.db.models.Employee.findByPk(e.approvedOpen.id);
    expect(blocked!.serviceBlocked).toBe(true);
    const open = await w.db.models.Submission.findOne({ where: { employeeId: e.approvedOpen.id, status: 'verified' } });
    const r = await w.workflow.transition(w.actors.admin, open!.id, 'approve', { override: { reason: 'Uji setelah batas waktu' } });
    expect(r.serviceUnblocked).toBe(true);
    // A legacy campaign-less submission still open does not hold anyone back…
    expect((await w.db.models.Employee.findByPk(e.approvedLegacyOpen.id))!.serviceBlocked).toBe(false);
    // …one submitted in the round does: approving its other submission lifts nothing.
    const ua = await w.db.models.Submission.findOne({ where: { employeeId: e.approvedUnattributedOpen.id, status: 'needs_fix' } });
    expect(ua).not.toBeNull();
    expect((await w.workflow.listIncomplete(w.actors.admin)).map((x) => x.id)).toContain(e.approvedUnattributedOpen.id);
    expect((await w.workflow.listIncomplete(w.actors.admin)).map((x) => x.id)).not.toContain(e.approvedOpen.id);
  });
});
