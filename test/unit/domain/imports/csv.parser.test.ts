import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import { detectDelimiter, parseCsv } from '../../../../src/domain/imports/csv.parser.js';
import { ImportFileError } from '../../../../src/domain/imports/import-errors.js';
import type { SheetRow } from '../../../../src/domain/imports/sheet-row.js';
import { SAMPLE_FILES, chunked, readCsvTable, sampleTable, writeCsv } from '../../../helpers/siasn-samples.js';

async function all(input: Buffer | string, chunk = 7): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of parseCsv(chunked(Buffer.from(input), chunk))) rows.push(r);
  return rows;
}

async function failure(input: string): Promise<ImportFileError> {
  try {
    await all(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return err as ImportFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('detectDelimiter', () => {
  it.each([
    ['PNS ID,NIP BARU,NAMA', ','],
    ['PNS ID;NIP BARU;NAMA', ';'],
    ['PNS ID|NIP BARU|NAMA', '|'],
    ['PNS ID\tNIP BARU\tNAMA', '\t'],
    // A comma inside a quoted header does not count.
    ['"NAMA, GELAR";NIP;NIK', ';'],
    ['NIP', ','],
  ])('%j → %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});

describe('parseCsv', () => {
  it('reads the ASN sample exactly as an independent RFC 4180 reader does, header as row 1', async () => {
    const buf = fs.readFileSync(SAMPLE_FILES.asn);
    const expected = readCsvTable(buf.toString('utf8'));
    const rows = await all(buf, 4096);
    expect(rows).toHaveLength(501);
    expect(rows[0]).toEqual({ row: 1, cells: expected.header });
    expect(rows[0].cells).toHaveLength(64);
    for (let i = 0; i < expected.rows.length; i++) expect(rows[i + 1]).toEqual({ row: i + 2, cells: expected.rows[i] });
    // A quoted field with a comma: the unit of row 4.
    expect(rows.find((r) => r.cells.includes('Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah'))).toBeDefined();
  });

  it.each([
    ['pipe, BOM and apostrophes', { delimiter: '|', bom: true, apostrophe: ['NIP BARU', 'NIK'] }],
    ['semicolon, LF line ends', { delimiter: ';', eol: '\n' }],
    ['tab', { delimiter: '\t' }],
    ['every field quoted', { quoteAll: true, bom: true }],
  ] as const)('reads the sample written with %s to the same cells', async (_label, options) => {
    const table = sampleTable('asn');
    const rows = await all(writeCsv(table, options), 1000);
    expect(rows.map((r) => r.cells)).toEqual([table.header, ...table.rows]);
  });

  it('strips a BOM, handles CRLF, quoted multi-line fields and keeps row numbers as a spreadsheet shows them', async () => {
    const text =
      '\uFEFFNIP,NAMA,ALASAN\r\n199304012016111001,Heru,"baris satu\r\nbaris dua"\r\n\r\n"197709082001012003","Tri ""Tri"" Lestari",\r\n';
    const rows = await all(text, 3);
    expect(rows).toEqual([
      { row: 1, cells: ['NIP', 'NAMA', 'ALASAN'] },
      { row: 2, cells: ['199304012016111001', 'Heru', 'baris satu\r\nbaris dua'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['197709082001012003', 'Tri "Tri" Lestari', ''] },
    ]);
  });

  it("drops the leading ' of numbers only, trims cells, keeps trailing empty columns", async () => {
    const rows = await all("NIP;NIK;NAMA;;\n'199304012016111001; '3313020104937266 ;O'Neil;;\n");
    expect(rows[0].cells).toEqual(['NIP', 'NIK', 'NAMA', '', '']);
    expect(rows[1].cells).toEqual(['199304012016111001', '3313020104937266', "O'Neil", '', '']);
  });

  it('flags numbers that a spreadsheet already rounded (scientific notation)', async () => {
    const rows = await all('NIP BARU,NIK,NOMOR HP\n1.99304E+17,"3,31302E+15",8.3E+10\n');
    expect(rows[1]).toEqual({ row: 2, cells: ['1.99304E+17', '3,31302E+15', '8.3E+10'], imprecise: [0, 1] });
  });

  it('reads a Windows-1252 ("CSV" from Excel) file when told latin1', async () => {
    const buf = Buffer.from('NIP,NAMA\n199304012016111001,Fran\xe7oise\n', 'latin1');
    const rows: SheetRow[] = [];
    for await (const r of parseCsv(chunked(buf), { encoding: 'latin1' })) rows.push(r);
    expect(rows[1].cells).toEqual(['199304012016111001', 'Françoise']);
  });

  it('keeps multi-byte letters split across chunks', async () => {
    const rows = await all('NIP,NAMA\n199304012016111001,Ñoman Śuryo\n', 1);
    expect(rows[1].cells[1]).toBe('Ñoman Śuryo');
  });

  it('refuses an unclosed quote, naming the row where it starts', async () => {
    const err = await failure('NIP,NAMA\n199304012016111001,Heru\n197709082001012003,"Tri Lestari\n199503242019011002,Joko\n');
    expect(err.code).toBe('malformed');
    expect(err.message).toBe('Berkas CSV tidak dapat dibaca: tanda kutip (") pada baris 3 tidak ditutup');
  });

  it('tolerates quotes inside a field typed by hand, as a spreadsheet does', async () => {
    const rows = await all('NIP,NAMA\n199304012016111001,"Heru" Hidayat\n197709082001012003,Ahmad "Dodo" Santoso\n');
    expect(rows.slice(1).map((r) => r.cells)).toEqual([
      ['199304012016111001', '"Heru" Hidayat'],
      ['197709082001012003', 'Ahmad "Dodo" Santoso'],
    ]);
  });

  it('refuses a header line longer than 64 KB (not a SIASN export)', async () => {
    const err = await failure('x'.repeat(70 * 1024));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/^Baris judul kolom lebih dari 64 KB/);
  });

  it('reads a header-only file without a line end', async () => {
    expect(await all('NIP,NAMA')).toEqual([{ row: 1, cells: ['NIP', 'NAMA'] }]);
  });
});
