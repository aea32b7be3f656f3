import { describe, it, expect, beforeEach } from '@jest/globals';
import fs from 'node:fs';
import { KARANGANYAR_OPDS } from '../../../../seeders/karanganyar-opds.js';
import { planAsnImport, type AsnOutcome } from '../../../../src/domain/imports/asn.planner.js';
import { openImport } from '../../../../src/domain/imports/import-file.reader.js';
import { describeCounts, summarisePlan, type UnknownUnit } from '../../../../src/domain/imports/import-plan.js';
import { openSheet } from '../../../../src/domain/imports/sheet.reader.js';
import { suggestOpdForUnit, type OpdRef } from '../../../../src/domain/imports/unit-opd.suggester.js';
import { MemoryImportStore } from '../../../helpers/import-store.js';
import {
  NOW,
  SAMPLE_FILES,
  chunked,
  cloneTable,
  col,
  sampleTable,
  setCell,
  testProfiles,
  writeCsv,
  type Table,
} from '../../../helpers/siasn-samples.js';

const OPDS: OpdRef[] = KARANGANYAR_OPDS.map((o, i) => ({ id: i + 1, code: o.code, name: o.name, kind: o.kind }));
const opd = (code: string) => OPDS.find((o) => o.code === code)!;
const UNKNOWN_UNIT = 'Bidang Pelayanan dan Sumber Daya Kesehatan';

async function open(content: Buffer) {
  const sheet = await openSheet(chunked(content, 8192), { size: content.length });
  return openImport(testProfiles().asn, sheet, { now: NOW });
}

async function plan(
  content: Buffer,
  store: MemoryImportStore,
  batchSize?: number,
): Promise<{ outcomes: AsnOutcome[]; unknown: UnknownUnit[] }> {
  const opened = await open(content);
  const p = planAsnImport(opened.rows, store, { header: opened.binding.header, batchSize });
  const outcomes: AsnOutcome[] = [];
  for await (const o of p.outcomes) outcomes.push(o);
  return { outcomes, unknown: p.unknownUnits() };
}

const byKind = (outcomes: AsnOutcome[], kind: AsnOutcome['kind']) => outcomes.filter((o) => o.kind === kind);

/** Maps every unit of the table that has a suggestion, as an admin accepting them would. */
function acceptSuggestions(store: MemoryImportStore, t: Table): void {
  const seen = new Set<string>();
  for (const r of t.rows) {
    const id = r[col(t, 'UNOR ID')];
    if (seen.has(id)) continue;
    seen.add(id);
    const s = suggestOpdForUnit(r[col(t, 'UNOR NAMA')], OPDS);
    if (s) store.mapUnit(id, r[col(t, 'UNOR NAMA')], s.opd.id);
  }
}

describe('planAsnImport on the sample export', () => {
  const table = sampleTable('asn');
  const unknownRows = table.rows.map((r, i) => [r, i + 2] as const).filter(([r]) => r[col(table, 'UNOR NAMA')] === UNKNOWN_UNIT);
  let store: MemoryImportStore;
  beforeEach(() => {
    store = new MemoryImportStore(OPDS);
    acceptSuggestions(store, table);
  });

  it('plans every employee as new, in the OPD of its unit; rows of an unmapped unit are errors and the unit is listed', async () => {
    const { outcomes, unknown } = await plan(fs.readFileSync(SAMPLE_FILES.asn), store);
    expect(unknownRows).toHaveLength(10);
    expect(byKind(outcomes, 'new')).toHaveLength(490);
    expect(byKind(outcomes, 'error').map((o) => o.row)).toEqual(unknownRows.map(([, row]) => row));
    expect(byKind(outcomes, 'error')[0]).toEqual({
      kind: 'error',
      row: 11,
      ref: '199512152020022010',
      errors: [
        {
          row: 11,
          column: 'UNOR NAMA',
          value: UNKNOWN_UNIT,
          message: `Unit kerja "${UNKNOWN_UNIT}" (UNOR ID 8AE4830100000045) belum dipetakan ke OPD; petakan unit ini lalu periksa ulang berkas`,
        },
      ],
    });
    expect(unknown).toEqual([
      { key: 'id:8AE4830100000045', unit: { id: '8AE4830100000045', name: UNKNOWN_UNIT }, rowCount: 10, firstRow: 11, suggestion: null },
    ]);

    const heru = outcomes.find((o) => o.row === 2)!;
    expect(heru).toMatchObject({
      kind: 'new',
      patch: {
        nip: '199304012016111001',
        name: 'Heru Hidayat, S.H.',
        opdId: opd('DINKES').id,
        unit: 'Dinas Kesehatan',
        employeeType: 'PNS',
        sex: 'L',
        birthDate: '1993-04-01',
        active: true,
        pnsId: 'A8ACA700000050180001E040640A02',
      },
    });
    // The puskesmas and school employees land in Dinas Kesehatan / Dinas Pendidikan (counted from the file).
    const inUnits = (prefix: string) => table.rows.filter((r) => r[col(table, 'UNOR NAMA')].startsWith(prefix)).length;
    const newIn = (code: string) => byKind(outcomes, 'new').filter((o) => o.kind === 'new' && o.patch.opdId === opd(code).id).length;
    expect(newIn('DINKES')).toBe(inUnits('Puskesmas ') + inUnits('Dinas Kesehatan'));
    expect(newIn('DISDIKBUD')).toBe(inUnits('SD Negeri ') + inUnits('Dinas Pendidikan'));
  });

  it('is idempotent: after the rows are written, the same file changes nothing and says so', async () => {
    const file = fs.readFileSync(SAMPLE_FILES.asn);
    const first = await plan(file, store);
    first.outcomes.forEach((o) => store.applyAsn(o));
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);

    const second = await plan(file, store);
    expect(byKind(second.outcomes, 'new')).toHaveLength(10);
    expect(byKind(second.outcomes, 'unchanged')).toHaveLength(490);
    second.outcomes.forEach((o) => store.applyAsn(o));

    const opened = await open(file);
    const summary = await summarisePlan(planAsnImport(opened.rows, store, { header: opened.binding.header }));
    expect(summary.counts).toEqual({ new: 0, changed: 0, unchanged: 500, error: 0, missing: 0 });
    expect(summary.nothingToChange).toBe(true);
    expect(describeCounts(summary)).toBe(
      '500 baris: 0 baru, 0 berubah, 500 tidak berubah, 0 bermasalah, 0 pegawai aktif tidak ada di berkas — tidak ada perubahan',
    );
  });

  it('plans changes field by field (before → after), an OPD move by name, NIK masked; an empty cell erases nothing', async () => {
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), store)).outcomes.forEach((o) => store.applyAsn(o));
    store.employees.get('199304012016111001')!.phone = '0811111111';

    const t = cloneTable(table);
    // Row 2 (Heru, Dinas Kesehatan) moves to Kecamatan Jaten, with a new position and grade.
    const jaten = table.rows.find((r) => r[col(table, 'UNOR NAMA')] === 'Kecamatan Jaten')!;
    setCell(t, 0, 'UNOR ID', jaten[col(table, 'UNOR ID')]);
    setCell(t, 0, 'UNOR NAMA', 'Kecamatan Jaten');
    setCell(t, 0, 'JABATAN NAMA', 'Perawat Mahir');
    setCell(t, 0, 'GOL AKHIR NAMA', 'III/c');
    setCell(t, 0, 'NOMOR HP', '');
    setCell(t, 0, 'EMAIL', '');
    // Row 3 (Joko): a corrected NIK.
    setCell(t, 1, 'NIK', '3313152403950001');
    const { outcomes } = await plan(writeCsv(t), store);
    expect(byKind(outcomes, 'changed')).toHaveLength(2);
    const heru = outcomes.find((o) => o.row === 2)!;
    expect(heru.kind).toBe('changed');
    if (heru.kind !== 'changed') throw new Error('unreachable');
    expect(heru.changes).toEqual([
      { field: 'opdId', label: 'OPD', before: 'Dinas Kesehatan', after: 'Kecamatan Jaten' },
      { field: 'unit', label: 'Unit kerja', before: 'Dinas Kesehatan', after: 'Kecamatan Jaten' },
      { field: 'position', label: 'Jabatan', before: 'Perawat Terampil', after: 'Perawat Mahir' },
      { field: 'rankGrade', label: 'Golongan', before: 'III/b', after: 'III/c' },
    ]);
    expect(heru.patch).toEqual({ opdId: opd('KEC-JATEN').id, unit: 'Kecamatan Jaten', position: 'Perawat Mahir', rankGrade: 'III/c' });
    const joko = outcomes.find((o) => o.row === 3)!;
    expect(joko).toMatchObject({
      kind: 'changed',
      patch: { nik: '3313152403950001' },
      changes: [{ field: 'nik', label: 'NIK', before: '3313xxxxxxxx1870', after: '3313xxxxxxxx0001' }],
    });

    const opened = await open(writeCsv(t));
    const summary = await summarisePlan(planAsnImport(opened.rows, store, { header: opened.binding.header }), { sampleSize: 1 });
    expect(summary.counts).toEqual({ new: 0, changed: 2, unchanged: 498, error: 0, missing: 0 });
    expect(summary.fieldCounts).toEqual({ opdId: 1, unit: 1, position: 1, rankGrade: 1, nik: 1 });
    expect(summary.samples.changed).toHaveLength(1);
  });

  it('reports the active employees the file no longer lists, not the inactive ones nor those on a refused row', async () => {
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), store)).outcomes.forEach((o) => store.applyAsn(o));
    const gone = store.addEmployee({ nip: '198001012005011001', name: 'Pensiunan Contoh', opdId: opd('DISHUB').id });
    store.addEmployee({ nip: '198001012005011002', name: 'Sudah Nonaktif', opdId: opd('DISHUB').id, active: false });
    const t = cloneTable(table);
    setCell(t, 0, 'NIK', '3313020204937266'); // row 2 refused: NIK born 02-04-93
    const { outcomes } = await plan(writeCsv(t), store);
    expect(byKind(outcomes, 'error').map((o) => o.row)).toEqual([2]);
    expect(byKind(outcomes, 'missing')).toEqual([
      { kind: 'missing', row: null, ref: gone.nip, targetId: gone.id, name: 'Pensiunan Contoh', opdId: opd('DISHUB').id },
    ]);
    expect(outcomes[outcomes.length - 1].kind).toBe('missing');
  });

  it('reactivates an inactive employee who is in the file again', async () => {
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), store)).outcomes.forEach((o) => store.applyAsn(o));
    store.employees.get('199503242019011002')!.active = false;
    const { outcomes } = await plan(fs.readFileSync(SAMPLE_FILES.asn), store);
    expect(outcomes.find((o) => o.row === 3)).toMatchObject({
      kind: 'changed',
      patch: { active: true },
      changes: [{ field: 'active', label: 'Status', before: 'Nonaktif', after: 'Aktif' }],
    });
  });

  it('guards the PNS ID: refuses a different one for the same NIP and one that belongs to another NIP', async () => {
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), store)).outcomes.forEach((o) => store.applyAsn(o));
    const t = cloneTable(table);
    setCell(t, 0, 'PNS ID', 'A8ACA7000000FFFFFFFFE040640A02'); // row 2: another PNS ID for Heru
    // Row 3: Joko's SIASN record with a corrected NIP (same PNS ID, new NIP, consistent NIK).
    setCell(t, 1, 'NIP BARU', '199503242019011099');
    const { outcomes } = await plan(writeCsv(t), store);
    expect(byKind(outcomes, 'error').flatMap((o) => (o.kind === 'error' ? o.errors : []))).toEqual([
      {
        row: 2,
        column: 'PNS ID',
        value: 'A8ACA7000000FFFFFFFFE040640A02',
        message:
          'PNS ID di berkas (A8ACA7000000FFFFFFFFE040640A02) berbeda dengan PNS ID tersimpan untuk NIP 199304012016111001 (A8ACA700000050180001E040640A02); periksa data pegawai ini di SIASN',
      },
      {
        row: 3,
        column: 'PNS ID',
        value: 'A8ACA7000001384D9C28E040640A02',
        message:
          'PNS ID A8ACA7000001384D9C28E040640A02 sudah terdaftar untuk pegawai lain (NIP 199503242019011002, Joko Pratiwi, S.Kom.); bila NIP pegawai itu berubah di SIASN, perbaiki NIP-nya di aplikasi lebih dulu',
      },
    ]);
  });

  it('fills a PNS ID the store does not have yet, and never compares it when the store does not keep it', async () => {
    store.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), store)).outcomes.forEach((o) => store.applyAsn(o));
    store.employees.get('199304012016111001')!.pnsId = null;
    const { outcomes } = await plan(fs.readFileSync(SAMPLE_FILES.asn), store);
    expect(outcomes.find((o) => o.row === 2)).toMatchObject({ kind: 'changed', patch: { pnsId: 'A8ACA700000050180001E040640A02' } });

    const legacy = new MemoryImportStore(OPDS, false);
    acceptSuggestions(legacy, table);
    legacy.mapUnit('8AE4830100000045', UNKNOWN_UNIT, opd('DINKES').id);
    (await plan(fs.readFileSync(SAMPLE_FILES.asn), legacy)).outcomes.forEach((o) => legacy.applyAsn(o));
    expect(legacy.employees.get('199304012016111001')!.pnsId).toBeUndefined();
    const again = await plan(fs.readFileSync(SAMPLE_FILES.asn), legacy);
    expect(byKind(again.outcomes, 'unchanged')).toHaveLength(500);
  });

  it('asks the store once per batch, never per row', async () => {
    await plan(fs.readFileSync(SAMPLE_FILES.asn), store, 120);
    expect(store.calls.employeesByNip).toEqual([120, 120, 120, 120, 20]);
  });

  it('keeps the preview bounded: samples and errors are capped, counts are complete', async () => {
    const t = cloneTable(table);
    for (let i = 0; i < 30; i++) setCell(t, i, 'NAMA', '');
    const opened = await open(writeCsv(t));
    const progress: number[] = [];
    const summary = await summarisePlan(planAsnImport(opened.rows, store, { header: opened.binding.header }), {
      sampleSize: 3,
      maxErrors: 5,
      onProgress: (n) => progress.push(n),
      progressEvery: 200,
    });
    expect(summary.rows).toBe(500);
    expect(summary.counts.error).toBe(30 + unknownRows.filter(([, row]) => row > 31).length);
    expect(summary.errorCount).toBe(summary.counts.error);
    expect(summary.errors).toHaveLength(5);
    expect(summary.errors[0]).toEqual({ row: 2, column: 'NAMA', message: 'NAMA wajib diisi' });
    expect(summary.samples.new).toHaveLength(3);
    expect(summary.unknownUnits).toHaveLength(1);
    expect(progress).toEqual([200, 400, 500]);
  });
});
