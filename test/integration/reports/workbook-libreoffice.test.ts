import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { buildReportFixture, type ReportFixture } from '../../helpers/report-fixture.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { buildRegencyReport } from '../../../src/domain/reports/data/regency-report.js';
import { opdReportWorkbook } from '../../../src/domain/reports/workbooks/opd-report.workbook.js';
import { regencyReportWorkbook } from '../../../src/domain/reports/workbooks/regency-report.workbook.js';

/**
 * "Must open cleanly in LibreOffice": converts each generated workbook with
 * `soffice --headless --convert-to csv` and expects exit 0 and a CSV with the report's numbers.
 * Skipped (with a message) when LibreOffice is not installed on this machine.
 */

function findSoffice(): string | null {
  for (const bin of [process.env.SOFFICE_BIN, 'soffice', 'libreoffice'].filter(Boolean) as string[]) {
    const r = spawnSync('which', [bin], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const soffice = findSoffice();
if (!soffice) {
  console.warn(
    'LibreOffice (soffice/libreoffice) is not installed: skipping the LibreOffice conversion test of the report workbooks. ' +
      'Install it (e.g. apt-get install libreoffice-calc-nogui) or set SOFFICE_BIN to run it.',
  );
}
const itLo = soffice ? it : it.skip;

describe('report workbooks open in LibreOffice', () => {
  let db: TestDb;
  let fx: ReportFixture;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-lo-'));

  beforeAll(async () => {
    if (!soffice) return;
    db = await createTestDb();
    fx = await buildReportFixture(db.models);
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function convert(file: string): { status: number | null; csv: string } {
    const profile = pathToFileURL(path.join(tmp, 'lo-profile')).href;
    const r = spawnSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'csv', '--outdir', tmp, file], {
      encoding: 'utf8',
      timeout: 120000,
    });
    const csvFile = path.join(tmp, `${path.basename(file, '.xlsx')}.csv`);
    return { status: r.status, csv: fs.existsSync(csvFile) ? fs.readFileSync(csvFile, 'utf8') : '' };
  }

  itLo('converts the OPD workbook', async () => {
    const report = await buildOpdReport(db.models, fx.opds.B.id, fx.asOf);
    const file = path.join(tmp, 'opd.xlsx');
    fs.writeFileSync(file, await opdReportWorkbook(report, { regencyName: 'Kabupaten Karanganyar' }));
    const { status, csv } = convert(file);
    expect(status).toBe(0);
    expect(csv).toContain('Laporan Pemutakhiran Data Mandiri ASN');
    expect(csv).toContain('Jumlah ASN');
  });

  itLo('converts the regency workbook', async () => {
    const report = await buildRegencyReport(db.models, fx.asOf);
    const file = path.join(tmp, 'regency.xlsx');
    fs.writeFileSync(
      file,
      (await regencyReportWorkbook(report, { regencyName: 'Kabupaten Karanganyar', models: db.models, asOf: fx.asOf })) as Buffer,
    );
    const { status, csv } = convert(file);
    expect(status).toBe(0);
    expect(csv).toContain('Peringkat');
    expect(csv).toContain(fx.opds.A.code);
  });
});
