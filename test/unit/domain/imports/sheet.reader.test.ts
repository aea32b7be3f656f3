import { describe, it, expect, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ImportFileError, type ImportFileErrorCode } from '../../../../src/domain/imports/import-errors.js';
import { openSheet, openSheetFile } from '../../../../src/domain/imports/sheet.reader.js';
import type { SheetRow } from '../../../../src/domain/imports/sheet-row.js';
import { SAMPLE_FILES, chunked, sampleTable, writeCsv, writeXlsx } from '../../../helpers/siasn-samples.js';

/** A ZIP archive with stored (uncompressed) entries, for containers that are not .xlsx. */
function storedZip(entries: Array<{ name: string; data: string }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'latin1');
    const data = Buffer.from(e.data, 'latin1');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

async function readAll(
  buf: Buffer,
  options: Parameters<typeof openSheet>[1] = {},
): Promise<{ kind: string; encoding: string | null; rows: SheetRow[] }> {
  const sheet = await openSheet(chunked(buf, 1500), options);
  const rows: SheetRow[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return { kind: sheet.kind, encoding: sheet.encoding, rows };
}

async function refusal(
  buf: Buffer,
  options: Parameters<typeof openSheet>[1] = {},
): Promise<{ code: ImportFileErrorCode; message: string }> {
  try {
    await readAll(buf, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    const e = err as ImportFileError;
    return { code: e.code, message: e.message };
  }
  throw new Error('expected the file to be refused');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-sheet-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('openSheet: the kind comes from the content', () => {
  it('reads a CSV whatever its name, and an .xlsx named .csv', async () => {
    const table = sampleTable('aktivasi');
    const csv = await readAll(writeCsv(table, { delimiter: '|', bom: true }));
    expect(csv.kind).toBe('csv');
    expect(csv.encoding).toBe('utf8');
    expect(csv.rows).toHaveLength(table.rows.length + 1);

    const file = path.join(tmp, 'aktivasi.csv');
    fs.writeFileSync(file, await writeXlsx(table));
    const sheet = await openSheetFile(file);
    expect(sheet.kind).toBe('xlsx');
    const rows: SheetRow[] = [];
    for await (const r of sheet.rows) rows.push(r);
    expect(rows).toHaveLength(table.rows.length + 1);
    expect(rows[1]).toEqual({ row: 2, cells: table.rows[0] });
    expect(sheet.bytesRead()).toBe(fs.statSync(file).size);
  });

  it('reads Excel\'s Windows-1252 "CSV" as latin1', async () => {
    const got = await readAll(Buffer.from('NIP;NAMA\n199304012016111001;Fran\xe7oise Hidayat\n', 'latin1'));
    expect(got.encoding).toBe('latin1');
    expect(got.rows[1].cells).toEqual(['199304012016111001', 'Françoise Hidayat']);
  });

  it('keeps UTF-8 when a letter straddles the end of the sniffed sample', async () => {
    // "é" (2 bytes) at bytes 8191-8192 of a 9 KB file read in one chunk.
    const head = 'NIP,NAMA\n' + 'x'.repeat(8191 - 'NIP,NAMA\n'.length);
    const buf = Buffer.from(`${head}é\n${'y'.repeat(800)}\n`, 'utf8');
    const sheet = await openSheet(chunked(buf, buf.length), {});
    expect(sheet.encoding).toBe('utf8');
    await sheet.rows.return(undefined);
  });

  it('opens the sample file from disk', async () => {
    const sheet = await openSheetFile(new URL(SAMPLE_FILES.usul).pathname);
    const first = await sheet.rows.next();
    expect(first.value).toEqual({ row: 1, cells: ['NIP', 'NAMA', 'JENIS RIWAYAT', 'TANGGAL USUL', 'STATUS USUL', 'ALASAN'] });
    await sheet.rows.return(undefined);
  });
});

describe('openSheet: refusals, with a message that says what to do', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  it.each<[string, () => Buffer | Promise<Buffer>, ImportFileErrorCode, RegExp]>([
    ['an empty file', () => Buffer.alloc(0), 'empty', /^Berkas kosong \(0 byte\)$/],
    [
      'only a BOM and blank lines',
      () => Buffer.from('\uFEFF\r\n  \r\n', 'utf8'),
      'empty',
      /^Berkas kosong \(tidak ada baris judul kolom\)$/,
    ],
    [
      'a PNG image',
      () => png,
      'binary',
      /^Berkas ini bukan CSV atau \.xlsx \(berisi data biner\): simpan ulang dari Excel sebagai \.xlsx atau CSV UTF-8$/,
    ],
    [
      'a PDF',
      () => Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj', 'latin1'),
      'wrong_kind',
      /^Berkas ini PDF, bukan CSV atau \.xlsx ekspor SIASN$/,
    ],
    [
      'an old .xls',
      () => Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'),
      'wrong_kind',
      /^Format Excel lama \(\.xls\) tidak didukung/,
    ],
    ['a UTF-16 text file', () => Buffer.from('\uFEFFNIP\tNAMA\r\n', 'utf16le'), 'unsupported_encoding', /^Berkas teks UTF-16/],
    [
      'an HTML page saved as .xls',
      () => Buffer.from('<html><body><table><tr><td>NIP</td></tr></table></body></html>'),
      'wrong_kind',
      /^Berkas ini halaman HTML\/XML/,
    ],
    [
      'an OpenDocument spreadsheet',
      () =>
        storedZip([
          { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
          { name: 'content.xml', data: '<x/>' },
        ]),
      'wrong_kind',
      /^Berkas OpenDocument \(\.ods\) tidak didukung/,
    ],
    [
      'a ZIP without a worksheet',
      () => storedZip([{ name: 'readme.txt', data: 'bukan excel' }]),
      'wrong_kind',
      /^Berkas ZIP ini bukan buku kerja Excel \(\.xlsx\): tidak ada lembar kerja$/,
    ],
  ])('%s', async (_label, make, code, message) => {
    const got = await refusal(await make());
    expect(got.code).toBe(code);
    expect(got.message).toMatch(message);
  });

  it('refuses a file larger than the limit before reading it (size known)', async () => {
    const buf = writeCsv(sampleTable('asn'));
    const got = await refusal(buf, { size: buf.length, maxBytes: 100 * 1024 });
    expect(got).toEqual({ code: 'too_large', message: 'Berkas terlalu besar: 204 KB (batas 100 KB)' });
  });

  it('refuses a stream that grows past the limit while it is read (size unknown)', async () => {
    const buf = writeCsv(sampleTable('asn'));
    const got = await refusal(buf, { maxBytes: 50 * 1024 });
    expect(got.code).toBe('too_large');
    expect(got.message).toMatch(/^Berkas terlalu besar: \d+ KB \(batas 50 KB\)$/);
  });

  it('refuses an .xlsx stream that grows past the limit', async () => {
    const buf = await writeXlsx(sampleTable('asn'));
    const got = await refusal(buf, { maxBytes: Math.floor(buf.length / 2) });
    expect(got.code).toBe('too_large');
    expect(got.message).toMatch(/^Berkas terlalu besar: \d+ KB \(batas \d+ KB\)$/);
  });

  it('refuses an oversized file on disk from its size', async () => {
    const file = path.join(tmp, 'besar.csv');
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 0x41));
    await expect(openSheetFile(file, { maxBytes: 2 * 1024 * 1024 })).rejects.toThrow('Berkas terlalu besar: 3 MB (batas 2 MB)');
    fs.writeFileSync(file, '');
    await expect(openSheetFile(file)).rejects.toThrow('Berkas kosong (0 byte)');
  });
});
