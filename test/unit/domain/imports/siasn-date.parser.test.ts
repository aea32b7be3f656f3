import { describe, it, expect } from '@jest/globals';
import {
  formatSiasnDate,
  formatSiasnDateTime,
  parseSiasnDate,
  parseSiasnDateTime,
} from '../../../../src/domain/imports/siasn-date.parser.js';

describe('parseSiasnDate', () => {
  it.each([
    ['01-04-1993', '1993-04-01'],
    ['1-4-1993', '1993-04-01'],
    ['01/04/1993', '1993-04-01'],
    ['29-02-2024', '2024-02-29'],
    ['1993-04-01', '1993-04-01'],
  ])('%s → %s', (text, iso) => {
    expect(parseSiasnDate(text, 'TANGGAL LAHIR')).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['31-02-2021', 'TANGGAL LAHIR bukan tanggal yang ada: 31-02-2021'],
    ['29-02-2023', 'TANGGAL LAHIR bukan tanggal yang ada: 29-02-2023'],
    ['01-13-1993', 'TANGGAL LAHIR bukan tanggal yang ada: 01-13-1993'],
    ['00-04-1993', 'TANGGAL LAHIR bukan tanggal yang ada: 00-04-1993'],
    ['01-04-0993', 'TANGGAL LAHIR: tahun 993 tidak wajar (01-04-0993)'],
    ['1 April 1993', 'TANGGAL LAHIR harus berformat dd-mm-yyyy (contoh 01-04-1993), terbaca "1 April 1993"'],
    ['01-04-93', 'TANGGAL LAHIR harus berformat dd-mm-yyyy (contoh 01-04-1993), terbaca "01-04-93"'],
  ])('refuses %s', (text, message) => {
    expect(parseSiasnDate(text, 'TANGGAL LAHIR')).toEqual({ ok: false, message });
  });
});

describe('parseSiasnDateTime (WIB)', () => {
  it.each([
    ['20-08-2021 08:43', '2021-08-20T01:43:00.000Z'],
    ['20-08-2021 8:43', '2021-08-20T01:43:00.000Z'],
    ['20/08/2021 08.43', '2021-08-20T01:43:00.000Z'],
    ['20-08-2021 08:43:15', '2021-08-20T01:43:15.000Z'],
    ['20-08-2021', '2021-08-19T17:00:00.000Z'],
    ['01-01-2021 03:00', '2020-12-31T20:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    const r = parseSiasnDateTime(text, 'TANGGAL USUL');
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });

  it.each([
    ['31-02-2021 10:00', 'TANGGAL USUL bukan tanggal yang ada: 31-02-2021 10:00'],
    ['20-08-2021 24:00', 'TANGGAL USUL: jam 24:00 tidak valid (20-08-2021 24:00)'],
    ['20-08-2021 08:60', 'TANGGAL USUL: jam 08:60 tidak valid (20-08-2021 08:60)'],
    ['20-08-2021 pagi', 'TANGGAL USUL harus berformat dd-mm-yyyy HH:MM (contoh 20-08-2021 08:43), terbaca "20-08-2021 pagi"'],
    ['20-08-2021 08:43 WIB', 'TANGGAL USUL harus berformat dd-mm-yyyy HH:MM (contoh 20-08-2021 08:43), terbaca "20-08-2021 08:43 WIB"'],
  ])('refuses %s', (text, message) => {
    expect(parseSiasnDateTime(text, 'TANGGAL USUL')).toEqual({ ok: false, message });
  });

  it('formats back as SIASN writes', () => {
    expect(formatSiasnDateTime(new Date('2021-08-20T01:43:00Z'))).toBe('20-08-2021 08:43');
    expect(formatSiasnDateTime(new Date('2020-12-31T20:00:00Z'))).toBe('01-01-2021 03:00');
    expect(formatSiasnDate('1993-04-01')).toBe('01-04-1993');
  });
});
