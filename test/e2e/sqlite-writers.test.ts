import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { connect, migrateUp } from '../../src/db/index.js';
import { seedSmallRegency, TEST_PASSWORD } from '../helpers/app.js';

/**
 * The embedded SQLite database under concurrent panel writes, started the way the README says
 * (`npm start`). sqlite3 runs each statement on a libuv pool thread and a writer waiting for the
 * write lock sleeps there (busy timeout 15 s): with Node's default 4 threads, four waiting writers
 * left none for the writer holding the lock and every write stalled ~15 s. npm start sizes the
 * pool (UV_THREADPOOL_SIZE, see config/env.ts); six writes at once must finish in seconds.
 */
const WRITERS = 6;
const PORT = 3000 + 900 + (process.pid % 800);
const base = `http://127.0.0.1:${PORT}`;

describe('SQLite under concurrent writes (npm start)', () => {
  let varDir: string;
  let proc: ChildProcess;
  let output = '';
  let employeeIds: number[];

  beforeAll(async () => {
    varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-writers-'));
    // The server's own database (VAR_DIR/pdm.sqlite, the embedded default), migrated and filled beforehand.
    const db = connect(`sqlite:${path.join(varDir, 'pdm.sqlite')}`);
    await migrateUp(db);
    const s = await seedSmallRegency(db);
    employeeIds = s.employees.slice(0, WRITERS).map((e) => e.id);
    await db.close();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      VAR_DIR: varDir,
      DATABASE_URL: '',
      SESSION_SECRET: '',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      NODE_OPTIONS: '',
    };
    delete env.UV_THREADPOOL_SIZE;
    delete env.TEST_DATABASE_URL;
    // Its own process group, so that stopping it stops npm, tsx and node alike.
    proc = spawn('npm', ['start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    const started = Date.now();
    while (
      !(await fetch(`${base}/admin/login`)
        .then((r) => r.ok)
        .catch(() => false))
    ) {
      if (Date.now() - started > 90_000 || proc.exitCode !== null) throw new Error(`npm start did not serve the login page\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 120_000);

  afterAll(async () => {
    if (proc?.pid && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid, 'SIGTERM');
      await exited;
    }
    if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
  });

  it(`${WRITERS} panel edits at once all succeed within seconds`, async () => {
    const agent = request.agent(base);
    expect((await agent.post('/admin/login').type('form').send({ email: 'admin@uji.example', password: TEST_PASSWORD })).status).toBe(302);
    const t0 = Date.now();
    const answers = await Promise.all(
      employeeIds.map((id, i) =>
        agent
          .post(`/admin/api/resources/employees/records/${id}/edit`)
          .type('form')
          .send({ phone: `08123400000${i}` }),
      ),
    );
    const seconds = (Date.now() - t0) / 1000;
    console.log(`${WRITERS} concurrent edits took ${seconds.toFixed(2)} s`);
    expect(answers.map((r) => [r.status, r.body?.notice?.type])).toEqual(employeeIds.map(() => [200, 'success']));
    expect(seconds).toBeLessThan(5);
    const rows = await Promise.all(employeeIds.map((id) => agent.get(`/admin/api/resources/employees/records/${id}/show`)));
    expect(rows.map((r) => r.body.record.params.phone)).toEqual(employeeIds.map((_, i) => `08123400000${i}`));
    // npm start set the pool: no start-up warning about it.
    expect(output).not.toContain('SQLite: start with UV_THREADPOOL_SIZE');
  }, 60_000);
});
