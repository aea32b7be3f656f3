import bcrypt from 'bcryptjs';
import type { Models } from '../../src/db/models/index.js';
import { makeNip } from '../../src/domain/employees/nip-nik.js';
import { openPlacements } from '../../src/domain/employees/employee-placement.js';
import type { SubmissionStatus } from '../../src/domain/shared/constants.js';
import { TEST_PASSWORD } from './app.js';

/**
 * A fixed fixture for ageing, escalation and the forecast (issue 13). Every expectation is
 * hand-computed in the comments below, independent of the code under test.
 *
 * asOf = Mon 14 Dec 2026 09.00 WIB (02:00 UTC). The campaign's holidays: Thu 10 Dec (a test
 * holiday) and Fri 25 Dec. Working days back from 14 Dec: W1 Mon 14, W2 Fri 11, W3 Wed 9 (10 is
 * off), W4 Tue 8, W5 Mon 7, W6 Fri 4, W7 Thu 3, W8 Wed 2.
 * Age of an item = working days after its entry day up to 14 Dec.
 * Targets (config/service-levels.json): verification 3, BKN 5, approval 3, helpdesk 2; at risk =
 * age equal to the target (atRiskDays 1); second threshold: age > target + 2.
 *
 * OPD A (DINKES), verification queue (status submitted, category data_personal):
 *   v1 entered Mon 14 08.00      → age 0 → sesuai target
 *   v2 first in Tue 1, returned Wed 2, resubmitted Wed 9 → from Wed 9: 11, 14 → age 2 → sesuai target
 *   v3 entered Tue 8             → 9, 11, 14 → age 3 → berisiko   (without the holiday: 4, terlambat)
 *   v4 entered Mon 7             → 8, 9, 11, 14 → age 4 → terlambat
 *   v5 entered Thu 3             → 4, 7, 8, 9, 11, 14 → age 6 → terlambat, past the second threshold (> 5)
 *   v6 entered Fri 4             → 7, 8, 9, 11, 14 → age 5 → terlambat, not past it (without the holiday: 6)
 *   → total 6: on track 2, at risk 1, overdue 3, past second 1, oldest 6.
 *   helpdesk: t1 open since Wed 9 → age 2 = target → berisiko; t2 resolved → not counted.
 * OPD B (KEC-JATEN):
 *   b1 verification, entered Wed 2 → age 7 → terlambat, past second.
 *   b2 BKN validation (pendidikan, verified Fri 4) → age 5 = target 5 → berisiko.
 *   b3 approval (data_personal verified Tue 8) → age 3 = target 3 → berisiko.
 *   b4 approval (pendidikan validated Thu 3) → age 6 > 3 → terlambat.
 *
 * Forecast (employees, the completion rule): OPD A has 15 ASN: v1–v6 (not completed), 7 completed
 * (approved) — 2 before the window, 4 inside it (Fri 4 10.00, Mon 7, Thu 10 (holiday), Fri 11),
 * 1 today at 08.00 — and 2 without a submission. OPD B has 4 ASN (b1–b4), none completed.
 */

export const AS_OF = new Date('2026-12-14T02:00:00.000Z');
/** A WIB wall-clock time on a December 2026 day. */
export const wib = (day: number, hour = 10, month = 12): Date => new Date(Date.UTC(2026, month - 1, day, hour - 7));

export interface AgeingFixture {
  opdA: { id: number };
  opdB: { id: number };
  campaignId: number;
  subs: Record<string, number>;
}

export async function buildAgeingFixture(models: Models): Promise<AgeingFixture> {
  const created = new Date('2026-10-01T00:00:00.000Z');
  const campaign = await models.Campaign.create({
    name: 'PDM ASN 2026',
    year: 2026,
    helpdeskStart: '2026-11-01',
    selfUpdateStart: '2026-11-02',
    selfUpdateEnd: '2026-11-30',
    verificationStart: '2026-12-01',
    verificationEnd: '2026-12-15',
    approvalStart: '2026-12-16',
    approvalEnd: '2026-12-23',
    active: true,
    notes: null,
    holidays: '2026-12-10 Libur uji\n2026-12-25 Hari Raya Natal',
  });
  const mkOpd = (code: string, name: string, kind: string) =>
    models.Opd.create({
      code,
      name,
      kind,
      address: null,
      headName: `Kepala ${name}`,
      headEmail: `kepala.${code.toLowerCase()}@pdm.example`,
      secretaryName: null,
      secretaryEmail: `sekretaris.${code.toLowerCase()}@pdm.example`,
    });
  const opdA = await mkOpd('DINKES', 'Dinas Kesehatan', 'dinas');
  const opdB = await mkOpd('KEC-JATEN', 'Kecamatan Jaten', 'kecamatan');

  let seq = 0;
  const employee = async (opdId: number) => {
    const i = seq++;
    const e = await models.Employee.create(
      {
        nip: makeNip({
          birthDate: `1980${String(1 + (i % 12)).padStart(2, '0')}15`,
          cpnsStart: '200503',
          sex: i % 2 ? 'P' : 'L',
          sequence: 1 + i,
        }),
        nik: null,
        name: `Pegawai Uji ${i + 1}`,
        employeeType: 'PNS',
        opdId,
        unit: null,
        position: null,
        rankGrade: null,
        birthDate: null,
        sex: i % 2 ? 'P' : 'L',
        email: null,
        phone: null,
        mysapkActivatedAt: created,
        passwordChangedAt: null,
        serviceBlockedAt: null,
        createdAt: created,
        updatedAt: created,
      },
      { silent: true },
    );
    await openPlacements(models, [e]);
    return e;
  };

  /** A submission with its history: [status, time] steps, the first being the submission. */
  const submission = async (opdId: number, category: string, steps: Array<[SubmissionStatus, Date]>) => {
    const emp = await employee(opdId);
    const [last, lastAt] = steps[steps.length - 1];
    const sub = await models.Submission.create(
      {
        employeeId: emp.id,
        opdId,
        campaignId: campaign.id,
        category,
        proposedValues: { catatan: 'uji' },
        status: last,
        submittedAt: steps[0][1],
        verifiedAt: null,
        validatedAt: null,
        decidedAt: last === 'approved' ? lastAt : null,
        lastNote: null,
        createdAt: steps[0][1],
        updatedAt: lastAt,
      },
      { silent: true },
    );
    let from: SubmissionStatus | null = null;
    for (const [to, at] of steps) {
      await models.SubmissionEvent.create({
        submissionId: sub.id,
        opdId,
        fromStatus: from,
        toStatus: to,
        actorUserId: null,
        actorRole: 'system',
        note: to === 'needs_fix' ? 'Dokumen kurang' : null,
        overrideReason: null,
        createdAt: at,
      });
      from = to;
    }
    return sub.id;
  };
  const approved = (opdId: number, at: Date) =>
    submission(opdId, 'data_personal', [
      ['submitted', wib(20, 10, 11)],
      ['verified', wib(25, 10, 11)],
      ['approved', at],
    ]);

  const A = opdA.id;
  const B = opdB.id;
  const subs: Record<string, number> = {
    v1: await submission(A, 'data_personal', [['submitted', wib(14, 8)]]),
    v2: await submission(A, 'data_personal', [
      ['submitted', wib(1)],
      ['needs_fix', wib(2)],
      ['submitted', wib(9)],
    ]),
    v3: await submission(A, 'data_personal', [['submitted', wib(8)]]),
    v4: await submission(A, 'data_personal', [['submitted', wib(7)]]),
    v5: await submission(A, 'data_personal', [['submitted', wib(3)]]),
    v6: await submission(A, 'data_personal', [['submitted', wib(4)]]),
    b1: await submission(B, 'data_personal', [['submitted', wib(2)]]),
    b2: await submission(B, 'pendidikan', [
      ['submitted', wib(1)],
      ['verified', wib(4)],
    ]),
    b3: await submission(B, 'data_personal', [
      ['submitted', wib(1)],
      ['verified', wib(8)],
    ]),
    b4: await submission(B, 'pendidikan', [
      ['submitted', wib(1)],
      ['verified', wib(2)],
      ['validated', wib(3)],
    ]),
  };
  // Completed employees of OPD A: 2 before the window, 4 inside it, 1 today.
  for (const at of [wib(1), wib(3), wib(4), wib(7), wib(10), wib(11), wib(14, 8)]) await approved(A, at);
  // Two ASN of OPD A without any submission.
  await employee(A);
  await employee(A);

  const ticket = (opdId: number, at: Date, resolvedAt: Date | null) =>
    models.HelpdeskTicket.create(
      {
        employeeId: null,
        opdId,
        nip: null,
        reporterName: 'Pelapor',
        reporterPhone: null,
        kind: 'other',
        description: 'Tidak bisa masuk MySAPK',
        status: resolvedAt ? 'resolved' : 'open',
        handlerUserId: null,
        resolution: resolvedAt ? 'Selesai' : null,
        resolvedAt,
        createdAt: at,
        updatedAt: resolvedAt ?? at,
      },
      { silent: true },
    );
  await ticket(A, wib(9), null);
  await ticket(A, wib(2), wib(3));

  const hash = await bcrypt.hash(TEST_PASSWORD, 4);
  const user = (email: string, role: 'secretary' | 'opd_head' | 'approver' | 'admin', opdId: number | null) =>
    models.User.create({ email, name: email.split('@')[0], passwordHash: hash, role, opdId, lastLoginAt: null, passwordChangedAt: null });
  await user('sekretaris.a@uji.example', 'secretary', A);
  await user('kepala.a@uji.example', 'opd_head', A);
  await user('approver@uji.example', 'approver', null);
  await user('admin@uji.example', 'admin', null);
  return { opdA: { id: A }, opdB: { id: B }, campaignId: campaign.id, subs };
}
