import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';
import {
  EMAILS,
  FROM,
  REPLY_TO,
  makeRunService,
  nextMinute,
  seedReportData,
  tempVarDir,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import { jakartaMinute } from '../../../src/domain/shared/time.js';

/**
 * A real crash: a child process (node --import tsx) runs a schedule against the same database; the SMTP server
 * accepts the first message and hangs on the second; the child is killed with SIGKILL mid-send.
 * Recovery in this process finishes the run and every recipient ends up with exactly one mail.
 */

const ROOT = path.resolve(process.cwd());

describe('report run killed with SIGKILL mid-send', () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let varDir: string;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await mailer?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('is finished by another instance after the lease, each recipient getting exactly one mail', async () => {
    const fire = nextMinute(new Date(), 1);
    const leaseMs = 30_000;
    const stalled = smtp.stall(1); // accept one message, then hang
    let output = '';
    // `node --import tsx` (not the tsx CLI, which runs the script in a second process that
    // would survive the kill of the first).
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/report-run-child.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DB_URL: db.url,
        SMTP_URL: smtp.url,
        VAR_DIR: varDir,
        SCHEDULE_ID: String(seeded.opdSchedule.id),
        FIRE_ISO: fire.toISOString(),
        INSTANCE_ID: 'child-instance',
        LEASE_MS: String(leaseMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += String(c)));
    child.stderr!.on('data', (c) => (output += String(c)));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ? -1 : code)));

    await Promise.race([
      stalled,
      exited.then(() => {
        throw new Error(`child exited before stalling:\n${output}`);
      }),
    ]);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    smtp.release();

    const runKey = `${seeded.opdSchedule.id}:${jakartaMinute(fire)}`;
    const run = await db.models.ReportRun.findOne({ where: { runKey } });
    expect(run).not.toBeNull();
    expect(run!.status).toBe('running');
    expect(run!.owner).toBe('child-instance');
    const before = await db.models.ReportDelivery.findAll({ where: { runId: run!.id } });
    expect(before.map((d) => `${d.status}:${d.lastError}`).sort()).toEqual(['sending:null', 'sent:null']);
    expect(smtp.messages).toHaveLength(1);

    // A new instance, after the lease (and the sending lease) expired.
    const later = new Date(Date.now() + leaseMs + 5000);
    const svc = makeRunService({
      models: db.models,
      sequelize: db.sequelize,
      mailer,
      varDir,
      now: () => later,
      config: { instanceId: 'recoverer', leaseMs },
    });
    const rec = await svc.recover();
    expect(rec.takenOver).toEqual([run!.id]);
    const after = await db.models.ReportRun.findByPk(run!.id);
    expect(after!.status).toBe('done');
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    for (const d of await db.models.ReportDelivery.findAll({ where: { runId: run!.id } })) expect(d.status).toBe('sent');

    // A second recovery pass (or another instance) sends nothing more.
    await svc.recover();
    expect(smtp.messages).toHaveLength(2);
  });
});
