import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/** The dashboard's ageing and forecast section in headless Chromium (issue 13): an OPD head sees their OPD's. */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

run('dashboard ageing and forecast in the browser', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedSmallRegency(t.db);
    await s.campaign.update({ holidays: '2000-01-03 Libur uji' });
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('shows the forecast line and the ageing table of the OPD head', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'kepala.dinkes@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
    const sentence = page.getByTestId('forecast-sentence');
    await sentence.waitFor({ timeout: 180_000 });
    expect(await sentence.textContent()).toMatch(/^dengan laju sekarang \(0 ASN\/hari\) tidak selesai; perlu \d+ ASN\/hari$/);
    const row = page.getByTestId('ageing-verification');
    // Verifikasi OPD, target 3 hari, 0 sesuai target, 0 berisiko, 6 terlambat.
    expect((await row.locator('td').allTextContents()).slice(0, 5)).toEqual(['Verifikasi OPD', '3 hari', '0', '0', '6']);
    expect(await page.getByTestId('ageing').textContent()).toContain('terlambat');
  }, 240_000);
});
