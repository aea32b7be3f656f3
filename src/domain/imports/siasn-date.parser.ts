import { DateTime } from 'luxon';
import { isValidDate } from '../employees/nip-nik.js';

/**
 * SIASN writes dates as dd-mm-yyyy and timestamps as dd-mm-yyyy HH:MM, in WIB (BKN's zone,
 * whatever the regency's own calendar zone is). A re-saved spreadsheet may turn '-' into '/', drop leading zeros
 * or add seconds; ISO yyyy-mm-dd is unambiguous and accepted too. Impossible dates (31-02-2021)
 * are refused, never rolled over to March.
 */

export type DateResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** The zone SIASN's timestamps are written in (BKN's servers), not the regency's configured one. */
const SIASN_ZONE = 'Asia/Jakarta';
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function splitDate(text: string): [number, number, number] | null {
  const dmy = DMY.exec(text);
  if (dmy) return [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  const ymd = YMD.exec(text);
  if (ymd) return [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  return null;
}

function checkDate(column: string, text: string, parts: [number, number, number]): string | null {
  const [y, m, d] = parts;
  if (y < MIN_YEAR || y > MAX_YEAR) return `${column}: tahun ${y} tidak wajar (${text})`;
  if (!isValidDate(y, m, d)) return `${column} bukan tanggal yang ada: ${text}`;
  return null;
}

/** dd-mm-yyyy → 'YYYY-MM-DD'. The caller decides whether an empty cell is allowed. */
export function parseSiasnDate(text: string, column: string): DateResult<string> {
  const parts = splitDate(text.trim());
  if (!parts) return { ok: false, message: `${column} harus berformat dd-mm-yyyy (contoh 01-04-1993), terbaca "${text}"` };
  const bad = checkDate(column, text, parts);
  if (bad) return { ok: false, message: bad };
  return { ok: true, value: `${pad(parts[0], 4)}-${pad(parts[1])}-${pad(parts[2])}` };
}

/** dd-mm-yyyy HH:MM[:SS] in WIB (a date alone is 00:00 WIB) → the UTC instant. */
export function parseSiasnDateTime(text: string, column: string): DateResult<Date> {
  const t = text.trim().replace(/\s+/g, ' ');
  const [datePart = '', timePart, ...rest] = t.split(' ');
  const parts = rest.length === 0 ? splitDate(datePart) : null;
  const time = timePart === undefined ? ['', '0', '00', '00'] : TIME.exec(timePart);
  if (!parts || !time) {
    return { ok: false, message: `${column} harus berformat dd-mm-yyyy HH:MM (contoh 20-08-2021 08:43), terbaca "${text}"` };
  }
  const bad = checkDate(column, text, parts);
  if (bad) return { ok: false, message: bad };
  const [hh, mm, ss] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return { ok: false, message: `${column}: jam ${timePart} tidak valid (${text})` };
  const [y, m, d] = parts;
  const at = DateTime.fromObject({ year: y, month: m, day: d, hour: hh, minute: mm, second: ss }, { zone: SIASN_ZONE });
  return { ok: true, value: at.toJSDate() };
}

/** 'YYYY-MM-DD' → 'dd-mm-yyyy'. */
export function formatSiasnDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

/** An instant → 'dd-mm-yyyy HH:MM' in WIB, as SIASN shows it. */
export function formatSiasnDateTime(date: Date): string {
  return DateTime.fromJSDate(date, { zone: SIASN_ZONE }).toFormat('dd-MM-yyyy HH:mm');
}

/**
 * A spreadsheet date cell (exceljs gives the wall-clock time as a UTC Date) → SIASN's text:
 * 'dd-mm-yyyy', or 'dd-mm-yyyy HH:MM' when it carries a time of day.
 */
export function spreadsheetDateText(date: Date): string {
  const day = `${pad(date.getUTCDate())}-${pad(date.getUTCMonth() + 1)}-${date.getUTCFullYear()}`;
  const h = date.getUTCHours();
  const min = date.getUTCMinutes();
  return h === 0 && min === 0 ? day : `${day} ${pad(h)}:${pad(min)}`;
}
