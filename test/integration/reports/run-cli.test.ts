import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { EMAILS, FROM, REGENCY, REPLY_TO, seedReportData, tempVarDir, type Seeded } from '../../helpers/report-fixtures.js';
import { createReportServices, defaultBackoff, type ReportServices } from '../../../src/container.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import { exitCodeOf, messageOf } from '../../../src/cli/error-edge.js';
import { parseAt, parseReportSendArgs, runReportSend } from '../../../src/cli/report-send.command.js';
import { formatInZone } from '../../../src/domain/shared/time.js';

/** `report:send` through the same wiring main.ts and src/cli/ use (outbox transport: no SMTP). */

describe('report:send command', () => {
  let db: TestDb;
  let seeded: Seeded;
  let varDir: string;
  let services: ReportServices;
  const lines: string[] = [];
  const at = new Date(Math.ceil(Date.now() / 60000) * 60000 + 5 * 60000);
  const atWib = formatInZone(at, 'yyyy-MM-dd HH:mm');
  const run = (argv: string[]) =>
    runReportSend(
      { models: db.models, runService: services.runService, scheduleService: services.scheduleService, print: (l) => lines.push(l) },
      argv,
    ).catch((e: unknown) => {
      // What the CLI's error edge does with a refusal.
      lines.push(messageOf(e));
      return exitCodeOf(e);
    });
  const eml = () => fs.readdirSync(path.join(varDir, 'outbox')).filter((f) => f.endsWith('.eml'));

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    varDir = tempVarDir();
    services = createReportServices(
      db,
      { smtpUrl: null, outboxDir: path.join(varDir, 'outbox'), mailFrom: FROM, mailReplyTo: REPLY_TO, varDir, regencyName: REGENCY },
      { audit: new AuditService(db.models), instanceId: 'cli-test' },
    );
  });
  afterAll(async () => {
    await services?.close();
    await db?.destroy();
    fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('parses its arguments', () => {
    expect(parseReportSendArgs(['--schedule', '3', '--at', '2026-11-26 07:00', '--resend', '--opd=DINKES', '--dry-run'])).toEqual({
      schedule: '3',
      at: '2026-11-26 07:00',
      resend: true,
      opd: 'DINKES',
      dryRun: true,
    });
    expect(() => parseReportSendArgs([])).toThrow('--schedule wajib diisi');
    expect(() => parseReportSendArgs(['--schedule'])).toThrow('memerlukan nilai');
    expect(() => parseReportSendArgs(['--schedule', '1', '--kirim'])).toThrow('Opsi tidak dikenal');
    expect(parseAt('2026-11-26 07:00').toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(parseAt('2026-11-26T00:00:00Z').toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(() => parseAt('besok')).toThrow('Waktu tidak valid');
    expect([1, 2, 3, 10].map(defaultBackoff)).toEqual([60000, 120000, 240000, 3600000]);
  });

  it('dry run, send, refuse a second send of the period, resend, test', async () => {
    const out = path.join(varDir, 'dry');
    expect(await run(['--schedule', seeded.opdSchedule.name, '--at', atWib, '--dry-run', '--out', out])).toBe(0);
    expect(lines.join('\n')).toContain(`DINKES: kepada ${EMAILS.dinkesHead}; tembusan ${EMAILS.dinkesSecretary}, ${EMAILS.extra}`);
    expect(lines.join('\n')).toContain('dilewati BAPPEDA');
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.xlsx'))).toHaveLength(2);
    expect(await db.models.ReportRun.count()).toBe(0);

    lines.length = 0;
    expect(await run(['--schedule', String(seeded.opdSchedule.id), '--at', atWib, '--as', 'admin@ujicoba.example'])).toBe(0);
    expect(lines.join('\n')).toMatch(/Run #\d+ .*: done — 2 terkirim, 0 menunggu, 0 gagal dari 2/);
    expect(eml()).toHaveLength(2);
    const r = await db.models.ReportRun.findOne({ where: { trigger: 'cli' } });
    expect(r!.requestedBy).toBe(seeded.users.admin);

    lines.length = 0;
    expect(await run(['--schedule', String(seeded.opdSchedule.id), '--at', atWib])).toBe(3);
    expect(lines.join('\n')).toContain('--resend');
    expect(eml()).toHaveLength(2);

    // A resend copies what was delivered before it was asked for; a delivery sent at or after
    // its start (the same whole second on MySQL/MariaDB) counts as still in flight. Let a
    // second pass, as it does between a send and a person asking for a resend.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await run(['--schedule', String(seeded.opdSchedule.id), '--at', atWib, '--resend', '--opd', 'KEC-JATEN'])).toBe(0);
    expect(eml()).toHaveLength(3);

    expect(await run(['--schedule', String(seeded.regencySchedule.id), '--test', 'saya@ujicoba.example'])).toBe(0);
    expect(eml()).toHaveLength(4);

    lines.length = 0;
    expect(await run(['--schedule', 'tidak ada'])).toBe(2);
    expect(lines[0]).toContain('tidak ditemukan');
    expect(await run(['--schedule', String(seeded.regencySchedule.id), '--opd', 'DINKES'])).toBe(2);
  });
});
