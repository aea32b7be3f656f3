import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Op } from 'sequelize';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { makePdf } from '../helpers/pdf.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';
import type { HelpdeskTicket } from '../../src/db/models/index.js';

/**
 * The consultation in the browser, against the real app: the verifier asks BKPSDM on a submission
 * page (with a PDF), sees "menunggu jawaban BKPSDM" in the inbox; the approver finds it in the
 * dashboard's queue and answers on the same page; the verifier sees the answer with who and when.
 * Screenshots: var/screenshots/verifier/consult-*.png and var/screenshots/approver/consult-*.png.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

const SHOTS = path.resolve('var/screenshots');
const WIB = /\d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB/;

run('consultation with BKPSDM in the browser', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let submissionId: number;
  let pdfPath: string;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const sub = await t.db.models.Submission.findOne({ where: { opdId: s.opdA.id, status: 'submitted' }, order: [['id', 'ASC']] });
    submissionId = sub!.id;
    pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-consult-')), 'ijazah-luar-negeri.pdf');
    fs.writeFileSync(pdfPath, await makePdf('Ijazah luar negeri'));
    for (const role of ['verifier', 'approver']) fs.mkdirSync(path.join(SHOTS, role), { recursive: true });
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
    if (pdfPath) fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
  });

  const signIn = async (email: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
    return page;
  };
  // AdminJS scrolls inside its own container (a full-page shot shows the top only): bring the
  // thread into view, then take the viewport.
  const shot = async (page: Page, role: string, name: string) => {
    await page.locator('[data-testid="consultation"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, role, `${name}.png`) });
  };
  const openSubmission = async (page: Page) => {
    await page.goto(`${baseUrl}/admin/resources/submissions/records/${submissionId}/show`);
    await page.waitForSelector('[data-testid="consultation"]', { timeout: 90_000 });
  };

  it('the verifier asks, the approver answers, the verifier sees the answer', async () => {
    // The verifier asks on the submission page, with a PDF.
    const verifier = await signIn('verifikator.dinkes@uji.example');
    await verifier.waitForSelector('[data-testid="pdm-dashboard"]', { timeout: 90_000 });
    await openSubmission(verifier);
    await verifier.fill('[data-testid="consultation-body"]', 'Ijazah luar negeri, perlu penyetaraan?');
    await verifier.setInputFiles('[data-testid="consultation-file"]', pdfPath);
    await shot(verifier, 'verifier', 'consult-ask-form');
    await verifier.click('[data-testid="consultation-ask"]');
    await verifier.waitForSelector('[data-testid="consultation-message-question"]');
    await verifier.waitForSelector('[data-testid="consultation-awaiting"]');
    const asked = await verifier.locator('[data-testid="consultation"]').innerText();
    expect(asked).toContain('Ijazah luar negeri, perlu penyetaraan?');
    expect(asked).toContain('verifikator.dinkes (Verifikator OPD)');
    expect(asked).toMatch(WIB);
    expect(asked).toContain('ijazah-luar-negeri.pdf');
    expect(asked).toContain('menunggu jawaban BKPSDM');
    await shot(verifier, 'verifier', 'consult-asked');

    // The inbox shows it waiting on BKPSDM.
    await verifier.goto(`${baseUrl}/admin/resources/submissions?filters.inbox=true`);
    const row = verifier.locator(`[data-id="${submissionId}"]`).first();
    await row.waitFor({ timeout: 30_000 });
    await expect(row.innerText()).resolves.toContain('menunggu jawaban BKPSDM');
    await verifier.screenshot({ path: path.join(SHOTS, 'verifier', 'consult-inbox.png') });

    // Another question of the verifier, a week old: 5 working days whatever the weekday today (the
    // campaign's one holiday is far away), past the 2-day target — terlambat.
    await t.db.models.Campaign.update({ holidays: '2000-01-03 Libur uji' }, { where: {} });
    const other = await t.db.models.Submission.findOne({
      where: { opdId: s.opdA.id, id: { [Op.ne]: submissionId } },
      order: [['id', 'ASC']],
    });
    const v = s.users.verifierA;
    await t.services.consultations.ask({ id: v.id, email: v.email, role: 'verifier', opdId: v.opdId }, other!.id, {
      body: 'Nama di KTP berbeda satu huruf dengan SK.',
    });
    await t.db.models.Consultation.update({ waitingSince: new Date(Date.now() - 7 * 86_400_000) }, { where: { submissionId: other!.id } });

    // The approver sees it in BKPSDM's queue on the dashboard and answers on the submission page.
    const approver = await signIn('approver@uji.example');
    await approver.waitForSelector('[data-testid="bkpsdm-queue"]', { timeout: 90_000 });
    await expect(approver.locator('[data-testid="queue-questions"]').innerText()).resolves.toContain('Ijazah luar negeri');
    // Its age in working days and its state against the 2-day target: asked just now, on track.
    await expect(approver.locator(`[data-testid="queue-question-${submissionId}"]`).innerText()).resolves.toContain('hari ini');
    await expect(approver.locator(`[data-testid="queue-question-state-${submissionId}"]`).innerText()).resolves.toBe('sesuai target');
    await expect(approver.locator('[data-testid="queue-questions-total"]').innerText()).resolves.toContain('target 2 hari kerja');
    await expect(approver.locator(`[data-testid="queue-question-${other!.id}"]`).innerText()).resolves.toContain('5 hari kerja');
    await expect(approver.locator(`[data-testid="queue-question-state-${other!.id}"]`).innerText()).resolves.toBe('terlambat');
    await approver.locator('[data-testid="bkpsdm-queue"]').screenshot({ path: path.join(SHOTS, 'approver', 'consult-queue.png') });
    await openSubmission(approver);
    await approver.waitForSelector('[data-testid="consultation-answer"]');
    expect(await approver.locator('[data-testid="consultation-ask"]').count()).toBe(0);
    await approver.fill('[data-testid="consultation-body"]', 'Ya, perlu penyetaraan ijazah dari Kemendikbudristek.');
    await shot(approver, 'approver', 'consult-answer-form');
    await approver.click('[data-testid="consultation-answer"]');
    await approver.waitForSelector('[data-testid="consultation-message-answer"]');
    await expect(approver.locator('[data-testid="consultation"]').innerText()).resolves.toContain('approver (Persetujuan BKPSDM)');
    await shot(approver, 'approver', 'consult-answered');

    // The verifier sees the answer; the page no longer says it waits for BKPSDM.
    await openSubmission(verifier);
    await verifier.waitForSelector('[data-testid="consultation-message-answer"]');
    const thread = await verifier.locator('[data-testid="consultation"]').innerText();
    expect(thread).toContain('Ya, perlu penyetaraan ijazah dari Kemendikbudristek.');
    expect(thread).toContain('approver (Persetujuan BKPSDM)');
    expect(await verifier.locator('[data-testid="consultation-awaiting"]').count()).toBe(0);
    await shot(verifier, 'verifier', 'consult-answer-seen');

    const messages = await t.db.models.ConsultationMessage.findAll({ where: { submissionId }, order: [['id', 'ASC']] });
    expect(messages.map((m) => [m.kind, m.authorUserId])).toEqual([
      ['question', s.users.verifierA.id],
      ['answer', s.users.approver.id],
    ]);
    expect(messages[0].attachmentName).toBe('ijazah-luar-negeri.pdf');
    expect((await t.db.models.Submission.findByPk(submissionId))!.awaitingBkpsdm).toBe(false);
    expect(await t.db.models.ConsultationNotice.count({ where: { recipient: 'verifikator.dinkes@uji.example' } })).toBe(1);
  }, 300_000);

  it('helpdesk opens a ticket from the submission page; the ticket shows the submission status and history', async () => {
    fs.mkdirSync(path.join(SHOTS, 'helpdesk'), { recursive: true });
    const helpdesk = await signIn('helpdesk@uji.example');
    await openSubmission(helpdesk);
    await Promise.all([
      helpdesk.waitForURL(/helpdesk_tickets\/actions\/new\?submissionId=/),
      helpdesk.click('[data-testid="open-ticket"]'),
    ]);
    // The link filled the form: the submission, and the kind "Usul pemutakhiran".
    await helpdesk.waitForSelector('input#submissionId');
    await expect(helpdesk.locator('input#submissionId').inputValue()).resolves.toBe(String(submissionId));
    await helpdesk.fill('input#reporterName', 'Pegawai DINKES 0');
    await helpdesk.fill('textarea#description', 'Tidak dapat mengunggah ijazah luar negeri');
    await helpdesk.screenshot({ path: path.join(SHOTS, 'helpdesk', 'consult-ticket-new.png') });
    await helpdesk.click('[data-testid="button-save"]');
    await helpdesk.waitForURL(/helpdesk_tickets\/records\/\d+\/show|helpdesk_tickets(\?|$)/, { timeout: 30_000 }).catch(async () => {
      await helpdesk.screenshot({ path: path.join(SHOTS, 'helpdesk', 'consult-ticket-error.png') });
    });
    let ticket: HelpdeskTicket | null = null;
    for (let i = 0; i < 60 && !ticket; i++) {
      ticket = await t.db.models.HelpdeskTicket.findOne({ where: { submissionId } });
      if (!ticket) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ticket).toMatchObject({ submissionId, employeeId: s.employees[0].id, kind: 'submission', opdId: s.opdA.id });
    await helpdesk.goto(`${baseUrl}/admin/resources/helpdesk_tickets/records/${ticket!.id}/show`);
    await helpdesk.waitForSelector('[data-testid="ticket-submission-status"]', { timeout: 60_000 });
    await expect(helpdesk.locator('[data-testid="ticket-submission-status"]').innerText()).resolves.toBe('Input Berkas');
    await helpdesk.locator('[data-testid="ticket-submission"]').scrollIntoViewIfNeeded();
    await helpdesk.screenshot({ path: path.join(SHOTS, 'helpdesk', 'consult-ticket-show.png') });
  }, 300_000);
});
