import type { Models } from '../../src/db/models/index.js';
import type { SubmissionStatus } from '../../src/domain/shared/constants.js';
import { makeNip } from '../../src/domain/employees/nip-nik.js';
import { PDM_2021_DATES } from '../../seeders/demo.seeder.js';
import { openPlacements } from '../../src/domain/employees/employee-placement.js';

/**
 * A small but non-trivial regency for the report tests, built directly with the models:
 * 3 active OPDs (+1 inactive, empty) and 61 employees (59 counted at asOf), one per band, each following a PROFILE whose expected
 * effect on the report is declared by hand below (independent of the report code). Submissions
 * carry their full history in submission_events, with some transitions AFTER asOf so the as-of
 * status differs from the current status column.
 *
 * asOf = 2026-11-26 00:00 UTC = 26 November 2026 pukul 07.00 WIB.
 */
export const FIXTURE_AS_OF = new Date('2026-11-26T00:00:00.000Z');
const DAY = 86400000;
const HOUR = 3600000;
/** asOf shifted by days (+ hours); negative = before asOf. */
export const rel = (days: number, hours = 0): Date => new Date(FIXTURE_AS_OF.getTime() + days * DAY + hours * HOUR);

interface SubSpec {
  category: string;
  /** Status path from 'submitted'; the last one is the current status. */
  path: SubmissionStatus[];
  /** Times of each step (same length as path); the first is submittedAt. */
  at: Date[];
  campaign?: 'current' | 'old' | 'none';
}

export interface ProfileExpect {
  /** Counted in the OPD's total (active and created <= asOf). */
  counted: boolean;
  activated: boolean;
  passwordChanged: boolean;
  /** Number of submissions counted at asOf. */
  submissions: number;
  completed: boolean;
  /** Submissions in status 'submitted' as of asOf. */
  backlog: number;
  /** Appears in the "Perlu Tindak Lanjut" list (not activated, no submission, a BTS, or a TMS while not completed). */
  toAct: boolean;
}

interface Profile {
  name: string;
  activatedAt: Date | null;
  passwordChangedAt: Date | null;
  active?: boolean;
  createdAt?: Date;
  subs: (i: number) => SubSpec[];
  expect: ProfileExpect;
}

const ACT = rel(-30);
const PW = rel(-29);
/** Spread verifier actions over ~16 days so some fall outside the 14-day window. */
const v = (i: number, extraHours = 0) => rel(-(i % 16), -3 - (i % 5) + extraHours);
/** A later step of the same submission: `hours` after `d`. */
const after = (d: Date, hours: number) => new Date(d.getTime() + hours * HOUR);

export const PROFILES: Record<string, Profile> = {
  none: {
    name: 'none',
    activatedAt: null,
    passwordChangedAt: null,
    subs: () => [],
    expect: { counted: true, activated: false, passwordChanged: false, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  activatedOnly: {
    name: 'activatedOnly',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: () => [],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  activatedNoPw: {
    name: 'activatedNoPw',
    activatedAt: ACT,
    passwordChangedAt: null,
    subs: () => [],
    expect: { counted: true, activated: true, passwordChanged: false, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  pending: {
    name: 'pending',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [{ category: 'data_personal', path: ['submitted'], at: [rel(-2 - (i % 3), -5)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 1, toAct: false },
  },
  approved: {
    name: 'approved',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [{ category: 'jabatan', path: ['submitted', 'verified', 'approved'], at: [rel(-20), v(i), after(v(i), 2)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: true, backlog: 0, toAct: false },
  },
  approvedRejected: {
    name: 'approvedRejected',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [
      { category: 'skp', path: ['submitted', 'verified', 'approved'], at: [rel(-19), v(i), after(v(i), 1)] },
      { category: 'diklat', path: ['submitted', 'rejected'], at: [rel(-18), v(i + 3)] },
    ],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 2, completed: true, backlog: 0, toAct: false },
  },
  rejectedOnly: {
    name: 'rejectedOnly',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [{ category: 'keluarga', path: ['submitted', 'rejected'], at: [rel(-17), v(i + 1)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 0, toAct: true },
  },
  rejectedByApprover: {
    name: 'rejectedByApprover',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [{ category: 'organisasi', path: ['submitted', 'verified', 'rejected'], at: [rel(-17), v(i + 2), after(v(i + 2), 2)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 0, toAct: true },
  },
  approvedSubmitted: {
    name: 'approvedSubmitted',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [
      { category: 'jabatan', path: ['submitted', 'verified', 'approved'], at: [rel(-16), v(i), after(v(i), 2)] },
      { category: 'penghargaan', path: ['submitted'], at: [rel(-9 - (i % 2), -1)] },
    ],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 2, completed: false, backlog: 1, toAct: false },
  },
  needsFix: {
    name: 'needsFix',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: (i) => [{ category: 'data_personal', path: ['submitted', 'needs_fix'], at: [rel(-17), v(i + 4)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 0, toAct: true },
  },
  bknValidated: {
    name: 'bknValidated',
    activatedAt: ACT,
    passwordChangedAt: null,
    subs: (i) => [{ category: 'pendidikan', path: ['submitted', 'verified', 'validated'], at: [rel(-17), v(i + 5), after(v(i + 5), 1)] }],
    expect: { counted: true, activated: true, passwordChanged: false, submissions: 1, completed: false, backlog: 0, toAct: false },
  },
  lateActivation: {
    name: 'lateActivation',
    activatedAt: rel(1),
    passwordChangedAt: rel(1, 1),
    subs: () => [],
    expect: { counted: true, activated: false, passwordChanged: false, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  futureSubmission: {
    name: 'futureSubmission',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: () => [{ category: 'skp', path: ['submitted', 'verified', 'approved'], at: [rel(0, 2), rel(0, 5), rel(1)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  inactive: {
    name: 'inactive',
    activatedAt: ACT,
    passwordChangedAt: PW,
    active: false,
    subs: (i) => [{ category: 'jabatan', path: ['submitted', 'verified', 'approved'], at: [rel(-17), v(i), after(v(i), 2)] }],
    expect: { counted: false, activated: false, passwordChanged: false, submissions: 0, completed: false, backlog: 0, toAct: false },
  },
  createdAfter: {
    name: 'createdAfter',
    activatedAt: rel(-30),
    passwordChangedAt: rel(-30),
    createdAt: rel(0, 3),
    subs: () => [{ category: 'jabatan', path: ['submitted'], at: [rel(-3)] }],
    expect: { counted: false, activated: false, passwordChanged: false, submissions: 0, completed: false, backlog: 0, toAct: false },
  },
  approvedAfterAsOf: {
    name: 'approvedAfterAsOf',
    activatedAt: ACT,
    passwordChangedAt: PW,
    // Current status approved, but approved only after asOf: as of asOf it was 'verified'.
    subs: (i) => [{ category: 'jabatan', path: ['submitted', 'verified', 'approved'], at: [rel(-17), v(i + 6), rel(0, 4)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 0, toAct: false },
  },
  verifiedAfterAsOf: {
    name: 'verifiedAfterAsOf',
    activatedAt: ACT,
    passwordChangedAt: PW,
    // Current status verified, verified only after asOf: as of asOf it waited for the verifier.
    subs: () => [{ category: 'skp', path: ['submitted', 'verified'], at: [rel(-6, -2), rel(0, 2)] }],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: false, backlog: 1, toAct: false },
  },
  notActivatedCompleted: {
    name: 'notActivatedCompleted',
    activatedAt: null,
    passwordChangedAt: null,
    // Brought their scans to the helpdesk: submitted for them, approved.
    subs: (i) => [{ category: 'data_personal', path: ['submitted', 'verified', 'approved'], at: [rel(-17), v(i + 7), after(v(i + 7), 2)] }],
    expect: { counted: true, activated: false, passwordChanged: false, submissions: 1, completed: true, backlog: 0, toAct: true },
  },
  oldCampaignOnly: {
    name: 'oldCampaignOnly',
    activatedAt: ACT,
    passwordChangedAt: PW,
    subs: () => [
      {
        category: 'pangkat',
        path: ['submitted', 'verified', 'validated', 'approved'],
        at: [
          new Date('2021-08-20T03:00:00Z'),
          new Date('2021-08-27T03:00:00Z'),
          new Date('2021-09-01T03:00:00Z'),
          new Date('2021-09-06T03:00:00Z'),
        ],
        campaign: 'old',
      },
    ],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 0, completed: false, backlog: 0, toAct: true },
  },
  noCampaignApproved: {
    name: 'noCampaignApproved',
    activatedAt: ACT,
    passwordChangedAt: PW,
    // Imported without campaign id, submitted inside the current campaign: counted.
    subs: (i) => [
      {
        category: 'cpns_pns',
        path: ['submitted', 'verified', 'approved'],
        at: [rel(-17, -1), v(i + 8), after(v(i + 8), 2)],
        campaign: 'none',
      },
    ],
    expect: { counted: true, activated: true, passwordChanged: true, submissions: 1, completed: true, backlog: 0, toAct: false },
  },
};

/** Employees per OPD by profile (order = creation order). */
const LAYOUT: Record<'A' | 'B' | 'C', Array<[keyof typeof PROFILES, number]>> = {
  // A: 17 of 21 completed = 81.0 % (green)
  A: [
    ['approved', 12],
    ['approvedRejected', 3],
    ['noCampaignApproved', 2],
    ['approvedSubmitted', 1],
    ['pending', 1],
    ['verifiedAfterAsOf', 1],
    ['approvedAfterAsOf', 1],
    ['inactive', 1],
    ['createdAfter', 1],
  ],
  // B: 12 of 22 completed = 54.5 % (amber)
  B: [
    ['approved', 9],
    ['approvedRejected', 1],
    ['notActivatedCompleted', 2],
    ['pending', 2],
    ['needsFix', 1],
    ['rejectedOnly', 1],
    ['rejectedByApprover', 1],
    ['activatedNoPw', 1],
    ['none', 1],
    ['lateActivation', 1],
    ['futureSubmission', 1],
    ['oldCampaignOnly', 1],
    ['inactive', 1],
  ],
  // C: 1 of 15 completed = 6.7 % (red)
  C: [
    ['approved', 1],
    ['pending', 1],
    ['approvedSubmitted', 1],
    ['needsFix', 1],
    ['bknValidated', 2],
    ['activatedOnly', 3],
    ['activatedNoPw', 1],
    ['none', 3],
    ['lateActivation', 1],
    ['verifiedAfterAsOf', 1],
  ],
};

export interface FixtureEmployee {
  id: number;
  nip: string;
  opdKey: 'A' | 'B' | 'C';
  profile: string;
  expect: ProfileExpect;
}

export interface ReportFixture {
  asOf: Date;
  campaign: { id: number; name: string };
  oldCampaign: { id: number; name: string };
  opds: Record<'A' | 'B' | 'C' | 'X', { id: number; code: string; name: string }>;
  employees: FixtureEmployee[];
  /** Hand-declared expectations summed per OPD from the profile table. */
  expected: Record<
    'A' | 'B' | 'C',
    { total: number; activated: number; passwordChanged: number; withSubmission: number; completed: number; backlog: number; toAct: number }
  >;
}

const TYPES = ['PNS', 'PNS', 'CPNS', 'PNS', 'PPPK'] as const;

export async function buildReportFixture(models: Models): Promise<ReportFixture> {
  const created = rel(-60);
  const oldCampaign = await models.Campaign.create({
    name: 'PDM ASN 2021',
    year: 2021,
    ...PDM_2021_DATES,
    active: false,
  });
  const campaign = await models.Campaign.create({
    name: 'PDM ASN 2026',
    year: 2026,
    helpdeskStart: '2026-10-20',
    selfUpdateStart: '2026-10-25',
    selfUpdateEnd: '2026-11-30',
    verificationStart: '2026-10-26',
    verificationEnd: '2026-12-05',
    approvalStart: '2026-10-27',
    approvalEnd: '2026-12-14',
    active: true,
  });
  // A campaign that starts after asOf: never chosen for this asOf.
  await models.Campaign.create({
    name: 'PDM ASN 2027',
    year: 2027,
    helpdeskStart: '2027-08-10',
    selfUpdateStart: '2027-08-15',
    selfUpdateEnd: '2027-08-25',
    verificationStart: '2027-08-26',
    verificationEnd: '2027-09-04',
    approvalStart: '2027-09-05',
    approvalEnd: '2027-09-14',
    active: false,
  });

  const mk = (code: string, name: string, kind: string, active = true) =>
    models.Opd.create({
      code,
      name,
      kind,
      address: null,
      headName: `Kepala ${name}`,
      headEmail: `kepala.${code.toLowerCase()}@pdm.example`,
      secretaryName: null,
      secretaryEmail: `sekretaris.${code.toLowerCase()}@pdm.example`,
      active,
      createdAt: created,
      updatedAt: created,
    });
  const A = await mk('DISDIK', 'Dinas Pendidikan dan Kebudayaan', 'dinas');
  const B = await mk('KEC-JATEN', 'Kecamatan Jaten', 'kecamatan');
  const C = await mk('BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'badan');
  const X = await mk('LAMA', 'Kantor Lama (dibubarkan)', 'kantor', false);
  const opdIds = { A: A.id, B: B.id, C: C.id };

  const employees: FixtureEmployee[] = [];
  let seqNo = 0;
  const expected = {} as ReportFixture['expected'];
  for (const key of ['A', 'B', 'C'] as const) {
    const exp = { total: 0, activated: 0, passwordChanged: 0, withSubmission: 0, completed: 0, backlog: 0, toAct: 0 };
    for (const [profileName, count] of LAYOUT[key]) {
      const p = PROFILES[profileName];
      for (let k = 0; k < count; k++) {
        const i = seqNo++;
        const type = TYPES[i % TYPES.length];
        const sex = i % 2 === 0 ? 'L' : 'P';
        const birth = `19${70 + (i % 25)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
        const nip = makeNip({ birthDate: birth, cpnsStart: type === 'PPPK' ? '202221' : '200503', sex, sequence: 1 + i });
        const emp = await models.Employee.create({
          nip,
          nik: null,
          name: `${['Ahmad', 'Siti', 'Budi', 'Dewi', 'Eko', 'Fitri', 'Agus', 'Rina'][i % 8]} ${profileName} ${key}${k + 1}`,
          employeeType: type,
          opdId: opdIds[key],
          unit: i % 7 === 0 ? null : `Bidang ${['Umum', 'Program', 'Pelayanan'][i % 3]}`,
          position: i % 5 === 0 ? null : ['Pengadministrasi Umum', 'Analis Kepegawaian', 'Guru Ahli Pertama', 'Penata Kelola'][i % 4],
          rankGrade: null,
          birthDate: null,
          sex,
          email: null,
          phone: null,
          mysapkActivatedAt: p.activatedAt,
          passwordChangedAt: p.passwordChangedAt,
          serviceBlockedAt: null,
          active: p.active ?? true,
          createdAt: p.createdAt ?? created,
          updatedAt: p.createdAt ?? created,
        });
        // Its placement history: one period from creation (an inactive profile: inactive throughout).
        await openPlacements(models, [emp]);
        for (const s of p.subs(i)) {
          for (let j = 1; j < s.at.length; j++) {
            if (s.at[j] < s.at[j - 1]) throw new Error(`fixture: ${profileName} steps out of order`);
          }
          const campaignId = s.campaign === 'old' ? oldCampaign.id : s.campaign === 'none' ? null : campaign.id;
          const status = s.path[s.path.length - 1];
          const last = s.at[s.at.length - 1];
          const sub = await models.Submission.create(
            {
              employeeId: emp.id,
              opdId: opdIds[key],
              campaignId,
              category: s.category,
              proposedValues: { catatan: `usul ${s.category}` },
              status,
              submittedAt: s.at[0],
              verifiedAt: s.path.includes('verified') ? s.at[s.path.indexOf('verified')] : null,
              validatedAt: s.path.includes('validated') ? s.at[s.path.indexOf('validated')] : null,
              decidedAt: status === 'approved' || status === 'rejected' ? last : null,
              lastNote: null,
              source: 'panel',
              createdAt: s.at[0],
              updatedAt: last,
            },
            { silent: true },
          ); // keep updatedAt = the last transition (the as-of shortcut relies on it)
          await models.SubmissionEvent.create({
            submissionId: sub.id,
            opdId: opdIds[key],
            fromStatus: null,
            toStatus: 'submitted',
            actorUserId: null,
            actorRole: 'system',
            note: null,
            overrideReason: null,
            createdAt: s.at[0],
          });
          for (let j = 1; j < s.path.length; j++) {
            const from = s.path[j - 1];
            const to = s.path[j];
            await models.SubmissionEvent.create({
              submissionId: sub.id,
              opdId: opdIds[key],
              fromStatus: from,
              toStatus: to,
              actorUserId: null,
              actorRole: from === 'submitted' ? 'verifier' : to === 'validated' || from === 'validated' ? 'bkn_validator' : 'approver',
              note: to === 'rejected' || to === 'needs_fix' ? `Dokumen tidak sesuai (${key}${k + 1})` : null,
              overrideReason: null,
              createdAt: s.at[j],
            });
          }
        }
        employees.push({ id: emp.id, nip, opdKey: key, profile: profileName, expect: p.expect });
        if (p.expect.counted) {
          exp.total++;
          if (p.expect.activated) exp.activated++;
          if (p.expect.passwordChanged) exp.passwordChanged++;
          if (p.expect.submissions > 0) exp.withSubmission++;
          if (p.expect.completed) exp.completed++;
          exp.backlog += p.expect.backlog;
          if (p.expect.toAct) exp.toAct++;
        }
      }
    }
    expected[key] = exp;
  }

  // Verifier actions exactly on the WIB day boundaries of the 14-day window (13..26 Nov WIB):
  // 12 Nov 23:59:59 WIB is outside, 13 Nov 00:00 WIB inside, the last instant of 25 Nov and the
  // first of 26 Nov fall on different days, asOf itself is inside, 1 ms after asOf outside.
  const extra = [
    new Date('2026-11-12T16:59:59.000Z'), // 12 Nov 23:59:59 WIB
    new Date('2026-11-12T17:00:00.000Z'), // 13 Nov 00:00:00 WIB
    new Date('2026-11-25T16:59:59.000Z'), // 25 Nov 23:59:59 WIB
    new Date('2026-11-25T17:00:00.000Z'), // 26 Nov 00:00 WIB (asOf's day)
    new Date('2026-11-26T00:00:00.000Z'), // exactly asOf: included
    new Date('2026-11-26T00:00:01.000Z'), // after asOf: excluded (whole seconds: MySQL DATETIME keeps no milliseconds)
  ];
  const host = employees.find((e) => e.opdKey === 'C' && e.profile === 'activatedOnly');
  if (!host) throw new Error('fixture: no host employee');
  for (const [n, at] of extra.entries()) {
    const sub = await models.Submission.create(
      {
        employeeId: host.id,
        opdId: C.id,
        // Old campaign: the submission itself is never counted, only its verifier action.
        campaignId: oldCampaign.id,
        category: 'riwayat_lain',
        proposedValues: null,
        status: n % 2 === 0 ? 'needs_fix' : 'rejected',
        submittedAt: new Date(at.getTime() - HOUR),
        verifiedAt: null,
        validatedAt: null,
        decidedAt: null,
        lastNote: null,
        source: 'import',
        createdAt: at,
        updatedAt: at,
      },
      { silent: true },
    );
    await models.SubmissionEvent.create({
      submissionId: sub.id,
      opdId: C.id,
      fromStatus: 'submitted',
      toStatus: n % 2 === 0 ? 'needs_fix' : 'rejected',
      actorUserId: null,
      actorRole: 'verifier',
      note: 'batas hari',
      overrideReason: null,
      createdAt: at,
    });
  }

  return {
    asOf: FIXTURE_AS_OF,
    campaign: { id: campaign.id, name: campaign.name },
    oldCampaign: { id: oldCampaign.id, name: oldCampaign.name },
    opds: {
      A: { id: A.id, code: A.code, name: A.name },
      B: { id: B.id, code: B.code, name: B.name },
      C: { id: C.id, code: C.code, name: C.name },
      X: { id: X.id, code: X.code, name: X.name },
    },
    employees,
    expected,
  };
}
