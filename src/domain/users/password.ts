import bcrypt from 'bcryptjs';
import { text } from '../shared/text.js';

/**
 * Passwords: the policy a new one must meet, and how they are hashed and checked (bcrypt, one
 * cost for every path: the panel, the CLI, the demo seed).
 */

export const BCRYPT_COST = 10;

/**
 * A hash of the same cost for an e-mail nobody has: checking a login for an unknown user costs
 * the same work as for a known one, so the answer's timing does not tell which e-mails exist.
 */
export const UNKNOWN_USER_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8DPLKXt1FYxwYzBZ9S4UCwFx4fFz6e';

/** Passwords too common to be allowed, whatever their length (lower case). */
const COMMON_PASSWORDS = new Set([
  'password123',
  'password1234',
  'passw0rd123',
  'qwerty12345',
  'qwerty123456',
  '1234567890a',
  'a1234567890',
  'admin12345',
  'admin123456',
  'bismillah123',
  'indonesia123',
  'indonesia45',
  'merdeka1945',
  'bkpsdm12345',
  'pdm-demo123',
]);

/**
 * Minimum password policy: 10 to 72 characters (bcrypt reads 72 bytes), letters and digits,
 * not the e-mail's name, not a well-known password.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 10) return 'Kata sandi minimal 10 karakter';
  if (Buffer.byteLength(password, 'utf8') > 72) return 'Kata sandi maksimal 72 karakter';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return 'Kata sandi harus berisi huruf dan angka';
  const local = email ? email.split('@')[0].toLowerCase() : '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) return 'Kata sandi tidak boleh memuat alamat e-mail';
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'Kata sandi terlalu umum; pilih yang lain';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Does `password` (anything a form sent) match the stored hash? */
export function passwordMatches(password: unknown, hash: string): Promise<boolean> {
  return bcrypt.compare(text(password), hash);
}
