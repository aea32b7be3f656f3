import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { migrateDown, migrateUp } from '../../../src/db/index.js';
import { migrations } from '../../../migrations/index.js';
import * as redactAudit from '../../../migrations/20261201-0102-redact-audit-secrets.js';

const TABLES = [
  'opds',
  'employees',
  'employee_placements',
  'users',
  'campaigns',
  'submissions',
  'submission_events',
  'documents',
  'helpdesk_tickets',
  'audit_logs',
  'report_schedules',
  'report_runs',
  'report_deliveries',
  'sessions',
  'auth_throttles',
  'notices',
  'notice_mails',
  'opd_reports',
  'opd_report_files',
  'guides',
  'consultations',
  'consultation_messages',
  'consultation_notices',
];

describe('migrations', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
  });
  afterAll(async () => {
    await db.destroy();
  });

  const tables = async () =>
    (await db.sequelize.getQueryInterface().showAllTables()).map((t) =>
      typeof t === 'string' ? t : (t as { tableName: string }).tableName,
    );

  it('runs up, creating every table the models use', async () => {
    const applied = await migrateUp(db);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const names = await tables();
    for (const t of TABLES) expect(names).toContain(t);
    // Every model's attributes exist as columns of its table.
    for (const model of Object.values(db.models) as Array<import('sequelize').ModelStatic<import('sequelize').Model>>) {
      const cols = await db.sequelize.getQueryInterface().describeTable(model.getTableName());
      for (const attr of Object.values(model.getAttributes())) {
        expect(cols).toHaveProperty((attr as { field: string }).field);
      }
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrateUp(db)).toEqual([]);
  });

  it('scrubs session versions and password hashes from audit rows written before the redaction list, leaving the rest', async () => {
    const row = (before: unknown, after: unknown) =>
      db.models.AuditLog.create({
        userId: null,
        userEmail: 'admin@uji.example',
        role: 'admin',
        action: 'update',
        resource: 'users',
        recordId: '7',
        opdId: null,
        outcome: 'ok',
        beforeData: before,
        afterData: after,
        message: 'catatan',
        ip: null,
      });
    const leaked = await row(
      { role: 'helpdesk', sessionVersion: 1, passwordHash: '$2b$10$abc' },
      { role: 'approver', sessionVersion: 2, nested: { session_version: 2, keep: 'ya' } },
    );
    const clean = await row({ status: 'submitted' }, { status: 'verified', note: 'sessionVersion disebut di catatan' });
    const text = await row(null, 'bukan JSON sessionVersion');
    await redactAudit.up({ context: db.sequelize.getQueryInterface() });
    const after = async (id: number) => (await db.models.AuditLog.findByPk(id))!;
    expect((await after(leaked.id)).beforeData).toEqual({ role: 'helpdesk' });
    expect((await after(leaked.id)).afterData).toEqual({ role: 'approver', nested: { keep: 'ya' } });
    expect((await after(leaked.id)).message).toBe('catatan');
    expect((await after(clean.id)).afterData).toEqual({ status: 'verified', note: 'sessionVersion disebut di catatan' });
    expect((await after(text.id)).afterData).toBe('bukan JSON sessionVersion');
  });

  it('backfills the placement history and the open delivery keys of existing rows', async () => {
    // Back to before the two migrations of issue 8, with rows written then (the later ones first, newest first).
    // Back to before the two migrations of issue 8, with rows written then.
    // Later migrations first (none of them touches these rows).
    const later = migrations.slice(migrations.findIndex((m) => m.name === '20261201-0302-report-delivery-keys') + 1);
    for (const m of [...later].reverse()) expect(await migrateDown(db)).toEqual([m.name]);
    const reverted = await migrateDown(db);
    expect(reverted).toEqual(['20261201-0302-report-delivery-keys']);
    expect(await migrateDown(db)).toEqual(['20261201-0301-employee-placements']);
    const q = (sql: string, replacements: Record<string, unknown> = {}) => db.sequelize.query(sql, { replacements });
    const created = new Date('2026-10-01T02:00:00.000Z');
    const now = new Date();
    await q(`INSERT INTO opds (code, name, kind, active, created_at, updated_at) VALUES ('X', 'OPD X', 'dinas', 1, :now, :now)`, { now });
    const [[opd]] = (await q(`SELECT id FROM opds WHERE code = 'X'`)) as [[{ id: number }], unknown];
    for (const [nip, active] of [
      ['198001012005011001', 1],
      ['198001012005011002', 0],
    ] as const) {
      await q(
        `INSERT INTO employees (nip, name, employee_type, opd_id, service_blocked, active, created_at, updated_at) VALUES (:nip, 'ASN', 'PNS', :opd, 0, :active, :created, :now)`,
        { nip, opd: opd.id, active, created, now },
      );
    }
    await q(
      `INSERT INTO report_schedules (name, report_kind, cron, cc_secretary, enabled, created_at, updated_at) VALUES ('J', 'opd', '0 7 * * *', 1, 1, :now, :now)`,
      { now },
    );
    const [[sch]] = (await q(`SELECT id FROM report_schedules WHERE name = 'J'`)) as [[{ id: number }], unknown];
    await q(
      `INSERT INTO report_runs (schedule_id, report_kind, run_key, period_key, \`trigger\`, status, as_of, started_at, created_at, updated_at) VALUES (:s, 'opd', 'k1', '2026-11-26T07:00', 'schedule', 'partial', :now, :now, :now, :now)`,
      { s: sch.id, now },
    );
    const [[run]] = (await q(`SELECT id FROM report_runs WHERE run_key = 'k1'`)) as [[{ id: number }], unknown];
    for (const [recipient, status] of [
      ['Kepala@X.example', 'pending'],
      ['b@x.example', 'sent'],
    ] as const) {
      await q(
        `INSERT INTO report_deliveries (run_id, opd_id, recipient, status, attempts, created_at, updated_at) VALUES (:run, :opd, :recipient, :status, 1, :now, :now)`,
        { run: run.id, opd: opd.id, recipient, status, now },
      );
    }

    expect(await migrateUp(db)).toEqual([
      '20261201-0301-employee-placements',
      '20261201-0302-report-delivery-keys',
      ...later.map((m) => m.name),
    ]);
    const periods = await db.models.EmployeePlacement.findAll({ order: [['employeeId', 'ASC']] });
    expect(periods.map((p) => [p.opdId, !!p.active, p.validFrom.toISOString(), p.validTo])).toEqual([
      [opd.id, true, created.toISOString(), null],
      [opd.id, false, created.toISOString(), null],
    ]);
    const keys = (await db.models.ReportDelivery.findAll({ order: [['id', 'ASC']] })).map((d) => d.openKey);
    expect(keys).toEqual([`${sch.id}:2026-11-26T07:00:${opd.id}:kepala@x.example`, null]);
    await q('DELETE FROM report_deliveries');
    await q('DELETE FROM report_runs');
    await q('DELETE FROM report_schedules');
    await q('DELETE FROM employee_placements');
    await q('DELETE FROM employees');
    await q('DELETE FROM opds');
  });

  it('runs down to zero and up again', async () => {
    const reverted = await migrateDown(db, { to: 0 });
    expect(reverted.length).toBe(migrations.length);
    const left = await tables();
    for (const t of TABLES) expect(left).not.toContain(t);
    expect(await migrateUp(db)).toHaveLength(migrations.length);
  });
});
