import { describe, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, seedSmallRegency, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, listen } from '../helpers/browser.js';
import { makePdf } from '../helpers/pdf.js';
import { SYSTEM_ACTOR } from '../../src/domain/shared/actor.js';
import { dropStaleComponentBundle } from '../../src/admin/component-loader.js';

/** axe-core's own bundle, injected into the page from disk (nothing from the internet). */
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Each role's screens in headless Chromium at 1440×900, against the real app on the small
 * regency: every page is checked for what the issue found broken (console errors, failed
 * requests, a spinner left after loading, NIP/NIK wrapping inside its cell, English UI words,
 * ISO dates) and saved as a full-page screenshot under var/screenshots/<role>/.
 */

/** English words of AdminJS's own UI that must not reach an Indonesian screen (whole words, case-sensitive). */
export const ENGLISH_UI_WORDS = [
  'Yes',
  'No',
  'Select...',
  'Next Runs',
  'Dashboard',
  'List',
  'Create new',
  'Show',
  'Edit',
  'Delete',
  'Filter',
  'Save',
  'Actions',
  'Loading',
  'Log out',
  'Reset',
  'Search',
  'records',
  'Apply changes',
  'Navigation',
];

export const SCREENSHOT_DIR = path.resolve('var/screenshots');

export interface World {
  t: TestApp;
  s: Awaited<ReturnType<typeof seedSmallRegency>>;
  baseUrl: string;
  browser: Browser;
  server: Server;
  /** A submission of OPD A with a document (the verifier's first inbox item). */
  withDocument: number;
  /** A submission in a BKN category, verified (Kanreg BKN's queue). */
  bknSubmission: number;
}

export async function startWorld(): Promise<World> {
  const t = await createTestApp();
  const s = await seedSmallRegency(t.db);
  const admin = { ...SYSTEM_ACTOR, role: 'admin' as const };
  const subs = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
  await t.services.documents.upload(admin, {
    submissionId: subs[0].id,
    documentType: 'ktp',
    originalName: 'ktp.pdf',
    content: await makePdf('KTP'),
  });
  const bkn = await t.db.models.Submission.create({
    employeeId: s.employees[9].id,
    opdId: s.employees[9].opdId,
    campaignId: s.campaign.id,
    category: 'pendidikan',
    proposedValues: { jenjang: 'S1', institusi: 'Universitas Sebelas Maret', tahunLulus: 2012 },
    status: 'verified',
    submittedAt: new Date(Date.now() - 6 * 86400000),
    verifiedAt: new Date(Date.now() - 2 * 86400000),
    validatedAt: null,
    decidedAt: null,
    lastNote: null,
  } as never);
  await t.db.models.HelpdeskTicket.create({
    employeeId: s.employees[0].id,
    opdId: s.employees[0].opdId,
    nip: s.employees[0].nip,
    reporterName: s.employees[0].name,
    reporterPhone: null,
    kind: 'login_activation',
    description: 'Tidak bisa masuk MySAPK',
    status: 'open',
    handlerUserId: s.users.helpdesk.id,
    resolution: null,
    resolvedAt: null,
  });
  dropStaleComponentBundle(t.config.adminTmpDir);
  const { server, baseUrl } = await listen(t.app);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { t, s, baseUrl, browser, server, withDocument: subs[0].id, bknSubmission: bkn.id };
}

export async function stopWorld(w: World | undefined): Promise<void> {
  await w?.browser?.close();
  if (w?.server) await new Promise((r) => w.server.close(r));
  await w?.t?.close();
}

export interface Session {
  page: Page;
  problems: string[];
  /**
   * Opens a panel path, waits for it to settle, checks it and saves its screenshot; with `axe`,
   * also runs axe-core on it (a serious or critical violation is a problem).
   */
  visit(name: string, pathname: string, opts?: VisitOptions): Promise<void>;
  close(): Promise<void>;
}

export interface VisitOptions {
  waitFor?: string;
  axe?: boolean;
}

/** axe-core on the page as it is: its serious and critical violations, one line each. */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
    type AxeResults = { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[]; html: string }> }> };
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `axe ${v.impact} ${v.id} (${v.help}): ${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`)
            .join(' | ')}${v.nodes.length > 3 ? ` … +${v.nodes.length - 3}` : ''}`,
      );
  });
}

export async function signIn(w: World, role: string, email: string): Promise<Session> {
  const page = await w.browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The first page builds the component bundle; the machine may be busy.
  page.setDefaultNavigationTimeout(120_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // An iframe's PDF aborted by navigating away is not a failure of the page.
    // Navigating away aborts a page's pending calls (ERR_ABORTED): not a failure of the page.
    if (!/\/documents\/\d+\/file/.test(r.url()) && r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(w.baseUrl)) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    if (!r.url().startsWith(w.baseUrl) && /^https?:/.test(r.url())) problems.push(`external request: ${r.url()}`);
  });
  await page.goto(`${w.baseUrl}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${w.baseUrl}/admin`), page.click('form button')]);
  const dir = path.join(SCREENSHOT_DIR, role);
  fs.mkdirSync(dir, { recursive: true });

  const visit = async (name: string, pathname: string, opts: VisitOptions = {}) => {
    const before = problems.length;
    await page.goto(`${w.baseUrl}${pathname}`);
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    if (opts.waitFor) await page.waitForSelector(opts.waitFor, { timeout: 30_000 });
    // A spinner may show while the page loads its data, never after.
    try {
      await page.waitForFunction(
        () => [...document.querySelectorAll('.adminjs_Loader')].every((el) => (el as HTMLElement).offsetParent === null),
        null,
        { timeout: 15_000 },
      );
    } catch {
      problems.push(`${name}: a spinner is still visible after loading`);
    }
    // AdminJS scrolls an inner pane, not the page: a full-page shot needs a window as tall as that pane.
    const tall = await page.evaluate(() => Math.max(...[...document.querySelectorAll('body *')].map((e) => e.scrollHeight)));
    if (tall > 900) await page.setViewportSize({ width: 1440, height: Math.min(tall + 40, 8000) });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
    if (tall > 900) await page.setViewportSize({ width: 1440, height: 900 });
    const found = await page.evaluate((words) => {
      const out: string[] = [];
      // NIP/NIK cells: the text on one line, inside the cell.
      for (const td of document.querySelectorAll('td[data-property-name="nip"], td[data-property-name="nik"]')) {
        const range = document.createRange();
        range.selectNodeContents(td);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1 || td.scrollWidth > td.clientWidth + 1) out.push(`NIP/NIK wraps or overflows: "${td.textContent}"`);
      }
      // Every cell: its content inside it (nothing cut off or spilling into the next column);
      // keys and codes (id, NIP, NIK) on one line.
      for (const td of document.querySelectorAll('table td')) {
        const cell = td as HTMLElement;
        if (cell.scrollWidth > cell.clientWidth + 1) out.push(`content wider than its cell: "${cell.innerText.slice(0, 60)}"`);
        if (cell.dataset.propertyName === 'id' && cell.innerText.trim().includes('\n')) out.push(`id wraps: "${cell.innerText}"`);
      }
      const text = document.body.innerText;
      for (const word of words) {
        const re = new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\p{L}])`, 'u');
        if (re.test(text)) out.push(`English UI word "${word}"`);
      }
      const iso = text.match(/\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?\b/);
      if (iso) out.push(`ISO date "${iso[0]}"`);
      if (/\{"message":/.test(text)) out.push('raw JSON on the page');
      return out;
    }, ENGLISH_UI_WORDS);
    problems.push(...found.map((f) => `${name}: ${f}`));
    if (opts.axe) problems.push(...(await axeProblems(page)).map((f) => `${name}: ${f}`));
    if (problems.length > before) problems.splice(before, 0, `--- ${name} (${pathname})`);
  };
  return { page, problems, visit, close: () => page.close() };
}

export const list = (resource: string, query = '') => `/admin/resources/${resource}${query ? `?${query}` : ''}`;
export const show = (resource: string, id: number) => `/admin/resources/${resource}/records/${id}/show`;

/**
 * One describe block over one world (the app on the small regency and one browser, started once),
 * skipped where there is no Chromium. `world()` is the world inside the tests.
 */
export function describeRoles(title: string, body: (world: () => World) => void): void {
  (hasChromium() ? describe : describe.skip)(title, () => {
    let w: World;
    beforeAll(async () => {
      w = await startWorld();
    }, 180_000);
    afterAll(async () => {
      await stopWorld(w);
    });
    body(() => w);
  });
}

/** A screen of a tour: its name (the screenshot's), its path, what shows it has loaded, and whether axe-core checks it. */
export type Stop = [name: string, pathname: string, waitFor?: string, options?: { axe?: boolean }];

/** A tour stop's option: axe-core runs on it (each role's dashboard and main list). */
export const AXE = { axe: true } as const;

/**
 * Signs in as one role, visits every stop (each checked and saved), runs `also` on the last
 * page, and expects no stop to have shown a problem.
 */
export async function tour(w: World, role: string, email: string, stops: Stop[], also?: (u: Session) => Promise<void>): Promise<void> {
  const u = await signIn(w, role, email);
  for (const [name, pathname, waitFor, options] of stops) await u.visit(name, pathname, { ...(waitFor ? { waitFor } : {}), ...options });
  if (also) await also(u);
  await u.close();
  expect(u.problems).toEqual([]);
}

/** The cells that show a list has loaded, by the column they belong to. */
export const cell = (property: string) => `td[data-property-name="${property}"]`;
