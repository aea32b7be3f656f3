import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../../src/container.js';
import { runCli } from '../../../src/cli/cli.js';
import { reportFileName } from '../../../src/domain/reports/workbooks/report-file.js';
import { DEFAULT_TIMEZONE, jakartaDate, timezone, useTimezone } from '../../../src/domain/shared/time.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { testConfig } from '../../helpers/app.js';

/**
 * The calendar's zone comes from the configuration (TZ → AppConfig.timezone): the composition
 * (createServices, and report:send on its own) sets it, and schedules, periods, dates and file
 * names follow it. Asia/Makassar (WITA, UTC+8) stands for a regency outside WIB.
 */

describe('the regency calendar follows the configured zone', () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  afterEach(() => useTimezone(DEFAULT_TIMEZONE));

  it('createServices puts schedules, report periods, days and file names on the configured zone', async () => {
    const services = createServices(testConfig({ TZ: 'Asia/Makassar' }), db);
    try {
      expect(timezone()).toBe('Asia/Makassar');
      const schedules = services.reports.scheduleService;
      // 26 Nov 2026 00:30 UTC = 08:30 WITA: the next 07:00 WITA is the 27th, 23:00 UTC the day before.
      const next = schedules.nextRuns('0 7 * * *', 1, new Date('2026-11-26T00:30:00Z'));
      expect(next.dates.map((d) => d.toISOString())).toEqual(['2026-11-26T23:00:00.000Z']);
      expect(next.formatted).toEqual(['Jumat, 27 November 2026 07.00 WITA']);
      expect(schedules.periodKey(null, next.dates[0])).toBe('2026-11-27T07:00');
      expect(schedules.matches('0 7 * * *', new Date('2026-11-26T23:00:30Z'))).toBe(true);
      expect(jakartaDate(next.dates[0])).toBe('2026-11-27');
      expect(reportFileName('DINKES', next.dates[0])).toBe('Laporan-PDM-DINKES-20261127-0700.xlsx');
    } finally {
      await services.reports.close();
    }
  });

  it('report:send, run on its own, sets the zone from its configuration too', async () => {
    const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-var-'));
    const env = {
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(48),
      VAR_DIR: varDir,
      LOG_LEVEL: 'silent',
      TZ: 'Asia/Jayapura',
      DATABASE_URL: db.url,
    };
    expect(timezone()).toBe(DEFAULT_TIMEZONE);
    const lines: string[] = [];
    try {
      expect(await runCli(['report:send', '--schedule', 'tidak ada'], { env, out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(
        2,
      );
    } finally {
      fs.rmSync(varDir, { recursive: true, force: true });
    }
    expect(lines.join('')).toContain('Jadwal laporan "tidak ada" tidak ditemukan');
    expect(timezone()).toBe('Asia/Jayapura');
  });
});
