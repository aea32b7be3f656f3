/**
 * The one rule for an e-mail address, wherever one is entered or imported (users, employees, OPD
 * heads and secretaries, report recipients, SIASN files): a single address — something@domain.tld
 * without spaces, and without the characters that would make it a display name or a list
 * (<>(),;:"), since these addresses are mailed to.
 */
export const EMAIL_PATTERN = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Is `value` (as given: trim and lower-case it first where the field does) one e-mail address? */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && EMAIL_PATTERN.test(value);
}
