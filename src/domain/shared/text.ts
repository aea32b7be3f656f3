/**
 * A form or file value read as text. Strings, numbers, booleans and dates read as `String` reads
 * them; nothing (null, undefined) is ''; an object or array where text was expected is a malformed
 * payload and reads as '' too, so validation refuses it as missing instead of storing "[object Object]".
 */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return String(value);
  return '';
}
