import { describe, it, expect } from '@jest/globals';
import {
  bandLabel,
  formatAsOfLine,
  formatDays,
  formatDecimal,
  formatNumber,
  formatPct,
  formatPctPoints,
  formatSignedNumber,
  yesNo,
} from '../../../../src/domain/reports/format.js';
import { fileSlug, reportFileName } from '../../../../src/domain/reports/workbooks/report-file.js';

describe('Indonesian report formatting', () => {
  it('numbers use "." for thousands', () => {
    expect(formatNumber(9123)).toBe('9.123');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-1500)).toBe('-1.500');
    expect(formatNumber(12.6)).toBe('13');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('-');
  });

  it('decimals and percentages use "," with one decimal', () => {
    expect(formatPct(85.3)).toBe('85,3%');
    expect(formatPct(100)).toBe('100,0%');
    expect(formatPct(0)).toBe('0,0%');
    expect(formatPct(7.05)).toBe('7,1%');
    expect(formatPct(null)).toBe('-');
    expect(formatDecimal(1234.56)).toBe('1.234,6');
    expect(formatDecimal(2.5, 2)).toBe('2,50');
  });

  it('changes are signed', () => {
    expect(formatSignedNumber(12)).toBe('+12');
    expect(formatSignedNumber(-1234)).toBe('-1.234');
    expect(formatSignedNumber(0)).toBe('0');
    expect(formatSignedNumber(null)).toBe('-');
    expect(formatPctPoints(1.2)).toBe('+1,2 poin');
    expect(formatPctPoints(-0.5)).toBe('-0,5 poin');
    expect(formatPctPoints(0)).toBe('0,0 poin');
    expect(formatPctPoints(undefined)).toBe('-');
  });

  it('days, the as-of line and file names in WIB (dates themselves: test/unit/domain/shared/time.test.ts)', () => {
    expect(formatDays(3)).toBe('3 hari');
    expect(formatDays(null)).toBe('-');
    const asOf = new Date('2026-1126T00:00:00Z'.replace('11', '11-'));
    expect(formatAsOfLine(asOf)).toBe('Keadaan per 26 November 2026 pukul 07.00 WIB');
    // 17:30 UTC is already the next day in WIB
    expect(reportFileName('DINKES', new Date('2026-11-25T17:30:00Z'))).toBe('Laporan-PDM-DINKES-20261126-0030.xlsx');
    expect(reportFileName('Kabupaten Karanganyar', asOf)).toBe('Laporan-PDM-Kabupaten-Karanganyar-20261126-0700.xlsx');
  });

  it('labels and slugs', () => {
    expect(bandLabel('red')).toContain('Merah');
    expect(bandLabel('amber')).toContain('Kuning');
    expect(bandLabel('green')).toContain('Hijau');
    expect(yesNo(true)).toBe('Sudah');
    expect(yesNo(false)).toBe('Belum');
    expect(fileSlug('Dinas Pendidikan & Kebudayaan')).toBe('Dinas-Pendidikan-Kebudayaan');
    expect(fileSlug('***')).toBe('laporan');
  });
});
