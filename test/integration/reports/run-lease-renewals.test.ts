import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { connect, type Database } from '../../../src/db/index.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';
import {
  FROM,
  REPLY_TO,
  makeRunService,
  nextMinute,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import { LeaseLost, RunLease } from '../../../src/domain/reports/delivery/run-lease.js';
import { createWorkbookStore } from '../../../src/domain/reports/delivery/workbook-store.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import type { OutboxContext } from '../../../src/domain/reports/delivery/run.types.js';

/**
 * The lease of a long run is renewed when a quarter of it has passed, not twice per OPD
 * (issue 11: 92 of 898 statements of a 100k run were lease renewals), and a run taken over after
 * its lease expired still stops its old owner at the next heartbeat.
 */

const MINUTE = 60_000;
const LEASE_MS = MINUTE;
const RENEWAL = /^\s*UPDATE [`"]?report_runs[`"]? SET [`"]?lease_until[`"]?\s*=/i;

describe('report run lease renewals', () => {
  let db: TestDb;
  let other: Database;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let varDir: string;
  const clock = testClock(new Date());
  const statements: string[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    other = connect(db.url);
    db.sequelize.addHook('afterQuery', (_options, query) => {
      statements.push(String((query as unknown as { sql?: string }).sql ?? ''));
    });
  });
  afterAll(async () => {
    await mailer?.close();
    await other?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('renews once per quarter lease during a run, not before every OPD and every delivery', async () => {
    const fire = nextMinute(new Date(), 5);
    clock.set(new Date(fire.getTime() + 2000));
    const svc = makeRunService({
      models: db.models,
      sequelize: db.sequelize,
      mailer,
      varDir,
      now: clock.now,
      config: { instanceId: 'app-renew', leaseMs: LEASE_MS },
    });
    statements.length = 0;
    const out = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(out).toMatchObject({ claimed: true, status: 'done' });
    const opds = out.counts.sent;
    expect(opds).toBeGreaterThanOrEqual(2);
    expect(smtp.messages).toHaveLength(opds);
    const renewals = statements.filter((s) => RENEWAL.test(s));
    // Before: one after each OPD's report, one before each delivery, one in the planning fence
    // (2 × OPDs + 1). Now the clock stands still: the first heartbeat and the fence.
    expect(renewals).toHaveLength(2);
    expect(2 * opds + 1).toBeGreaterThan(renewals.length);
  });

  it('still stops the old owner at its next heartbeat once another instance has taken the run over', async () => {
    const ctx = (database: Pick<Database, 'models' | 'sequelize'>, instanceId: string): OutboxContext => ({
      models: database.models,
      sequelize: database.sequelize,
      mailer,
      store: createWorkbookStore(varDir),
      config: { regencyName: 'Kabupaten Uji', instanceId, leaseMs: LEASE_MS, maxAttempts: 3, backoffMs: (a) => a * MINUTE },
      now: clock.now,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const audit = new AuditService(db.models);
    const a = new RunLease(ctx(db, 'app-a'), audit);
    const b = new RunLease(ctx(other, 'app-b'), audit);
    const at = nextMinute(new Date(), 30);
    clock.set(at);
    const run = await a.claim({
      scheduleId: seeded.opdSchedule.id,
      reportKind: 'opd',
      runKey: `lease-test:${at.toISOString()}`,
      periodKey: at.toISOString(),
      trigger: 'schedule',
      asOf: at,
      requestedBy: null,
    });
    expect(run).not.toBeNull();
    await a.mustRenew(run!.id);
    // Within a quarter lease: no write, still ours.
    clock.advance(LEASE_MS / 8);
    statements.length = 0;
    await a.mustRenew(run!.id);
    expect(statements.filter((s) => RENEWAL.test(s))).toHaveLength(0);
    // Before the lease expires nobody can take it…
    const early: number[] = [];
    for await (const r of b.takeOverExpired()) early.push(r.id);
    expect(early).not.toContain(run!.id);
    // …after it, b takes it, and a's next heartbeat says so.
    clock.advance(LEASE_MS + 1000);
    const taken: number[] = [];
    for await (const r of b.takeOverExpired()) taken.push(r.id);
    expect(taken).toContain(run!.id);
    await expect(a.mustRenew(run!.id)).rejects.toBeInstanceOf(LeaseLost);
    await expect(b.mustRenew(run!.id)).resolves.toBeUndefined();
    expect((await db.models.ReportRun.findByPk(run!.id))!.owner).toBe('app-b');
  });
});
