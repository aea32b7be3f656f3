import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { hasChromium } from '../helpers/browser.js';
import { list, show, signIn, startWorld, stopWorld, SCREENSHOT_DIR, type World } from './roles.shared.js';

/**
 * Helpdesk's ticket in the browser: "new ticket", the employee picker found by NIP and by name
 * (showing NIP and OPD), choosing fills NIP and name, the status starts as "Baru", saved with the
 * handler shown by name, then resolved — the linked submission's history gets the note.
 * Screenshots under var/screenshots/helpdesk/ticket-*.png; every screen checked (roles.shared.ts).
 */
const run = hasChromium() ? describe : describe.skip;

run('helpdesk ticket flow in the browser', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  }, 180_000);
  afterAll(async () => {
    await stopWorld(w);
  });

  it('opens a ticket for an employee found by NIP and by name, saves it as Baru with the handler by name, and resolves it', async () => {
    const emp = w.s.employees[7];
    const sub = (await w.t.db.models.Submission.findOne({ where: { employeeId: emp.id } }))!;
    const u = await signIn(w, 'helpdesk', 'helpdesk@uji.example');
    const { page } = u;
    const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, 'helpdesk', `${name}.png`), fullPage: true });
    await u.visit('ticket-new', '/admin/resources/helpdesk_tickets/actions/new', { waitFor: '[data-testid="property-edit-employeeId"]' });

    // A new ticket starts as "Baru".
    await page.waitForFunction(() => document.querySelector('[data-testid="property-edit-status"]')?.textContent?.includes('Baru'));

    // The picker: by NIP prefix, then by name; each option shows name · NIP · OPD.
    const picker = page.locator('[data-testid="property-edit-employeeId"] input').first();
    const option = (text: string) => page.locator('[id*="-option-"]', { hasText: text }).first();
    await picker.click();
    await picker.fill(emp.nip.slice(0, 12));
    await option(`NIP ${emp.nip}`).waitFor({ timeout: 30_000 });
    await expect(option(`NIP ${emp.nip}`).innerText()).resolves.toBe(`${emp.name} · NIP ${emp.nip} · Kecamatan Jaten`);
    await shot('ticket-picker-nip');
    await picker.fill('');
    await picker.fill(emp.name);
    await option(`NIP ${emp.nip}`).waitFor({ timeout: 30_000 });
    await shot('ticket-picker-name');
    await option(`NIP ${emp.nip}`).click();

    // Choosing fills NIP and name.
    await expect(page.locator('input[name="nip"]').inputValue()).resolves.toBe(emp.nip);
    await expect(page.locator('input[name="reporterName"]').inputValue()).resolves.toBe(emp.name);
    await page.fill('input[name="submissionId"]', String(sub.id));
    await page.fill('textarea[name="description"]', 'Dokumen ijazah tidak bisa diunggah di MySAPK');
    await shot('ticket-filled');
    await Promise.all([
      page.waitForURL(/\/helpdesk_tickets\/records\/\d+\/show|\/helpdesk_tickets(\?|$)/),
      page.click('[data-testid="button-save"]'),
    ]);

    const ticket = (await w.t.db.models.HelpdeskTicket.findOne({ where: { submissionId: sub.id } }))!;
    expect(ticket).not.toBeNull();
    expect([ticket.status, ticket.nip, ticket.reporterName, ticket.employeeId, ticket.opdId, ticket.handlerUserId]).toEqual([
      'open',
      emp.nip,
      emp.name,
      emp.id,
      emp.opdId,
      w.s.users.helpdesk.id,
    ]);

    // The list: the handler by name, the status in words.
    await u.visit('ticket-list', list('helpdesk_tickets'), { waitFor: `tr[data-id="${ticket.id}"]` });
    const row = page.locator(`tr[data-id="${ticket.id}"]`);
    await expect(row.locator('td[data-property-name="handlerName"]').innerText()).resolves.toBe(w.s.users.helpdesk.name);
    await expect(row.locator('td[data-property-name="status"]').innerText()).resolves.toBe('Baru');

    // Resolve it: "Selesai" with the resolution.
    await u.visit('ticket-edit', `/admin/resources/helpdesk_tickets/records/${ticket.id}/edit`, {
      waitFor: '[data-testid="property-edit-status"]',
    });
    await page.locator('[data-testid="property-edit-status"] [class*="-control"]').click();
    await page.locator('[id*="-option-"]', { hasText: 'Selesai' }).first().click();
    const resolution = 'Dipandu unggah ulang; berkas dikompres di bawah 1 MB';
    await page.fill('textarea[name="resolution"]', resolution);
    await Promise.all([
      page.waitForURL(/\/helpdesk_tickets\/records\/\d+\/show|\/helpdesk_tickets(\?|$)/),
      page.click('[data-testid="button-save"]'),
    ]);
    await ticket.reload();
    expect(ticket.status).toBe('resolved');
    expect(ticket.resolvedAt).not.toBeNull();

    // The submission's history has the note.
    const notes = await w.t.db.models.SubmissionEvent.findAll({ where: { submissionId: sub.id, kind: 'note' } });
    expect(notes.map((n) => n.note).join('\n')).toContain(resolution);
    await u.visit('ticket-resolved', show('helpdesk_tickets', ticket.id), { waitFor: '[data-testid="ticket-submission"]' });
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="ticket-submission"]')?.textContent?.includes(text),
      resolution,
      {
        timeout: 30_000,
      },
    );

    // The list's search box: the filter drawer's first field, "Cari NIP atau nama".
    await u.visit('ticket-list-again', list('helpdesk_tickets'), { waitFor: `tr[data-id="${ticket.id}"]` });
    await page.getByText('Saring', { exact: true }).first().click();
    const box = page.locator('input[name="filter-q"]');
    await box.waitFor({ state: 'visible' });
    await expect(page.locator('[data-testid="filter-drawer"] label').first().innerText()).resolves.toBe('Cari NIP atau nama');
    await box.fill(emp.nip.slice(0, 14));
    await shot('ticket-search');
    await Promise.all([page.waitForURL(/filters\.q=/), box.press('Enter')]);
    // Only the ticket of that NIP is left (the other ticket is another employee's).
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-id]').length === 1, null, { timeout: 30_000 });
    await expect(page.locator('tbody tr[data-id] td[data-property-name="nip"]').allTextContents()).resolves.toEqual([emp.nip]);
    await shot('ticket-search-result');
    await u.close();
    expect(u.problems).toEqual([]);
  }, 300_000);
});
