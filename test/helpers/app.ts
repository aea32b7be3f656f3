import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import request from 'supertest';
import bcrypt from 'bcryptjs';
import { loadConfig, type AppConfig } from '../../config/env.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, type TestDb } from './db.js';
import { makeNik, makeNip } from '../../src/domain/employees/nip-nik.js';
import type { Role } from '../../src/domain/shared/constants.js';

export const TEST_PASSWORD = 'rahasia-uji-123';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-var-'));
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'x'.repeat(48),
    VAR_DIR: varDir,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestApp extends App {
  db: TestDb;
  config: AppConfig;
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDb();
  const config = testConfig();
  const logger = createLogger('silent');
  const built = createApp({ config, db, logger });
  return {
    ...built,
    db,
    config,
    async close() {
      await db.destroy();
      fs.rmSync(config.varDir, { recursive: true, force: true });
    },
  };
}

/** A small regency: two OPDs, employees in both, a campaign, users of every role. */
export async function seedSmallRegency(db: TestDb) {
  const { Opd, Employee, User, Campaign, Submission } = db.models;
  const opdA = await Opd.create({ code: 'DINKES', name: 'Dinas Kesehatan', kind: 'dinas', address: null, headName: 'dr. Purwati', headEmail: 'kepala.dinkes@pdm.example', secretaryName: null, secretaryEmail: 'sekretaris.dinkes@pdm.example' });
  const opdB = await Opd.create({ code: 'KEC-JATEN', name: 'Kecamatan Jaten', kind: 'kecamatan', address: null, headName: 'Drs. Sutarno', headEmail: 'kepala.kec-jaten@pdm.example', secretaryName: null, secretaryEmail: 'sekretaris.kec-jaten@pdm.example' });
  const campaign = await Campaign.create({
    name: 'PDM ASN Uji', year: 2026, helpdeskStart: '2026-11-01', selfUpdateStart: '2026-11-06', selfUpdateEnd: '2026-11-16',
    verificationStart: '2026-11-17', verificationEnd: '2026-11-26', approvalStart: '2026-11-27', approvalEnd: '2026-12-06', active: true, notes: null,
  });
  const employees = [];
  for (let i = 0; i < 10; i++) {
    const opd = i < 6 ? opdA : opdB;
    const sex = i % 2 ? 'P' : 'L';
    const birth = `19${80 + i}-0${(i % 9) + 1}-1${i % 9}`;
    const nip = makeNip({ birthDate: birth, cpnsStart: `20${10 + i}-03`, sex, sequence: 100 + i });
    const nik = makeNik({ regionCode: '331306', birthDate: birth, sex, sequence: 1 + i });
    employees.push(
      await Employee.create({
        nip, nik, name: `Pegawai ${opd.code} ${i}`, employeeType: 'PNS', opdId: opd.id, unit: null, position: null, rankGrade: 'III/a',
        birthDate: birth, sex, email: null, phone: null, mysapkActivatedAt: i % 3 ? new Date('2026-11-05T02:00:00Z') : null, passwordChangedAt: null, serviceBlockedAt: null,
      }),
    );
  }
  for (const e of employees.slice(0, 8)) {
    await Submission.create({ employeeId: e.id, opdId: e.opdId, campaignId: campaign.id, category: 'data_personal', proposedValues: { alamat: 'Jl. Lawu 1' }, submittedAt: new Date('2026-11-10T03:00:00Z'), verifiedAt: null, validatedAt: null, decidedAt: null, lastNote: null });
  }
  const hash = await bcrypt.hash(TEST_PASSWORD, 4);
  const mk = (email: string, role: Role, opdId: number | null) =>
    User.create({ email, name: email.split('@')[0]!, passwordHash: hash, role, opdId, lastLoginAt: null, passwordChangedAt: null });
  const users = {
    admin: await mk('admin@uji.example', 'admin', null),
    approver: await mk('approver@uji.example', 'approver', null),
    helpdesk: await mk('helpdesk@uji.example', 'helpdesk', null),
    bkn: await mk('bkn@uji.example', 'bkn_validator', null),
    regent: await mk('bupati@uji.example', 'regent', null),
    verifierA: await mk('verifikator.dinkes@uji.example', 'verifier', opdA.id),
    verifierB: await mk('verifikator.jaten@uji.example', 'verifier', opdB.id),
    secretaryA: await mk('sekretaris.dinkes@uji.example', 'secretary', opdA.id),
    headA: await mk('kepala.dinkes@uji.example', 'opd_head', opdA.id),
  };
  return { opdA, opdB, campaign, employees, users };
}

/** Logs in through the real login form and returns an agent carrying the session cookie. */
export async function login(app: App['app'], email: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/admin/login').type('form').send({ email, password });
  if (res.status !== 302) throw new Error(`login as ${email} failed: ${res.status}`);
  return agent;
}
