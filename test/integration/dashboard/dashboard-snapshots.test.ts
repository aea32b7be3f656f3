import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Op, QueryTypes } from 'sequelize';
import { createServices, type Services } from '../../../src/container.js';
import type { OpdFigures, RegencyFigures } from '../../../src/domain/dashboard/dashboard-figures.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import { addDays, jakartaDate } from '../../../src/domain/shared/time.js';
import { runCli } from '../../../src/cli/cli.js';
import { testConfig } from '../../helpers/app.js';
import { createImportFixture, type ImportFixture } from '../../helpers/import-fixture.js';
import { SAMPLE_FILES } from '../../helpers/siasn-samples.js';

/**
 * The dashboard's precomputed figures (dashboard_snapshots) against the facts: after every kind
 * of change — an import of ASN, of activations and of usul, a transition, a bulk action, a generic
 * edit, a delete, a deactivation, a move to another OPD — the refresh job rebuilds exactly the
 * scopes whose facts changed, and every stored figure equals an independent grouped COUNT of the
 * tables. The consistency check finds no drift after the mixed sequence, and finds (and with fix
 * repairs) drift injected by hand: a stored figure edited, and a fact changed behind the services'
 * back (raw SQL keeping updated_at).
 */
describe('dashboard snapshots against the facts', () => {
  let f: ImportFixture;
  let services: Services;
  let admin: Actor;
  let verifier: Actor;
  const sql = async (query: string, replacements: Record<string, unknown> = {}) =>
    f.db.sequelize.query<Record<string, unknown>>(query, { type: QueryTypes.SELECT, replacements });
  // Each step's refresh runs at a later instant than the last (a row written in the same millisecond stays unambiguous).
  let clock = Date.now();
  const tick = () => new Date((clock = Math.max(clock + 1000, Date.now())));

  /** The facts, counted independently of the report code: active employees per OPD, their submissions by status. */
  async function facts() {
    const emp = await sql(
      `SELECT opd_id, COUNT(*) AS total,
         SUM(CASE WHEN employee_type = 'PNS' THEN 1 ELSE 0 END) AS pns,
         SUM(CASE WHEN employee_type = 'PPPK' THEN 1 ELSE 0 END) AS pppk,
         SUM(CASE WHEN mysapk_activated_at IS NOT NULL THEN 1 ELSE 0 END) AS activated
       FROM employees WHERE active = :yes GROUP BY opd_id`,
      { yes: true },
    );
    const subs = await sql(
      `SELECT s.opd_id AS opd_id, s.status AS status, COUNT(*) AS n
       FROM submissions s JOIN employees e ON e.id = s.employee_id AND e.active = :yes GROUP BY s.opd_id, s.status`,
      { yes: true },
    );
    const byOpd = new Map<number, { total: number; pns: number; pppk: number; activated: number; byStatus: Record<string, number> }>();
    for (const o of await f.db.models.Opd.findAll({ attributes: ['id'] }))
      byOpd.set(o.id, { total: 0, pns: 0, pppk: 0, activated: 0, byStatus: {} });
    for (const r of emp)
      Object.assign(byOpd.get(Number(r.opd_id))!, {
        total: Number(r.total),
        pns: Number(r.pns),
        pppk: Number(r.pppk),
        activated: Number(r.activated),
      });
    for (const r of subs) byOpd.get(Number(r.opd_id))!.byStatus[String(r.status)] = Number(r.n);
    return byOpd;
  }

  async function stored<F>(scope: string): Promise<F> {
    const row = await f.db.models.DashboardSnapshot.findOne({ where: { scope } });
    expect(row).not.toBeNull();
    return JSON.parse(row!.figures) as F;
  }

  /** Every OPD's snapshot and the regency's equal the independent counts. */
  async function expectSnapshotsEqualFacts() {
    const all = await facts();
    let total = 0;
    for (const [opdId, want] of all) {
      const got = await stored<OpdFigures>(`opd:${opdId}`);
      expect({ opdId, ...got.opd.summary.byType, total: got.opd.summary.total, activated: got.opd.summary.activated }).toEqual({
        opdId,
        PNS: want.pns,
        CPNS: want.total - want.pns - want.pppk,
        PPPK: want.pppk,
        total: want.total,
        activated: want.activated,
      });
      const byStatus = Object.fromEntries(got.opd.byStatus.filter((s) => s.count > 0).map((s) => [s.status, s.count]));
      expect({ opdId, byStatus }).toEqual({ opdId, byStatus: want.byStatus });
      total += want.total;
    }
    const regency = await stored<RegencyFigures>('regency');
    expect(regency.totals.total).toBe(total);
    for (const row of regency.rows) expect(row.total).toBe(all.get(row.opdId)!.total);
  }

  const refresh = () => services.dashboardSnapshots.refresh(tick());
  const opdOf = async (submissionId: number) => (await f.db.models.Submission.findByPk(submissionId))!.opdId;

  beforeAll(async () => {
    f = await createImportFixture();
    // The services on the real clock (the fixture's run on the SIASN samples' 15 January 2026).
    services = createServices(testConfig({ DASHBOARD_MAX_AGE_SECONDS: '60' }), f.db);
    admin = f.actors.admin;
    // Today is in the verification phase; the round started before the imported usul (August 2021), so they count.
    const today = jakartaDate(new Date());
    await f.db.models.Campaign.create({
      name: 'PDM Uji',
      year: Number(today.slice(0, 4)),
      helpdeskStart: '2021-01-01',
      selfUpdateStart: '2021-01-02',
      selfUpdateEnd: addDays(today, -4),
      verificationStart: addDays(today, -3),
      verificationEnd: addDays(today, 6),
      approvalStart: addDays(today, 7),
      approvalEnd: addDays(today, 16),
      active: true,
      notes: null,
    });
  }, 600_000);
  afterAll(async () => {
    await services?.reports.close();
    await f?.close();
  });

  it('builds every OPD and the regency on the first refresh, then nothing while no fact changes', async () => {
    const first = await refresh();
    const opds = await f.db.models.Opd.count();
    expect(first.rebuilt).toHaveLength(opds + 1);
    await expectSnapshotsEqualFacts();
    const again = await refresh();
    expect(again).toEqual({ rebuilt: [], unchanged: opds + 1, removed: 0 });
  }, 600_000);

  it('an ASN import: the OPDs that got employees and the regency are rebuilt, the others are not', async () => {
    const p = await services.imports.preview(admin, 'asn', f.file('asn.csv', fs.readFileSync(SAMPLE_FILES.asn)));
    await f.mapAll(p);
    await services.imports.recheck(admin, p.import.id);
    await services.imports.commit(admin, p.import.id);
    const r = await refresh();
    const withEmployees = (await sql('SELECT DISTINCT opd_id FROM employees')).map((x) => `opd:${Number(x.opd_id)}`);
    expect(r.rebuilt.sort()).toEqual([...withEmployees, 'regency'].sort());
    await expectSnapshotsEqualFacts();
  }, 600_000);

  it('activation and usul imports', async () => {
    for (const [profile, file] of [
      ['aktivasi', SAMPLE_FILES.aktivasi],
      ['usul', SAMPLE_FILES.usul],
    ] as const) {
      const p = await services.imports.preview(admin, profile, f.file(`${profile}.csv`, fs.readFileSync(file)));
      await services.imports.commit(admin, p.import.id);
      expect((await refresh()).rebuilt).toContain('regency');
      await expectSnapshotsEqualFacts();
    }
    expect(await f.db.models.Submission.count()).toBeGreaterThan(50);
  }, 600_000);

  it('a transition and a bulk action by the verifier: only their OPD and the regency are rebuilt', async () => {
    // The verifier of the OPD with the most usul waiting.
    const [busiest] = await sql(
      "SELECT opd_id, COUNT(*) AS n FROM submissions WHERE status = 'submitted' GROUP BY opd_id ORDER BY COUNT(*) DESC, opd_id LIMIT 1",
    );
    const opdId = Number(busiest.opd_id);
    const user = await f.db.models.User.create({
      email: 'verifikator.sibuk@pdm.example',
      name: 'Verifikator Sibuk',
      passwordHash: 'x',
      role: 'verifier',
      opdId,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    verifier = { id: user.id, email: user.email, role: 'verifier', opdId };
    const waiting = await f.db.models.Submission.findAll({ where: { opdId, status: 'submitted' }, limit: 4 });
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    await services.workflow.transition(verifier, waiting[0].id, 'returnForFix', { note: 'Dokumen buram' });
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${verifier.opdId}`, 'regency']);
    await expectSnapshotsEqualFacts();
    const results = await services.workflow.bulkTransition(
      verifier,
      waiting.slice(1, 3).map((s) => s.id),
      'reject',
      { note: 'Tidak memenuhi syarat' },
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${verifier.opdId}`, 'regency']);
    await expectSnapshotsEqualFacts();
    const fig = await stored<OpdFigures>(`opd:${verifier.opdId}`);
    // The per-verifier activity of the last 7 days (the import's own status events are not a verifier's).
    expect(fig.opd.verifiers).toEqual([{ name: 'Verifikator Sibuk', verified: 0, returned: 1, rejected: 2 }]);
  }, 600_000);

  it('generic edit, delete, activation change, deactivation and a move to another OPD', async () => {
    const emp = await f.db.models.Employee.findOne({ where: { opdId: verifier.opdId!, employeeType: 'PNS' } });
    await services.records.update(admin, 'employees', emp!.id, { employeeType: 'PPPK' });
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${verifier.opdId}`, 'regency']);
    await expectSnapshotsEqualFacts();

    const sub = await f.db.models.Submission.findOne({ where: { status: 'submitted' }, order: [['id', 'DESC']] });
    const subOpd = await opdOf(sub!.id);
    await services.records.delete(admin, 'submissions', sub!.id);
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${subOpd}`, 'regency']);
    await expectSnapshotsEqualFacts();

    const notActivated = await f.db.models.Employee.findOne({ where: { mysapkActivatedAt: null } });
    await services.records.update(admin, 'employees', notActivated!.id, { mysapkActivatedAt: new Date(Date.now() - 3600_000) });
    expect((await refresh()).rebuilt).toContain(`opd:${notActivated!.opdId}`);
    await expectSnapshotsEqualFacts();

    const leaving = await f.db.models.Employee.findOne({ where: { opdId: verifier.opdId!, active: true }, order: [['id', 'DESC']] });
    await services.records.update(admin, 'employees', leaving!.id, { active: false });
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${verifier.opdId}`, 'regency']);
    await expectSnapshotsEqualFacts();

    const withSubs = (
      await sql('SELECT employee_id FROM submissions WHERE opd_id = :o GROUP BY employee_id ORDER BY employee_id LIMIT 1', {
        o: verifier.opdId,
      })
    )[0];
    const other = await f.db.models.Opd.findOne({ where: { id: { [Op.ne]: verifier.opdId! } }, order: [['id', 'DESC']] });
    await services.records.update(admin, 'employees', Number(withSubs.employee_id), { opdId: other!.id });
    expect((await refresh()).rebuilt.sort()).toEqual([`opd:${other!.id}`, `opd:${verifier.opdId}`, 'regency'].sort());
    await expectSnapshotsEqualFacts();
  }, 600_000);

  it('the consistency check finds no drift after the mixed sequence', async () => {
    const r = await services.dashboardSnapshots.check(new Date());
    expect(r.drift).toEqual([]);
    expect(r.pending).toEqual([]);
    expect(r.checked).toBe((await f.db.models.Opd.count()) + 1);
    const audit = await f.db.models.AuditLog.findOne({ where: { action: 'dashboard_check' }, order: [['id', 'DESC']] });
    expect(audit).toMatchObject({ outcome: 'ok' });
  }, 600_000);

  it('finds drift injected by hand, reports it (audit row, CLI exit 1) and repairs it with --fix', async () => {
    const scope = `opd:${verifier.opdId}`;
    // 1. A stored figure edited.
    const row = await f.db.models.DashboardSnapshot.findOne({ where: { scope } });
    const figures = JSON.parse(row!.figures) as OpdFigures;
    const real = figures.opd.summary.total;
    figures.opd.summary.total = real + 7;
    await f.db.models.DashboardSnapshot.update({ figures: JSON.stringify(figures) }, { where: { scope } });
    // 2. A fact changed behind the services' back: same updated_at, same version, so the fingerprint does not see it.
    const victim = await f.db.models.Employee.findOne({ where: { opdId: verifier.opdId!, active: true, employeeType: 'PNS' } });
    await f.db.sequelize.query('UPDATE employees SET employee_type = :t, updated_at = updated_at WHERE id = :id', {
      replacements: { t: 'CPNS', id: victim!.id },
    });

    const r = await services.dashboardSnapshots.check(new Date());
    expect(r.pending).toEqual([]);
    expect(r.drift.map((d) => d.scope).sort()).toEqual([scope, 'regency']);
    const mine = r.drift.find((d) => d.scope === scope)!;
    expect(mine.differences).toContain(`opd.summary.total: ${real + 7} ≠ ${real}`);
    expect(mine.differences.some((d) => d.startsWith('opd.summary.byType.CPNS'))).toBe(true);
    const audit = await f.db.models.AuditLog.findOne({ where: { action: 'dashboard_check' }, order: [['id', 'DESC']] });
    expect(audit).toMatchObject({ outcome: 'failed' });
    expect(audit!.message).toContain(scope);

    // The CLI: exit 1 and the differences; with --fix the snapshots are rebuilt from the facts; then no drift.
    const env = { NODE_ENV: 'test', DATABASE_URL: f.db.url, VAR_DIR: f.dir, SESSION_SECRET: 'c'.repeat(48), LOG_LEVEL: 'silent' };
    const out: string[] = [];
    const err: string[] = [];
    const cli = (argv: string[]) => runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(await cli(['counters', 'check', '--fix'])).toBe(1);
    expect(out[0]).toMatch(/^Diperiksa: \d+ cakupan; menunggu pembaruan: 0; selisih: 2$/);
    expect(out).toContain(`  opd.summary.total: ${real + 7} ≠ ${real}`);
    expect(out.at(-1)).toBe(`Diperbarui dari fakta: ${[scope, 'regency'].sort().join(', ')}`);
    out.length = 0;
    expect(await cli(['counters', 'check'])).toBe(0);
    expect(out[0]).toMatch(/selisih: 0$/);
    expect(err).toEqual([]);
    expect(await cli(['counters'])).toBe(64);
    await expectSnapshotsEqualFacts();
  }, 900_000);

  it('the dashboard reads the stored row; a change shows after the facts are checked again', async () => {
    const head: Actor = { ...f.actors.opd_head };
    const t0 = new Date();
    const first = await services.dashboard.forActor(head, t0);
    const snap = await f.db.models.DashboardSnapshot.findOne({ where: { scope: `opd:${head.opdId}` } });
    expect(first.opd!.summary.total).toBe((JSON.parse(snap!.figures) as OpdFigures).opd.summary.total);
    expect(first.figuresAsOf).toMatch(/WIB$/);
    const leaving = await f.db.models.Employee.findOne({ where: { opdId: head.opdId!, active: true } });
    await services.records.update(admin, 'employees', leaving!.id, { active: false });
    // Within maxAge: the figures confirmed a moment ago are shown (bounded staleness)...
    expect((await services.dashboard.forActor(head, new Date(t0.getTime() + 1000))).opd!.summary.total).toBe(first.opd!.summary.total);
    // ...past it, the reader checks the facts, sees the change and rebuilds.
    const later = await services.dashboard.forActor(head, new Date(t0.getTime() + 61_000));
    expect(later.opd!.summary.total).toBe(first.opd!.summary.total - 1);
  });
});
