import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { runCli } from '../../../src/cli/cli.js';

/**
 * The command line as an operator runs it (`npm run cli -- …`), on a real database: each command
 * calls its service through the container, and every error leaves through the one error edge
 * (src/cli/error-edge.ts) as an exit code and a message in Indonesian.
 */
describe('the command line', () => {
  let db: TestDb;
  let varDir: string;
  let env: Record<string, string>;
  const out: string[] = [];
  const err: string[] = [];
  const run = (argv: string[], extra: Record<string, string> = {}) =>
    runCli(argv, { env: { ...env, ...extra }, out: (l) => out.push(l), err: (l) => err.push(l) });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-cli-'));
    env = { NODE_ENV: 'test', DATABASE_URL: db.url, VAR_DIR: varDir, SESSION_SECRET: 'c'.repeat(48), LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(varDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
  });

  it('migrate applies the migrations once, then finds the schema current', async () => {
    expect(await run(['migrate'])).toBe(0);
    expect(out.join('\n')).toMatch(/^Diterapkan: 20261126-0001-initial-schema/);
    out.length = 0;
    expect(await run(['migrate'])).toBe(0);
    expect(out).toEqual(['Skema sudah mutakhir.']);
    expect(err).toEqual([]);
  });

  it('user:create creates the account through the user rules, audited', async () => {
    const opd = await db.models.Opd.create({
      code: 'DINKES',
      name: 'Dinas Kesehatan',
      kind: 'dinas',
      address: null,
      headName: null,
      headEmail: null,
      secretaryName: null,
      secretaryEmail: null,
    });
    const code = await run(
      ['user:create', '--email', 'Verifikator@Dinkes.example', '--name', 'Verifikator', '--role', 'verifier', '--opd', 'DINKES'],
      { PDM_PASSWORD: 'Sandi-Kuat-2026x' },
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const user = await db.models.User.findOne({ where: { email: 'verifikator@dinkes.example' } });
    expect(out).toEqual([`Pengguna dibuat: #${user!.id} verifikator@dinkes.example (verifier)`]);
    expect(user!.opdId).toBe(opd.id);
    expect(await bcrypt.compare('Sandi-Kuat-2026x', user!.passwordHash)).toBe(true);
    const audit = await db.models.AuditLog.findOne({ where: { action: 'create', resource: 'users', recordId: String(user!.id) } });
    expect(audit!.role).toBe('system');
  });

  it("a rule's refusal: exit 2, the message and each field in Indonesian, nothing written", async () => {
    const users = await db.models.User.count();
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [
        ['user:create', '--email', 'verifikator@dinkes.example', '--name', 'Lagi', '--role', 'verifier', '--opd', 'DINKES'],
        { PDM_PASSWORD: 'Sandi-Kuat-2026x' },
        /^Data pengguna tidak valid: .*\n {2}email: E-mail verifikator@dinkes\.example sudah dipakai/,
      ],
      [
        ['user:create', '--email', 'lemah@dinkes.example', '--name', 'Lemah', '--role', 'helpdesk'],
        { PDM_PASSWORD: 'lemah' },
        /\n {2}password: /,
      ],
      [
        ['user:create', '--email', 'tanpa.opd@dinkes.example', '--name', 'Tanpa OPD', '--role', 'verifier'],
        { PDM_PASSWORD: 'Sandi-Kuat-2026x' },
        /\n {2}opdId: Peran ini wajib memiliki OPD/,
      ],
      [
        ['user:create', '--email', 'x@dinkes.example', '--name', 'X', '--role', 'helpdesk', '--opd', 'TIDAKADA'],
        { PDM_PASSWORD: 'Sandi-Kuat-2026x' },
        /^OPD dengan kode TIDAKADA tidak ditemukan\n {2}opd: tidak ditemukan$/,
      ],
    ];
    for (const [argv, extra, message] of cases) {
      err.length = 0;
      expect(await run(argv, extra)).toBe(2);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(message);
    }
    expect(out).toEqual([]);
    expect(await db.models.User.count()).toBe(users);
  });

  it('report:send runs the outbox command on the container’s report services', async () => {
    expect(await run(['report:send', '--schedule', 'Tidak Ada'])).toBe(2);
    expect(err).toEqual(['Jadwal laporan "Tidak Ada" tidak ditemukan']);
    expect(out).toEqual([]);
  });

  it('wrong use of the command line: exit 64 with what to type', async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['hapus-semua'], {}, /^Perintah tidak dikenal: hapus-semua\n\nPDM Monitor — perintah baris/],
      [['migrate', '--naik'], {}, /^Argumen tidak valid: .*--naik/],
      [['seed'], {}, /^Gunakan: seed --demo$/],
      [['user:create', '--email', 'a@b.example', '--name', 'A', '--role', 'helpdesk'], {}, /PDM_PASSWORD/],
      [
        ['user:create', '--email', 'a@b.example', '--name', 'A', '--role', 'raja'],
        { PDM_PASSWORD: 'Sandi-Kuat-2026x' },
        /^Peran tidak dikenal: raja\. Pilihan: admin/,
      ],
    ];
    for (const [argv, extra, message] of cases) {
      err.length = 0;
      expect(await run(argv, extra)).toBe(64);
      expect(err[0]).toMatch(message);
    }
    expect(out).toEqual([]);
  });

  it('bad configuration: exit 78 naming the variable to fix', async () => {
    expect(await run(['migrate'], { DATABASE_URL: 'postgres://db/pdm' })).toBe(78);
    expect(err[0]).toMatch(/^Konfigurasi tidak valid[^\n]*\n {2}DATABASE_URL: /);
    err.length = 0;
    expect(await run(['migrate'], { CATEGORIES_FILE: path.join(varDir, 'tidak-ada.json') })).toBe(78);
    expect(err[0]).toMatch(/\n {2}CATEGORIES_FILE: berkas tidak ditemukan/);
    // A categories file that exists but is not valid reference data stops the command too.
    const bad = path.join(varDir, 'kategori-rusak.json');
    fs.writeFileSync(bad, JSON.stringify({ categories: [{ code: 'X Y', label: 'x' }], documentTypes: [] }));
    err.length = 0;
    expect(
      await run(['user:create', '--email', 'a@b.example', '--name', 'A', '--role', 'helpdesk'], {
        CATEGORIES_FILE: bad,
        PDM_PASSWORD: 'Sandi-Kuat-2026x',
      }),
    ).toBe(78);
    expect(err[0]).toMatch(
      new RegExp(`^Data referensi ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} tidak valid:\\n {2}categories\\.0\\.`),
    );
    expect(await db.models.User.count({ where: { email: 'a@b.example' } })).toBe(0);
  });

  it('help lists every command', async () => {
    expect(await run(['help'])).toBe(0);
    for (const c of ['migrate', 'seed --demo', 'user:create', 'report:send']) expect(out[0]).toContain(`npm run cli -- ${c}`);
  });
});
