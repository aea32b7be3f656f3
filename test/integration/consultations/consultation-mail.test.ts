import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import { createApp, type App } from '../../../src/app.js';
import { createContainer, type Container } from '../../../src/container.js';
import { createLogger } from '../../../src/logger.js';
import { consultationNoticesJob } from '../../../src/jobs/index.js';
import { runJob } from '../../../src/jobs/job.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { login, seedSmallRegency, testConfig } from '../../helpers/app.js';
import { startSmtpServer, type TestSmtp } from '../../helpers/smtp.js';

/**
 * "Your question was answered": the asker gets the e-mail ONCE, from a real SMTP server on
 * loopback, however often (and however concurrently) the outbox job runs; a refused send is
 * retried later, and still arrives once.
 */

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const runOnce = (container: Container) =>
  runJob(consultationNoticesJob(container.services), { fireTime: new Date(), trigger: 'manual', logger: silent });

describe('consultation notices by e-mail (real SMTP on loopback)', () => {
  let smtp: TestSmtp;
  let db: TestDb;
  let container: Container;
  let built: App;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let subA: number;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    db = await createTestDb();
    const config = testConfig({ SMTP_URL: smtp.url, APP_BASE_URL: 'http://pdm.ujicoba.example' });
    container = createContainer({ config, db, logger: createLogger('silent') });
    built = createApp(container);
    s = await seedSmallRegency(db);
    subA = (await db.models.Submission.findOne({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] }))!.id;
  }, 60_000);
  afterAll(async () => {
    await container?.close();
    await db?.destroy();
    await smtp?.close();
    if (container) fs.rmSync(container.config.varDir, { recursive: true, force: true });
  });

  it('the asker receives the answer once, even when the job runs twice (and at the same time)', async () => {
    const verifier = await login(built.app, 'verifikator.dinkes@uji.example');
    const approver = await login(built.app, 'approver@uji.example');
    const asked = await verifier
      .post(`/admin/api/resources/submissions/records/${subA}/consultAsk`)
      .field('body', 'Ijazah luar negeri, perlu penyetaraan?');
    expect((asked.body as { notice: { type: string } }).notice.type).toBe('success');
    // Nothing is sent for a question.
    await runOnce(container);
    expect(smtp.messages).toHaveLength(0);

    const answered = await approver
      .post(`/admin/api/resources/submissions/records/${subA}/consultAnswer`)
      .field('body', 'Ya, perlu penyetaraan ijazah dari Kemendikbudristek.');
    expect((answered.body as { notice: { type: string } }).notice.type).toBe('success');

    // Two runs at once, then two more after: one claim wins, the others find nothing due.
    const results = await Promise.all([runOnce(container), runOnce(container)]);
    await runOnce(container);
    await runOnce(container);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    const mails = smtp.to('verifikator.dinkes@uji.example');
    expect(mails).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    const mail = mails[0].parsed;
    expect(mail.subject).toBe(`Pertanyaan Anda tentang usul #${subA} telah dijawab BKPSDM`);
    expect(mail.text).toContain('Ya, perlu penyetaraan ijazah dari Kemendikbudristek.');
    expect(mail.text).toContain('approver (Persetujuan BKPSDM)');
    expect(mail.text).toMatch(/pada \d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB:/);
    expect(mail.text).toContain(`http://pdm.ujicoba.example/admin/resources/submissions/records/${subA}/show`);
    const notice = await db.models.ConsultationNotice.findOne();
    expect(notice).toMatchObject({ status: 'sent', attempts: 1, recipient: 'verifikator.dinkes@uji.example' });
    expect(notice!.sentAt).toBeInstanceOf(Date);
  }, 60_000);

  it('a refused send is retried after its backoff and still arrives once', async () => {
    smtp.reset();
    smtp.refuse(1, 451);
    const helpdesk = await login(built.app, 'helpdesk@uji.example');
    const res = await helpdesk
      .post(`/admin/api/resources/submissions/records/${subA}/consultAnswer`)
      .field('body', 'Tambahan: unggah surat penyetaraan setelah terbit.');
    expect((res.body as { notice: { type: string } }).notice.type).toBe('success');
    await runOnce(container);
    const row = await db.models.ConsultationNotice.findOne({ order: [['id', 'DESC']] });
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/451|Coba lagi/);
    expect(smtp.refused).toHaveLength(1);
    // Not due yet: another run sends nothing.
    await runOnce(container);
    expect(smtp.messages).toHaveLength(0);
    // Once due, it goes out — once.
    await row!.update({ nextAttemptAt: new Date(Date.now() - 1000) });
    await Promise.all([runOnce(container), runOnce(container)]);
    await runOnce(container);
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to('verifikator.dinkes@uji.example')).toHaveLength(1);
    expect(smtp.messages[0].parsed.text).toContain('Tambahan: unggah surat penyetaraan setelah terbit.');
    await row!.reload();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  }, 60_000);
});
