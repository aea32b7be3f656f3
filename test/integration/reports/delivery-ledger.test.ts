import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Op } from 'sequelize';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';
import {
  EMAILS,
  FROM,
  REPLY_TO,
  makeRunService,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';
import { figuresHash } from '../../../src/domain/reports/delivery/run-planner.js';

/**
 * The delivery ledger over real SMTP: "resend failed only" makes again just the deliveries that
 * failed (recorded in the audit trail and on the run), and a schedule with skip-if-unchanged
 * records a delivery as skipped when the recipient's figures equal those last sent to them.
 */

const DAY = 86400_000;

describe('delivery ledger', () => {
  let db: TestDb;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Seeded;
  let svc: ReportRunService;
  let varDir: string;
  // 07:00 WIB days, a week ahead: each run its own period.
  const day0 = new Date(Math.ceil(Date.now() / DAY) * DAY + 7 * DAY);
  const clock = testClock(day0);

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models, day0);
    smtp = await startSmtpServer();
    varDir = tempVarDir();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: `${varDir}/outbox`, from: FROM, replyTo: REPLY_TO });
    svc = makeRunService({ models: db.models, sequelize: db.sequelize, mailer, varDir, now: clock.now });
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
    await db?.destroy();
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('"resend failed only": with one recipient refused, the resend reaches only that recipient', async () => {
    smtp.reset();
    smtp.refuseRecipient(EMAILS.jatenHead, 550);
    const fire = new Date(day0.getTime() + 60_000);
    clock.set(fire);
    const first = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(first).toMatchObject({ claimed: true, status: 'partial', counts: { total: 2, sent: 1, failed: 1 } });
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(0);

    smtp.refuseRecipient(null);
    clock.advance(5 * 60_000);
    const again = await svc.resendFailed(first.runId!, seeded.users.admin);
    expect(again).toMatchObject({ runId: first.runId, status: 'done', counts: { total: 2, sent: 2, failed: 0 } });
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1); // not again
    expect(smtp.messages).toHaveLength(2);

    const audit = await db.models.AuditLog.findOne({ where: { action: 'report_resend_failed', recordId: first.runId } });
    expect(audit).not.toBeNull();
    expect(audit!.userId).toBe(seeded.users.admin);
    expect(JSON.stringify(audit!.afterData)).toContain(EMAILS.jatenHead);
    expect(JSON.stringify(audit!.afterData)).not.toContain(EMAILS.dinkesHead);
    const run = (await db.models.ReportRun.findByPk(first.runId!))!;
    expect(run.error).toContain(`Kirim ulang yang gagal`);
    expect(run.error).toContain(EMAILS.jatenHead);

    // Nothing failed any more: a second resend is refused, and sends nothing.
    await expect(svc.resendFailed(first.runId!, seeded.users.admin)).rejects.toThrow('Tidak ada penerima yang gagal');
    expect(smtp.messages).toHaveLength(2);
  });

  it('skip-if-unchanged: unchanged figures are recorded as skipped, changed ones are sent', async () => {
    await db.models.ReportSchedule.update({ skipUnchanged: true }, { where: { id: seeded.opdSchedule.id } });
    smtp.reset();
    const fire1 = new Date(day0.getTime() + DAY);
    clock.set(fire1);
    // The last sent deliveries (previous test) are compared: unchanged figures → both skipped.
    const r1 = await svc.runSchedule(seeded.opdSchedule.id, fire1, { trigger: 'schedule', asOf: new Date(day0.getTime() + 60_000) });
    expect(r1).toMatchObject({ claimed: true, status: 'done', counts: { total: 2, sent: 0, skipped: 2 } });
    expect(smtp.messages).toHaveLength(0);
    const skipped = await db.models.ReportDelivery.findAll({ where: { runId: r1.runId! } });
    for (const d of skipped) {
      expect(d.status).toBe('skipped');
      expect(d.figuresHash).toBe(figuresHash(d.summary));
      expect(d.lastError).toMatch(/^Dilewati: angka sama/);
      expect(d.openKey).toBeNull();
    }

    // Dinas Kesehatan's figures change (one more MySAPK activation); Kecamatan Jaten's do not.
    const asOf2 = new Date(day0.getTime() + 60_000 + 1000);
    const emp = await db.models.Employee.findOne({
      where: { opdId: seeded.opd.dinkes, active: true, mysapkActivatedAt: { [Op.is]: null } },
    });
    expect(emp).not.toBeNull();
    await emp!.update({ mysapkActivatedAt: new Date(asOf2.getTime() - 500) });
    const fire2 = new Date(day0.getTime() + 2 * DAY);
    clock.set(fire2);
    const r2 = await svc.runSchedule(seeded.opdSchedule.id, fire2, { trigger: 'schedule', asOf: asOf2 });
    expect(r2).toMatchObject({ claimed: true, status: 'done', counts: { total: 2, sent: 1, skipped: 1 } });
    expect(smtp.to(EMAILS.dinkesHead)).toHaveLength(1);
    expect(smtp.to(EMAILS.jatenHead)).toHaveLength(0);
    const rows = await db.models.ReportDelivery.findAll({ where: { runId: r2.runId! } });
    const dinkes = rows.find((d) => d.opdId === seeded.opd.dinkes)!;
    expect(dinkes.status).toBe('sent');
    expect(dinkes.figuresHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((d) => d.opdId === seeded.opd.jaten)!.status).toBe('skipped');

    // Without the option, the same unchanged figures are sent.
    await db.models.ReportSchedule.update({ skipUnchanged: false }, { where: { id: seeded.opdSchedule.id } });
    const fire3 = new Date(day0.getTime() + 3 * DAY);
    clock.set(fire3);
    const r3 = await svc.runSchedule(seeded.opdSchedule.id, fire3, { trigger: 'schedule', asOf: asOf2 });
    expect(r3).toMatchObject({ claimed: true, status: 'done', counts: { total: 2, sent: 2, skipped: 0 } });
  });
});
