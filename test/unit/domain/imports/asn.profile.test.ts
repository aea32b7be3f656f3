import { describe, it, expect, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import { composeName, type AsnRow } from '../../../../src/domain/imports/asn.profile.js';
import { openImport } from '../../../../src/domain/imports/import-file.reader.js';
import { ImportFileError } from '../../../../src/domain/imports/import-errors.js';
import { openSheet } from '../../../../src/domain/imports/sheet.reader.js';
import {
  NOW,
  SAMPLE_FILES,
  chunked,
  cloneTable,
  col,
  sampleTable,
  setCell,
  testProfiles,
  validateFile,
  writeCsv,
  writeXlsx,
  type Table,
  type Validated,
} from '../../../helpers/siasn-samples.js';

const { asn } = testProfiles();
const sampleBuffer = () => fs.readFileSync(SAMPLE_FILES.asn);

describe('composeName', () => {
  it.each<[string, string | null, string | null, string]>([
    ['Sri Lestari', 'dr.', 'M.Kes.', 'dr. Sri Lestari, M.Kes.'],
    ['Heru Hidayat', null, 'S.H.', 'Heru Hidayat, S.H.'],
    ['Heru Hidayat', '', '', 'Heru Hidayat'],
    ['Agus  Suryanto', 'Drs.', 'S.Kom., M.M.', 'Drs. Agus Suryanto, S.Kom., M.M.'],
    ['Sri Lestari', 'dr.', ', M.Kes.', 'dr. Sri Lestari, M.Kes.'],
    // Names that already carry their gelar are not given them twice.
    ['dr. Sri Lestari, M.Kes.', 'dr.', 'M.Kes.', 'dr. Sri Lestari, M.Kes.'],
  ])('%j + %j + %j → %j', (name, front, back, expected) => {
    expect(composeName(name, front, back)).toBe(expected);
  });
});

describe('ASN profile on the sample export', () => {
  let sample: Validated<AsnRow>;
  beforeAll(async () => {
    sample = await validateFile(asn, sampleBuffer());
  });

  it('validates all 500 rows with no error, row numbers from 2', () => {
    expect(sample.kind).toBe('csv');
    expect(sample.errors).toEqual([]);
    expect(sample.valid).toHaveLength(500);
    expect(sample.valid[0].row).toBe(2);
    expect(sample.valid[499].row).toBe(501);
  });

  it('normalises a row: name with gelar, type, birth date and sex from the NIP, unit carried, PNS ID kept', () => {
    expect(sample.valid[0].value).toEqual({
      pnsId: 'A8ACA700000050180001E040640A02',
      nip: '199304012016111001',
      nik: '3313020104937266',
      name: 'Heru Hidayat, S.H.',
      employeeType: 'PNS',
      birthDate: '1993-04-01',
      sex: 'L',
      phone: '083040266179',
      email: 'heru0@example.net',
      legalStatus: 'Aktif',
      rankGrade: 'III/b',
      position: 'Perawat Terampil',
      unit: { id: '8AE4830100000004', name: 'Dinas Kesehatan' },
    });
    // Row 11 has no gelar belakang.
    expect(sample.valid[9].value.name).toBe('Tri Hidayat');
  });

  it('maps JENIS PEGAWAI NAMA as counted independently from the file', () => {
    const t = sampleTable('asn');
    const words = t.rows.map((r) => r[col(t, 'JENIS PEGAWAI NAMA')]);
    const count = (w: string) => words.filter((x) => x === w).length;
    const types = sample.valid.map((v) => v.value.employeeType);
    expect(types.filter((x) => x === 'PNS')).toHaveLength(count('PNS Daerah'));
    expect(types.filter((x) => x === 'CPNS')).toHaveLength(count('CPNS Daerah'));
    expect(types.filter((x) => x === 'PPPK')).toHaveLength(count('PPPK'));
    expect(count('PNS Daerah') + count('CPNS Daerah') + count('PPPK')).toBe(500);
  });

  it('composes gelar depan and belakang as SIASN shows them', async () => {
    const t = cloneTable(sampleTable('asn'));
    setCell(t, 6, 'GELAR DEPAN', 'dr.');
    setCell(t, 6, 'NAMA', 'Tri Setiawan');
    setCell(t, 6, 'GELAR BELAKANG', 'M.Kes.');
    const got = await validateFile(asn, writeCsv(t));
    expect(got.valid.find((v) => v.row === 8)!.value.name).toBe('dr. Tri Setiawan, M.Kes.');
  });

  it.each([
    [
      'pipe, BOM and NIP/NIK with a leading apostrophe',
      (t: Table) => writeCsv(t, { delimiter: '|', bom: true, apostrophe: ['NIP BARU', 'NIK', 'NOMOR HP'] }),
    ],
    ['semicolon and LF', (t: Table) => writeCsv(t, { delimiter: ';', eol: '\n' })],
    ['.xlsx with NIP/NIK as text and dates as date cells', (t: Table) => writeXlsx(t, { dates: ['TANGGAL LAHIR'] })],
    [
      'lower-case headers with extra spaces',
      (t: Table) => writeCsv({ header: t.header.map((h) => ` ${h.toLowerCase().replace(' ', '  ')} `), rows: t.rows }),
    ],
  ])('reads the same 500 rows from the sample written as %s', async (_label, write) => {
    const got = await validateFile(asn, await write(sampleTable('asn')));
    expect(got.errors).toEqual([]);
    expect(got.valid).toEqual(sample.valid);
  });
});

describe('ASN profile: numbers a spreadsheet has rounded', () => {
  it('refuses every NIP stored as a number cell, and nothing else on those rows', async () => {
    const got = await validateFile(asn, await writeXlsx(sampleTable('asn'), { numbers: ['NIP BARU'] }));
    expect(got.kind).toBe('xlsx');
    expect(got.valid).toEqual([]);
    expect(got.errors).toHaveLength(500);
    expect(got.errors.every((e) => e.column === 'NIP BARU')).toBe(true);
    expect(got.errors[0]).toEqual({
      row: 2,
      column: 'NIP BARU',
      value: '199304012016111000',
      message:
        'NIP BARU tersimpan sebagai angka sehingga digit terakhirnya hilang (terbaca 199304012016111000); ubah format kolom NIP BARU menjadi Teks, isi ulang dengan angka yang benar, lalu simpan lagi',
    });
  });

  it('refuses a NIK stored as a number cell', async () => {
    const t = sampleTable('asn');
    t.rows = t.rows.slice(0, 2);
    const got = await validateFile(asn, await writeXlsx(t, { numbers: ['NIK'] }));
    expect(got.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [2, 'NIK', '3313020104937266'],
      [3, 'NIK', '3313152403951870'],
    ]);
    expect(got.errors[0].message).toMatch(/^NIK tersimpan sebagai angka sehingga digit terakhirnya hilang/);
  });

  it('refuses a NIP a spreadsheet saved in scientific notation in a CSV', async () => {
    const t = cloneTable(sampleTable('asn'));
    setCell(t, 0, 'NIP BARU', '1,99304E+17');
    const got = await validateFile(asn, writeCsv(t, { delimiter: ';' }));
    expect(got.errors).toEqual([
      {
        row: 2,
        column: 'NIP BARU',
        value: '1,99304E+17',
        message:
          'NIP BARU tersimpan sebagai angka sehingga digit terakhirnya hilang (terbaca 1,99304E+17); ubah format kolom NIP BARU menjadi Teks, isi ulang dengan angka yang benar, lalu simpan lagi',
      },
    ]);
  });
});

describe('ASN profile: files refused as a whole', () => {
  it('names the missing required columns before any row is read', async () => {
    const t = sampleTable('asn');
    const keep = t.header
      .map((h, i) => [h, i] as const)
      .filter(([h]) => h !== 'NIP BARU' && h !== 'NAMA')
      .map(([, i]) => i);
    const file = writeCsv({ header: keep.map((i) => t.header[i]), rows: t.rows.map((r) => keep.map((i) => r[i])) });
    const err = await validateFile(asn, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).message).toBe('Kolom wajib tidak ditemukan: NIP BARU, NAMA');
  });

  it('refuses the file when it is opened, before a data row is validated', async () => {
    const t = sampleTable('asn');
    const keep = t.header.map((_, i) => i).filter((i) => t.header[i] !== 'UNOR NAMA');
    const file = writeCsv({ header: keep.map((i) => t.header[i]), rows: t.rows.map((r) => keep.map((i) => r[i])) });
    const sheet = await openSheet(chunked(file), { size: file.length });
    await expect(openImport(asn, sheet, { now: NOW })).rejects.toThrow(
      new ImportFileError('missing_columns', 'Kolom wajib tidak ditemukan: UNOR NAMA'),
    );
  });

  it('refuses the activation list given as the ASN export (its NIP column is an alias of NIP BARU)', async () => {
    const err = await validateFile(asn, fs.readFileSync(SAMPLE_FILES.aktivasi)).catch((e: unknown) => e);
    expect((err as ImportFileError).message).toBe('Kolom wajib tidak ditemukan: PNS ID, NIK, JENIS PEGAWAI NAMA, UNOR NAMA');
  });

  it('refuses a header without data rows, and ignores empty rows', async () => {
    const t = sampleTable('asn');
    const err = await validateFile(asn, writeCsv({ header: t.header, rows: [t.header.map(() => ''), t.header.map(() => '')] })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).code).toBe('no_rows');
    expect((err as ImportFileError).message).toBe('Berkas hanya berisi baris judul kolom, tanpa baris data');
  });
});

describe('ASN profile: bad rows, exact rows, columns and messages', () => {
  let got: Validated<AsnRow>;
  beforeAll(async () => {
    const base = sampleTable('asn');
    const t = cloneTable(base);
    setCell(t, 0, 'NIP BARU', '19930401201611100'); // row 2: 17 digits
    setCell(t, 1, 'NIK', '3313152503951870'); // row 3: NIK born 25-03-95, NIP 24-03-1995
    setCell(t, 3, 'TANGGAL LAHIR', '31-02-1972'); // row 5
    setCell(t, 4, 'JENIS PEGAWAI NAMA', 'Honorer Daerah'); // row 6
    t.rows[5] = [...base.rows[2]]; // row 7: the person of row 4 again
    setCell(t, 5, 'PNS ID', base.rows[5][col(base, 'PNS ID')]);
    setCell(t, 6, 'NAMA', ''); // row 8
    setCell(t, 7, 'JENIS KELAMIN', 'M'); // row 9: the NIP says perempuan
    setCell(t, 8, 'EMAIL', 'sugeng(at)example.net'); // row 10
    setCell(t, 9, 'TANGGAL LAHIR', '16-12-1995'); // row 11: the NIP says 15-12-1995
    setCell(t, 10, 'UNOR NAMA', ''); // row 12
    setCell(t, 11, 'NIP BARU', '19790531200201200A'); // row 13: two errors on one row
    setCell(t, 11, 'NAMA', ' ');
    t.rows[12][col(t, 'PNS ID')] = base.rows[0][col(base, 'PNS ID')]!; // row 14: PNS ID of row 2
    t.rows[13].push('', 'tergeser'); // row 15: cells beyond the header
    got = await validateFile(asn, writeCsv(t, { delimiter: '|', bom: true, apostrophe: ['NIP BARU', 'NIK'] }));
  });

  it('reports each problem on its row and column with an Indonesian message naming the column', () => {
    expect(got.errors).toEqual([
      { row: 2, column: 'NIP BARU', value: '19930401201611100', message: 'NIP BARU harus 18 digit angka (diterima 17 digit)' },
      {
        row: 3,
        column: 'NIK',
        value: '3313152503951870',
        message: 'NIK: tanggal lahir tidak sama dengan NIP (NIK 25-03-95, NIP 1995-03-24)',
      },
      { row: 5, column: 'TANGGAL LAHIR', value: '31-02-1972', message: 'TANGGAL LAHIR bukan tanggal yang ada: 31-02-1972' },
      {
        row: 6,
        column: 'JENIS PEGAWAI NAMA',
        value: 'Honorer Daerah',
        message: 'JENIS PEGAWAI NAMA tidak dikenal: "Honorer Daerah" (yang dikenal: PNS Daerah, CPNS Daerah, PPPK)',
      },
      {
        row: 7,
        column: 'NIP BARU',
        value: '197709082001012003',
        message: 'NIP BARU 197709082001012003 sudah ada di baris 4; setiap NIP hanya boleh muncul sekali',
      },
      { row: 8, column: 'NAMA', message: 'NAMA wajib diisi' },
      {
        row: 9,
        column: 'JENIS KELAMIN',
        value: 'M',
        message: 'JENIS KELAMIN M (laki-laki) tidak sama dengan kode jenis kelamin pada NIP BARU (perempuan)',
      },
      { row: 10, column: 'EMAIL', value: 'sugeng(at)example.net', message: 'EMAIL: format e-mail tidak valid' },
      {
        row: 11,
        column: 'TANGGAL LAHIR',
        value: '16-12-1995',
        message: 'TANGGAL LAHIR 16-12-1995 tidak sama dengan tanggal lahir pada NIP BARU (15-12-1995)',
      },
      { row: 12, column: 'UNOR NAMA', message: 'UNOR NAMA wajib diisi (unit kerja menentukan OPD pegawai)' },
      {
        row: 13,
        column: 'NIP BARU',
        // Not a number, so the apostrophe stays: the cell as the file has it.
        value: "'19790531200201200A",
        message: 'NIP BARU harus 18 digit angka (mengandung karakter selain angka, misalnya huruf, spasi, atau titik)',
      },
      { row: 13, column: 'NAMA', message: 'NAMA wajib diisi' },
      {
        row: 14,
        column: 'PNS ID',
        value: 'A8ACA700000050180001E040640A02',
        message: 'PNS ID A8ACA700000050180001E040640A02 sudah ada di baris 2; satu PNS ID hanya untuk satu pegawai',
      },
      {
        row: 15,
        column: '',
        value: 'tergeser',
        message: 'Baris berisi 1 isian di luar kolom judul (mulai kolom ke-66); periksa pemisah kolom atau tanda kutip pada baris ini',
      },
    ]);
  });

  it('keeps the other rows valid and carries the NIP on every row, also the refused ones', () => {
    expect(new Set(got.errors.map((e) => e.row)).size).toBe(13);
    expect(got.valid).toHaveLength(500 - 13);
    expect(got.valid.map((v) => v.row)).not.toContain(7);
    expect(got.rows.find((r) => r.row === 7)!.ref).toBe('197709082001012003');
    expect(got.rows.find((r) => r.row === 2)!.ref).toBe('19930401201611100');
  });
});
