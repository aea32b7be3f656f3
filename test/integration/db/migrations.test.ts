import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { migrateDown, migrateUp } from '../../../src/db/index.js';
import { migrations } from '../../../migrations/index.js';
import * as redactAudit from '../../../migrations/20261201-0102-redact-audit-secrets.js';

const TABLES = [
  'opds', 'employees', 'users', 'campaigns', 'submissions', 'submission_events', 'documents',
  'helpdesk_tickets', 'audit_logs', 'report_schedules', 'report_runs', 'report_deliveries', 'sessions', 'auth_throttles',
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
    (await db.sequelize.getQueryInterface().showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));

  it('runs up, creating every table the models use', async () => {
    const applied = await migrateUp(db);
    expect(applied).toEqual(migrations.map((m) => m.name));
    const names = await tables();
    for (const t of TABLES) expect(names).toContain(t);
    // Every model's attributes exist as columns of its table.
    for (const model of Object.values(db.models) as Array<import("sequelize").ModelStatic<import("sequelize").Model>>) {
      const cols = await db.sequelize.getQueryInterface().describeTable(model.getTableName() as string);
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
      db.models.AuditLog.create({ userId: null, userEmail: 'admin@uji.example', role: 'admin', action: 'update', resource: 'users', recordId: '7', opdId: null, outcome: 'ok', beforeData: before, afterData: after, message: 'catatan', ip: null });
    const leaked = await row({ role: 'helpdesk', sessionVersion: 1, passwordHash: '$2b$10$abc' }, { role: 'approver', sessionVersion: 2, nested: { session_version: 2, keep: 'ya' } });
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

  it('runs down to zero and up again', async () => {
    const reverted = await migrateDown(db, { to: 0 });
    expect(reverted.length).toBe(migrations.length);
    const left = await tables();
    for (const t of TABLES) expect(left).not.toContain(t);
    expect(await migrateUp(db)).toHaveLength(migrations.length);
  });
});
