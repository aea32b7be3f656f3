import { it, expect } from '@jest/globals';
import { TEST_PASSWORD } from '../helpers/app.js';
import { describeRoles, signIn } from './roles.shared.js';

/**
 * "Ganti kata sandi" in the browser: the three password fields, the refusal of a repeat that does
 * not match (shown under its field), the server's refusal of a wrong current password, and a
 * change that lets the user sign in with the new password.
 */
describeRoles('the account password page in the browser', (world) => {
  it('refuses a mismatched repeat and a wrong current password, then changes the password', async () => {
    const w = world();
    const u = await signIn(w, 'verifier', 'verifikator.dinkes@uji.example');
    await u.visit('account-password', '/admin/pages/account', { waitFor: '#currentPassword' });
    const { page } = u;
    const labels = await page.locator('form label').allInnerTexts();
    expect(labels.map((l) => l.replace(/\*/g, '').trim())).toEqual(['Kata sandi saat ini', 'Kata sandi baru', 'Ulangi kata sandi baru']);
    expect(await page.locator('#currentPassword').getAttribute('autocomplete')).toBe('current-password');
    expect(await page.locator('#repeat').getAttribute('autocomplete')).toBe('new-password');

    const fill = async (current: string, next: string, repeat: string) => {
      await page.fill('#currentPassword', current);
      await page.fill('#newPassword', next);
      await page.fill('#repeat', repeat);
      await page.click('form button[type="submit"]');
    };
    await fill(TEST_PASSWORD, 'KataSandiBaru2026', 'KataSandiBaru2027');
    await page.getByText('Ulangi kata sandi baru dengan sama persis').waitFor();
    await expect(page.getByText('Tidak sama').count()).resolves.toBe(1);

    await fill('bukan-sandi-ini-1', 'KataSandiBaru2026', 'KataSandiBaru2026');
    // The server's refusal: in the message box and under its field.
    await page.getByText('Kata sandi lama salah').first().waitFor();
    await expect(page.getByText('Kata sandi lama salah').count()).resolves.toBe(2);
    await page.screenshot({ path: 'var/screenshots/verifier/account-password-refused.png', fullPage: true });

    await fill(TEST_PASSWORD, 'KataSandiBaru2026', 'KataSandiBaru2026');
    await page.getByText('Kata sandi berhasil diubah').waitFor();
    await expect(page.locator('#currentPassword').inputValue()).resolves.toBe('');
    await page.screenshot({ path: 'var/screenshots/verifier/account-password-changed.png', fullPage: true });
    await u.close();
    // The one expected failure is the 422 of the wrong current password (its response and the console line).
    const expected = (p: string) => p.includes('422') && p.includes('/admin/api/account/password');
    expect(u.problems.filter((p) => !expected(p))).toEqual([]);
    expect(u.problems.filter(expected)).toHaveLength(2);

    const again = await w.browser.newPage();
    await again.goto(`${w.baseUrl}/admin/login`);
    await again.fill('input[name="email"]', 'verifikator.dinkes@uji.example');
    await again.fill('input[name="password"]', 'KataSandiBaru2026');
    await Promise.all([again.waitForURL(`${w.baseUrl}/admin`), again.click('form button')]);
    await again.close();
  }, 240_000);
});
