/**
 * A small regency for the workflow and document tests: two OPDs, one user per role (two
 * verifiers, two approvers), the 2021 demo campaign (active), and helpers that put submissions
 * straight into any state. Shared by test/integration/{submissions,documents,campaign}.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import { CampaignService } from '../../../src/domain/campaign/campaign.service.js';
import { WorkflowService } from '../../../src/domain/submissions/workflow.service.js';
import { DocumentService } from '../../../src/domain/documents/document.service.js';
import { DiskDocumentStorage } from '../../../src/domain/documents/document-storage.js';
import { openPlacements } from '../../../src/domain/employees/employee-placement.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import type { Role, SubmissionStatus } from '../../../src/domain/shared/constants.js';
import { startOfJakartaDay } from '../../../src/domain/shared/time.js';
import type { Campaign, Employee, Opd, Submission } from '../../../src/db/models/index.js';
import { PDM_2021_DATES } from '../../../seeders/demo.seeder.js';

/** 10:00 WIB on a calendar day. */
export const at = (ymd: string, hour = 10): Date => new Date(startOfJakartaDay(ymd).getTime() + hour * 3600_000);

/** Days of the 2021 demo campaign, one per phase. */
export const DAY = {
  before: at('2021-08-01'),
  helpdesk: at('2021-08-12'),
  selfUpdate: at('2021-08-20'),
  verification: at('2021-08-30'),
  approval: at('2021-09-08'),
  afterDeadline: at('2021-09-20'),
} as const;

export type ActorName =
  'admin' | 'approver' | 'approver2' | 'helpdesk' | 'verifierA' | 'verifierB' | 'bkn' | 'secretaryA' | 'headA' | 'headB' | 'regent';

export type EmployeeExtra = Partial<{ active: boolean; name: string; serviceBlocked: boolean; serviceBlockedAt: Date | null }>;

export interface World {
  db: TestDb;
  audit: AuditService;
  campaigns: CampaignService;
  workflow: WorkflowService;
  documents: DocumentService;
  storage: DiskDocumentStorage;
  uploadDir: string;
  clock: { now: Date };
  campaign: Campaign;
  opdA: Opd;
  opdB: Opd;
  actors: Record<ActorName, Actor>;
  employee(opd: Opd, extra?: EmployeeExtra): Promise<Employee>;
  /** Named employees in one call, created in the order given: { key: [opd, name, extra?] }. */
  employees<K extends string>(spec: Record<K, [Opd, string, EmployeeExtra?]>): Promise<Record<K, Employee>>;
  submission(p: {
    employee?: Employee;
    opd?: Opd;
    category?: string;
    status?: SubmissionStatus;
    docs?: string[];
    campaignId?: number | null;
  }): Promise<Submission>;
  /**
   * Submissions in one call, created in the order given: [employee, category, status,
   * campaignId (the 2021 round when left out), submittedAt (the self-update day when left out)].
   */
  submissions(rows: Array<[Employee, string, SubmissionStatus, (number | null)?, Date?]>, opts?: { docs?: string[] }): Promise<void>;
  addDocRow(sub: Submission, documentType: string): Promise<void>;
  /** The 2020 round (inactive, long over): for "an older round's submissions" cases. */
  oldCampaign(): Promise<Campaign>;
  destroy(): Promise<void>;
}

let seq = 0;

export async function createWorld(): Promise<World> {
  const db = await createTestDb();
  const { models } = db;
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-uploads-'));
  const clock = { now: DAY.verification };
  const now = () => clock.now;
  const audit = new AuditService(models);
  const campaigns = new CampaignService(models, audit);
  const workflow = new WorkflowService({ models, sequelize: db.sequelize, audit, campaigns, now });
  const storage = new DiskDocumentStorage(uploadDir);
  const documents = new DocumentService({ models, sequelize: db.sequelize, audit, storage, campaigns, now });

  const opdA = await models.Opd.create({
    code: 'A01',
    name: 'Dinas Pendidikan',
    kind: 'dinas',
    address: null,
    headName: null,
    headEmail: null,
    secretaryName: null,
    secretaryEmail: null,
  });
  const opdB = await models.Opd.create({
    code: 'K01',
    name: 'Kecamatan Jaten',
    kind: 'kecamatan',
    address: null,
    headName: null,
    headEmail: null,
    secretaryName: null,
    secretaryEmail: null,
  });
  const campaign = await models.Campaign.create({
    name: 'PDM 2021',
    year: 2021,
    ...PDM_2021_DATES,
    active: true,
    notes: null,
  });

  const spec: Record<ActorName, [Role, Opd | null]> = {
    admin: ['admin', null],
    approver: ['approver', null],
    approver2: ['approver', null],
    helpdesk: ['helpdesk', null],
    verifierA: ['verifier', opdA],
    verifierB: ['verifier', opdB],
    bkn: ['bkn_validator', null],
    secretaryA: ['secretary', opdA],
    headA: ['opd_head', opdA],
    headB: ['opd_head', opdB],
    regent: ['regent', null],
  };
  const actors = {} as Record<ActorName, Actor>;
  for (const [name, [role, opd]] of Object.entries(spec) as Array<[ActorName, [Role, Opd | null]]>) {
    const u = await models.User.create({
      email: `${name.toLowerCase()}@pdm.test`,
      name,
      passwordHash: 'x',
      role,
      opdId: opd?.id ?? null,
      lastLoginAt: null,
      passwordChangedAt: null,
    });
    actors[name] = { id: u.id, email: u.email, role, opdId: u.opdId, ip: '10.0.0.1' };
  }

  const employee: World['employee'] = async (opd, extra = {}) => {
    seq++;
    const e = await models.Employee.create({
      nip: `19800101200501${String(1000 + seq).slice(-4)}`.slice(0, 18).padEnd(18, '0'),
      nik: null,
      name: extra.name ?? `Pegawai ${seq}`,
      employeeType: 'PNS',
      opdId: opd.id,
      unit: null,
      position: null,
      rankGrade: null,
      birthDate: null,
      sex: null,
      email: null,
      phone: null,
      mysapkActivatedAt: null,
      passwordChangedAt: null,
      serviceBlockedAt: extra.serviceBlockedAt ?? null,
      serviceBlocked: extra.serviceBlocked ?? false,
      active: extra.active ?? true,
    });
    await openPlacements(models, [e]);
    return e;
  };

  const addDocRow: World['addDocRow'] = async (sub, documentType) => {
    const sha = crypto.createHash('sha256').update(`${sub.id}:${documentType}:${Math.random()}`).digest('hex');
    await models.Document.create({
      submissionId: sub.id,
      opdId: sub.opdId,
      documentType,
      originalName: `${documentType}.pdf`,
      size: 1000,
      sha256: sha,
      storageKey: `${sha.slice(0, 2)}/${sha}.pdf`,
      uploadedBy: null,
    });
  };

  const defaultDocs: Record<string, string[]> = {
    data_personal: ['ktp'],
    pendidikan: ['ijazah', 'transkrip'],
    keluarga: ['kartu_keluarga'],
  };
  let minute = 0;
  const submission: World['submission'] = async (p) => {
    const emp = p.employee ?? (await employee(p.opd ?? opdA));
    const category = p.category ?? 'data_personal';
    const status = p.status ?? 'submitted';
    minute++;
    const sub = await models.Submission.create({
      employeeId: emp.id,
      opdId: emp.opdId,
      campaignId: p.campaignId === undefined ? campaign.id : p.campaignId,
      category,
      proposedValues: { catatan: 'uji' },
      status,
      submittedAt: new Date(DAY.selfUpdate.getTime() + minute * 60_000),
      verifiedAt: null,
      validatedAt: null,
      decidedAt: null,
      lastNote: null,
      source: 'test',
    });
    for (const d of p.docs ?? defaultDocs[category] ?? []) await addDocRow(sub, d);
    return sub;
  };

  const employees = async <K extends string>(spec: Record<K, [Opd, string, EmployeeExtra?]>): Promise<Record<K, Employee>> => {
    const out = {} as Record<K, Employee>;
    for (const key of Object.keys(spec) as K[]) {
      const [opd, name, extra] = spec[key];
      out[key] = await employee(opd, { ...extra, name });
    }
    return out;
  };

  const submissions: World['submissions'] = async (rows, opts = {}) => {
    for (const [emp, category, status, campaignId, submittedAt] of rows) {
      const sub = await submission({ employee: emp, category, status, campaignId, docs: opts.docs });
      if (submittedAt) await models.Submission.update({ submittedAt }, { where: { id: sub.id } });
    }
  };

  const oldCampaign: World['oldCampaign'] = () =>
    models.Campaign.create({
      name: 'PDM 2020',
      year: 2020,
      helpdeskStart: '2020-08-10',
      selfUpdateStart: '2020-08-15',
      selfUpdateEnd: '2020-08-25',
      verificationStart: '2020-08-26',
      verificationEnd: '2020-09-04',
      approvalStart: '2020-09-05',
      approvalEnd: '2020-09-14',
      active: false,
      notes: null,
    });

  return {
    db,
    audit,
    campaigns,
    workflow,
    documents,
    storage,
    uploadDir,
    clock,
    campaign,
    opdA,
    opdB,
    actors,
    employee,
    employees,
    submission,
    submissions,
    addDocRow,
    oldCampaign,
    async destroy() {
      await db.destroy();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/** Every regular file under a directory (relative paths), for "nothing left behind" checks. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}
