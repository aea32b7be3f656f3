import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';
import { jakartaDate } from '../../src/domain/shared/time.js';

/**
 * "Unduh xlsx" in the browser: a verifier filters the submissions list by status, clicks the
 * list's "Unduh xlsx" button, and the downloaded file holds exactly the filtered rows of their OPD.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

const SHOTS = path.resolve('var/screenshots/verifier');

run('export of a filtered list in the browser', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    // Two of OPD A's submissions move on, so the status filter leaves some rows out.
    const own = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
    await t.db.models.Submission.update({ status: 'verified' }, { where: { id: [own[0].id, own[1].id] } });
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('a verifier filters submissions by status, clicks "Unduh xlsx" and gets the filtered rows', async () => {
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'verifikator.dinkes@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);

    await page.goto(`${baseUrl}/admin/resources/submissions?filters.status=submitted&sortBy=id&direction=desc`);
    await page.locator('[data-testid="action-export"]').first().waitFor({ timeout: 60_000 });
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'export-list-button.png') });
    await page.locator('[data-testid="action-export"]').first().click();
    const link = page.locator('[data-testid="export-download"]');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.getAttribute('href')).toBe('/admin/export/submissions.xlsx?filters.status=submitted&sortBy=id&direction=desc');
    await page.screenshot({ path: path.join(SHOTS, 'export-list.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`usul-pemutakhiran-${jakartaDate()}.xlsx`);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'ID',
      'Pegawai',
      'OPD',
      'Kategori',
      'Status',
      'Dokumen',
      'Menunggu (hari)',
      'Konsultasi BKPSDM',
      'Diajukan',
      'Catatan terakhir',
    ]);
    const ids: number[] = [];
    for (let n = 2; n <= ws.rowCount; n++) {
      ids.push(Number(ws.getRow(n).getCell(1).value));
      expect(ws.getRow(n).getCell(3).value).toBe('Dinas Kesehatan');
      expect(ws.getRow(n).getCell(5).value).toBe('Input Berkas');
    }
    const expected = await t.db.models.Submission.findAll({
      where: { opdId: s.opdA.id, status: 'submitted' },
      order: [['id', 'DESC']],
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected.map((x) => x.id));
    const audit = await t.db.models.AuditLog.findOne({ where: { action: 'export', userEmail: 'verifikator.dinkes@uji.example' } });
    expect(audit!.message).toBe(`Unduh xlsx: ${ids.length} baris`);
    await page.close();
  }, 180_000);
});
