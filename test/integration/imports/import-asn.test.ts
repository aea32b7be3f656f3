import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import { ImportFileError } from '../../../src/domain/imports/import-errors.js';
import { ForbiddenError, ValidationError } from '../../../src/domain/shared/errors.js';
import { createImportFixture, type ImportFixture } from '../../helpers/import-fixture.js';
import { SAMPLE_FILES, cloneTable, col, sampleTable, setCell, writeCsv, writeXlsx } from '../../helpers/siasn-samples.js';

/**
 * The ASN master import end to end on a real database: the sample export, the unit map, the
 * commit, a re-import, an OPD move, the ASN no longer in the file, bad rows and refused files.
 */
describe('ImportService: ASN export', () => {
  let f: ImportFixture;
  const sample = () => fs.readFileSync(SAMPLE_FILES.asn);
  const counts = async () => ({
    employees: await f.db.models.Employee.count(),
    placements: await f.db.models.EmployeePlacement.count(),
    submissions: await f.db.models.Submission.count(),
  });

  beforeAll(async () => {
    f = await createImportFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('refuses files that are not an ASN export, writing nothing but the refusal', async () => {
    const big = await createImportFixture({ IMPORT_MAX_MB: '0.1' });
    try {
      await expect(big.services.imports.preview(big.actors.admin, 'asn', big.file('besar.csv', sample()))).rejects.toThrow(
        'Berkas terlalu besar: lebih dari 102 KB',
      );
    } finally {
      await big.close();
    }
    const cases: Array<[string, Buffer | string, string]> = [
      ['kosong.csv', '', 'Berkas kosong (0 byte)'],
      ['biner.csv', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41]), 'Berkas ini bukan CSV atau .xlsx (berisi data biner)'],
      ['judul.csv', 'NAMA,ALAMAT\r\nBudi,Jl. Solo\r\n', 'NIP BARU'],
      ['hanya-judul.csv', sampleTable('asn').header.join(',') + '\r\n', 'Berkas hanya berisi baris judul kolom, tanpa baris data'],
    ];
    for (const [name, content, message] of cases) {
      const err = await f.services.imports.preview(f.actors.admin, 'asn', f.file(name, content)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportFileError);
      expect((err as Error).message).toContain(message);
    }
    expect(await counts()).toEqual({ employees: 0, placements: 0, submissions: 0 });
    const refused = await f.db.models.Import.findAll({ order: [['id', 'ASC']] });
    expect(refused.map((r) => [r.fileName, r.status, r.storageKey])).toEqual(cases.map(([n]) => [n, 'refused', null]));
    expect(await f.db.models.ImportRowError.count()).toBe(0);
  });

  it('refuses the roles that may not import the ASN master, and the unit map to all but the admin', async () => {
    for (const who of ['approver', 'verifier', 'opd_head', 'helpdesk'] as const) {
      await expect(f.services.imports.preview(f.actors[who], 'asn', f.file('a.csv', sample()))).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(f.services.imports.mapUnits(f.actors.approver, [{ unitId: 'X', unitName: 'X', opdId: 1 }])).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await f.db.models.SiasnUnitMap.count()).toBe(0);
  });

  let firstId = 0;
  it('previews the sample: every unit unknown with its suggestion, nothing written', async () => {
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('siasn-export-asn.csv', sample()));
    firstId = p.import.id;
    expect(p.counts).toMatchObject({ rows: 500, new: 0, errors: 500, missing: 0 });
    expect(p.unknownUnits).toHaveLength(46);
    const pusk = p.unknownUnits.find((u) => u.unit.name === 'Puskesmas Tawangmangu')!;
    expect(pusk).toMatchObject({ unit: { id: '8AE4830100000019' }, rowCount: 15, suggestion: { opd: { name: 'Dinas Kesehatan' } } });
    expect(p.errors[0]).toEqual({
      row: 2,
      column: 'UNOR NAMA',
      value: 'Dinas Kesehatan',
      message: 'Unit kerja "Dinas Kesehatan" (UNOR ID 8AE4830100000004) belum dipetakan ke OPD; petakan unit ini lalu periksa ulang berkas',
    });
    expect(await f.db.models.ImportRowError.count({ where: { importId: p.import.id } })).toBe(500);
    expect(p.import.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await counts()).toEqual({ employees: 0, placements: 0, submissions: 0 });
    // All or nothing: refused while rows are in error.
    await expect(f.services.imports.commit(f.actors.admin, p.import.id)).rejects.toThrow('Tidak ada yang diimpor: 500 baris bermasalah');
    expect(await counts()).toEqual({ employees: 0, placements: 0, submissions: 0 });
  });

  it('after the units are mapped, commits the 500 ASN into the mapped OPDs, with PNS ID and placement history', async () => {
    const p = await f.services.imports.recheck(f.actors.admin, firstId);
    await f.mapAll(p);
    expect(await f.db.models.SiasnUnitMap.count()).toBe(46);
    const q = await f.services.imports.recheck(f.actors.admin, firstId);
    expect(q.counts).toMatchObject({ rows: 500, new: 500, changed: 0, unchanged: 0, errors: 0 });
    expect(q.samples.new[0]).toMatchObject({ row: 2, ref: '199304012016111001' });
    const c = await f.services.imports.commit(f.actors.admin, firstId);
    expect(c.counts).toMatchObject({ rows: 500, new: 500, changed: 0, unchanged: 0, errors: 0, skipped: 0 });
    expect(await counts()).toEqual({ employees: 500, placements: 500, submissions: 0 });
    const heru = await f.db.models.Employee.findOne({ where: { nip: '199304012016111001' } });
    expect(heru).toMatchObject({ name: 'Heru Hidayat, S.H.', siasnPnsId: 'A8ACA700000050180001E040640A02', employeeType: 'PNS' });
    expect(heru!.opdId).toBe(f.opdByName.get('Dinas Kesehatan'));
    // Independent count: employees per OPD = rows of the file per mapped unit.
    const t = sampleTable('asn');
    const inPuskesmas = t.rows.filter((r) => /^Puskesmas /.test(r[col(t, 'UNOR NAMA')])).length;
    const dinkes = t.rows.filter((r) => r[col(t, 'UNOR NAMA')] === 'Dinas Kesehatan').length;
    const [row] = await f.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM employees WHERE opd_id = :opd', {
      type: QueryTypes.SELECT,
      replacements: { opd: f.opdByName.get('Dinas Kesehatan') },
    });
    expect(Number(row.n)).toBe(inPuskesmas + dinkes);
    const imp = await f.db.models.Import.findByPk(firstId);
    expect(imp).toMatchObject({ status: 'committed', mode: 'all-or-nothing' });
    // A second commit of the same preview is refused.
    await expect(f.services.imports.commit(f.actors.admin, firstId)).rejects.toThrow('Impor ini sudah diproses');
  });

  it('re-importing the same file changes nothing and says so', async () => {
    const before = await f.db.models.Employee.max('updatedAt');
    const audits = await f.db.models.AuditLog.count();
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('siasn-export-asn.csv', sample()));
    expect(p.counts).toMatchObject({ rows: 500, new: 0, changed: 0, unchanged: 500, errors: 0, missing: 0 });
    expect(p.nothingToChange).toBe(true);
    expect(p.message).toBe(
      '500 baris: 0 baru, 0 berubah, 500 tidak berubah, 0 bermasalah, 0 pegawai aktif tidak ada di berkas — tidak ada perubahan',
    );
    const c = await f.services.imports.commit(f.actors.admin, p.import.id);
    expect(c.nothingChanged).toBe(true);
    expect(c.message).toBe('Tidak ada perubahan: 500 baris sama dengan data tersimpan');
    expect(await f.db.models.Employee.max('updatedAt')).toEqual(before);
    // Only the preview's and the commit's own audit rows.
    expect((await f.db.models.AuditLog.count()) - audits).toBe(2);
  });

  it('moves an employee whose unit now maps to another OPD, audited, and reports and deactivates ASN missing from the file on request', async () => {
    const t = cloneTable(sampleTable('asn'));
    // Row 3 (Joko Pratiwi, Kecamatan Gondangrejo) now works at Dinas Sosial.
    setCell(t, 1, 'UNOR ID', '8AE4830100000006');
    setCell(t, 1, 'UNOR NAMA', 'Dinas Sosial');
    const gone = t.rows.splice(2, 3).map((r) => r[col(t, 'NIP BARU')]);
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('asn-2.csv', writeCsv(t)));
    expect(p.counts).toMatchObject({ rows: 497, new: 0, changed: 1, unchanged: 496, errors: 0, missing: 3 });
    expect(p.samples.changed[0].changes).toEqual([
      { field: 'opdId', label: 'OPD', before: 'Kecamatan Gondangrejo', after: 'Dinas Sosial' },
      { field: 'unit', label: 'Unit kerja', before: 'Kecamatan Gondangrejo', after: 'Dinas Sosial' },
    ]);
    expect(p.samples.missing.map((m) => m.ref).sort()).toEqual([...gone].sort());
    await expect(f.services.imports.commit(f.actors.approver, p.import.id)).rejects.toThrow('tidak ditemukan');
    const c = await f.services.imports.commit(f.actors.admin, p.import.id, { deactivateMissing: true });
    expect(c.counts).toMatchObject({ changed: 1, missing: 3, deactivated: 3 });
    const joko = await f.db.models.Employee.findOne({ where: { nip: '199503242019011002' } });
    expect(joko!.opdId).toBe(f.opdByName.get('Dinas Sosial'));
    const move = await f.db.models.AuditLog.findOne({ where: { action: 'employee_placement', recordId: String(joko!.id) } });
    expect(move!.message).toBe('Pegawai pindah OPD');
    expect(move!.beforeData).toEqual({ opdId: f.opdByName.get('Kecamatan Gondangrejo'), active: true });
    // The fixed clock puts the move at the instant the period began: that period is replaced.
    const periods = await f.db.models.EmployeePlacement.findAll({ where: { employeeId: joko!.id, validTo: null } });
    expect(periods.map((x) => x.opdId)).toEqual([f.opdByName.get('Dinas Sosial')]);
    const inactive = await f.db.models.Employee.findAll({ where: { active: false } });
    expect(inactive.map((e) => e.nip).sort()).toEqual([...gone].sort());
    expect(await f.db.models.Employee.count()).toBe(500);
  });

  it('reports bad rows with their row, column and message; all or nothing refuses, "valid rows only" skips and records them', async () => {
    const t = cloneTable(sampleTable('asn'));
    setCell(t, 0, 'NIP BARU', '19930401201611100'); // row 2: 17 digits
    setCell(t, 1, 'TANGGAL LAHIR', '25-03-1995'); // row 3: not the NIP's birth date
    t.rows[2][col(t, 'NIP BARU')] = t.rows[3][col(t, 'NIP BARU')]; // row 4 duplicates row 5's NIP
    setCell(t, 5, 'TANGGAL LAHIR', '31-02-1990'); // row 7: impossible date
    setCell(t, 6, 'JENIS PEGAWAI NAMA', 'Honorer'); // row 8
    setCell(t, 7, 'NAMA', ''); // row 9
    setCell(t, 8, 'UNOR ID', '8AE48301XXXX'); // row 10: a unit nobody mapped
    setCell(t, 8, 'UNOR NAMA', 'UPT Baru');
    const nik = t.rows[9][col(t, 'NIK')];
    setCell(t, 9, 'NIK', `${nik.slice(0, 6)}010180${nik.slice(12)}`); // row 11: NIK of another birth date
    const file = writeCsv(t, { delimiter: '|', bom: true, apostrophe: ['NIP BARU', 'NIK'] });
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('asn-buruk.csv', file));
    const rows = p.errors.map((e) => [e.row, e.column, e.message]);
    expect(rows).toEqual([
      [2, 'NIP BARU', 'NIP BARU harus 18 digit angka (diterima 17 digit)'],
      [3, 'TANGGAL LAHIR', 'TANGGAL LAHIR 25-03-1995 tidak sama dengan tanggal lahir pada NIP BARU (24-03-1995)'],
      [4, 'TANGGAL LAHIR', 'TANGGAL LAHIR 08-09-1977 tidak sama dengan tanggal lahir pada NIP BARU (06-11-1972)'],
      [5, 'NIP BARU', 'NIP BARU 197211061999122004 sudah ada di baris 4; setiap NIP hanya boleh muncul sekali'],
      [7, 'TANGGAL LAHIR', 'TANGGAL LAHIR bukan tanggal yang ada: 31-02-1990'],
      [8, 'JENIS PEGAWAI NAMA', 'JENIS PEGAWAI NAMA tidak dikenal: "Honorer" (yang dikenal: PNS Daerah, CPNS Daerah, PPPK)'],
      [9, 'NAMA', 'NAMA wajib diisi'],
      [10, 'UNOR NAMA', 'Unit kerja "UPT Baru" (UNOR ID 8AE48301XXXX) belum dipetakan ke OPD; petakan unit ini lalu periksa ulang berkas'],
      [11, 'NIK', 'NIK: tanggal lahir tidak sama dengan NIP (NIK 01-01-80, NIP 1995-12-15)'],
    ]);
    expect(p.counts).toMatchObject({ rows: 500, errors: 9 });
    expect(p.unknownUnits.map((u) => u.unit.name)).toEqual(['UPT Baru']);
    const before = await counts();
    const audits = await f.db.models.AuditLog.count({ where: { resource: 'employees' } });
    await expect(f.services.imports.commit(f.actors.admin, p.import.id)).rejects.toBeInstanceOf(ValidationError);
    expect(await counts()).toEqual(before);
    expect(await f.db.models.AuditLog.count({ where: { resource: 'employees' } })).toBe(audits);
    // The valid rows only: the 491 others (3 were gone, so they come back as changed: active again).
    const c = await f.services.imports.commit(f.actors.admin, p.import.id, { skipInvalid: true });
    expect(c.counts).toMatchObject({ rows: 500, errors: 9, skipped: 9 });
    expect((await f.db.models.Import.findByPk(p.import.id))!.mode).toBe('skip-invalid');
    const recorded = await f.db.models.ImportRowError.findAll({ where: { importId: p.import.id }, order: [['row', 'ASC']] });
    expect(recorded.map((e) => e.row)).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
    // The report of those errors, as a workbook read back.
    const report = await f.services.imports.errorReport(f.actors.admin, p.import.id);
    const chunks: Buffer[] = [];
    for await (const chunk of report.stream) chunks.push(chunk as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, 'Baris', 'Kolom', 'Isi sel', 'Keterangan']);
    expect(ws.getRow(2).getCell(1).value).toBe(2);
    expect(ws.getRow(9).getCell(4).value).toBe(rows[7][2]);
    expect(ws.rowCount).toBe(10);
  });

  it('reads the same export saved as .xlsx (NIP and NIK as text)', async () => {
    const file = await writeXlsx(sampleTable('asn'));
    const p = await f.services.imports.preview(f.actors.admin, 'asn', f.file('siasn-export-asn.xlsx', file));
    expect(p.counts).toMatchObject({ rows: 500, errors: 0, new: 0 });
    const original = await f.services.imports.original(f.actors.admin, p.import.id);
    expect(original.mime).toContain('spreadsheetml');
    await expect(f.services.imports.original(f.actors.approver, p.import.id)).rejects.toThrow('tidak ditemukan');
  });
});
