import { describe, it, expect, beforeEach } from '@jest/globals';
import fs from 'node:fs';
import { planAktivasiImport, type AktivasiOutcome } from '../../../../src/domain/imports/aktivasi.planner.js';
import { openImport } from '../../../../src/domain/imports/import-file.reader.js';
import type { ImportProfile } from '../../../../src/domain/imports/import-profile.js';
import { summarisePlan } from '../../../../src/domain/imports/import-plan.js';
import { openSheet } from '../../../../src/domain/imports/sheet.reader.js';
import { planUsulImport, type UsulOutcome } from '../../../../src/domain/imports/usul.planner.js';
import { SUBMISSION_STATUS_LABELS } from '../../../../src/domain/shared/constants.js';
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
} from '../../../helpers/siasn-samples.js';

const OPDS = [{ id: 1, code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas' }];

async function open<F extends string, T>(profile: ImportProfile<F, T>, content: Buffer) {
  const sheet = await openSheet(chunked(content, 8192), { size: content.length });
  return openImport(profile, sheet, { now: NOW });
}

async function collect<O>(outcomes: AsyncIterable<O>): Promise<O[]> {
  const out: O[] = [];
  for await (const o of outcomes) out.push(o);
  return out;
}

/** A store holding every employee of the ASN sample (as after the ASN import). */
function storeWithSampleEmployees(): MemoryImportStore {
  const store = new MemoryImportStore(OPDS);
  const t = sampleTable('asn');
  for (const r of t.rows) store.addEmployee({ nip: r[col(t, 'NIP BARU')], name: r[col(t, 'NAMA')], opdId: 1 });
  return store;
}

describe('planAktivasiImport', () => {
  const { aktivasi } = testProfiles();
  let store: MemoryImportStore;
  beforeEach(() => {
    store = storeWithSampleEmployees();
  });
  const planFile = async (content: Buffer): Promise<AktivasiOutcome[]> => {
    const opened = await open(aktivasi, content);
    return collect(planAktivasiImport(opened.rows, store, { header: opened.binding.header }).outcomes);
  };

  it('sets the activation and password-change dates of known employees; the same list again changes nothing', async () => {
    const file = fs.readFileSync(SAMPLE_FILES.aktivasi);
    const first = await planFile(file);
    expect(first.filter((o) => o.kind === 'changed')).toHaveLength(438);
    expect(first[0]).toMatchObject({
      kind: 'changed',
      row: 2,
      patch: { mysapkActivatedAt: new Date('2021-08-20T01:43:00Z'), passwordChangedAt: new Date('2021-08-20T10:01:00Z') },
      changes: [
        { field: 'mysapkActivatedAt', label: 'Aktivasi MySAPK', before: null, after: '20-08-2021 08:43' },
        { field: 'passwordChangedAt', label: 'Ganti password', before: null, after: '20-08-2021 17:01' },
      ],
    });
    first.forEach((o) => store.applyAktivasi(o));
    // Seconds the store may hold (set by another path) do not make a change.
    store.employees.get('199304012016111001')!.mysapkActivatedAt = new Date('2021-08-20T01:43:27Z');
    const opened = await open(aktivasi, file);
    const summary = await summarisePlan(planAktivasiImport(opened.rows, store));
    expect(summary.counts).toEqual({ new: 0, changed: 0, unchanged: 438, error: 0, missing: 0 });
  });

  it('never erases a stored password date with an empty cell; refuses an unknown NIP', async () => {
    const joko = store.employees.get('199503242019011002')!;
    joko.mysapkActivatedAt = new Date('2021-08-19T09:12:00Z');
    joko.passwordChangedAt = new Date('2021-08-21T03:59:00Z');
    const t = cloneTable(sampleTable('aktivasi'));
    t.rows = t.rows.slice(0, 3);
    setCell(t, 1, 'TANGGAL GANTI PASSWORD', '');
    setCell(t, 2, 'NIP', '199001012015031001');
    const outcomes = await planFile(writeCsv(t));
    expect(outcomes.map((o) => [o.row, o.kind])).toEqual([
      [2, 'changed'],
      [3, 'unchanged'],
      [4, 'error'],
    ]);
    expect(outcomes[2]).toEqual({
      kind: 'error',
      row: 4,
      ref: '199001012015031001',
      errors: [
        {
          row: 4,
          column: 'NIP',
          value: '199001012015031001',
          message: 'NIP 199001012015031001 tidak terdaftar sebagai pegawai; impor Data ASN lebih dulu',
        },
      ],
    });
  });
});

describe('planUsulImport', () => {
  const { usul } = testProfiles();
  let store: MemoryImportStore;
  beforeEach(() => {
    store = storeWithSampleEmployees();
  });
  const planFile = async (content: Buffer, batchSize?: number): Promise<UsulOutcome[]> => {
    const opened = await open(usul, content);
    return collect(planUsulImport(opened.rows, store, { header: opened.binding.header, batchSize }).outcomes);
  };

  it('creates one usul per (NIP, category, date) with the mapped status; the same list again changes nothing', async () => {
    const file = fs.readFileSync(SAMPLE_FILES.usul);
    const first = await planFile(file, 100);
    expect(first.filter((o) => o.kind === 'new')).toHaveLength(502);
    expect(store.calls.submissionsByKey).toEqual([100, 100, 100, 100, 100, 2]);
    expect(first[0]).toMatchObject({
      kind: 'new',
      patch: {
        employeeId: store.employees.get('199304012016111001')!.id,
        opdId: 1,
        category: 'skp',
        submittedAt: new Date('2021-08-20T01:51:00Z'),
        status: 'validated',
        note: null,
      },
    });
    // New usul per status, against an independent count of the file's words.
    const t = sampleTable('usul');
    for (const [status, label] of Object.entries(SUBMISSION_STATUS_LABELS)) {
      const inFile = t.rows.filter((r) => r[col(t, 'STATUS USUL')] === label).length;
      expect([status, first.filter((o) => o.kind === 'new' && o.patch.status === status).length]).toEqual([status, inFile]);
    }
    first.forEach((o) => store.applyUsul(o));
    const again = await planFile(file);
    expect(again.filter((o) => o.kind === 'unchanged')).toHaveLength(502);
  });

  it('plans a status change as before → after with the reason as the note', async () => {
    const file = fs.readFileSync(SAMPLE_FILES.usul);
    (await planFile(file)).forEach((o) => store.applyUsul(o));
    const t = cloneTable(sampleTable('usul'));
    setCell(t, 6, 'STATUS USUL', 'Perbaikan Dokumen (BTS)'); // row 8: was Terverifikasi OPD
    setCell(t, 6, 'ALASAN', 'SKP belum ditandatangani');
    setCell(t, 7, 'NIP', '199001012015031001'); // row 9: unknown employee
    const outcomes = await planFile(writeCsv(t));
    expect(outcomes.filter((o) => o.kind !== 'unchanged').map((o) => [o.row, o.kind])).toEqual([
      [8, 'changed'],
      [9, 'error'],
    ]);
    expect(outcomes.find((o) => o.row === 8)).toMatchObject({
      kind: 'changed',
      patch: { status: 'needs_fix', note: 'SKP belum ditandatangani' },
      changes: [{ field: 'status', label: 'Status', before: 'Terverifikasi OPD', after: 'Perbaikan Dokumen (BTS)' }],
    });
    expect(outcomes.find((o) => o.row === 9)).toMatchObject({
      kind: 'error',
      errors: [{ row: 9, column: 'NIP', message: 'NIP 199001012015031001 tidak terdaftar sebagai pegawai; impor Data ASN lebih dulu' }],
    });
  });
});
