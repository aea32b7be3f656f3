/**
 * Run by test/integration/admin/export-memory.test.ts as a plain Node process
 * (`node --expose-gc --import tsx`), with a heap of its own: fills a fresh database with ROWS
 * employees, exports their list as xlsx (RecordExportService, as the regent: NIK masked) into a
 * sink that only counts bytes, and samples the live heap after a full collection at every page
 * read. Prints one JSON line: rows, bytes, pages, live-heap and RSS growth peaks, milliseconds (without
 * the sampling's own collections, given apart).
 *
 *   export-memory-child.ts ROWS
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createContainer } from '../../src/container.js';
import { createLogger } from '../../src/logger.js';
import { makeNik, makeNip } from '../../src/domain/employees/nip-nik.js';
import type { ExportColumn } from '../../src/domain/records/record-export.service.js';
import { createTestDb } from './db.js';
import { testConfig } from './app.js';

const rows = Number(process.argv[2]);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const db = await createTestDb();
try {
  const opd = await db.models.Opd.create({ code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas', address: null });
  for (let i = 0; i < rows; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - i) }, (_, k) => {
      const n = i + k;
      // 225 distinct birth dates × a sequence: every NIP and NIK distinct.
      const birth = `19${70 + (n % 25)}-0${(n % 9) + 1}-1${n % 9}`;
      return {
        nip: makeNip({ birthDate: birth, cpnsStart: '2001-01', sex: 'L', sequence: Math.floor(n / 225) + 1 }),
        nik: makeNik({ regionCode: '331306', birthDate: birth, sex: 'L', sequence: Math.floor(n / 225) + 1 }),
        name: `Pegawai Uji Memori ${String(n).padStart(6, '0')} dengan nama yang cukup panjang`,
        employeeType: 'PNS' as const,
        opdId: opd.id,
        unit: 'Unit kerja yang juga cukup panjang untuk mengisi baris',
        mysapkActivatedAt: new Date(Date.UTC(2026, 10, 1 + (n % 28), 3, 15)),
      };
    });
    await db.models.Employee.bulkCreate(batch);
  }
  const container = createContainer({ config: testConfig(), db, logger: createLogger('silent') });
  const { records, recordExports } = container.services;

  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = 0;
  let rssPeak = 0;
  let pages = 0;
  // The full collections of the sampling are not the export's time: counted apart.
  let sampling = 0;
  const sample = () => {
    const s0 = performance.now();
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rss0);
    gc();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heap0);
    sampling += performance.now() - s0;
  };
  const list = records.list.bind(records);
  records.list = async (...args: Parameters<typeof list>) => {
    pages++;
    sample();
    return list(...args);
  };
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  const columns: ExportColumn[] = [
    { field: 'id', label: 'ID', kind: 'number' },
    { field: 'nip', label: 'NIP', kind: 'text' },
    { field: 'name', label: 'Nama', kind: 'text' },
    { field: 'employeeType', label: 'Jenis ASN', kind: 'enum', values: { PNS: 'PNS' } },
    { field: 'opdId', label: 'OPD', kind: 'reference', reference: { resource: 'opds', title: 'name' } },
    { field: 'nik', label: 'NIK', kind: 'text' },
    { field: 'unit', label: 'Unit Kerja', kind: 'text' },
    { field: 'mysapkActivatedAt', label: 'Aktivasi MySAPK', kind: 'datetime' },
    { field: 'serviceBlocked', label: 'Layanan tidak diproses', kind: 'boolean' },
  ];
  const regent = { id: 1, email: 'bupati@uji.example', role: 'regent' as const, opdId: null, ip: null };
  const t0 = performance.now();
  const written = await recordExports.writeXlsx(
    regent,
    'employees',
    { order: [['name', 'asc']] },
    { title: 'Pegawai (ASN)', columns },
    () => sink,
  );
  sample();
  console.log(
    JSON.stringify({
      rows: written,
      bytes,
      pages,
      heapPeak,
      rssPeak,
      ms: Math.round(performance.now() - t0 - sampling),
      samplingMs: Math.round(sampling),
    }),
  );
  await container.close();
} finally {
  await db.destroy();
}
