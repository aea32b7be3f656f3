import { it, expect } from '@jest/globals';
import { AXE, cell, describeRoles, list, show, tour } from './roles.shared.js';

/**
 * The BKPSDM roles and Kanreg BKN in the browser: dashboard, main lists and a record each, every
 * screen checked (roles.shared.ts) and saved under var/screenshots/<role>/.
 */
describeRoles('BKPSDM and BKN roles in the browser', (world) => {
  it('admin: dashboard, submissions, employees, tickets, schedules, audit trail, users and a submission', async () => {
    const w = world();
    await tour(w, 'admin', 'admin@uji.example', [
      ['dashboard', '/admin', undefined, AXE],
      ['submissions', list('submissions'), cell('status'), AXE],
      ['employees', list('employees'), cell('nip')],
      ['tickets', list('helpdesk_tickets'), cell('status')],
      ['schedules', list('report_schedules')],
      ['audit', list('audit_logs'), cell('action')],
      ['users', list('users'), cell('role')],
      ['submission', show('submissions', w.withDocument), '[data-testid="pdf-viewer"]'],
    ]);
  }, 240_000);

  it('approver: dashboard, submissions, schedules and a submission', async () => {
    const w = world();
    await tour(w, 'approver', 'approver@uji.example', [
      ['dashboard', '/admin', undefined, AXE],
      ['submissions', list('submissions'), cell('status'), AXE],
      ['schedules', list('report_schedules')],
      ['submission', show('submissions', w.withDocument), '[data-testid="submission-show"]'],
    ]);
  }, 240_000);

  it('bkn_validator: dashboard, its queue, employees and a submission of its category', async () => {
    const w = world();
    await tour(w, 'bkn_validator', 'bkn@uji.example', [
      ['dashboard', '/admin', undefined, AXE],
      ['submissions', list('submissions'), cell('status'), AXE],
      ['employees', list('employees'), cell('nip')],
      ['submission', show('submissions', w.bknSubmission), '[data-testid="submission-show"]'],
    ]);
  }, 240_000);

  it('helpdesk: dashboard, tickets, employees, submissions and a submission (scan refused in words)', async () => {
    const w = world();
    await tour(
      w,
      'helpdesk',
      'helpdesk@uji.example',
      [
        ['dashboard', '/admin', undefined, AXE],
        ['tickets', list('helpdesk_tickets'), cell('status'), AXE],
        ['employees', list('employees'), cell('nip')],
        ['submissions', list('submissions'), cell('status')],
        ['submission', show('submissions', w.withDocument), '[data-testid="document-notice"]'],
      ],
      async (u) => expect(await u.page.locator('[data-testid="pdf-viewer"]').count()).toBe(0),
    );
  }, 240_000);
});
