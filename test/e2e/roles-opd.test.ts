import { it } from '@jest/globals';
import { AXE, cell, describeRoles, list, show, tour } from './roles.shared.js';

/**
 * The OPD's roles and the Bupati in the browser: dashboard, main lists and a record each, every
 * screen checked (roles.shared.ts) and saved under var/screenshots/<role>/.
 */
describeRoles('OPD roles and the Bupati in the browser', (world) => {
  it('verifier: dashboard, inbox, employees and a submission with its scan', async () => {
    const w = world();
    await tour(w, 'verifier', 'verifikator.dinkes@uji.example', [
      ['dashboard', '/admin', undefined, AXE],
      ['inbox', list('submissions', 'filters.inbox=true'), cell('hasDocument'), AXE],
      ['employees', list('employees'), cell('nip')],
      ['submission', show('submissions', w.withDocument), '[data-testid="pdf-viewer"]'],
    ]);
  }, 240_000);

  it.each([
    ['secretary', 'sekretaris.dinkes@uji.example'],
    ['opd_head', 'kepala.dinkes@uji.example'],
  ])(
    '%s: dashboard, submissions, employees, report deliveries and a submission (scan refused in words)',
    async (role, email) => {
      const w = world();
      await tour(w, role, email, [
        ['dashboard', '/admin', undefined, AXE],
        ['submissions', list('submissions'), cell('status'), AXE],
        ['employees', list('employees'), cell('nip')],
        ['deliveries', list('report_deliveries')],
        ['submission', show('submissions', w.withDocument), '[data-testid="document-notice"]'],
      ]);
    },
    240_000,
  );

  it('regent: dashboard, submissions, OPDs and a submission (no 403, no spinner)', async () => {
    const w = world();
    await tour(w, 'regent', 'bupati@uji.example', [
      ['dashboard', '/admin', undefined, AXE],
      ['submissions', list('submissions'), cell('status'), AXE],
      ['opds', list('opds'), cell('name')],
      ['submission', show('submissions', w.withDocument), '[data-testid="proposed-values"]'],
    ]);
  }, 240_000);
});
