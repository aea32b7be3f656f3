import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { PDFDocument } from 'pdf-lib';
import { referenceData } from '../../../config/reference-data.js';
import { parseNip, validateIdentity } from '../../../src/domain/employees/nip-nik.js';
import { OPD_KINDS, ROLES, SUBMISSION_STATUSES, TICKET_KINDS, TICKET_STATUSES } from '../../../src/domain/shared/constants.js';
import { addDays, daysBetween, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';
import { demoCampaignDates, seedDemo, type DemoSeedResult } from '../../../seeders/demo.seeder.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import { makeDemoPdf } from '../../../seeders/demo-pdf.js';
import { KARANGANYAR_OPDS } from '../../../seeders/karanganyar-opds.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';

const NOW = new Date('2026-11-26T03:00:00Z'); // 10:00 WIB
const EMPLOYEES = 1500;
const PASSWORD = 'DemoPdm2026x';
const KECAMATAN = [
  'Jatipuro',
  'Jatiyoso',
  'Jumapolo',
  'Jumantono',
  'Matesih',
  'Tawangmangu',
  'Ngargoyoso',
  'Karangpandan',
  'Karanganyar',
  'Tasikmadu',
  'Jaten',
  'Colomadu',
  'Gondangrejo',
  'Kebakkramat',
  'Mojogedang',
  'Kerjo',
  'Jenawi',
];

/** Collects row-level problems so a loop over thousands of rows ends in one readable assertion. */
function collector() {
  const problems: string[] = [];
  return {
    problems,
    check(ok: boolean, message: () => string) {
      if (!ok && problems.length < 25) problems.push(message());
    },
  };
}

async function counts(db: TestDb): Promise<Record<string, number>> {
  const m = db.models;
  return {
    opds: await m.Opd.count(),
    employees: await m.Employee.count(),
    users: await m.User.count(),
    campaigns: await m.Campaign.count(),
    submissions: await m.Submission.count(),
    events: await m.SubmissionEvent.count(),
    documents: await m.Document.count(),
    tickets: await m.HelpdeskTicket.count(),
    placements: await m.EmployeePlacement.count(),
    schedules: await m.ReportSchedule.count(),
    audit: await m.AuditLog.count(),
  };
}

describe('demoCampaignDates', () => {
  it('keeps the 2021 phase lengths and puts today (WIB) on day 4 of verification', () => {
    const d = demoCampaignDates(NOW);
    expect(d).toEqual({
      helpdeskStart: '2026-11-07',
      selfUpdateStart: '2026-11-12',
      selfUpdateEnd: '2026-11-22',
      verificationStart: '2026-11-23',
      verificationEnd: '2026-12-02',
      approvalStart: '2026-12-03',
      approvalEnd: '2026-12-12',
    });
    // 23:30 UTC is already the next day in Jakarta.
    expect(demoCampaignDates(new Date('2026-11-25T23:30:00Z')).verificationStart).toBe('2026-11-23');
    expect(demoCampaignDates(new Date('2026-11-25T16:59:00Z')).verificationStart).toBe('2026-11-22');
  });
});

describe('makeDemoPdf', () => {
  it('builds a valid one-page PDF with correct xref offsets', async () => {
    const pdf = makeDemoPdf('SALINAN KTP - Sri (Wahyuni) \\ S.Pd.', ['NIP 198501122010012001']);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    const text = pdf.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n\r$/gm)].map((x) => Number(x[1]));
    expect(entries).toHaveLength(6);
    entries.forEach((off, i) => expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('SALINAN KTP - Sri (Wahyuni) \\ S.Pd.');
    expect(makeDemoPdf('X').equals(makeDemoPdf('X'))).toBe(true);
  });
});

describe('seedDemo', () => {
  let db: TestDb;
  let uploadDir: string;
  let result: DemoSeedResult;
  let seconds: number;

  beforeAll(async () => {
    db = await createTestDb();
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-demo-uploads-'));
    const t0 = Date.now();
    result = await seedDemo(db, { audit: new AuditService(db.models), password: PASSWORD, now: NOW, uploadDir, employees: EMPLOYEES });
    seconds = (Date.now() - t0) / 1000;
  }, 180_000);

  afterAll(async () => {
    await db?.destroy();
    if (uploadDir) fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  it('reports what it wrote', async () => {
    const c = await counts(db);
    expect(result).toEqual({
      seeded: true,
      opds: c.opds,
      employees: EMPLOYEES,
      users: c.users,
      submissions: c.submissions,
      documents: c.documents,
    });
    expect(seconds).toBeLessThan(60);
    const audit = await db.models.AuditLog.findAll();
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe('seed');
    expect(audit[0].role).toBe('system');
  });

  it('creates the Karanganyar OPDs, all 17 kecamatan, with e-mail-safe codes', async () => {
    const opds = await db.models.Opd.findAll({ order: [['id', 'ASC']] });
    expect(opds.length).toBeGreaterThanOrEqual(38);
    expect(opds.length).toBeLessThanOrEqual(50);
    expect(opds.length).toBe(KARANGANYAR_OPDS.length);
    const names = opds.map((o) => o.name);
    for (const k of KECAMATAN) expect(names).toContain(`Kecamatan ${k}`);
    expect(opds.filter((o) => o.kind === 'kecamatan')).toHaveLength(17);
    for (const required of [
      'Sekretariat Daerah',
      'Sekretariat DPRD',
      'Dinas Pendidikan dan Kebudayaan',
      'Dinas Kesehatan',
      'RSUD Karanganyar',
    ]) {
      expect(names).toContain(required);
    }
    expect(new Set(opds.map((o) => o.code)).size).toBe(opds.length);
    for (const o of opds) {
      expect(o.code).toMatch(/^[A-Z0-9-]+$/);
      expect(o.code.length).toBeLessThanOrEqual(20);
      expect(OPD_KINDS).toContain(o.kind);
      expect(o.headEmail).toBe(`kepala.${o.code.toLowerCase()}@pdm.example`);
      expect(o.secretaryEmail).toBe(`sekretaris.${o.code.toLowerCase()}@pdm.example`);
      expect(o.headName).toBeTruthy();
      expect(o.secretaryName).toBeTruthy();
      expect(o.address).toBeTruthy();
    }
  });

  it('creates the employees with valid, unique identities and a realistic mix', async () => {
    const employees = await db.models.Employee.findAll();
    expect(employees).toHaveLength(EMPLOYEES);
    const nips = employees.map((e) => e.nip);
    expect(new Set(nips).size).toBe(nips.length);
    const byType = { PNS: 0, CPNS: 0, PPPK: 0 };
    const { problems, check } = collector();
    const thisMonth = jakartaDate(NOW).slice(0, 7);
    for (const e of employees) {
      byType[e.employeeType] += 1;
      const at = `${e.employeeType} ${e.nip}/${e.nik}`;
      const errors = [
        ...validateIdentity({ nip: e.nip, nik: e.nik!, type: e.employeeType }, NOW),
        ...validateIdentity({ nip: e.nip, nik: e.nik!, type: e.employeeType }),
      ];
      check(errors.length === 0, () => `${at}: ${errors.map((x) => x.message).join('; ')}`);
      const parsed = parseNip(e.nip, e.employeeType, NOW);
      check(parsed.ok, () => `${at}: NIP tidak dapat dibaca`);
      if (parsed.ok) {
        check(
          e.birthDate === parsed.value.birthDate && e.sex === parsed.value.sex,
          () => `${at}: birthDate/sex ${e.birthDate}/${e.sex} do not follow the NIP`,
        );
        const by = Number(parsed.value.birthDate.slice(0, 4));
        check(by >= 1965 && by <= 2000, () => `${at}: birth year ${by}`);
        if (parsed.value.cpnsStart) {
          const sy = Number(parsed.value.cpnsStart.slice(0, 4));
          check(sy - by >= 19 && sy - by <= 35, () => `${at}: age at TMT CPNS ${sy - by}`);
          check(parsed.value.cpnsStart <= thisMonth, () => `${at}: TMT CPNS in the future`);
          if (e.employeeType === 'CPNS') check(Number(thisMonth.slice(0, 4)) - sy <= 2, () => `${at}: CPNS since ${sy}`);
        } else {
          check(e.nip.slice(12, 14) === '21', () => `${at}: PPPK NIP without "21"`);
        }
      }
      check(/^3313(0[1-9]|1[0-7])\d{10}$/.test(e.nik ?? ''), () => `${at}: NIK region`);
      check(e.name.trim() === e.name && e.name.length > 2, () => `${at}: name "${e.name}"`);
      check(!!e.unit && !!e.position, () => `${at}: unit/position missing`);
      check(
        e.employeeType === 'PPPK' ? /^[IVX]+$/.test(e.rankGrade ?? '') : /^(I|II|III|IV)\/[a-e]$/.test(e.rankGrade ?? ''),
        () => `${at}: rank ${e.rankGrade}`,
      );
      check(!e.phone || /^08\d{8,11}$/.test(e.phone), () => `${at}: phone ${e.phone}`);
      check(!e.email || /^[a-z0-9.]+@[a-z.]+\.example$/.test(e.email), () => `${at}: email ${e.email}`);
    }
    expect(problems).toEqual([]);
    expect(byType.PNS / EMPLOYEES).toBeGreaterThan(0.72);
    expect(byType.PNS / EMPLOYEES).toBeLessThan(0.88);
    expect(byType.CPNS).toBeGreaterThan(0);
    expect(byType.CPNS / EMPLOYEES).toBeLessThan(0.06);
    expect(byType.PPPK / EMPLOYEES).toBeGreaterThan(0.1);
    expect(byType.PPPK / EMPLOYEES).toBeLessThan(0.24);

    // Activation as in mid-verification: ~85% overall, some OPDs lagging, some nearly done.
    const activated = employees.filter((e) => e.mysapkActivatedAt);
    expect(activated.length / EMPLOYEES).toBeGreaterThan(0.75);
    expect(activated.length / EMPLOYEES).toBeLessThan(0.92);
    const changed = activated.filter((e) => e.passwordChangedAt);
    expect(changed.length / activated.length).toBeGreaterThan(0.7);
    expect(changed.length / activated.length).toBeLessThan(0.9);
    const helpdeskStart = startOfJakartaDay(demoCampaignDates(NOW).helpdeskStart).getTime();
    const selfUpdateEndNext = startOfJakartaDay(addDays(demoCampaignDates(NOW).selfUpdateEnd, 1)).getTime();
    for (const e of employees) {
      const a = e.mysapkActivatedAt?.getTime();
      const p = e.passwordChangedAt?.getTime();
      check(p === undefined || a !== undefined, () => `${e.nip}: password changed without activation`);
      check(
        a === undefined || (a >= helpdeskStart && a < selfUpdateEndNext),
        () => `${e.nip}: activated ${e.mysapkActivatedAt?.toISOString()} outside helpdesk/self-update`,
      );
      check(p === undefined || (p >= a! && p <= NOW.getTime()), () => `${e.nip}: password changed ${e.passwordChangedAt?.toISOString()}`);
    }
    expect(problems).toEqual([]);
    const perOpd = new Map<number, { n: number; a: number }>();
    for (const e of employees) {
      const x = perOpd.get(e.opdId) ?? { n: 0, a: 0 };
      x.n += 1;
      if (e.mysapkActivatedAt) x.a += 1;
      perOpd.set(e.opdId, x);
    }
    const rates = [...perOpd.values()].filter((x) => x.n >= 10).map((x) => x.a / x.n);
    expect(Math.min(...rates)).toBeLessThan(0.7);
    expect(Math.max(...rates)).toBeGreaterThan(0.93);
    // Every OPD has staff; Disdikbud is by far the largest.
    const opds = await db.models.Opd.findAll();
    for (const o of opds) expect(perOpd.get(o.id)?.n ?? 0).toBeGreaterThan(0);
    const disdik = opds.find((o) => o.code === 'DISDIKBUD')!;
    expect(perOpd.get(disdik.id)!.n / EMPLOYEES).toBeGreaterThan(0.35);
  });

  it('creates submissions in every status and category, consistent with the workflow', async () => {
    const ref = referenceData();
    const subs = await db.models.Submission.findAll();
    const employees = new Map((await db.models.Employee.findAll()).map((e) => [e.id, e]));
    const campaign = await db.models.Campaign.findOne({ where: { active: true } });
    const dates = demoCampaignDates(NOW);
    const suStart = startOfJakartaDay(dates.selfUpdateStart).getTime();
    const vStart = startOfJakartaDay(dates.verificationStart).getTime();

    const statuses = new Set(subs.map((s) => s.status));
    for (const st of SUBMISSION_STATUSES) expect(statuses).toContain(st);
    const cats = new Set(subs.map((s) => s.category));
    for (const c of ref.categories) expect(cats).toContain(c.code);

    const byStatus = (st: string) => subs.filter((s) => s.status === st).length;
    expect(byStatus('submitted')).toBeGreaterThan(byStatus('verified'));
    expect(byStatus('approved')).toBeLessThan(subs.length * 0.05);
    expect(byStatus('validated')).toBeLessThan(byStatus('verified'));

    const submitters = new Set(subs.map((s) => s.employeeId));
    const activated = [...employees.values()].filter((e) => e.mysapkActivatedAt).length;
    expect(submitters.size / activated).toBeGreaterThan(0.55);
    expect(submitters.size / activated).toBeLessThan(0.75);

    const perEmployee = new Map<number, string[]>();
    const { problems, check } = collector();
    for (const s of subs) {
      const e = employees.get(s.employeeId)!;
      const at = `submission ${s.id} (${s.category}, ${s.status})`;
      check(s.opdId === e.opdId && s.campaignId === campaign!.id, () => `${at}: opd/campaign`);
      check(['import', 'panel'].includes(s.source), () => `${at}: source ${s.source}`);
      check(
        !!s.proposedValues && typeof s.proposedValues === 'object' && Object.keys(s.proposedValues).length > 0,
        () => `${at}: proposedValues ${JSON.stringify(s.proposedValues)}`,
      );
      const cat = ref.category(s.category)!;
      check(
        cat.validatedByBkn || (s.status !== 'validated' && !s.validatedAt),
        () => `${at}: validated in a category BKN does not validate`,
      );
      // Submitted in the self-update phase after the password change; handled during verification; never in the future.
      const sub = s.submittedAt.getTime();
      check(sub >= suStart && sub < vStart, () => `${at}: submittedAt ${s.submittedAt.toISOString()} outside self-update`);
      check(!!e.passwordChangedAt && sub > e.passwordChangedAt.getTime(), () => `${at}: submitted before the password change`);
      for (const t of [s.verifiedAt, s.validatedAt, s.decidedAt, s.updatedAt]) {
        if (t && t !== s.updatedAt) check(t.getTime() >= vStart, () => `${at}: ${t.toISOString()} before verification`);
        if (t) check(t.getTime() <= NOW.getTime(), () => `${at}: ${t.toISOString()} in the future`);
      }
      check(!['verified', 'validated', 'approved'].includes(s.status) || !!s.verifiedAt, () => `${at}: verifiedAt missing`);
      check(s.status !== 'validated' || !!s.validatedAt, () => `${at}: validatedAt missing`);
      check((s.status === 'approved' || s.status === 'rejected') === !!s.decidedAt, () => `${at}: decidedAt ${s.decidedAt?.toISOString()}`);
      check(
        !(s.status === 'submitted' && s.version === 0) || (!s.verifiedAt && !s.lastNote),
        () => `${at}: untouched but has verifiedAt/lastNote`,
      );
      check(!(s.status === 'needs_fix' || s.status === 'rejected') || !!s.lastNote, () => `${at}: lastNote missing`);
      const list = perEmployee.get(s.employeeId) ?? [];
      list.push(s.category);
      perEmployee.set(s.employeeId, list);
    }
    for (const [id, list] of perEmployee) {
      check(
        list.length >= 1 && list.length <= 3 && new Set(list).size === list.length,
        () => `employee ${id}: categories ${list.join(',')}`,
      );
    }
    expect(problems).toEqual([]);
  });

  it('writes the history of every submission, ending in its status', async () => {
    const subs = new Map((await db.models.Submission.findAll()).map((s) => [s.id, s]));
    const events = await db.models.SubmissionEvent.findAll({
      order: [
        ['submissionId', 'ASC'],
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const users = new Map((await db.models.User.findAll()).map((u) => [u.id, u]));
    const ref = referenceData();
    const bySub = new Map<number, typeof events>();
    for (const ev of events) {
      const list = bySub.get(ev.submissionId) ?? [];
      list.push(ev);
      bySub.set(ev.submissionId, list);
    }
    expect(bySub.size).toBe(subs.size);
    const allowed = new Set([
      'null>submitted',
      'submitted>verified',
      'submitted>needs_fix',
      'submitted>rejected',
      'needs_fix>submitted',
      'verified>validated',
      'verified>needs_fix',
      'verified>rejected',
      'verified>approved',
      'validated>approved',
    ]);
    const { problems, check } = collector();
    for (const [id, list] of bySub) {
      const s = subs.get(id)!;
      const at = `submission ${id} (${s.category}, ${s.status})`;
      const trail = list.map((ev) => `${ev.fromStatus}>${ev.toStatus}`).join(' ');
      check(list[0].fromStatus === null && list[0].toStatus === 'submitted', () => `${at}: first event ${trail}`);
      check(list[0].createdAt.getTime() === s.submittedAt.getTime(), () => `${at}: first event not at submittedAt`);
      check(list[list.length - 1].toStatus === s.status, () => `${at}: last event ${trail}`);
      check(list.length === s.version + 1, () => `${at}: ${list.length} events, version ${s.version}`);
      check(s.updatedAt.getTime() === list[list.length - 1].createdAt.getTime(), () => `${at}: updatedAt is not the last event`);
      const cat = ref.category(s.category)!;
      let lastNote: string | null = null;
      list.forEach((ev, i) => {
        const step = `${at} step ${i} ${ev.fromStatus}>${ev.toStatus} by ${ev.actorRole}`;
        if (i > 0) {
          check(ev.fromStatus === list[i - 1].toStatus, () => `${step}: does not follow ${trail}`);
          check(ev.createdAt.getTime() > list[i - 1].createdAt.getTime(), () => `${step}: not after the previous event`);
        }
        check(allowed.has(`${ev.fromStatus}>${ev.toStatus}`), () => `${step}: illegal transition`);
        check(ev.opdId === s.opdId, () => `${step}: opd`);
        check(ev.createdAt.getTime() <= NOW.getTime(), () => `${step}: in the future`);
        if (ev.toStatus === 'needs_fix' || ev.toStatus === 'rejected') {
          check(!!ev.note, () => `${step}: no note`);
          lastNote = ev.note;
        }
        const actor = ev.actorUserId === null ? null : (users.get(ev.actorUserId) ?? null);
        if (ev.actorRole === 'system') check(actor === null, () => `${step}: system event with a user`);
        else check(!!actor && actor.role === ev.actorRole, () => `${step}: actor ${actor?.email} is not ${ev.actorRole}`);
        if (ev.actorRole === 'verifier') check(actor?.opdId === s.opdId, () => `${step}: verifier of another OPD`);
        if (ev.fromStatus === 'submitted' && ev.toStatus !== 'submitted')
          check(ev.actorRole === 'verifier', () => `${step}: not the verifier`);
        if (ev.toStatus === 'validated') check(ev.actorRole === 'bkn_validator' && cat.validatedByBkn, () => `${step}: validation`);
        if (ev.fromStatus === 'verified' && ev.toStatus !== 'approved')
          check(ev.actorRole === 'bkn_validator' && cat.validatedByBkn, () => `${step}: BKN step`);
        if (ev.toStatus === 'approved') {
          check(ev.actorRole === 'approver' && !!ev.overrideReason, () => `${step}: approval without approver/override reason`);
          check(ev.fromStatus === (cat.validatedByBkn ? 'validated' : 'verified'), () => `${step}: approved from ${ev.fromStatus}`);
        }
      });
      check(s.lastNote === lastNote, () => `${at}: lastNote "${s.lastNote}" is not the last note "${lastNote}"`);
    }
    expect(problems).toEqual([]);
  });

  it('stores real PDF documents, one per required type', async () => {
    const ref = referenceData();
    const docs = await db.models.Document.findAll();
    expect(docs.length).toBeGreaterThanOrEqual(250);
    const subs = new Map((await db.models.Submission.findAll()).map((s) => [s.id, s]));
    const employees = new Map((await db.models.Employee.findAll()).map((e) => [e.id, e]));
    const bySub = new Map<number, string[]>();
    for (const d of docs) {
      const s = subs.get(d.submissionId)!;
      expect(d.opdId).toBe(s.opdId);
      expect(d.mimeType).toBe('application/pdf');
      expect(d.storageKey).toBe(`${d.sha256.slice(0, 2)}/${d.sha256}.pdf`);
      expect(d.originalName).toBe(`${d.documentType}_${employees.get(s.employeeId)!.nip}.pdf`);
      expect(ref.category(s.category)!.documentTypes).toContain(d.documentType);
      expect(d.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const file = path.join(uploadDir, d.storageKey);
      expect(fs.existsSync(file)).toBe(true);
      const bytes = fs.readFileSync(file);
      expect(bytes.length).toBe(d.size);
      expect(bytes.length).toBeLessThan(1024 * 1024);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      bySub.set(d.submissionId, [...(bySub.get(d.submissionId) ?? []), d.documentType]);
    }
    for (const [id, types] of bySub) {
      const cat = ref.category(subs.get(id)!.category)!;
      const required = cat.requiredDocumentTypes.length ? cat.requiredDocumentTypes : [cat.documentTypes[0]];
      expect([...types].sort()).toEqual([...required].sort());
    }
    // A sample parses as a one-page PDF.
    for (const d of docs.slice(0, 5)) {
      const pdf = await PDFDocument.load(fs.readFileSync(path.join(uploadDir, d.storageKey)), { updateMetadata: false });
      expect(pdf.getPageCount()).toBe(1);
    }
    // No temp files left behind.
    const leftovers = fs
      .readdirSync(uploadDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('creates demo accounts for every role with the hashed demo password', async () => {
    const users = await db.models.User.findAll();
    const byEmail = new Map(users.map((u) => [u.email, u]));
    for (const role of ROLES) expect(users.some((u) => u.role === role)).toBe(true);
    for (const [email, role] of [
      ['admin@pdm.example', 'admin'],
      ['approver@pdm.example', 'approver'],
      ['helpdesk@pdm.example', 'helpdesk'],
      ['bkn@pdm.example', 'bkn_validator'],
      ['bupati@pdm.example', 'regent'],
    ] as const) {
      expect(byEmail.get(email)?.role).toBe(role);
      expect(byEmail.get(email)?.opdId).toBeNull();
    }
    expect(byEmail.get('approver@pdm.example')!.name).toMatch(/^Kepala BKPSDM/);
    const opds = await db.models.Opd.findAll();
    for (const o of opds) {
      const code = o.code.toLowerCase();
      for (const [prefix, role] of [
        ['verifikator', 'verifier'],
        ['sekretaris', 'secretary'],
        ['kepala', 'opd_head'],
      ] as const) {
        const u = byEmail.get(`${prefix}.${code}@pdm.example`);
        expect(u?.role).toBe(role);
        expect(u?.opdId).toBe(o.id);
      }
    }
    expect(users).toHaveLength(5 + 3 * opds.length);
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    for (const u of users) {
      expect(u.active).toBe(true);
      expect(u.locale).toBe('id');
    }
    expect(await bcrypt.compare(PASSWORD, users[0].passwordHash)).toBe(true);
    expect(users[0].passwordHash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('creates the active campaign on day 4 of verification, and the 2021 round', async () => {
    const campaigns = await db.models.Campaign.findAll({ order: [['id', 'ASC']] });
    expect(campaigns).toHaveLength(2);
    const active = campaigns.filter((c) => c.active);
    expect(active).toHaveLength(1);
    const c = active[0];
    expect(c.name).toBe('PDM ASN 2026');
    expect(c.year).toBe(2026);
    const today = jakartaDate(NOW);
    expect(c.verificationStart <= today && today <= c.verificationEnd).toBe(true);
    expect(daysBetween(c.verificationStart, today) + 1).toBe(4);
    expect(daysBetween(c.helpdeskStart, c.selfUpdateStart)).toBe(5);
    expect(daysBetween(c.selfUpdateStart, c.selfUpdateEnd)).toBe(10);
    expect(daysBetween(c.selfUpdateEnd, c.verificationStart)).toBe(1);
    expect(daysBetween(c.verificationStart, c.verificationEnd)).toBe(9);
    expect(daysBetween(c.verificationEnd, c.approvalStart)).toBe(1);
    expect(daysBetween(c.approvalStart, c.approvalEnd)).toBe(9);
    const past = campaigns.find((x) => x.name === 'PDM ASN 2021')!;
    expect(past.active).toBe(false);
    expect([
      past.helpdeskStart,
      past.selfUpdateStart,
      past.selfUpdateEnd,
      past.verificationStart,
      past.verificationEnd,
      past.approvalStart,
      past.approvalEnd,
    ]).toEqual(['2021-08-10', '2021-08-15', '2021-08-25', '2021-08-26', '2021-09-04', '2021-09-05', '2021-09-14']);
    expect(await db.models.Submission.count({ where: { campaignId: past.id } })).toBe(0);

    const schedules = await db.models.ReportSchedule.findAll({ order: [['id', 'ASC']] });
    expect(schedules.map((s) => [s.name, s.reportKind, s.cron, s.ccSecretary, s.enabled, s.extraRecipients])).toEqual([
      ['Laporan harian OPD', 'opd', '0 7 * * *', true, true, null],
      ['Laporan mingguan Bupati', 'regency', '0 7 * * 1', true, true, null],
    ]);
    for (const s of schedules) {
      expect(s.campaignId).toBe(c.id);
      expect(s.activeFrom).toBe(c.helpdeskStart);
      expect(s.activeUntil).toBe(addDays(c.approvalEnd, 7));
    }
  });

  it('creates helpdesk tickets across kinds and statuses', async () => {
    const tickets = await db.models.HelpdeskTicket.findAll();
    const helpdesk = await db.models.User.findOne({ where: { email: 'helpdesk@pdm.example' } });
    expect(tickets.length).toBeGreaterThanOrEqual(50);
    expect(tickets.length).toBeLessThanOrEqual(70);
    expect(new Set(tickets.map((t) => t.kind)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(tickets.map((t) => t.status)).size).toBeGreaterThanOrEqual(3);
    const helpdeskStart = startOfJakartaDay(demoCampaignDates(NOW).helpdeskStart).getTime() - 2 * 3600_000;
    const vStart = startOfJakartaDay(demoCampaignDates(NOW).verificationStart).getTime();
    expect(tickets.filter((t) => t.createdAt.getTime() < vStart).length / tickets.length).toBeGreaterThan(0.6);
    for (const t of tickets) {
      expect(TICKET_KINDS).toContain(t.kind);
      expect(TICKET_STATUSES).toContain(t.status);
      expect(t.createdAt.getTime()).toBeGreaterThanOrEqual(helpdeskStart);
      expect(t.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (t.status === 'resolved' || t.status === 'closed') {
        expect(t.handlerUserId).toBe(helpdesk!.id);
        expect(t.resolution).toBeTruthy();
        expect(t.resolvedAt!.getTime()).toBeGreaterThan(t.createdAt.getTime());
        expect(t.resolvedAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
      } else {
        expect(t.resolvedAt).toBeNull();
      }
      if (t.employeeId) {
        const e = await db.models.Employee.findByPk(t.employeeId);
        expect(t.nip).toBe(e!.nip);
        expect(t.opdId).toBe(e!.opdId);
      }
    }
  });

  it("writes every employee's placement history: one open period, where and as they are, from their creation", async () => {
    const employees = await db.models.Employee.findAll({ attributes: ['id', 'opdId', 'active', 'createdAt'] });
    const periods = await db.models.EmployeePlacement.findAll();
    expect(periods).toHaveLength(employees.length);
    const byEmployee = new Map(periods.map((p) => [p.employeeId, p]));
    const { problems, check } = collector();
    for (const e of employees) {
      const p = byEmployee.get(e.id);
      check(
        !!p && p.opdId === e.opdId && !!p.active === !!e.active && p.validTo === null && p.validFrom.getTime() === e.createdAt.getTime(),
        () => `pegawai ${e.id}: ${JSON.stringify(p?.get({ plain: true }))}`,
      );
    }
    expect(problems).toEqual([]);
  });

  it('is idempotent: a second call writes nothing', async () => {
    const before = await counts(db);
    const again = await seedDemo(db, { audit: new AuditService(db.models), password: PASSWORD, now: NOW, uploadDir, employees: EMPLOYEES });
    expect(again).toEqual({ seeded: false, opds: 0, employees: 0, users: 0, submissions: 0, documents: 0 });
    expect(await counts(db)).toEqual(before);
  });

  // Must stay the last test of this file: the model classes are shared and follow the newest
  // connection (initModels), so each database is read through its own sequelize instance here.
  it('is deterministic: a fresh database gets the same data', async () => {
    const rows = async (d: TestDb, sql: string) => JSON.stringify((await d.sequelize.query(sql))[0]);
    const QUERIES = [
      'SELECT nip, nik, name, employee_type, unit, position, rank_grade, birth_date, sex, email, phone, mysapk_activated_at, password_changed_at FROM employees ORDER BY id',
      'SELECT e.nip, s.category, s.status, s.submitted_at, s.verified_at, s.validated_at, s.decided_at, s.last_note, s.proposed_values FROM submissions s JOIN employees e ON e.id = s.employee_id ORDER BY s.id',
      'SELECT from_status, to_status, actor_role, note, created_at FROM submission_events ORDER BY id',
      'SELECT document_type, original_name, size, sha256, storage_key FROM documents ORDER BY id',
      'SELECT kind, status, nip, description, created_at, resolved_at FROM helpdesk_tickets ORDER BY id',
      'SELECT code, name, head_name FROM opds ORDER BY id',
      'SELECT employee_id, opd_id, active, valid_from, valid_to FROM employee_placements ORDER BY id',
      'SELECT email, name, role FROM users ORDER BY id',
    ];
    const first = await Promise.all(QUERIES.map((q) => rows(db, q)));
    const firstNips = (JSON.parse(first[0]) as Array<{ nip: string }>).map((r) => r.nip);
    expect(firstNips).toHaveLength(EMPLOYEES);

    const other = await createTestDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-demo-uploads-'));
    try {
      const r = await seedDemo(other, {
        audit: new AuditService(other.models),
        password: 'another-password-1',
        now: NOW,
        uploadDir: dir,
        employees: EMPLOYEES,
      });
      expect(r).toEqual(result);
      const second = await Promise.all(QUERIES.map((q) => rows(other, q)));
      QUERIES.forEach((_, i) => expect(second[i]).toBe(first[i]));

      // A different seed gives different people.
      const third = await createTestDb();
      try {
        await seedDemo(third, {
          audit: new AuditService(third.models),
          password: PASSWORD,
          now: NOW,
          uploadDir: dir,
          employees: 200,
          seed: 7,
        });
        const nips = (JSON.parse(await rows(third, 'SELECT nip FROM employees ORDER BY id')) as Array<{ nip: string }>).map((x) => x.nip);
        expect(nips).toHaveLength(200);
        expect(nips.filter((n) => firstNips.includes(n)).length).toBeLessThan(10);
      } finally {
        await third.destroy();
      }
    } finally {
      await other.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
