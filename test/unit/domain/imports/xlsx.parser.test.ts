import { describe, it, expect } from '@jest/globals';
import ExcelJS from 'exceljs';
import { cellText, parseXlsx } from '../../../../src/domain/imports/xlsx.parser.js';
import { ImportFileError } from '../../../../src/domain/imports/import-errors.js';
import type { SheetRow } from '../../../../src/domain/imports/sheet-row.js';
import { chunked, sampleTable, writeXlsx } from '../../../helpers/siasn-samples.js';

async function all(buf: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of parseXlsx(chunked(buf, 4096))) rows.push(r);
  return rows;
}

describe('cellText', () => {
  it.each<[string, unknown, string, boolean]>([
    ['empty', null, '', false],
    ['text', 'Dinas Kesehatan', 'Dinas Kesehatan', false],
    ['a short integer', 83040266179, '83040266179', false],
    ['15 digits are exact', 123456789012345, '123456789012345', false],
    ['a 16-digit NIK stored as number', 3313020104937266, '3313020104937266', true],
    // eslint-disable-next-line no-loss-of-precision -- the rounding a spreadsheet did is what is tested
    ['an 18-digit NIP stored as number (already rounded)', 199304012016111001, '199304012016111000', true],
    ['a decimal', 3.5, '3.5', false],
    ['a date cell', new Date(Date.UTC(1993, 3, 1)), '01-04-1993', false],
    ['a date-time cell', new Date(Date.UTC(2021, 7, 20, 8, 43)), '20-08-2021 08:43', false],
    ['rich text', { richText: [{ text: 'dr. ' }, { text: 'Sri' }] }, 'dr. Sri', false],
    ['a formula', { formula: 'A1&B1', result: 'Heru Hidayat' }, 'Heru Hidayat', false],
    ['a hyperlink', { text: 'heru0@example.net', hyperlink: 'mailto:heru0@example.net' }, 'heru0@example.net', false],
    ['an error value', { error: '#N/A' }, '#N/A', false],
    ['a boolean', true, 'TRUE', false],
  ])('%s', (_label, value, text, imprecise) => {
    expect(cellText(value)).toEqual({ text, imprecise });
  });
});

describe('parseXlsx', () => {
  it('reads the first worksheet of the sample saved as .xlsx to the same cells as the CSV', async () => {
    const table = sampleTable('asn');
    const rows = await all(await writeXlsx(table, { extraSheet: true }));
    expect(rows).toHaveLength(501);
    expect(rows[0]).toEqual({ row: 1, cells: table.header });
    // exceljs stops a row at its last non-empty cell; the CSV has trailing empty columns.
    for (let i = 0; i < table.rows.length; i++) {
      const got = rows[i + 1];
      expect(got.row).toBe(i + 2);
      expect(got.cells).toEqual(table.rows[i].slice(0, got.cells.length));
      expect(table.rows[i].slice(got.cells.length).every((c) => c === '')).toBe(true);
    }
  });

  it('flags NIP and NIK stored as numbers, reads date cells as dd-mm-yyyy', async () => {
    const table = sampleTable('asn');
    table.rows = table.rows.slice(0, 3);
    const rows = await all(await writeXlsx(table, { numbers: ['NIP BARU', 'NIK', 'NOMOR HP'], dates: ['TANGGAL LAHIR'] }));
    const nip = table.header.indexOf('NIP BARU');
    const nik = table.header.indexOf('NIK');
    const born = table.header.indexOf('TANGGAL LAHIR');
    expect(rows[1].imprecise).toEqual([nip, nik]);
    expect(rows[1].cells[nip]).toBe('199304012016111000');
    expect(rows[1].cells[born]).toBe('01-04-1993');
    // The phone number lost its leading zero, as it does in a spreadsheet, but is exact.
    expect(rows[1].cells[table.header.indexOf('NOMOR HP')]).toBe('83040266179');
  });

  it('keeps the sheet row numbers when rows are left empty', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Aktivasi');
    ws.getCell('A1').value = 'NIP';
    ws.getCell('B1').value = 'NAMA';
    ws.getCell('A4').value = "'199304012016111001";
    ws.getCell('B4').value = '  Heru Hidayat ';
    const rows = await all(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows).toEqual([
      { row: 1, cells: ['NIP', 'NAMA'] },
      { row: 4, cells: ['199304012016111001', 'Heru Hidayat'] },
    ]);
  });

  it('refuses a broken .xlsx', async () => {
    const good = await writeXlsx({ header: ['NIP'], rows: [['1']] });
    const broken = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 0x41)]);
    await expect(all(broken)).rejects.toThrow(ImportFileError);
    await expect(all(broken)).rejects.toThrow(/^Berkas \.xlsx rusak atau tidak dapat dibaca/);
  });
});
