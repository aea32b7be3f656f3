import { describe, it, expect, afterEach } from '@jest/globals';
import {
  DEFAULT_TIMEZONE,
  addDays,
  daysBetween,
  formatJakartaDate,
  formatJakartaDateTime,
  jakartaDate,
  jakartaMinute,
  parseJakartaMinute,
  startOfJakartaDay,
  timezone,
  useTimezone,
} from '../../../../src/domain/shared/time.js';

/** The regency's calendar: one module, luxon, the zone from config (Asia/Jakarta by default). */

describe('the calendar (shared/time.ts)', () => {
  afterEach(() => useTimezone(DEFAULT_TIMEZONE));

  it('is Asia/Jakarta (WIB, UTC+7) by default', () => {
    expect(timezone()).toBe('Asia/Jakarta');
    // 17:30 UTC is already the next day in WIB
    expect(jakartaDate(new Date('2026-11-25T17:30:00Z'))).toBe('2026-11-26');
    expect(jakartaDate(new Date('2026-11-25T16:59:59.999Z'))).toBe('2026-11-25');
    expect(startOfJakartaDay('2026-11-26').toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(jakartaMinute(new Date('2026-11-26T16:59:30Z'))).toBe('2026-11-26T23:59');
    expect(parseJakartaMinute('2026-11-26 07:00')?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(parseJakartaMinute('2026-11-26T07:00')?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(parseJakartaMinute('2026-11-26T00:00:00Z')).toBeNull();
    expect(parseJakartaMinute('besok')).toBeNull();
  });

  it('formats dates and times in Indonesian with the zone abbreviation', () => {
    const asOf = new Date('2026-11-26T00:00:00Z');
    expect(formatJakartaDateTime(asOf)).toBe('26 November 2026 pukul 07.00 WIB');
    expect(formatJakartaDateTime(new Date('2026-11-05T23:04:00Z'))).toBe('06 November 2026 pukul 06.04 WIB');
    expect(formatJakartaDateTime(asOf, 'short')).toBe('26 November 2026 07.00 WIB');
    expect(formatJakartaDateTime(new Date('2026-12-31T17:05:00Z'), 'weekday')).toBe('Jumat, 1 Januari 2027 00.05 WIB');
    expect(formatJakartaDate(new Date('2026-11-25T17:30:00Z'))).toBe('26 November 2026');
    expect(formatJakartaDate('2026-08-17')).toBe('17 Agustus 2026');
  });

  it('counts calendar days whatever the zone', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-20', '2026-12-01')).toBe(11);
    expect(daysBetween('2026-12-01', '2026-11-20')).toBe(-11);
    expect(() => addDays('kemarin', 1)).toThrow(RangeError);
  });

  it('follows the configured zone (TZ), e.g. WITA for a regency in Sulawesi', () => {
    useTimezone('Asia/Makassar');
    expect(timezone()).toBe('Asia/Makassar');
    // 16:30 UTC is 00:30 WITA (UTC+8) but still 23:30 WIB
    const d = new Date('2026-11-25T16:30:00Z');
    expect(jakartaDate(d)).toBe('2026-11-26');
    expect(startOfJakartaDay('2026-11-26').toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(jakartaMinute(d)).toBe('2026-11-26T00:30');
    expect(parseJakartaMinute('2026-11-26 08:00')?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(formatJakartaDateTime(new Date('2026-11-26T00:00:00Z'))).toBe('26 November 2026 pukul 08.00 WITA');
    useTimezone('Asia/Jayapura');
    expect(formatJakartaDateTime(new Date('2026-11-26T00:00:00Z'), 'short')).toBe('26 November 2026 09.00 WIT');
  });

  it('refuses a zone it does not know, and keeps the one it had', () => {
    expect(() => useTimezone('Asia/Bandung')).toThrow(/Zona waktu tidak dikenal: "Asia\/Bandung"/);
    expect(() => useTimezone('+07:00')).toThrow(RangeError);
    expect(timezone()).toBe('Asia/Jakarta');
  });
});
