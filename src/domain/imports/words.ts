/**
 * How headers and SIASN's words are compared: BKN's exports differ between releases and between
 * the CSV and the spreadsheet a user re-saved, in case, spacing (double, non-breaking), a stray
 * BOM or an underscore for a space. Pure; shared by the config loader and the import profiles.
 */

/** Canonical form of a header or a vocabulary word: upper case, single spaces, no BOM. */
export function normaliseWord(value: string): string {
  return value
    .replace(/\uFEFF/g, '')
    .replace(/[\s\u00A0_]+/g, ' ')
    .trim()
    .toUpperCase();
}

/** A cell shown in a message: trimmed, at most 60 characters. */
export function shownValue(value: string): string {
  const v = value.trim();
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}
