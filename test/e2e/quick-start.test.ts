import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

/**
 * The README's quick start as a user runs it: `npm start` on the embedded default (a fresh
 * var/ directory, no database server, no SMTP), log in as the demo admin, see the demo
 * regency; restart, and the data is kept and not seeded twice.
 */
const PORT = 3000 + 100 + (process.pid % 800);
const base = `http://127.0.0.1:${PORT}`;

function start(varDir: string): { proc: ChildProcess; output: () => string } {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      VAR_DIR: varDir,
      JOBS_ENABLED: 'false',
      DATABASE_URL: '',
      SESSION_SECRET: '',
      NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  await new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });
}

async function waitFor(cond: () => Promise<boolean>, ms: number, what: string, output: () => string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await cond().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not reached in ${ms} ms\n${output()}`);
}

describe('quick start: npm start on the embedded default', () => {
  let varDir: string;
  beforeAll(() => {
    varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-quickstart-'));
  });
  afterAll(() => {
    fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('serves the login page, seeds the demo regency once, and keeps it across a restart', async () => {
    const first = start(varDir);
    try {
      const loginMs = await waitFor(async () => (await fetch(`${base}/admin/login`)).ok, 60_000, 'login page', first.output);
      console.log(`login page served ${(loginMs / 1000).toFixed(1)} s after start`);
      await waitFor(async () => first.output().includes('demo data seeded'), 90_000, 'demo seed', first.output);
      const agent = request.agent(base);
      const login = await agent.post('/admin/login').type('form').send({ email: 'admin@pdm.example', password: 'pdm-demo' });
      expect(login.status).toBe(302);
      const list = await agent.get('/admin/api/resources/employees/actions/list');
      expect(list.status).toBe(200);
      expect(list.body.meta.total).toBeGreaterThan(8000);
      const opds = await agent.get('/admin/api/resources/opds/actions/list?perPage=100');
      expect(opds.body.meta.total).toBeGreaterThanOrEqual(40);
      expect(fs.existsSync(path.join(varDir, 'pdm.sqlite'))).toBe(true);
      expect(fs.existsSync(path.join(varDir, 'session-secret'))).toBe(true);
    } finally {
      await stop(first.proc);
    }

    const second = start(varDir);
    try {
      await waitFor(async () => (await fetch(`${base}/admin/login`)).ok, 60_000, 'login page after restart', second.output);
      const agent = request.agent(base);
      // The session secret and the users survived: the same account logs in at once.
      expect(
        (await agent.post('/admin/login').type('form').send({ email: 'kepala.dinkes@pdm.example', password: 'pdm-demo' })).status,
      ).toBe(302);
      const list = await agent.get('/admin/api/resources/employees/actions/list');
      expect(list.status).toBe(200);
      expect(second.output()).not.toContain('demo data seeded');
    } finally {
      await stop(second.proc);
    }
  }, 240_000);
});
