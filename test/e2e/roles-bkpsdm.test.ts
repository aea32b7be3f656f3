import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { hasChromium } from '../helpers/browser.js';
import { list, show, signIn, startWorld, stopWorld, type World } from './roles.shared.js';

/**
 * The BKPSDM roles and Kanreg BKN in the browser: dashboard, main lists and a record each, every
 * screen checked (roles.shared.ts) and saved under var/screenshots/<role>/.
 */
const run = hasChromium() ? describe : describe.skip;

run('BKPSDM and BKN roles in the browser', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  }, 180_000);
  afterAll(async () => {
    await stopWorld(w);
  });

  it('admin: dashboard, submissions, employees, tickets, schedules, audit trail, users and a submission', async () => {
    const u = await signIn(w, 'admin', 'admin@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]', axe: true });
    await u.visit('employees', list('employees'), { waitFor: 'td[data-property-name="nip"]' });
    await u.visit('tickets', list('helpdesk_tickets'), { waitFor: 'td[data-property-name="status"]' });
    await u.visit('schedules', list('report_schedules'));
    await u.visit('audit', list('audit_logs'), { waitFor: 'td[data-property-name="action"]' });
    await u.visit('users', list('users'), { waitFor: 'td[data-property-name="role"]' });
    await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="pdf-viewer"]' });
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);

  it('approver: dashboard, submissions, schedules and a submission', async () => {
    const u = await signIn(w, 'approver', 'approver@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]', axe: true });
    await u.visit('schedules', list('report_schedules'));
    await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="submission-show"]' });
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);

  it('bkn_validator: dashboard, its queue, employees and a submission of its category', async () => {
    const u = await signIn(w, 'bkn_validator', 'bkn@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]', axe: true });
    await u.visit('employees', list('employees'), { waitFor: 'td[data-property-name="nip"]' });
    await u.visit('submission', show('submissions', w.bknSubmission), { waitFor: '[data-testid="submission-show"]' });
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);

  it('helpdesk: dashboard, tickets, employees, submissions and a submission (scan refused in words)', async () => {
    const u = await signIn(w, 'helpdesk', 'helpdesk@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('tickets', list('helpdesk_tickets'), { waitFor: 'td[data-property-name="status"]', axe: true });
    await u.visit('employees', list('employees'), { waitFor: 'td[data-property-name="nip"]' });
    await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]' });
    await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="document-notice"]' });
    expect(await u.page.locator('[data-testid="pdf-viewer"]').count()).toBe(0);
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);
});
