import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { PDF_FIXTURE_DIR, readPdfFixture } from '../helpers/pdf-fixtures.js';
import { campaignDatesIn } from '../helpers/security-fixture.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';
import { hashPassword } from '../../src/domain/users/password.js';

/**
 * The OPD head's report end to end in headless Chromium against the real app (issue 13): the
 * Kepala OPD submits the OPD's result with a proof PDF, the approver acknowledges it, the Bupati's
 * dashboard shows the OPD as reported; the guides are on every dashboard.
 * Screenshots: var/screenshots/<role>/opd-report-*.png.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

const SHOTS = path.resolve('var/screenshots');
const shot = async (page: Page, role: string, name: string) => {
  fs.mkdirSync(path.join(SHOTS, role), { recursive: true });
  // On a dashboard, the section of issue 13 (below the numbers; the panel scrolls inside its own container).
  const section = page.locator('[data-testid="closing-section"]');
  if (await section.count()) await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, role, `opd-report-${name}.png`), fullPage: true });
};

run('the OPD head’s report in the browser', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    // The campaign is over: the head may report.
    await t.db.models.Campaign.update(campaignDatesIn('after_deadline'), { where: { id: s.campaign.id } });
    await t.services.guides.upload(
      { id: s.users.approver.id, email: 'approver@uji.example', role: 'approver', opdId: null },
      {
        campaignId: s.campaign.id,
        title: 'Buku Saku PDM ASN',
        kind: 'buku_saku',
        originalName: 'buku-saku.pdf',
        content: readPdfFixture('small-ijazah.pdf'),
      },
    );
    dropStaleComponentBundle(t.config.adminTmpDir);
    ({ server, baseUrl } = await listen(t.app));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  const signIn = async (email: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
    await page.waitForSelector('[data-testid="closing-section"]', { timeout: 90_000 });
    return page;
  };

  it('Kepala submits with a proof PDF, the approver acknowledges, the Bupati’s dashboard shows the OPD reported', async () => {
    // The head: the dashboard offers "Kirim laporan" and lists the guide.
    const head = await signIn('kepala.dinkes@uji.example');
    await expect(head.locator('[data-testid="own-opd-report-state"]').innerText()).resolves.toContain('Belum melapor');
    await expect(head.locator('[data-testid="guide-link"]').innerText()).resolves.toContain('Buku Saku PDM ASN');
    await shot(head, 'opd_head', 'dashboard');
    await head.click('[data-testid="opd-report-submit-link"]');
    await head.waitForSelector('[data-testid="opd-report-submit"]', { timeout: 30_000 });
    await head.fill('[data-testid="opd-report-statement"]', 'Seluruh ASN Dinas Kesehatan telah menyelesaikan PDM sesuai Instruksi Bupati.');
    await head.setInputFiles('[data-testid="opd-report-files"]', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
    await shot(head, 'opd_head', 'submit-form');
    await head.click('[data-testid="opd-report-send"]');
    await head.waitForURL(/\/admin\/resources\/opd_reports\/records\/\d+\/show/, { timeout: 30_000 });
    const report = (await t.db.models.OpdReport.findOne({ where: { opdId: s.opdA.id } }))!;
    expect(report).toMatchObject({ status: 'submitted', version: 1 });
    const link = head.locator('[data-testid="opd-report-proof-link"]');
    await link.waitFor({ timeout: 30_000 });
    await expect(link.innerText()).resolves.toBe('scan-ktp.pdf');
    const proofHref = (await link.getAttribute('href'))!;
    const pdf = await head.request.get(`${baseUrl}${proofHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expect(head.getByText('Menunggu tanggapan BKPSDM, ').first().innerText()).resolves.toMatch(/pukul \d{2}\.\d{2} WIB/);
    await expect(head.getByText('kepala.dinkes (kepala.dinkes@uji.example)').count()).resolves.toBe(1);
    await shot(head, 'opd_head', 'submitted');

    // The approver acknowledges it from its page.
    const approver = await signIn('approver@uji.example');
    await approver.goto(`${baseUrl}/admin/resources/opd_reports/records/${report.id}/acknowledge`);
    await approver.waitForSelector('[data-testid="confirm-run"]', { timeout: 30_000 });
    await shot(approver, 'approver', 'acknowledge');
    await approver.click('[data-testid="confirm-run"]');
    await approver.waitForFunction(() => document.body.innerText.includes('Laporan OPD diterima'), null, { timeout: 30_000 });
    expect((await t.db.models.OpdReport.findByPk(report.id))!.status).toBe('acknowledged');
    await shot(approver, 'approver', 'acknowledged');

    // The Bupati: the OPD shows as reported (acknowledged), the other one as not yet.
    const regent = await signIn('bupati@uji.example');
    const rowA = regent.locator(`[data-testid="opd-report-row-${s.opdA.id}"]`);
    await rowA.waitFor({ timeout: 30_000 });
    await expect(rowA.innerText()).resolves.toMatch(/Dinas Kesehatan[\s\S]*Diterima BKPSDM/);
    await expect(regent.locator(`[data-testid="opd-report-row-${s.opdB.id}"]`).innerText()).resolves.toContain('Belum melapor');
    await expect(regent.locator('[data-testid="guide-link"]').innerText()).resolves.toContain('Buku Saku PDM ASN');
    await regent.locator('[data-testid="opd-reports-table"]').scrollIntoViewIfNeeded();
    await shot(regent, 'regent', 'dashboard');

    // The head's dashboard now says so too.
    await head.goto(`${baseUrl}/admin`);
    await head.waitForSelector('[data-testid="own-opd-report-state"]', { timeout: 30_000 });
    await expect(head.locator('[data-testid="own-opd-report-state"]').innerText()).resolves.toContain('Diterima BKPSDM');
    await shot(head, 'opd_head', 'dashboard-acknowledged');

    // Another OPD's head sees nothing of it (not listed, not by its address, not its proof), and
    // "Kirim laporan" sends their own OPD's report: Dinas Kesehatan's stays as the approver left it.
    await t.db.models.User.create({
      email: 'kepala.jaten@uji.example',
      name: 'kepala.jaten',
      passwordHash: await hashPassword(TEST_PASSWORD),
      role: 'opd_head',
      opdId: s.opdB.id,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    const other = await signIn('kepala.jaten@uji.example');
    await expect(other.locator('[data-testid="own-opd-report-state"]').innerText()).resolves.toContain('Belum melapor');
    await other.goto(`${baseUrl}/admin/resources/opd_reports/records/${report.id}/show`);
    await other.waitForLoadState('networkidle');
    expect(await other.getByText('Seluruh ASN Dinas Kesehatan').count()).toBe(0);
    expect(await other.locator('[data-testid="opd-report-proof-link"]').count()).toBe(0);
    await shot(other, 'opd_head', 'other-opd-show');
    const proof = await other.request.get(`${baseUrl}${proofHref}`);
    expect([403, 404]).toContain(proof.status());
    await other.goto(`${baseUrl}/admin/resources/opd_reports/actions/submitReport`);
    await other.waitForSelector('[data-testid="opd-report-submit"]', { timeout: 30_000 });
    await other.fill('[data-testid="opd-report-statement"]', 'Seluruh ASN Kecamatan Jaten telah menyelesaikan PDM.');
    await other.setInputFiles('[data-testid="opd-report-files"]', path.join(PDF_FIXTURE_DIR, 'scan-ktp.pdf'));
    await other.click('[data-testid="opd-report-send"]');
    await other.waitForURL(/\/admin\/resources\/opd_reports\/records\/\d+\/show/, { timeout: 30_000 });
    const theirs = await t.db.models.OpdReport.findAll({ order: [['id', 'ASC']] });
    expect(theirs.map((r) => [r.opdId, r.status, r.version])).toEqual([
      [s.opdA.id, 'acknowledged', 1],
      [s.opdB.id, 'submitted', 1],
    ]);
    // Their list holds their own report only.
    await other.goto(`${baseUrl}/admin/resources/opd_reports`);
    const cells = other.locator('td[data-property-name="opdId"]');
    await cells.first().waitFor({ timeout: 30_000 });
    expect(await cells.allInnerTexts()).toEqual([expect.stringContaining('Jaten')]);
    await shot(other, 'opd_head', 'other-opd-list');
  }, 420_000);
});
