import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { hasChromium } from '../helpers/browser.js';
import { list, show, signIn, startWorld, stopWorld, type World } from './roles.shared.js';

/**
 * The OPD's roles and the Bupati in the browser: dashboard, main lists and a record each, every
 * screen checked (roles.shared.ts) and saved under var/screenshots/<role>/.
 */
const run = hasChromium() ? describe : describe.skip;

run('OPD roles and the Bupati in the browser', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  }, 180_000);
  afterAll(async () => {
    await stopWorld(w);
  });

  it('verifier: dashboard, inbox, employees and a submission with its scan', async () => {
    const u = await signIn(w, 'verifier', 'verifikator.dinkes@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('inbox', list('submissions', 'filters.inbox=true'), { waitFor: 'td[data-property-name="hasDocument"]', axe: true });
    await u.visit('employees', list('employees'), { waitFor: 'td[data-property-name="nip"]' });
    await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="pdf-viewer"]' });
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);

  it.each([
    ['secretary', 'sekretaris.dinkes@uji.example'],
    ['opd_head', 'kepala.dinkes@uji.example'],
  ])(
    '%s: dashboard, submissions, employees, report deliveries and a submission (scan refused in words)',
    async (role, email) => {
      const u = await signIn(w, role, email);
      await u.visit('dashboard', '/admin', { axe: true });
      await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]', axe: true });
      await u.visit('employees', list('employees'), { waitFor: 'td[data-property-name="nip"]' });
      await u.visit('deliveries', list('report_deliveries'));
      await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="document-notice"]' });
      await u.close();
      expect(u.problems).toEqual([]);
    },
    240_000,
  );

  it('regent: dashboard, submissions, OPDs and a submission (no 403, no spinner)', async () => {
    const u = await signIn(w, 'regent', 'bupati@uji.example');
    await u.visit('dashboard', '/admin', { axe: true });
    await u.visit('submissions', list('submissions'), { waitFor: 'td[data-property-name="status"]', axe: true });
    await u.visit('opds', list('opds'), { waitFor: 'td[data-property-name="name"]' });
    await u.visit('submission', show('submissions', w.withDocument), { waitFor: '[data-testid="proposed-values"]' });
    await u.close();
    expect(u.problems).toEqual([]);
  }, 240_000);
});
