import { describe, it, expect } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../config/env.js';

const base = { VAR_DIR: path.join(os.tmpdir(), 'pdm-config-test'), SESSION_SECRET: 's'.repeat(40) };

describe('configuration', () => {
  it('defaults to the embedded SQLite database, the .eml outbox and demo data', () => {
    const c = loadConfig(base);
    expect(c.dialect).toBe('sqlite');
    expect(c.databaseUrl).toMatch(/^sqlite:.*pdm\.sqlite$/);
    expect(c.smtpUrl).toBeNull();
    expect(c.seedDemo).toBe(true);
    expect(c.reportCatchUpHours).toBe(6);
    expect(c.appBaseUrl).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'mail.example:25' }, 'SMTP_URL'],
    [{ REPORT_CATCHUP_HOURS: '-1' }, 'REPORT_CATCHUP_HOURS'],
    [{ TZ: 'Asia/Bandung' }, 'TZ'],
    [{ NOTICE_BATCH_MINUTES: '-5' }, 'NOTICE_BATCH_MINUTES'],
    [{ NOTICE_BATCH_MINUTES: 'sepuluh' }, 'NOTICE_BATCH_MINUTES'],
  ])('stops with a message naming the variable: %o', (env, name) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(new RegExp(name));
  });

  it("gathers an employee's notices for NOTICE_BATCH_MINUTES (default 10; 0 sends each at once)", () => {
    expect(loadConfig(base).noticeBatchMinutes).toBe(10);
    expect(loadConfig({ ...base, NOTICE_BATCH_MINUTES: '0' }).noticeBatchMinutes).toBe(0);
    expect(loadConfig({ ...base, NOTICE_BATCH_MINUTES: '30' }).noticeBatchMinutes).toBe(30);
  });

  it('requires SESSION_SECRET in production', () => {
    expect(() => loadConfig({ VAR_DIR: base.VAR_DIR, NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });

  it('reads MySQL settings and leaves the demo seed off', () => {
    const c = loadConfig({ ...base, DATABASE_URL: 'mysql://pdm:x@db:3306/pdm', REPORT_CATCHUP_HOURS: '12', PORT: '8080' });
    expect(c.dialect).toBe('mysql');
    expect(c.seedDemo).toBe(false);
    expect(c.reportCatchUpHours).toBe(12);
    expect(c.appBaseUrl).toBe('http://localhost:8080');
  });
});
