import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { Models, ReportSchedule } from '../../src/db/models/index.js';
import type { Mailer } from '../../src/domain/reports/delivery/mailer.js';
import { AuditService } from '../../src/domain/audit/audit.service.js';
import { ReportRunService } from '../../src/domain/reports/report-run.service.js';
import type { ReportRunConfig } from '../../src/domain/reports/delivery/run.types.js';
import { ReportScheduleService } from '../../src/domain/reports/report-schedule.service.js';
import { createWorkbookStore } from '../../src/domain/reports/delivery/workbook-store.js';
import { jakartaDate } from '../../src/domain/shared/time.js';
import { openPlacements } from '../../src/domain/employees/employee-placement.js';

/**
 * A small regency for the report outbox tests, seeded with the models directly. Dates are relative
 * to the real clock (reports count employees created before their as-of time), so the same
 * data works on any day.
 */

export const REGENCY = 'Kabupaten Uji Coba';
export const FROM = 'BKPSDM Kabupaten Uji Coba <bkpsdm@ujicoba.example>';
export const REPLY_TO = 'helpdesk.bkpsdm@ujicoba.example';

export const EMAILS = {
  dinkesHead: 'kepala.dinkes@ujicoba.example',
  dinkesSecretary: 'sekretaris.dinkes@ujicoba.example',
  jatenHead: 'camat.jaten@ujicoba.example',
  regent: 'bupati@ujicoba.example',
  regentStaff: 'ajudan.bupati@ujicoba.example',
  approver: 'kepala.bkpsdm@ujicoba.example',
  approverInactive: 'mantan.kepala@ujicoba.example',
  extra: 'monitoring@ujicoba.example',
};

const DAY = 86400000;

export interface Seeded {
  campaignId: number;
  opd: { dinkes: number; jaten: number; bappeda: number; inactive: number };
  users: { regent: number; regentStaff: number; approver: number; admin: number };
  opdSchedule: ReportSchedule;
  regencySchedule: ReportSchedule;
}

let nipSeq = 0;
function nip(): string {
  nipSeq++;
  return `19800101200501${String(1000 + nipSeq).slice(-4)}`.slice(0, 18).padEnd(18, '0');
}

export async function seedReportData(models: Models, base: Date = new Date()): Promise<Seeded> {
  const ago = (days: number) => new Date(base.getTime() - days * DAY);
  const campaign = await models.Campaign.create({
    name: 'PDM Uji',
    year: Number(jakartaDate(base).slice(0, 4)),
    helpdeskStart: jakartaDate(ago(20)),
    selfUpdateStart: jakartaDate(ago(15)),
    selfUpdateEnd: jakartaDate(ago(5)),
    verificationStart: jakartaDate(ago(4)),
    verificationEnd: jakartaDate(ago(-5)),
    approvalStart: jakartaDate(ago(-6)),
    approvalEnd: jakartaDate(ago(-15)),
    active: true,
    notes: null,
  });
  const mk = (
    code: string,
    name: string,
    kind: string,
    headName: string | null,
    headEmail: string | null,
    secretaryEmail: string | null,
    active = true,
  ) =>
    models.Opd.create({
      code,
      name,
      kind,
      address: null,
      headName,
      headEmail,
      secretaryName: secretaryEmail ? 'Sekretaris' : null,
      secretaryEmail,
      active,
    });
  const dinkes = await mk('DINKES', 'Dinas Kesehatan', 'dinas', 'dr. Ratna Sari, M.Kes', EMAILS.dinkesHead, EMAILS.dinkesSecretary);
  const jaten = await mk('KEC-JATEN', 'Kecamatan Jaten', 'kecamatan', 'Budi Santoso, S.Sos', EMAILS.jatenHead, null);
  const bappeda = await mk('BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'badan', 'Ir. Tanpa Surel', null, null);
  const inactive = await mk('LAMA', 'Kantor Lama', 'kantor', 'Tidak Aktif', 'kepala.lama@ujicoba.example', null, false);

  const user = (email: string, name: string, role: string, active = true) =>
    models.User.create({
      email,
      name,
      passwordHash: 'x'.repeat(60),
      role: role as never,
      opdId: null,
      active,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
  const regent = await user(EMAILS.regent, 'Bupati Uji Coba', 'regent');
  const regentStaff = await user(EMAILS.regentStaff, 'Ajudan Bupati', 'regent');
  const approver = await user(EMAILS.approver, 'Kepala BKPSDM', 'approver');
  await user(EMAILS.approverInactive, 'Mantan Kepala BKPSDM', 'approver', false);
  const admin = await user('admin@ujicoba.example', 'Admin BKPSDM', 'admin');

  const created = ago(15);
  const emp = async (
    opdId: number,
    name: string,
    type: 'PNS' | 'CPNS' | 'PPPK',
    activatedDaysAgo: number | null,
    pwDaysAgo: number | null,
  ) => {
    const e = await models.Employee.create({
      nip: nip(),
      nik: null,
      name,
      employeeType: type,
      opdId,
      unit: 'Sekretariat',
      position: 'Staf',
      rankGrade: null,
      birthDate: null,
      sex: null,
      email: null,
      phone: null,
      mysapkActivatedAt: activatedDaysAgo === null ? null : ago(activatedDaysAgo),
      passwordChangedAt: pwDaysAgo === null ? null : ago(pwDaysAgo),
      serviceBlockedAt: null,
      createdAt: created,
      updatedAt: created,
    });
    await openPlacements(models, [e]);
    return e;
  };
  const sub = (e: { id: number; opdId: number }, category: string, status: string, daysAgo: number) =>
    models.Submission.create({
      employeeId: e.id,
      opdId: e.opdId,
      campaignId: campaign.id,
      category,
      proposedValues: null,
      status: status as never,
      submittedAt: ago(daysAgo),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
    });

  // Dinas Kesehatan: 6 ASN (4 PNS, 1 CPNS, 1 PPPK); 4 activated, 3 changed the password;
  // 4 with a submission, 2 completed; backlog 1 (6 days old).
  const d1 = await emp(dinkes.id, 'Ani', 'PNS', 10, 9);
  const d2 = await emp(dinkes.id, 'Bayu', 'PNS', 10, 8);
  const d3 = await emp(dinkes.id, 'Citra', 'PNS', 9, 7);
  const d4 = await emp(dinkes.id, 'Dodi', 'CPNS', 8, null);
  await emp(dinkes.id, 'Eka', 'PNS', null, null);
  await emp(dinkes.id, 'Fajar', 'PPPK', null, null);
  await sub(d1, 'data_personal', 'approved', 7);
  await sub(d2, 'pendidikan', 'approved', 7);
  await sub(d2, 'keluarga', 'rejected', 7);
  await sub(d3, 'jabatan', 'submitted', 6.5);
  await sub(d4, 'skp', 'needs_fix', 5);
  // Kecamatan Jaten: 3 ASN; 1 activated; 1 with a (verified) submission.
  const j1 = await emp(jaten.id, 'Gita', 'PNS', 6, 6);
  await emp(jaten.id, 'Hadi', 'PPPK', null, null);
  await emp(jaten.id, 'Indra', 'PNS', null, null);
  await sub(j1, 'data_personal', 'verified', 4);
  // Bappeda (no head e-mail): 2 ASN.
  await emp(bappeda.id, 'Joko', 'PNS', 3, 3);
  await emp(bappeda.id, 'Kiki', 'PNS', null, null);

  const opdSchedule = await models.ReportSchedule.create({
    name: 'Laporan harian OPD',
    reportKind: 'opd',
    cron: '0 7 * * *',
    campaignId: campaign.id,
    activeFrom: null,
    activeUntil: null,
    ccSecretary: true,
    extraRecipients: `${EMAILS.extra}, bukan-email`,
    enabled: true,
  });
  const regencySchedule = await models.ReportSchedule.create({
    name: 'Laporan mingguan Bupati',
    reportKind: 'regency',
    cron: '0 8 * * 1',
    campaignId: campaign.id,
    activeFrom: null,
    activeUntil: null,
    ccSecretary: false,
    extraRecipients: null,
    enabled: true,
  });
  return {
    campaignId: campaign.id,
    opd: { dinkes: dinkes.id, jaten: jaten.id, bappeda: bappeda.id, inactive: inactive.id },
    users: { regent: regent.id, regentStaff: regentStaff.id, approver: approver.id, admin: admin.id },
    opdSchedule,
    regencySchedule,
  };
}

/** A temp var/ directory for workbooks and the .eml outbox. */
export function tempVarDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-reports-'));
}

/** A mutable clock: services read `clock.now()`, tests move it. */
export function testClock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (d: Date) => (t = d.getTime()),
    advance: (ms: number) => (t += ms),
  };
}

/** The next whole minute after `d` (fire times are whole minutes). */
export function nextMinute(d: Date = new Date(), plus = 1): Date {
  return new Date((Math.floor(d.getTime() / 60000) + plus) * 60000);
}

export function makeRunService(opts: {
  models: Models;
  sequelize: Sequelize;
  mailer: Mailer;
  varDir: string;
  now?: () => Date;
  config?: Partial<ReportRunConfig>;
}): ReportRunService {
  return new ReportRunService({
    models: opts.models,
    sequelize: opts.sequelize,
    mailer: opts.mailer,
    store: createWorkbookStore(opts.varDir),
    scheduleService: new ReportScheduleService(opts.models),
    audit: new AuditService(opts.models),
    now: opts.now,
    logger: process.env.DEBUG_REPORTS ? { info: console.log, warn: console.warn, error: console.error } : undefined,
    config: {
      regencyName: REGENCY,
      instanceId: 'test-instance',
      leaseMs: 60_000,
      maxAttempts: 3,
      backoffMs: (attempt) => attempt * 60_000,
      ...opts.config,
    },
  });
}
