import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import request from 'supertest';
import bcrypt from 'bcryptjs';
import { loadConfig, type AppConfig } from '../../config/env.js';
import { createApp, type App } from '../../src/app.js';
import { createContainer, type Container } from '../../src/container.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, type TestDb } from './db.js';
import { makeNik, makeNip } from '../../src/domain/employees/nip-nik.js';
import { openPlacements } from '../../src/domain/employees/employee-placement.js';
import type { Role } from '../../src/domain/shared/constants.js';
import { addDays, jakartaDate } from '../../src/domain/shared/time.js';

export const TEST_PASSWORD = 'rahasia-uji-123';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-var-'));
  return loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'x'.repeat(48),
    VAR_DIR: varDir,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    // Tests that change data and then read the dashboard expect current figures.
    DASHBOARD_MAX_AGE_SECONDS: '0',
    ...overrides,
  });
}

export interface TestApp extends App {
  db: TestDb;
  config: AppConfig;
  container: Container;
  close(): Promise<void>;
}

/** The app as src/main.ts builds it: a real database, the container, createApp (no port, no cron). */
/** `overrides`: environment variables for the config (e.g. SMTP_URL of the loopback server, APP_BASE_URL). */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDb();
  const config = testConfig(overrides);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const container = createContainer({ config, db, logger });
  const built = createApp(container);
  return {
    ...built,
    db,
    config,
    container,
    async close() {
      await container.close();
      await db.destroy();
      fs.rmSync(config.varDir, { recursive: true, force: true });
    },
  };
}

/** A small regency: two OPDs, employees in both, a campaign, users of every role. */
export async function seedSmallRegency(db: Pick<TestDb, 'models'>) {
  const { Opd, Employee, User, Campaign, Submission } = db.models;
  const opdA = await Opd.create({
    code: 'DINKES',
    name: 'Dinas Kesehatan',
    kind: 'dinas',
    address: null,
    headName: 'dr. Purwati',
    headEmail: 'kepala.dinkes@pdm.example',
    secretaryName: null,
    secretaryEmail: 'sekretaris.dinkes@pdm.example',
  });
  const opdB = await Opd.create({
    code: 'KEC-JATEN',
    name: 'Kecamatan Jaten',
    kind: 'kecamatan',
    address: null,
    headName: 'Drs. Sutarno',
    headEmail: 'kepala.kec-jaten@pdm.example',
    secretaryName: null,
    secretaryEmail: 'sekretaris.kec-jaten@pdm.example',
  });
  // Today (Asia/Jakarta) is day 4 of the verification phase, whatever the date the tests run.
  const today = jakartaDate(new Date());
  const campaign = await Campaign.create({
    name: 'PDM ASN Uji',
    year: Number(today.slice(0, 4)),
    helpdeskStart: addDays(today, -16),
    selfUpdateStart: addDays(today, -14),
    selfUpdateEnd: addDays(today, -4),
    verificationStart: addDays(today, -3),
    verificationEnd: addDays(today, 6),
    approvalStart: addDays(today, 7),
    approvalEnd: addDays(today, 16),
    active: true,
    notes: null,
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
        nip,
        nik,
        name: `Pegawai ${opd.code} ${i}`,
        employeeType: 'PNS',
        opdId: opd.id,
        unit: null,
        position: null,
        rankGrade: 'III/a',
        birthDate: birth,
        sex,
        email: null,
        phone: null,
        mysapkActivatedAt: i % 3 ? new Date(Date.now() - 15 * 86400000) : null,
        passwordChangedAt: null,
        serviceBlockedAt: null,
      }),
    );
  }
  await openPlacements(db.models, employees);
  for (const e of employees.slice(0, 8)) {
    await Submission.create({
      employeeId: e.id,
      opdId: e.opdId,
      campaignId: campaign.id,
      category: 'data_personal',
      proposedValues: { alamat: 'Jl. Lawu 1' },
      submittedAt: new Date(Date.now() - 8 * 86400000),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });
  }
  const hash = await bcrypt.hash(TEST_PASSWORD, 4);
  const mk = (email: string, role: Role, opdId: number | null) =>
    User.create({ email, name: email.split('@')[0], passwordHash: hash, role, opdId, lastLoginAt: null, passwordChangedAt: null });
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
