import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import { usulKey } from '../../../../src/domain/imports/usul.profile.js';
import {
  SAMPLE_FILES,
  cloneTable,
  col,
  sampleTable,
  setCell,
  testProfiles,
  validateFile,
  writeCsv,
  writeXlsx,
} from '../../../helpers/siasn-samples.js';

const { aktivasi, usul } = testProfiles();

describe('MySAPK activation profile', () => {
  it('validates the 438 rows of the sample; times are WIB', async () => {
    const got = await validateFile(aktivasi, fs.readFileSync(SAMPLE_FILES.aktivasi));
    expect(got.errors).toEqual([]);
    expect(got.valid).toHaveLength(438);
    expect(got.valid[0]).toEqual({
      row: 2,
      value: {
        nip: '199304012016111001',
        name: 'Heru Hidayat',
        activatedAt: new Date('2021-08-20T01:43:00Z'),
        passwordChangedAt: new Date('2021-08-20T10:01:00Z'),
      },
    });
    // Rows without a password change keep null (counted independently from the file).
    const t = sampleTable('aktivasi');
    const empty = t.rows.filter((r) => r[col(t, 'TANGGAL GANTI PASSWORD')] === '').length;
    expect(empty).toBeGreaterThan(0);
    expect(got.valid.filter((v) => v.value.passwordChangedAt === null)).toHaveLength(empty);
  });

  it('reads the same rows from a pipe-delimited .csv with BOM and from .xlsx with real date cells', async () => {
    const t = sampleTable('aktivasi');
    const base = await validateFile(aktivasi, fs.readFileSync(SAMPLE_FILES.aktivasi));
    const pipe = await validateFile(aktivasi, writeCsv(t, { delimiter: '|', bom: true, apostrophe: ['NIP'] }));
    const xlsx = await validateFile(aktivasi, await writeXlsx(t, { dates: ['TANGGAL AKTIVASI', 'TANGGAL GANTI PASSWORD'] }));
    expect(pipe.valid).toEqual(base.valid);
    expect(xlsx.valid).toEqual(base.valid);
  });

  it('reports bad rows with their row, column and message', async () => {
    const t = cloneTable(sampleTable('aktivasi'));
    setCell(t, 0, 'NIP', '19930401201611100'); // row 2
    setCell(t, 1, 'TANGGAL AKTIVASI', '31-02-2021 10:00'); // row 3
    setCell(t, 2, 'TANGGAL GANTI PASSWORD', '19-08-2021 10:00'); // row 4: before activation (20-08-2021 02:35)
    setCell(t, 3, 'TANGGAL AKTIVASI', ''); // row 5
    setCell(t, 4, 'TANGGAL AKTIVASI', '18-08-2027 15:56'); // row 6: after "now"
    t.rows[5] = [...t.rows[6]]; // row 7 = row 8
    const got = await validateFile(aktivasi, writeCsv(t));
    expect(got.errors).toEqual([
      { row: 2, column: 'NIP', value: '19930401201611100', message: 'NIP harus 18 digit angka (diterima 17 digit)' },
      {
        row: 3,
        column: 'TANGGAL AKTIVASI',
        value: '31-02-2021 10:00',
        message: 'TANGGAL AKTIVASI bukan tanggal yang ada: 31-02-2021 10:00',
      },
      {
        row: 4,
        column: 'TANGGAL GANTI PASSWORD',
        value: '19-08-2021 10:00',
        message: 'TANGGAL GANTI PASSWORD 19-08-2021 10:00 lebih awal dari TANGGAL AKTIVASI 20-08-2021 02:35',
      },
      { row: 5, column: 'TANGGAL AKTIVASI', message: 'TANGGAL AKTIVASI wajib diisi' },
      { row: 6, column: 'TANGGAL AKTIVASI', value: '18-08-2027 15:56', message: 'TANGGAL AKTIVASI 18-08-2027 15:56 ada di masa depan' },
      {
        row: 8,
        column: 'NIP',
        value: t.rows[6][0],
        message: `NIP ${t.rows[6][0]} sudah ada di baris 7; setiap NIP hanya boleh muncul sekali`,
      },
    ]);
    expect(got.valid).toHaveLength(438 - 6);
  });
});

describe('Usulan monitoring profile', () => {
  it('validates the 502 rows of the sample, mapping SIASN words to categories and statuses', async () => {
    const got = await validateFile(usul, fs.readFileSync(SAMPLE_FILES.usul));
    expect(got.errors).toEqual([]);
    expect(got.valid).toHaveLength(502);
    expect(got.valid[0].value).toEqual({
      nip: '199304012016111001',
      name: 'Heru Hidayat',
      category: 'skp',
      categoryWord: 'Riwayat SKP',
      submittedAt: new Date('2021-08-20T01:51:00Z'),
      status: 'validated',
      statusWord: 'Tervalidasi BKN',
      reason: null,
    });
    expect(got.valid.find((v) => v.row === 9)!.value).toMatchObject({
      category: 'pendidikan',
      status: 'needs_fix',
      reason: 'Scan ijazah tidak terbaca',
    });
    // Counts by status match an independent count of the file's words.
    const t = sampleTable('usul');
    const words = t.rows.map((r) => r[col(t, 'STATUS USUL')]);
    expect(got.valid.filter((v) => v.value.status === 'rejected')).toHaveLength(
      words.filter((w) => w === 'Tidak Memenuhi Syarat (TMS)').length,
    );
    expect(got.valid.filter((v) => v.value.category === 'pangkat')).toHaveLength(
      t.rows.filter((r) => r[col(t, 'JENIS RIWAYAT')] === 'Riwayat Golongan').length,
    );
  });

  it('reports bad rows with their row, column and message', async () => {
    const t = cloneTable(sampleTable('usul'));
    setCell(t, 0, 'JENIS RIWAYAT', 'Riwayat Hukuman Disiplin'); // row 2
    setCell(t, 1, 'STATUS USUL', 'Ditolak BKN'); // row 3
    setCell(t, 2, 'TANGGAL USUL', '24-08-2021'); // row 4: a date alone is 00:00 WIB, accepted
    setCell(t, 3, 'TANGGAL USUL', '18-08-2021 25:16'); // row 5
    t.rows[4] = [...t.rows[1]]; // row 6 = row 3 (same NIP, category, minute)
    setCell(t, 4, 'STATUS USUL', 'Disetujui BKPSDM');
    setCell(t, 5, 'NIP', ''); // row 7
    const got = await validateFile(usul, writeCsv(t, { delimiter: ';' }));
    expect(got.errors).toEqual([
      {
        row: 2,
        column: 'JENIS RIWAYAT',
        value: 'Riwayat Hukuman Disiplin',
        message: 'JENIS RIWAYAT tidak dikenal: "Riwayat Hukuman Disiplin"; tambahkan padanannya di config/siasn-import.json (categories)',
      },
      {
        row: 3,
        column: 'STATUS USUL',
        value: 'Ditolak BKN',
        message:
          'STATUS USUL tidak dikenal: "Ditolak BKN" (yang dikenal: Input Berkas, Perbaikan Dokumen (BTS), Perbaikan Dokumen, BTS, Tidak Memenuhi Syarat (TMS), Tidak Memenuhi Syarat, TMS, Terverifikasi OPD, Tervalidasi BKN, Disetujui BKPSDM)',
      },
      { row: 5, column: 'TANGGAL USUL', value: '18-08-2021 25:16', message: 'TANGGAL USUL: jam 25:16 tidak valid (18-08-2021 25:16)' },
      {
        row: 6,
        column: 'NIP',
        value: '197709082001012003',
        message: 'Usul yang sama (NIP 197709082001012003, JENIS RIWAYAT Riwayat PMK, TANGGAL USUL 23-08-2021 03:03) sudah ada di baris 3',
      },
      { row: 7, column: 'NIP', message: 'NIP wajib diisi (18 digit angka)' },
    ]);
    expect(got.valid.find((v) => v.row === 4)!.value.submittedAt).toEqual(new Date('2021-08-23T17:00:00Z'));
  });

  it('keys an usul by NIP, category and minute', () => {
    expect(usulKey('199304012016111001', 'skp', new Date('2021-08-20T01:51:42Z'))).toBe('199304012016111001|skp|2021-08-20T01:51:00.000Z');
  });
});
