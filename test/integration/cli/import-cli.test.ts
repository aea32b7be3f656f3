import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { SAMPLE_FILES } from '../../helpers/siasn-samples.js';

const run = promisify(execFile);

/** `npm run cli -- import …` as a child process: the preview in text, progress on stderr, the exit codes. */
describe('cli: import', () => {
  let db: TestDb;
  let varDir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (args: string[]) => {
    try {
      const r = await run('npx', ['tsx', 'src/cli/index.ts', ...args], { env, maxBuffer: 16 * 1024 * 1024 });
      return { code: 0, ...r };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    db = await createTestDb();
    varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-cli-import-'));
    env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, VAR_DIR: varDir, SESSION_SECRET: 'c'.repeat(48), LOG_LEVEL: 'silent' };
    await db.models.Opd.create({
      code: 'DINKES',
      name: 'Dinas Kesehatan',
      kind: 'dinas',
      address: null,
      headName: null,
      headEmail: null,
      secretaryName: null,
      secretaryEmail: null,
    });
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(varDir, { recursive: true, force: true });
  });

  it('prints the preview and exits 2 while units are unmapped; imports once they are', async () => {
    const refused = await cli(['import', 'asn', SAMPLE_FILES.asn.pathname]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('500 baris: 0 baru, 0 berubah, 0 tidak berubah, 500 bermasalah');
    expect(refused.stdout).toContain('Unit kerja belum dipetakan ke OPD');
    expect(refused.stdout).toContain('Tidak ada yang diimpor: 500 baris bermasalah');
    expect(refused.stderr).toContain('memeriksa: 500 baris');
    expect(await db.models.Employee.count()).toBe(0);

    const opd = (await db.models.Opd.findOne())!;
    const text = fs.readFileSync(SAMPLE_FILES.asn, 'utf8');
    const units = new Set(
      text
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((l) => l.match(/,(8AE48301\d{8}),/)![1]),
    );
    await db.models.SiasnUnitMap.bulkCreate([...units].map((u) => ({ unorId: u, unorNama: null, opdId: opd.id, setBy: null })));
    const dry = await cli(['import', 'asn', SAMPLE_FILES.asn.pathname, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('--dry-run: tidak ada yang diimpor.');
    expect(await db.models.Employee.count()).toBe(0);
    const done = await cli(['import', 'asn', SAMPLE_FILES.asn.pathname]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('500 baris diimpor: 500 baru');
    expect(await db.models.Employee.count()).toBe(500);
    expect((await cli(['import', 'pegawai', 'x.csv'])).code).toBe(64);
  }, 400_000);
});
