import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Server } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { makePdf } from '../helpers/pdf.js';
import { SYSTEM_ACTOR } from '../../src/domain/shared/actor.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/**
 * The flow a verifier clicks through, in headless Chromium against the real app:
 * log in, open the inbox, open a submission, view its PDF, verify it.
 */
const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`SKIP browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

run('verifier flow in the browser', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let submissionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    const sub = await t.db.models.Submission.findOne({ where: { opdId: s.opdA.id, status: 'submitted' }, order: [['id', 'ASC']] });
    submissionId = sub!.id;
    await t.services.documents.upload(
      { ...SYSTEM_ACTOR, role: 'admin' },
      { submissionId, documentType: 'ktp', originalName: 'ktp_budi.pdf', content: await makePdf('KTP Budi Santoso') },
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

  it('logs in, opens a submission from the inbox, views its PDF and verifies it', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      // Nothing may come from outside the app (a closed intranet); the browser's own PDF viewer is chrome-extension://.
      if (/^https?:/.test(r.url()) && !r.url().startsWith(baseUrl)) external.push(r.url());
    });
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'verifikator.dinkes@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);

    // The dashboard shows the inbox link; follow it.
    await page.waitForSelector('[data-testid="inbox-link"]', { timeout: 60_000 });
    await page.click('[data-testid="inbox-link"]');
    await page.waitForURL(/\/admin\/resources\/submissions/);
    const row = page.locator(`[data-id="${submissionId}"]`).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.waitForURL(new RegExp(`/admin/resources/submissions/records/${submissionId}/show`));

    // The PDF is shown next to the proposed values, served by the authorised route.
    const pdfResponse = page.waitForResponse((r) => /\/admin\/documents\/\d+\/file/.test(r.url()));
    await page.waitForSelector('[data-testid="pdf-viewer"]');
    const pdf = await pdfResponse;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expect(page.locator('[data-testid="proposed-values"]').innerText()).resolves.toContain('Jl. Lawu 1');
    await expect(page.locator('[data-testid="submission-status"]').innerText()).resolves.toContain('Input Berkas');

    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid="wf-verify"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="submission-status"]')?.textContent?.includes('Terverifikasi OPD'),
      null,
      { timeout: 30_000 },
    );
    await expect(page.locator('[data-testid="history"]').innerText()).resolves.toContain('Input Berkas → Terverifikasi OPD');

    const sub = await t.db.models.Submission.findByPk(submissionId);
    expect(sub!.status).toBe('verified');
    const events = await t.db.models.SubmissionEvent.findAll({ where: { submissionId }, order: [['id', 'ASC']] });
    expect(events.at(-1)!.toStatus).toBe('verified');
    expect(events.at(-1)!.actorUserId).toBe(s.users.verifierA.id);
    expect(external).toEqual([]);
    await page.close();
  }, 180_000);

  it("a verifier's whole day: inbox → the oldest → compare → Verifikasi → Berikutnya → BTS (note checked before the confirm) → … until the inbox is empty", async () => {
    const shots = path.resolve('var/screenshots/verifier');
    fs.mkdirSync(shots, { recursive: true });
    const inbox = await t.db.models.Submission.findAll({
      where: { opdId: s.opdA.id, status: 'submitted' },
      order: [
        ['submittedAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    expect(inbox.length).toBeGreaterThanOrEqual(3);
    // The oldest: its phone number changes (the current value is on the employee), and a scan.
    const oldest = inbox[0];
    await t.db.models.Employee.update({ phone: '081234500001' }, { where: { id: oldest.employeeId } });
    await oldest.update({ proposedValues: { alamat: 'Jl. Lawu 1', nomorHp: '081299900002' } });
    for (const sub of inbox.filter((_, i) => i % 2 === 0)) {
      await t.services.documents.upload(
        { ...SYSTEM_ACTOR, role: 'admin' },
        { submissionId: sub.id, documentType: 'ktp', originalName: `ktp_${sub.id}.pdf`, content: await makePdf(`KTP ${sub.id}`) },
      );
    }

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('input[name="email"]', 'verifikator.dinkes@uji.example');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
    await page.waitForSelector('[data-testid="inbox-link"]', { timeout: 60_000 });
    await page.click('[data-testid="inbox-link"]');
    await page.waitForURL(/\/admin\/resources\/submissions/);
    await page.waitForSelector('td[data-property-name="hasDocument"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'day-1-inbox.png'), fullPage: true });
    // The inbox, oldest first: its first row is the oldest submission.
    const firstRow = page.locator('tbody tr[data-id]').first();
    expect(await firstRow.getAttribute('data-id')).toBe(String(oldest.id));
    await firstRow.click();
    await page.waitForURL(new RegExp(`/submissions/records/${oldest.id}/show`));
    await page.waitForSelector('[data-testid="proposed-values"]', { timeout: 30_000 });

    // Compare: Indonesian labels, the current value beside the proposal, the change highlighted.
    const changed = page.locator('[data-testid="proposed-values"] tr[data-changed="true"]');
    await expect(changed.innerText()).resolves.toMatch(/Nomor HP\s+081234500001\s+081299900002/);
    await expect(page.locator('[data-testid="proposed-values"]').innerText()).resolves.not.toMatch(/nomorHp/);
    await page.screenshot({ path: path.join(shots, 'day-2-compare.png'), fullPage: true });

    let handled = 0;
    let current = oldest.id;
    for (;;) {
      const sub = inbox.find((x) => x.id === current)!;
      const hasDoc = inbox.indexOf(sub) % 2 === 0;
      await page.waitForSelector('[data-testid="submission-status"]', { timeout: 30_000 });
      if (hasDoc) {
        await page.waitForSelector('[data-testid="pdf-viewer"]');
        const before = dialogs.length;
        await page.click('[data-testid="wf-verify"]');
        await page.waitForSelector('[data-testid="action-success"]', { timeout: 30_000 });
        expect(dialogs.length).toBe(before + 1);
        await expect(page.locator('[data-testid="action-success"]').innerText()).resolves.toBe('Usul terverifikasi');
        await expect(page.locator('[data-testid="submission-status"]').innerText()).resolves.toContain('Terverifikasi OPD');
        await sub.reload();
        expect(sub.status).toBe('verified');
      } else {
        // BTS without a note: refused in Indonesian before any confirm, nothing changes.
        const before = dialogs.length;
        await page.click('[data-testid="wf-returnForFix"]');
        await page
          .getByText(/Isi catatan minimal \d+ karakter/)
          .first()
          .waitFor({ timeout: 10_000 });
        expect(dialogs.length).toBe(before);
        await sub.reload();
        expect(sub.status).toBe('submitted');
        if (handled === 1) await page.screenshot({ path: path.join(shots, 'day-3-bts-no-note.png'), fullPage: true });
        const note = `Scan KTP belum diunggah (usul ${sub.id})`;
        await page.fill('[data-testid="workflow-note"]', note);
        await page.click('[data-testid="wf-returnForFix"]');
        await page.waitForSelector('[data-testid="action-success"]', { timeout: 30_000 });
        expect(dialogs.length).toBe(before + 1);
        await expect(page.locator('[data-testid="action-success"]').innerText()).resolves.toBe('Usul dikembalikan untuk perbaikan (BTS)');
        await expect(page.locator('[data-testid="submission-status"]').innerText()).resolves.toContain('Perbaikan Dokumen (BTS)');
        await expect(page.locator('[data-testid="history"]').innerText()).resolves.toContain(note);
        await sub.reload();
        expect([sub.status, sub.lastNote]).toEqual(['needs_fix', note]);
      }
      handled += 1;
      if (handled === 1) await page.screenshot({ path: path.join(shots, 'day-4-verified.png'), fullPage: true });
      const next = page.locator('[data-testid="next-in-inbox"]');
      if ((await next.count()) === 0) break;
      const href = (await next.getAttribute('href'))!;
      current = Number(/records\/(\d+)\/show/.exec(href)![1]);
      // The next one is the next oldest still in the inbox.
      expect(current).toBe(inbox[handled].id);
      await Promise.all([page.waitForURL(new RegExp(`/records/${current}/show`)), next.click()]);
    }
    expect(handled).toBe(inbox.length);
    const events = await t.db.models.SubmissionEvent.findAll({ where: { actorUserId: s.users.verifierA.id } });
    expect(
      events
        .filter((e) => inbox.some((x) => x.id === e.submissionId))
        .map((e) => e.toStatus)
        .sort(),
    ).toEqual(inbox.map((_, i) => (i % 2 === 0 ? 'verified' : 'needs_fix')).sort());

    // The inbox has moved: nothing left.
    await page.goto(`${baseUrl}/admin/resources/submissions?filters.inbox=true`);
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('table, [data-testid="no-records"], .adminjs_NoRecords, h4, h3', { timeout: 30_000 });
    expect(await page.locator('tbody tr[data-id]').count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'day-5-inbox-empty.png'), fullPage: true });
    expect(await t.db.models.Submission.count({ where: { opdId: s.opdA.id, status: 'submitted' } })).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('logs out from the user menu of the top bar (a POST from the page), and the GET page offers the same button', async () => {
    const shots = path.join(os.tmpdir(), 'pdm-e2e');
    fs.mkdirSync(shots, { recursive: true });
    const sessions = () => t.db.models.Session.count({ where: { userId: s.users.verifierA.id } });
    const page = await browser.newPage();
    const signIn = async () => {
      await page.goto(`${baseUrl}/admin/login`);
      await page.fill('input[name="email"]', 'verifikator.dinkes@uji.example');
      await page.fill('input[name="password"]', TEST_PASSWORD);
      // Back to the page that asked for the login, or the dashboard.
      await Promise.all([
        page.waitForURL((u) => u.pathname.startsWith('/admin') && !u.pathname.startsWith('/admin/login')),
        page.click('form button'),
      ]);
      await page.waitForSelector('[data-testid="logged-in"]', { timeout: 60_000 });
    };
    await signIn();
    const before = await sessions();
    expect(before).toBeGreaterThanOrEqual(1);

    // The user menu: hover the name, the entry "Keluar" posts the logout form.
    await page.hover('[data-testid="logged-in"]');
    const entry = page.locator('[data-testid="logged-in"]').getByText('Keluar');
    await entry.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(shots, 'logout-menu.png') });
    const posted = page.waitForRequest((r) => new URL(r.url()).pathname === '/admin/logout');
    await entry.click();
    const request = await posted;
    expect(request.method()).toBe('POST');
    await page.waitForURL(`${baseUrl}/admin/login`);
    await page.waitForSelector('input[name="email"]');
    await page.screenshot({ path: path.join(shots, 'logout-done.png') });
    expect(await sessions()).toBe(before - 1);
    await page.goto(`${baseUrl}/admin/resources/submissions`);
    await page.waitForURL(/\/admin\/login/);

    // An old bookmark of the logout URL (a GET): nothing ends until the user presses the button.
    await signIn();
    await page.goto(`${baseUrl}/admin/logout`);
    await page.waitForSelector('[data-testid="logout-confirm"]');
    await page.screenshot({ path: path.join(shots, 'logout-confirm.png') });
    expect(await sessions()).toBe(before);
    await Promise.all([page.waitForURL(`${baseUrl}/admin/login`), page.click('[data-testid="logout-confirm"]')]);
    expect(await sessions()).toBe(before - 1);
    await page.close();
  }, 180_000);
});
