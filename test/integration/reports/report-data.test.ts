import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, usingMysql, type TestDb } from '../../helpers/db.js';
import { buildReportFixture, rel, PROFILES, type ReportFixture } from '../../helpers/report-fixture.js';
import { band, opdSummaries, type OpdSummary } from '../../../src/domain/reports/data/summaries.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import { employeeDetailPages } from '../../../src/domain/reports/data/employee-detail.js';
import { resolveCampaign } from '../../../src/domain/reports/data/report-scope.js';
import { SUBMISSION_STATUSES } from '../../../src/domain/shared/constants.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';
import { NotFoundError } from '../../../src/domain/shared/errors.js';

/**
 * The report numbers against counts computed independently here: plain JS over rows fetched with
 * findAll (status as of asOf by REPLAYING the events forward, not by the report's SQL), and
 * against the expectations declared by hand per profile in the fixture.
 */

interface Raw {
  opds: Array<{ id: number; code: string; name: string; active: boolean }>;
  employees: Array<{
    id: number;
    nip: string;
    name: string;
    opdId: number;
    employeeType: string;
    active: boolean;
    createdAt: Date;
    mysapkActivatedAt: Date | null;
    passwordChangedAt: Date | null;
    unit: string | null;
    position: string | null;
  }>;
  submissions: Array<{
    id: number;
    employeeId: number;
    opdId: number;
    campaignId: number | null;
    category: string;
    status: string;
    submittedAt: Date;
    updatedAt: Date;
  }>;
  events: Array<{
    id: number;
    submissionId: number;
    opdId: number;
    fromStatus: string | null;
    toStatus: string;
    createdAt: Date;
    note: string | null;
  }>;
  placements: Array<{ id: number; employeeId: number; opdId: number; active: boolean; validFrom: Date; validTo: Date | null }>;
}

async function fetchRaw(db: TestDb): Promise<Raw> {
  const m = db.models;
  const plain = <T>(rows: Array<{ get(o: { plain: true }): unknown }>) => rows.map((r) => r.get({ plain: true }) as T);
  return {
    opds: plain(await m.Opd.findAll()),
    employees: plain(await m.Employee.findAll()),
    submissions: plain(await m.Submission.findAll()),
    events: plain(await m.SubmissionEvent.findAll()),
    placements: plain(await m.EmployeePlacement.findAll()),
  };
}

const t = (d: Date | null) => (d ? new Date(d).getTime() : null);
/** One decimal, rounded down (the report never shows a share it has not reached). */
const pct1 = (a: number, b: number) => (b ? Math.floor((a * 1000) / b) / 10 : 0);

function independent(raw: Raw, asOf: Date, campaign: { id: number; start: Date }) {
  const A = asOf.getTime();
  // Where each employee was at asOf, and whether active: their placement period covering asOf.
  const placedAt = new Map<number, { opdId: number; active: boolean }>();
  for (const p of raw.placements) {
    if (t(p.validFrom)! <= A && (p.validTo === null || t(p.validTo)! > A))
      placedAt.set(p.employeeId, { opdId: p.opdId, active: !!p.active });
  }
  const employees = raw.employees.filter((e) => placedAt.get(e.id)?.active).map((e) => ({ ...e, opdId: placedAt.get(e.id)!.opdId }));
  const counted = new Set(employees.map((e) => e.id));
  // Status as of asOf: replay the events up to asOf (last event wins).
  const statusAt = new Map<number, string>();
  const evs = [...raw.events].sort((x, y) => t(x.createdAt)! - t(y.createdAt)! || x.id - y.id);
  for (const ev of evs) if (t(ev.createdAt)! <= A) statusAt.set(ev.submissionId, ev.toStatus);
  // No event up to asOf (a row imported without its creation event): the status before its first later event.
  for (const ev of evs)
    if (t(ev.createdAt)! > A && !statusAt.has(ev.submissionId) && ev.fromStatus) statusAt.set(ev.submissionId, ev.fromStatus);
  // A submission is where its employee was.
  const all = raw.submissions
    .filter((s) => counted.has(s.employeeId) && t(s.submittedAt)! <= A)
    .map((s) => ({ ...s, opdId: placedAt.get(s.employeeId)!.opdId, st: statusAt.get(s.id) ?? s.status }));
  const subs = all.filter((s) => s.campaignId === campaign.id || (s.campaignId === null && t(s.submittedAt)! >= campaign.start.getTime()));
  // The verifier's queue: waiting ('submitted') as of asOf, employee active, whatever the campaign;
  // its age from the latest entry into 'submitted' up to asOf.
  const queue = all
    .filter((s) => s.st === 'submitted')
    .map((s) => {
      const entries = raw.events
        .filter((e) => e.submissionId === s.id && e.toStatus === 'submitted' && t(e.createdAt)! <= A)
        .map((e) => t(e.createdAt)!);
      return { ...s, entered: entries.length ? Math.max(...entries) : t(s.submittedAt)! };
    });
  const subsByEmp = new Map<number, typeof subs>();
  for (const s of subs) subsByEmp.set(s.employeeId, [...(subsByEmp.get(s.employeeId) ?? []), s]);
  const perEmployee = new Map(
    employees.map((e) => {
      const list = subsByEmp.get(e.id) ?? [];
      const completed =
        list.length > 0 && list.every((s) => s.st === 'approved' || s.st === 'rejected') && list.some((s) => s.st === 'approved');
      return [
        e.id,
        {
          activated: e.mysapkActivatedAt !== null && t(e.mysapkActivatedAt)! <= A,
          passwordChanged: e.passwordChangedAt !== null && t(e.passwordChangedAt)! <= A,
          submissions: list.length,
          approved: list.filter((s) => s.st === 'approved').length,
          completed,
          returned: list.filter((s) => s.st === 'needs_fix').length,
          rejected: list.filter((s) => s.st === 'rejected').length,
          // The note of each BTS/TMS: its latest history event into that status up to asOf.
          notes: list
            .filter((s) => s.st === 'needs_fix' || s.st === 'rejected')
            .sort((a, b) => a.id - b.id)
            .map((s) => {
              const into = raw.events
                .filter((e) => e.submissionId === s.id && e.toStatus === s.st && t(e.createdAt)! <= A)
                .sort((x, y) => t(y.createdAt)! - t(x.createdAt)! || y.id - x.id);
              return { status: s.st, category: s.category, note: into[0]?.note ?? null };
            }),
        },
      ];
    }),
  );
  const summaries = new Map<number, OpdSummary>();
  for (const o of raw.opds) {
    const es = employees.filter((e) => e.opdId === o.id);
    const pe = es.map((e) => perEmployee.get(e.id)!);
    const backlogSubs = queue.filter((s) => s.opdId === o.id);
    const total = es.length;
    const activated = pe.filter((p) => p.activated).length;
    const passwordChanged = pe.filter((p) => p.passwordChanged).length;
    const withSubmission = pe.filter((p) => p.submissions > 0).length;
    const completed = pe.filter((p) => p.completed).length;
    const oldest = backlogSubs.length ? Math.min(...backlogSubs.map((s) => s.entered)) : null;
    summaries.set(o.id, {
      opdId: o.id,
      opdCode: o.code,
      opdName: o.name,
      total,
      byType: {
        PNS: es.filter((e) => e.employeeType === 'PNS').length,
        CPNS: es.filter((e) => e.employeeType === 'CPNS').length,
        PPPK: es.filter((e) => e.employeeType === 'PPPK').length,
      },
      activated,
      passwordChanged,
      withSubmission,
      completed,
      pctActivated: pct1(activated, total),
      pctPasswordChanged: pct1(passwordChanged, total),
      pctWithSubmission: pct1(withSubmission, total),
      pctCompleted: pct1(completed, total),
      backlog: backlogSubs.length,
      backlogOldestDays: oldest === null ? null : Math.floor((A - oldest) / 86400000),
    });
  }
  return { employees, subs, queue, perEmployee, summaries };
}

describe(`report data (${usingMysql() ? 'MariaDB/MySQL' : 'SQLite'})`, () => {
  let db: TestDb;
  let fx: ReportFixture;
  let raw: Raw;
  const campaignOf = () => ({ id: fx.campaign.id, start: startOfJakartaDay('2026-10-20') });

  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildReportFixture(db.models);
    raw = await fetchRaw(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('resolves the campaign that started last by asOf', async () => {
    expect((await resolveCampaign(db.models, fx.asOf))?.id).toBe(fx.campaign.id);
    expect((await resolveCampaign(db.models, new Date('2026-10-19T16:59:59Z')))?.id).toBe(fx.oldCampaign.id);
    expect((await resolveCampaign(db.models, new Date('2026-10-19T17:00:00Z')))?.id).toBe(fx.campaign.id); // 20 Oct 00:00 WIB
    expect(await resolveCampaign(db.models, new Date('2020-01-01T00:00:00Z'))).toBeNull();
  });

  it('opdSummaries equals the hand-declared expectations of the fixture', async () => {
    const list = await opdSummaries(db.models, fx.asOf);
    for (const key of ['A', 'B', 'C'] as const) {
      const s = list.find((x) => x.opdId === fx.opds[key].id)!;
      // C's verifier also has one item of the old campaign still waiting at asOf (the fixture's
      // boundary submission rejected 1 s after asOf): the queue holds it, whatever its campaign.
      const e = { ...fx.expected[key], backlog: fx.expected[key].backlog + (key === 'C' ? 1 : 0) };
      expect({
        total: s.total,
        activated: s.activated,
        passwordChanged: s.passwordChanged,
        withSubmission: s.withSubmission,
        completed: s.completed,
        backlog: s.backlog,
      }).toEqual({
        total: e.total,
        activated: e.activated,
        passwordChanged: e.passwordChanged,
        withSubmission: e.withSubmission,
        completed: e.completed,
        backlog: e.backlog,
      });
    }
    // The inactive, empty OPD is left out of the all-OPD list; asked for explicitly it is returned.
    expect(list.map((s) => s.opdId).sort()).toEqual([fx.opds.A.id, fx.opds.B.id, fx.opds.C.id].sort());
    const x = await opdSummaries(db.models, fx.asOf, [fx.opds.X.id]);
    expect(x).toHaveLength(1);
    expect(x[0]).toMatchObject({ opdCode: 'LAMA', total: 0, pctCompleted: 0, backlog: 0, backlogOldestDays: null });
    expect(await opdSummaries(db.models, fx.asOf, [])).toEqual([]);
  });

  it.each([
    ['asOf', 0, 0],
    ['5 days before', -5, 0],
    ['a day and 3 hours before', -1, -3],
    ['2 days after', 2, 0],
    ['12 hours after', 0, 12],
  ])('opdSummaries equals an independent computation (%s)', async (_l, days, hours) => {
    const asOf = days === 0 && hours === 0 ? fx.asOf : rel(days, hours);
    const exp = independent(raw, asOf, campaignOf());
    const list = await opdSummaries(db.models, asOf);
    for (const s of list) expect(s).toEqual(exp.summaries.get(s.opdId));
    // the same numbers for a subset
    const one = await opdSummaries(db.models, asOf, [fx.opds.B.id]);
    expect(one).toEqual([exp.summaries.get(fx.opds.B.id)]);
  });

  it('the fixture exercises both as-of paths (row unchanged since asOf / changed after asOf)', () => {
    const counted = raw.submissions.filter((s) => t(s.submittedAt)! <= fx.asOf.getTime());
    const changedAfter = counted.filter((s) => t(s.updatedAt)! > fx.asOf.getTime());
    expect(changedAfter.length).toBeGreaterThan(0);
    expect(counted.length - changedAfter.length).toBeGreaterThan(changedAfter.length);
    for (const s of changedAfter) expect(raw.events.some((e) => e.submissionId === s.id && t(e.createdAt)! > fx.asOf.getTime())).toBe(true);
  });

  it('percentages have one decimal', async () => {
    const list = await opdSummaries(db.models, fx.asOf);
    for (const s of list) {
      for (const p of [s.pctActivated, s.pctPasswordChanged, s.pctWithSubmission, s.pctCompleted]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(Math.round(p * 10) / 10).toBe(p);
      }
    }
  });

  it('the edge cases land where they should', async () => {
    const exp = independent(raw, fx.asOf, campaignOf());
    for (const e of fx.employees) {
      const got = exp.perEmployee.get(e.id);
      if (!e.expect.counted) {
        expect(got).toBeUndefined();
        continue;
      }
      const g = got!;
      expect({
        profile: e.profile,
        activated: g.activated,
        passwordChanged: g.passwordChanged,
        submissions: g.submissions,
        completed: g.completed,
        toAct: !g.activated || g.submissions === 0 || g.returned > 0 || (g.rejected > 0 && !g.completed),
      }).toEqual({
        profile: e.profile,
        activated: e.expect.activated,
        passwordChanged: e.expect.passwordChanged,
        submissions: e.expect.submissions,
        completed: e.expect.completed,
        toAct: e.expect.toAct,
      });
    }
    // profiles named in the brief
    expect(PROFILES.rejectedOnly.expect.completed).toBe(false);
    expect(PROFILES.approvedRejected.expect.completed).toBe(true);
    expect(PROFILES.approvedSubmitted.expect.completed).toBe(false);
  });

  it('uses a fixed number of grouped queries, whatever the number of OPDs', async () => {
    const sqls: string[] = [];
    const opts = (db.sequelize as unknown as { options: { logging: unknown } }).options;
    const before = opts.logging;
    opts.logging = (sql: string) => sqls.push(sql);
    try {
      await opdSummaries(db.models, fx.asOf);
      const all = sqls.length;
      sqls.length = 0;
      await opdSummaries(db.models, fx.asOf, [fx.opds.A.id]);
      expect(all).toBeLessThanOrEqual(4);
      expect(sqls.length).toBe(all);
    } finally {
      opts.logging = before;
    }
  });

  it('the backlog counts submissions waiting as of asOf, oldest age in whole days', async () => {
    const list = await opdSummaries(db.models, fx.asOf);
    const a = list.find((s) => s.opdId === fx.opds.A.id)!;
    // A: 1 pending (2 days 5 h), 1 approvedSubmitted (its pending one: 10 days 1 h), 1 verifiedAfterAsOf (6 days 2 h)
    expect(a.backlog).toBe(3);
    expect(a.backlogOldestDays).toBe(10);
    const c = list.find((s) => s.opdId === fx.opds.C.id)!;
    // 3 of the campaign + 1 left waiting from the old campaign (see the fixture's boundary events)
    expect(c.backlog).toBe(4);
  });

  describe('buildOpdReport', () => {
    it('has the summary, status and category counts', async () => {
      const exp = independent(raw, fx.asOf, campaignOf());
      for (const key of ['A', 'B', 'C'] as const) {
        const opd = fx.opds[key];
        const prev = { ...exp.summaries.get(opd.id)!, completed: 1 };
        const r = await buildOpdReport(db.models, opd.id, fx.asOf, prev);
        expect(r.asOf).toEqual(fx.asOf);
        expect(r.campaign).toEqual({ id: fx.campaign.id, name: 'PDM ASN 2026' });
        expect(r.opd).toEqual({
          id: opd.id,
          code: opd.code,
          name: opd.name,
          headName: `Kepala ${opd.name}`,
          headEmail: `kepala.${opd.code.toLowerCase()}@pdm.example`,
          secretaryEmail: `sekretaris.${opd.code.toLowerCase()}@pdm.example`,
        });
        expect(r.summary).toEqual(exp.summaries.get(opd.id));
        expect(r.previous).toEqual(prev);
        expect(Object.keys(r.byStatus).sort()).toEqual([...SUBMISSION_STATUSES].sort());
        const subs = exp.subs.filter((s) => s.opdId === opd.id);
        for (const st of SUBMISSION_STATUSES) expect(r.byStatus[st]).toBe(subs.filter((s) => s.st === st).length);
        // 'Input Berkas' of the campaign; the backlog (the verifier's queue) also holds items
        // left waiting from an earlier round.
        const older = exp.queue.filter((q) => q.opdId === opd.id && !subs.some((x) => x.id === q.id)).length;
        expect(r.byStatus.submitted).toBe(r.summary.backlog - older);
        expect(older).toBe(key === 'C' ? 1 : 0);
        // categories: every configured category present, counts per status
        expect(r.byCategoryStatus.length).toBeGreaterThanOrEqual(13);
        for (const c of r.byCategoryStatus) {
          expect(Object.keys(c.counts).sort()).toEqual([...SUBMISSION_STATUSES].sort());
          for (const st of SUBMISSION_STATUSES) {
            expect(c.counts[st]).toBe(subs.filter((s) => s.category === c.category && s.st === st).length);
          }
          expect(c.total).toBe(subs.filter((s) => s.category === c.category).length);
          expect(c.label).not.toBe('');
        }
        expect(r.byCategoryStatus.find((c) => c.category === 'pendidikan')?.label).toBe('Riwayat Pendidikan');
        expect(r.byCategoryStatus.reduce((a, c) => a + c.total, 0)).toBe(subs.length);
      }
      // as-of status, not current: A's verifiedAfterAsOf is still 'submitted', approvedAfterAsOf still 'verified'
      const a = await buildOpdReport(db.models, fx.opds.A.id, fx.asOf);
      expect(a.previous).toBeNull();
      expect(a.byStatus.verified).toBe(1);
      expect(a.byStatus.submitted).toBe(3);
      expect((await buildOpdReport(db.models, fx.opds.C.id, fx.asOf)).byStatus.validated).toBe(2);
      const currentApproved = raw.submissions.filter((s) => s.opdId === fx.opds.A.id && s.status === 'approved').length;
      expect(a.byStatus.approved).toBeLessThan(currentApproved);
    });

    it('throughput: verifier actions per WIB day, 14 days up to asOf', async () => {
      for (const key of ['A', 'B', 'C'] as const) {
        const opd = fx.opds[key];
        const r = await buildOpdReport(db.models, opd.id, fx.asOf);
        expect(r.throughput).toHaveLength(14);
        expect(r.throughput[0].date).toBe('2026-11-13');
        expect(r.throughput[13].date).toBe('2026-11-26');
        const days = r.throughput.map((x) => x.date);
        expect(days).toEqual(Array.from({ length: 14 }, (_, i) => addDays('2026-11-13', i)));
        const actions = raw.events.filter(
          (e) =>
            e.opdId === opd.id &&
            e.fromStatus === 'submitted' &&
            ['verified', 'needs_fix', 'rejected'].includes(e.toStatus) &&
            t(e.createdAt)! <= fx.asOf.getTime(),
        );
        for (const d of r.throughput) {
          const ofDay = actions.filter((e) => jakartaDate(new Date(e.createdAt)) === d.date);
          expect(d).toEqual({
            date: d.date,
            verified: ofDay.filter((e) => e.toStatus === 'verified').length,
            returned: ofDay.filter((e) => e.toStatus === 'needs_fix').length,
            rejected: ofDay.filter((e) => e.toStatus === 'rejected').length,
          });
        }
        // approvals and BKN validations are not verifier throughput
        const total = r.throughput.reduce((a, x) => a + x.verified + x.returned + x.rejected, 0);
        expect(total).toBeGreaterThan(0);
      }
      // The boundary events of OPD C (see the fixture): 13 Nov gets the 00:00 WIB one,
      // 25 Nov the 23:59:59 one, 26 Nov the 00:00 one and the one exactly at asOf.
      const c = await buildOpdReport(db.models, fx.opds.C.id, fx.asOf);
      const day = (d: string) => c.throughput.find((x) => x.date === d)!;
      const base = (d: string) =>
        raw.events.filter(
          (e) =>
            e.opdId === fx.opds.C.id &&
            e.fromStatus === 'submitted' &&
            e.note !== 'batas hari' &&
            ['verified', 'needs_fix', 'rejected'].includes(e.toStatus) &&
            t(e.createdAt)! <= fx.asOf.getTime() &&
            jakartaDate(new Date(e.createdAt)) === d,
        ).length;
      const sum = (x: { verified: number; returned: number; rejected: number }) => x.verified + x.returned + x.rejected;
      expect(sum(day('2026-11-13')) - base('2026-11-13')).toBe(1);
      expect(sum(day('2026-11-25')) - base('2026-11-25')).toBe(1);
      expect(sum(day('2026-11-26')) - base('2026-11-26')).toBe(2);
    });

    it('toAct lists everyone who must act: not activated, without a submission, BTS, TMS while not completed', async () => {
      const exp = independent(raw, fx.asOf, campaignOf());
      for (const key of ['A', 'B', 'C'] as const) {
        const opd = fx.opds[key];
        const r = await buildOpdReport(db.models, opd.id, fx.asOf);
        const want = exp.employees
          .filter((e) => e.opdId === opd.id)
          .filter((e) => {
            const p = exp.perEmployee.get(e.id)!;
            return !p.activated || p.submissions === 0 || p.returned > 0 || (p.rejected > 0 && !p.completed);
          });
        expect(r.toAct.map((x) => x.nip).sort()).toEqual(want.map((e) => e.nip).sort());
        expect(r.toAct).toHaveLength(fx.expected[key].toAct);
        for (const x of r.toAct) {
          const e = want.find((w) => w.nip === x.nip)!;
          const p = exp.perEmployee.get(e.id)!;
          expect(x).toEqual({
            nip: e.nip,
            name: e.name,
            unit: e.unit,
            position: e.position,
            employeeType: e.employeeType,
            activated: p.activated,
            passwordChanged: p.passwordChanged,
            submissions: p.submissions,
            returned: p.returned,
            rejected: p.rejected,
            completed: p.completed,
            reason: x.reason,
            cases: x.cases,
          });
          // Each BTS, and each TMS of an employee not completed, with the note the officer wrote.
          expect(x.cases.map((c) => ({ status: c.status, category: c.category, note: c.note }))).toEqual(
            p.notes.filter((n) => n.status === 'needs_fix' || !p.completed),
          );
          if (p.returned > 0) expect(x.reason).toContain(`${p.returned} usul dikembalikan (BTS)`);
          if (p.rejected > 0 && !p.completed) expect(x.reason).toContain(`${p.rejected} usul Tidak Memenuhi Syarat (TMS)`);
          expect(x.nip).toMatch(/^\d{18}$/);
          if (!p.activated) expect(x.reason).toContain('Belum aktivasi MySAPK');
          if (p.submissions === 0) expect(x.reason).toContain('Belum mengajukan usul');
          if (p.activated && !p.passwordChanged) expect(x.reason).toContain('Belum ganti password');
        }
        // sorted by unit (empty last), then name
        const units = r.toAct.map((x) => x.unit);
        const firstNull = units.indexOf(null);
        if (firstNull >= 0) expect(units.slice(firstNull).every((u) => u === null)).toBe(true);
      }
      // helpdesk-entered, approved but never activated: on the list for activation only
      const b = await buildOpdReport(db.models, fx.opds.B.id, fx.asOf);
      const nac = fx.employees.filter((e) => e.profile === 'notActivatedCompleted');
      for (const e of nac) expect(b.toAct.find((x) => x.nip === e.nip)?.reason).toBe('Belum aktivasi MySAPK');
      const old = fx.employees.find((e) => e.profile === 'oldCampaignOnly')!;
      expect(b.toAct.find((x) => x.nip === old.nip)?.reason).toBe('Belum mengajukan usul');
    });

    it('refuses an unknown OPD', async () => {
      await expect(buildOpdReport(db.models, 999999, fx.asOf)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('buildRegencyReport', () => {
    it('ranks by completion, then submission, then name; bands; totals', async () => {
      const exp = independent(raw, fx.asOf, campaignOf());
      const prevB = { ...exp.summaries.get(fx.opds.B.id)!, completed: 0, pctCompleted: 0 };
      const prevTotal = { ...exp.summaries.get(fx.opds.B.id)!, opdId: 0, opdCode: 'TOTAL' };
      const r = await buildRegencyReport(
        db.models,
        fx.asOf,
        new Map([
          [fx.opds.B.id, prevB],
          [0, prevTotal],
        ]),
      );
      expect(r.asOf).toEqual(fx.asOf);
      expect(r.campaign).toEqual({ id: fx.campaign.id, name: 'PDM ASN 2026' });
      expect(r.rows).toHaveLength(3);
      expect(r.rows.map((x) => [x.opdCode, x.pctCompleted, x.band])).toEqual([
        ['DISDIK', 80.9, 'green'], // 17/21
        ['KEC-JATEN', 54.5, 'amber'], // 12/22
        ['BKPSDM', 6.6, 'red'], // 1/15
      ]);
      // Exact fractions, cross-multiplied (never the rounded percentage).
      const want = [...exp.summaries.values()]
        .filter((s) => s.opdId !== fx.opds.X.id)
        .sort(
          (x, y) =>
            y.completed * x.total - x.completed * y.total ||
            y.withSubmission * x.total - x.withSubmission * y.total ||
            x.opdName.localeCompare(y.opdName),
        );
      expect(r.rows.map((x) => x.opdId)).toEqual(want.map((s) => s.opdId));
      expect(r.rows.map((x) => x.rank)).toEqual([1, 2, 3]);
      for (const row of r.rows) {
        const { rank, band: b, previous, headReport, ...summary } = row;
        expect(summary).toEqual(exp.summaries.get(row.opdId));
        expect(headReport).toEqual({ status: 'none', text: 'Belum melapor' });
        expect(b).toBe(2 * row.completed < row.total ? 'red' : 5 * row.completed < 4 * row.total ? 'amber' : 'green');
        expect(previous).toEqual(row.opdId === fx.opds.B.id ? prevB : null);
        expect(rank).toBeGreaterThan(0);
      }
      const sum = (k: 'total' | 'activated' | 'passwordChanged' | 'withSubmission' | 'completed' | 'backlog') =>
        want.reduce((a, s) => a + s[k], 0);
      expect(r.totals).toMatchObject({
        opdId: 0,
        opdCode: 'TOTAL',
        total: sum('total'),
        activated: sum('activated'),
        passwordChanged: sum('passwordChanged'),
        withSubmission: sum('withSubmission'),
        completed: sum('completed'),
        backlog: sum('backlog'),
        pctCompleted: pct1(sum('completed'), sum('total')),
        pctActivated: pct1(sum('activated'), sum('total')),
        backlogOldestDays: Math.max(...want.map((s) => s.backlogOldestDays ?? -1)),
      });
      expect(r.totals.byType.PNS + r.totals.byType.CPNS + r.totals.byType.PPPK).toBe(r.totals.total);
      expect(r.previousTotals).toEqual(prevTotal);
    });

    it('OPDs without ASN: no rank, no band, listed by name', async () => {
      // A time before anyone was counted: no OPD has ASN, none is ranked or coloured.
      const r = await buildRegencyReport(db.models, rel(-61));
      expect(r.rows.map((x) => x.opdName)).toEqual(
        [fx.opds.A, fx.opds.B, fx.opds.C].map((o) => o.name).sort((x, y) => x.localeCompare(y, 'id')),
      );
      expect(r.rows.every((x) => x.total === 0 && x.band === null && x.rank === null)).toBe(true);
      expect(r.totals.backlogOldestDays).toBeNull();
      expect(r.previousTotals).toBeNull();
    });

    it('band thresholds on the exact fraction', () => {
      const b = (completed: number, total: number) => band({ completed, total });
      expect(b(0, 1)).toBe('red');
      expect(b(999, 2000)).toBe('red'); // 49.95 %
      expect(b(1, 2)).toBe('amber');
      expect(b(3999, 5000)).toBe('amber'); // 79.98 %
      expect(b(4, 5)).toBe('green');
      expect(b(1, 1)).toBe('green');
      expect(b(0, 0)).toBeNull();
    });
  });

  it('employeeDetailPages: every counted employee once, in id order, with as-of counts', async () => {
    const exp = independent(raw, fx.asOf, campaignOf());
    const rows = [];
    let pages = 0;
    for await (const page of employeeDetailPages(db.models, fx.asOf, { pageSize: 7 })) {
      pages++;
      expect(page.length).toBeLessThanOrEqual(7);
      rows.push(...page);
    }
    expect(pages).toBe(Math.ceil(exp.employees.length / 7));
    expect(rows.map((r) => r.id)).toEqual(exp.employees.map((e) => e.id).sort((a, b) => a - b));
    for (const r of rows) {
      const p = exp.perEmployee.get(r.id)!;
      const e = exp.employees.find((x) => x.id === r.id)!;
      expect(r).toEqual({
        id: e.id,
        opdCode: raw.opds.find((o) => o.id === e.opdId)!.code,
        opdName: raw.opds.find((o) => o.id === e.opdId)!.name,
        nip: e.nip,
        name: e.name,
        employeeType: e.employeeType,
        activated: p.activated,
        passwordChanged: p.passwordChanged,
        submissions: p.submissions,
        approved: p.approved,
        completed: p.completed,
      });
    }
  });
});
