import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/**
 * The helpdesk corrects a submission's proposal in the browser: the edit form offers only the
 * proposal (as JSON text, the masked NIK as the helpdesk sees it) and the override reason —
 * category, employee, OPD, status and dates are not on the form — and saving changes the
 * proposal, keeps the stored NIK and bumps the version.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

const NIK = '3313066101900009';

run('submission edit in the browser', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let submissionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedSmallRegency(t.db);
    const e = s.employees.find((x) => x.opdId === s.opdA.id)!;
    const sub = await t.db.models.Submission.create({
      employeeId: e.id,
      opdId: e.opdId,
      campaignId: s.campaign.id,
      category: 'data_personal',
      proposedValues: { nik: NIK, alamat: 'Jl. Lawu 1' },
      submittedAt: new Date(Date.now() - 3600_000),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });
    submissionId = sub.id;
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('offers only the proposal, saves it, keeps the NIK and bumps the version', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'helpdesk@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);

    await page.goto(`${baseUrl}/admin/resources/submissions/records/${submissionId}/edit`);
    const textarea = page.locator('textarea').first();
    await textarea.waitFor({ timeout: 60_000 });
    const shown = await textarea.inputValue();
    expect(JSON.parse(shown)).toEqual({ nik: '3313xxxxxxxx0009', alamat: 'Jl. Lawu 1' });
    const html = await page.content();
    expect(html).not.toContain(NIK);
    // nothing but the proposal and the override reason can be changed here
    const labels = await page.locator('form label').allInnerTexts();
    expect(labels.map((l) => l.replace(/\s*\*$/, '').trim())).toEqual(['Data yang diusulkan', 'Alasan di luar jadwal tahap']);
    fs.mkdirSync(path.join(t.config.varDir, 'screens'), { recursive: true });
    await page.screenshot({
      path: path.join(process.env.SCREENSHOT_DIR ?? path.join(t.config.varDir, 'screens'), 'submission-edit.png'),
      fullPage: true,
    });

    await textarea.fill(JSON.stringify({ nik: '3313xxxxxxxx0009', alamat: 'Dk. Krajan RT 02/RW 05' }, null, 2));
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/records/${submissionId}/edit`) && r.request().method() === 'POST'),
      page.click('[data-testid="button-save"]'),
    ]);
    await page.waitForURL(/\/admin\/resources\/submissions(\?|$)/, { timeout: 30_000 });

    const row = (await t.db.models.Submission.findByPk(submissionId))!;
    expect(row.proposedValues).toEqual({ nik: NIK, alamat: 'Dk. Krajan RT 02/RW 05' });
    expect(row.version).toBe(1);
    expect(row.status).toBe('submitted');
    expect(await t.db.models.AuditLog.count({ where: { action: 'update', resource: 'submissions', recordId: String(submissionId) } })).toBe(
      1,
    );
    await page.close();
  }, 180_000);
});
