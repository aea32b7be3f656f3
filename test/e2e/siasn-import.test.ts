import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { SAMPLE_FILES } from '../helpers/siasn-samples.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/** The admin imports the sample ASN export in the browser: upload, map the units, preview, commit. */
const run = hasChromium() ? describe : describe.skip;
const SHOTS = path.resolve('var/screenshots/admin');

run('SIASN import in the browser', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('uploads the sample, maps the unknown units, sees the preview, commits; the employees are in the right OPD', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'admin@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
    await page.goto(`${baseUrl}/admin/pages/siasnImport`);
    await page.waitForSelector('[data-testid="siasn-import"]', { timeout: 90_000 });
    await page.setInputFiles('#import-file', SAMPLE_FILES.asn.pathname);
    await page.click('[data-testid="import-upload"]');
    await page.waitForSelector('[data-testid="import-units"]', { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'import-1-units.png'), fullPage: false });
    await expect(page.locator('[data-testid="import-counts"]').innerText()).resolves.toContain('500 bermasalah');
    // Units with no suggestion: the first OPD of the list (the suggestions are prefilled).
    for (const select of await page.locator('[data-testid="import-units"] select').all()) {
      if ((await select.inputValue()) === '0') await select.selectOption(String(s.opdB.id));
    }
    await page.click('[data-testid="import-save-units"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-counts"]')?.textContent?.includes('500 baru'), null, {
      timeout: 60_000,
    });
    await page.screenshot({ path: path.join(SHOTS, 'import-2-preview.png'), fullPage: false });
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-notice"]', { timeout: 60_000 });
    await expect(page.locator('[data-testid="import-notice"]').innerText()).resolves.toContain('500 baris diimpor');
    await page.screenshot({ path: path.join(SHOTS, 'import-3-done.png'), fullPage: false });

    // Heru Hidayat (Dinas Kesehatan in SIASN) is in Dinas Kesehatan's employee list.
    await page.goto(`${baseUrl}/admin/resources/employees?filters.opdId=${s.opdA.id}&filters.name=Heru%20Hidayat`);
    await page.waitForSelector('text=Heru Hidayat, S.H.', { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'import-4-employees.png'), fullPage: false });
    const heru = await t.db.models.Employee.findOne({ where: { nip: '199304012016111001' } });
    expect(heru!.opdId).toBe(s.opdA.id);
  }, 300_000);
});
