import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { seedSmallRegency } from '../../helpers/app.js';
import { DashboardService } from '../../../src/domain/dashboard/dashboard.service.js';
import { DashboardSnapshots } from '../../../src/domain/dashboard/dashboard-snapshots.js';
import { CampaignService } from '../../../src/domain/campaign/campaign.service.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import { openPlacements } from '../../../src/domain/employees/employee-placement.js';

/**
 * The dashboard's OPD and regency figures are computed once per OPD (and once for the regency),
 * stored (dashboard_snapshots) and shared by every user and instance while their facts were
 * confirmed unchanged within maxAge, with the time they were computed on the answer
 * ("diperbarui …"); concurrent requests share one computation; past maxAge the facts are
 * checked again and the figures recomputed when they changed.
 */
describe('dashboard figures with bounded staleness', () => {
  let db: TestDb;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  const statements: string[] = [];
  beforeAll(async () => {
    db = await createTestDb();
    s = await seedSmallRegency(db);
    db.sequelize.addHook('afterQuery', (_o, q) => {
      statements.push(String((q as unknown as { sql?: string }).sql ?? ''));
    });
  });
  afterAll(async () => {
    await db.destroy();
  });

  const dashboard = (maxAgeMs: number) => {
    const audit = new AuditService(db.models);
    const snapshots = new DashboardSnapshots({ models: db.models, sequelize: db.sequelize, audit, maxAgeMs, fullMaxMs: 15 * 60_000 });
    return new DashboardService(db.models, new CampaignService(db.models, audit), undefined, undefined, { maxAgeMs, snapshots });
  };
  const verifier = (): Actor => ({
    id: s.users.verifierA.id,
    email: s.users.verifierA.email,
    role: 'verifier',
    opdId: s.opdA.id,
    ip: null,
  });
  const head = (): Actor => ({ id: s.users.headA.id, email: s.users.headA.email, role: 'opd_head', opdId: s.opdA.id, ip: null });
  const admin = (): Actor => ({ id: s.users.admin.id, email: s.users.admin.email, role: 'admin', opdId: null, ip: null });

  it('shares an OPD’s figures between its users for maxAge, then recomputes them from the facts', async () => {
    const d = dashboard(60_000);
    const t0 = new Date();
    const first = await d.forActor(verifier(), t0);
    expect(first.figuresMaxAgeSeconds).toBe(60);
    expect(first.figuresAsOf).toMatch(/WIB$/);
    const total = first.opd!.summary.total;
    expect(total).toBe(await db.models.Employee.count({ where: { opdId: s.opdA.id } }));

    // A new ASN in the OPD; within maxAge, another user of the OPD gets the same figures without a rebuild.
    const added = await db.models.Employee.create({
      nip: '199001012015031999',
      nik: null,
      name: 'Pegawai Baru',
      employeeType: 'PNS',
      opdId: s.opdA.id,
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
    });
    await openPlacements(db.models, [added]);
    statements.length = 0;
    const cached = await d.forActor(head(), new Date(t0.getTime() + 30_000));
    expect(cached.opd!.summary.total).toBe(total);
    expect(cached.figuresAsOf).toBe(first.figuresAsOf);
    const cachedStatements = statements.length;
    statements.length = 0;

    // Older than maxAge: recomputed, the new ASN counted.
    const fresh = await d.forActor(head(), new Date(t0.getTime() + 61_000));
    expect(fresh.opd!.summary.total).toBe(total + 1);
    // The rebuild reads the facts (placements, submissions, history): far more statements than the cached answer's campaign lookup.
    expect(statements.length).toBeGreaterThan(cachedStatements + 2);
    expect(cachedStatements).toBeLessThanOrEqual(3);
    await db.models.EmployeePlacement.destroy({ where: { employeeId: added.id } });
    await added.destroy();
  });

  it('computes the regency figures once for concurrent requests, and another instance reads them from the table', async () => {
    const d = dashboard(60_000);
    await db.models.DashboardSnapshot.destroy({ where: {} });
    statements.length = 0;
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 5 }, () => d.forActor(admin(), now)));
    const single = statements.length;
    // What each answer reads live (campaign, the actor's queue and tickets, the snapshot row): a stored answer's cost.
    statements.length = 0;
    await d.forActor(admin(), now);
    const live = statements.length;
    // Another instance (a second DashboardService on the same database) reads the stored figures too.
    statements.length = 0;
    const other = await dashboard(60_000).forActor(admin(), now);
    expect(statements.length).toBe(live);
    expect(other.regency).toEqual(answers[0].regency);
    await db.models.DashboardSnapshot.destroy({ where: {} });
    statements.length = 0;
    await dashboard(60_000).forActor(admin(), now);
    const one = statements.length;
    // The regency figures are built far more expensively than the live part...
    expect(one).toBeGreaterThan(live + 2);
    // ...and five concurrent answers build them once: one answer's cost plus four more live parts.
    expect(single).toBeLessThanOrEqual(one + 4 * live);
    for (const a of answers) expect(a.regency!.totals.total).toBe(await db.models.Employee.count());
  });

  it('with maxAge 0 computes the figures on every request', async () => {
    const d = dashboard(0);
    const before = (await d.forActor(verifier())).opd!.summary.total;
    const added = await db.models.Employee.create({
      nip: '199001012015031998',
      nik: null,
      name: 'Pegawai Baru 2',
      employeeType: 'PNS',
      opdId: s.opdA.id,
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
    });
    await openPlacements(db.models, [added]);
    expect((await d.forActor(verifier())).opd!.summary.total).toBe(before + 1);
    await db.models.EmployeePlacement.destroy({ where: { employeeId: added.id } });
    await added.destroy();
  });
});
