import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/**
 * The dashboard's Chart.js charts in headless Chromium (issues 12 and 13): the OPD head sees the
 * stage progress and the burn-down of their OPD, the Bupati and the admin the regency's. Each
 * canvas must have drawn pixels (not blank), be an image named by its summary, and carry its
 * figures as a table for screen readers; no console error, no request outside the app.
 * Screenshots: var/screenshots/<role>/dashboard-charts{,-stages,-burndown}.png.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);
const SHOTS = path.resolve('var/screenshots');
const DAY = 86_400_000;

/** Pixels of a canvas that are not transparent, and how many distinct colours they have. */
const inked = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0) {
        n++;
        colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      }
    }
    return { n, colours: colours.size, size: c.width * c.height };
  });

run('dashboard charts in the browser', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await seedSmallRegency(t.db);
    // The ASN have been where they are since before the campaign (the seed places them now).
    await t.db.models.EmployeePlacement.update({ validFrom: new Date(Date.now() - 30 * DAY) }, { where: {} });
    // Three of Dinas Kesehatan's ASN completed on the last days (approved, with their history).
    const subs = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']], limit: 3 });
    for (const [i, sub] of subs.entries()) {
      const verifiedAt = new Date(Date.now() - 4 * DAY);
      const approvedAt = new Date(Date.now() - (3 - i) * DAY);
      await sub.update({ status: 'approved', verifiedAt, decidedAt: approvedAt, updatedAt: approvedAt }, { silent: true });
      for (const [from, to, at] of [
        ['submitted', 'verified', verifiedAt],
        ['verified', 'approved', approvedAt],
      ] as const)
        await t.db.models.SubmissionEvent.create({
          submissionId: sub.id,
          opdId: sub.opdId,
          fromStatus: from,
          toStatus: to,
          actorUserId: null,
          actorRole: 'system',
          note: null,
          overrideReason: null,
          createdAt: at,
        });
    }
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it.each([
    ['opd_head', 'kepala.dinkes@uji.example', /^Kemajuan per tahap Dinas Kesehatan: dari 6 ASN — Aktivasi MySAPK 4 /],
    ['regent', 'bupati@uji.example', /^Kemajuan per tahap kabupaten: dari 10 ASN — Aktivasi MySAPK 6 /],
    ['admin', 'admin@uji.example', /^Kemajuan per tahap kabupaten: dari 10 ASN /],
  ])(
    'draws the stage progress and the burn-down for %s, with their text summaries',
    async (role, email, stageSummary) => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
      page.on('request', (r) => !r.url().startsWith(baseUrl) && !r.url().startsWith('data:') && problems.push(`outside: ${r.url()}`));
      await page.goto(`${baseUrl}/admin/login`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', TEST_PASSWORD);
      await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
      await page.getByTestId('burndown-chart-canvas').waitFor({ timeout: 180_000 });
      await page.waitForTimeout(300);

      for (const id of ['stage-chart-canvas', 'burndown-chart-canvas']) {
        const canvas = page.getByTestId(id);
        expect(await canvas.getAttribute('role')).toBe('img');
        const ink = await inked(page, id);
        // Bars / lines, axis labels and legend: a fair share of the canvas, in several colours.
        expect(ink.n).toBeGreaterThan(ink.size * 0.01);
        expect(ink.colours).toBeGreaterThan(10);
      }
      const stage = await page.getByTestId('stage-chart-canvas').getAttribute('aria-label');
      expect(stage).toMatch(stageSummary);
      expect(await page.getByTestId('stage-chart-summary').textContent()).toBe(stage);

      const burndown = (await page.getByTestId('burndown-chart-canvas').getAttribute('aria-label'))!;
      expect(burndown).toMatch(/^Grafik sisa ASN belum selesai, per hari kerja sejak \d{1,2} [A-Z][a-z]{2}: /);
      expect(burndown).toContain('Garis ideal mencapai 0 pada batas waktu');
      const sentence = (await page.getByTestId('burndown-sentence').textContent())!;
      expect(sentence).toMatch(/^dengan laju sekarang /);
      expect(burndown).toContain(sentence);
      // The figures as a table for screen readers: one row per day of the axis, dates in Indonesian.
      const cells = await page.locator('[data-testid="burndown-chart"] table tbody tr td:first-child').allTextContents();
      expect(cells.length).toBeGreaterThan(10);
      expect(cells.every((c) => /^\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des)\b/.test(c))).toBe(true);
      expect(cells.filter((c) => c.includes('(hari ini, sampai sekarang)'))).toHaveLength(1);
      expect(await page.locator('[data-testid="stage-chart"] table tbody tr').count()).toBe(5);

      fs.mkdirSync(path.join(SHOTS, role), { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, role, 'dashboard-charts.png'), fullPage: true });
      // The panel scrolls inside its own container, which a full-page shot does not reach: the charts one by one.
      await page.getByTestId('progress-chart').screenshot({ path: path.join(SHOTS, role, 'dashboard-charts-stages.png') });
      await page.getByTestId('burndown').screenshot({ path: path.join(SHOTS, role, 'dashboard-charts-burndown.png') });
      expect(problems).toEqual([]);
      await page.close();
    },
    240_000,
  );
});
