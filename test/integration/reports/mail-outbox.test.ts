import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import {
  EMAILS,
  FROM,
  REPLY_TO,
  makeRunService,
  nextMinute,
  seedReportData,
  tempVarDir,
  testClock,
  type Seeded,
} from '../../helpers/report-fixtures.js';
import { mailRecipients } from '../../helpers/smtp.js';
import { createMailer, type Mailer } from '../../../src/domain/reports/delivery/mailer.js';
import type { ReportRunService } from '../../../src/domain/reports/report-run.service.js';

/**
 * Without SMTP_URL (the embedded quick start) mail is written as .eml files to var/outbox:
 * real RFC 822 messages that parse back with the attachment. The outbox also knows exactly
 * whether a message was written, so an interrupted send is never duplicated there.
 */

describe('report mail to the .eml outbox', () => {
  let db: TestDb;
  let seeded: Seeded;
  let varDir: string;
  let outboxDir: string;
  let mailer: Mailer;
  let svc: ReportRunService;
  const fire = nextMinute(new Date(), 2);
  const clock = testClock(new Date(fire.getTime() + 1000));
  const emlFiles = () => (fs.existsSync(outboxDir) ? fs.readdirSync(outboxDir).filter((f) => f.endsWith('.eml')) : []);

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    varDir = tempVarDir();
    outboxDir = path.join(varDir, 'outbox');
    mailer = createMailer({ smtpUrl: null, outboxDir, from: FROM, replyTo: REPLY_TO });
    svc = makeRunService({ models: db.models, sequelize: db.sequelize, mailer, varDir, now: clock.now });
  });
  afterAll(async () => {
    await mailer?.close();
    await db?.destroy();
    fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('writes one parseable .eml per delivery, with headers and the workbook attached', async () => {
    expect(mailer.kind).toBe('outbox');
    const r = await svc.runSchedule(seeded.opdSchedule.id, fire, { trigger: 'schedule' });
    expect(r).toMatchObject({ claimed: true, status: 'done', counts: { sent: 2 } });
    const files = emlFiles();
    expect(files).toHaveLength(2);
    expect(fs.readdirSync(outboxDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files) expect(f).toMatch(/^\d{8}T\d{9}Z-pdm\..+@ujicoba\.example\.eml$/);

    const parsed = await Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(outboxDir, f)))));
    const dk = parsed.find((p) => mailRecipients(p).to.includes(EMAILS.dinkesHead))!;
    expect(dk).toBeDefined();
    expect(mailRecipients(dk).cc.sort()).toEqual([EMAILS.dinkesSecretary, EMAILS.extra].sort());
    expect(dk.from?.value[0].address).toBe('bkpsdm@ujicoba.example');
    expect(dk.replyTo?.value[0].address).toBe(REPLY_TO);
    expect(dk.subject).toMatch(/^Laporan PDM ASN — Dinas Kesehatan — per /);
    expect(dk.text).toContain('Jumlah ASN: 6 orang');
    expect(dk.attachments).toHaveLength(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dk.attachments[0].content as never);
    expect(wb.getWorksheet('Ringkasan')).toBeDefined();
    // The recorded message id is the file's Message-ID.
    const d = await db.models.ReportDelivery.findOne({ where: { runId: r.runId!, recipient: EMAILS.dinkesHead } });
    expect(d!.messageId).toBe(dk.messageId);
  });

  it('an interrupted send whose .eml was already written is marked sent, not written again', async () => {
    const d = (await db.models.ReportDelivery.findOne({ where: { recipient: EMAILS.jatenHead } }))!;
    // As if the process died right after writing the file, before recording the result.
    await db.models.ReportDelivery.update(
      { status: 'sending', messageId: null, sentAt: null, nextAttemptAt: new Date(clock.now().getTime() + 60_000) },
      { where: { id: d.id } },
    );
    await db.models.ReportRun.update(
      { status: 'running', finishedAt: null, leaseUntil: new Date(clock.now().getTime() + 60_000) },
      { where: { id: d.runId } },
    );
    clock.advance(5 * 60_000);
    await svc.recover();
    const after = (await db.models.ReportDelivery.findByPk(d.id))!;
    expect(after.status).toBe('sent');
    expect(after.messageId).toBe(d.messageId);
    expect(emlFiles()).toHaveLength(2);
    expect((await db.models.ReportRun.findByPk(d.runId))!.status).toBe('done');
  });
});
