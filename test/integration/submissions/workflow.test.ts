import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createWorld, DAY, type ActorName, type World } from './world.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../src/domain/shared/errors.js';
import { PhaseClosedError } from '../../../src/domain/campaign/phases.js';
import type { SubmissionStatus } from '../../../src/domain/shared/constants.js';
import type { WorkflowAction } from '../../../src/domain/submissions/rules.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const auditRows = (recordId: number, extra: Record<string, unknown> = {}) =>
  w.db.models.AuditLog.findAll({ where: { resource: 'submissions', recordId: String(recordId), ...extra }, order: [['id', 'ASC']] });
const events = (submissionId: number) => w.db.models.SubmissionEvent.findAll({ where: { submissionId }, order: [['id', 'ASC']] });

interface Allowed {
  who: ActorName;
  category: string;
  from: SubmissionStatus;
  action: WorkflowAction;
  to: SubmissionStatus;
  day: Date;
  note?: string;
  stamp?: 'verifiedAt' | 'validatedAt' | 'decidedAt';
}

const ALLOWED: Allowed[] = [
  {
    who: 'verifierA',
    category: 'data_personal',
    from: 'submitted',
    action: 'verify',
    to: 'verified',
    day: DAY.verification,
    stamp: 'verifiedAt',
  },
  {
    who: 'verifierA',
    category: 'pendidikan',
    from: 'submitted',
    action: 'verify',
    to: 'verified',
    day: DAY.verification,
    stamp: 'verifiedAt',
  },
  {
    who: 'verifierA',
    category: 'data_personal',
    from: 'submitted',
    action: 'returnForFix',
    to: 'needs_fix',
    day: DAY.verification,
    note: 'KTP buram, pindai ulang',
  },
  {
    who: 'verifierA',
    category: 'data_personal',
    from: 'submitted',
    action: 'reject',
    to: 'rejected',
    day: DAY.verification,
    note: 'Bukan dokumen pegawai ini',
    stamp: 'decidedAt',
  },
  {
    who: 'bkn',
    category: 'pendidikan',
    from: 'verified',
    action: 'validate',
    to: 'validated',
    day: DAY.verification,
    stamp: 'validatedAt',
  },
  { who: 'bkn', category: 'pangkat', from: 'verified', action: 'validate', to: 'validated', day: DAY.approval, stamp: 'validatedAt' },
  {
    who: 'bkn',
    category: 'pendidikan',
    from: 'verified',
    action: 'returnForFix',
    to: 'needs_fix',
    day: DAY.approval,
    note: 'Ijazah belum dilegalisir',
  },
  {
    who: 'bkn',
    category: 'pmk',
    from: 'verified',
    action: 'reject',
    to: 'rejected',
    day: DAY.verification,
    note: 'SK PMK tidak sah',
    stamp: 'decidedAt',
  },
  {
    who: 'approver',
    category: 'data_personal',
    from: 'verified',
    action: 'approve',
    to: 'approved',
    day: DAY.approval,
    stamp: 'decidedAt',
  },
  { who: 'approver', category: 'jabatan', from: 'verified', action: 'approve', to: 'approved', day: DAY.verification, stamp: 'decidedAt' },
  { who: 'approver', category: 'pendidikan', from: 'validated', action: 'approve', to: 'approved', day: DAY.approval, stamp: 'decidedAt' },
  {
    who: 'approver',
    category: 'data_personal',
    from: 'verified',
    action: 'reject',
    to: 'rejected',
    day: DAY.approval,
    note: 'Data tidak sesuai',
    stamp: 'decidedAt',
  },
  {
    who: 'approver',
    category: 'cltn',
    from: 'validated',
    action: 'reject',
    to: 'rejected',
    day: DAY.approval,
    note: 'CLTN sudah berakhir',
    stamp: 'decidedAt',
  },
  { who: 'admin', category: 'skp', from: 'verified', action: 'approve', to: 'approved', day: DAY.approval, stamp: 'decidedAt' },
  {
    who: 'admin',
    category: 'pangkat',
    from: 'validated',
    action: 'reject',
    to: 'rejected',
    day: DAY.approval,
    note: 'SK tidak terbaca',
    stamp: 'decidedAt',
  },
  { who: 'helpdesk', category: 'data_personal', from: 'needs_fix', action: 'resubmit', to: 'submitted', day: DAY.selfUpdate },
  { who: 'admin', category: 'keluarga', from: 'needs_fix', action: 'resubmit', to: 'submitted', day: DAY.verification },
  { who: 'verifierA', category: 'diklat', from: 'needs_fix', action: 'resubmit', to: 'submitted', day: DAY.verification },
];

describe('allowed transitions (role, from → to)', () => {
  it.each(ALLOWED)('$who: $category $from --$action--> $to', async (c) => {
    w.clock.now = c.day;
    const sub = await w.submission({ category: c.category, status: c.from });
    const actor = w.actors[c.who];
    const r = await w.workflow.transition(actor, sub.id, c.action, { note: c.note });
    expect(r).toMatchObject({ id: sub.id, from: c.from, to: c.to, version: 1, overridden: false });

    const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
    expect(fresh.status).toBe(c.to);
    expect(fresh.version).toBe(1);
    expect(fresh.lastNote).toBe(c.note ?? null);
    if (c.stamp) expect(fresh[c.stamp]!.getTime()).toBe(c.day.getTime());

    const ev = await events(sub.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      fromStatus: c.from,
      toStatus: c.to,
      actorUserId: actor.id,
      actorRole: actor.role,
      note: c.note ?? null,
      overrideReason: null,
      opdId: sub.opdId,
    });
    expect(ev[0].createdAt.getTime()).toBe(c.day.getTime());
    expect(r.eventId).toBe(ev[0].id);

    const audit = await auditRows(sub.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: actor.id, role: actor.role, outcome: 'ok', opdId: sub.opdId, ip: '10.0.0.1' });
    expect(audit[0].action).toBe({ returnForFix: 'return_for_fix' }[c.action as string] ?? c.action);
    expect(audit[0].beforeData).toEqual({ status: c.from, version: 0 });
    expect(audit[0].afterData).toMatchObject({ status: c.to, version: 1 });
  });
});

interface Forbidden {
  name: string;
  who: ActorName;
  category?: string;
  from: SubmissionStatus;
  action: WorkflowAction;
  day?: Date;
  note?: string;
  docs?: string[];
  opd?: 'B';
  error: new (...a: never[]) => Error;
  message: string | RegExp;
  denied: boolean;
  override?: string;
}

const FORBIDDEN: Forbidden[] = [
  {
    name: 'secretary cannot verify',
    who: 'secretaryA',
    from: 'submitted',
    action: 'verify',
    error: ForbiddenError,
    message: 'Peran Sekretaris OPD tidak berwenang memverifikasi usul',
    denied: true,
  },
  {
    name: 'OPD head cannot return',
    who: 'headA',
    from: 'submitted',
    action: 'returnForFix',
    note: 'perbaiki dokumen',
    error: ForbiddenError,
    message: 'Peran Kepala OPD / Camat tidak berwenang mengembalikan (BTS) usul',
    denied: true,
  },
  {
    name: 'regent cannot reject',
    who: 'regent',
    from: 'verified',
    action: 'reject',
    note: 'tidak memenuhi',
    error: ForbiddenError,
    message: 'Peran Bupati tidak berwenang menolak (TMS) usul',
    denied: true,
  },
  {
    name: 'helpdesk cannot approve',
    who: 'helpdesk',
    from: 'verified',
    action: 'approve',
    day: DAY.approval,
    error: ForbiddenError,
    message: 'Peran Helpdesk BKPSDM tidak berwenang menyetujui usul',
    denied: true,
  },
  {
    name: 'verifier cannot approve',
    who: 'verifierA',
    from: 'verified',
    action: 'approve',
    day: DAY.approval,
    error: ForbiddenError,
    message: 'Peran Verifikator OPD tidak berwenang menyetujui usul',
    denied: true,
  },
  {
    name: 'verifier of another OPD cannot verify',
    who: 'verifierB',
    from: 'submitted',
    action: 'verify',
    error: ForbiddenError,
    message: 'Anda hanya dapat memverifikasi usul pegawai OPD Anda',
    denied: true,
  },
  {
    name: 'verifier of another OPD cannot reject',
    who: 'verifierA',
    opd: 'B',
    from: 'submitted',
    action: 'reject',
    note: 'bukan OPD saya',
    error: ForbiddenError,
    message: 'Anda hanya dapat menolak (TMS) usul pegawai OPD Anda',
    denied: true,
  },
  {
    name: 'admin does not verify for the OPD',
    who: 'admin',
    from: 'submitted',
    action: 'verify',
    error: ForbiddenError,
    message: "Peran Administrator BKPSDM tidak berwenang memverifikasi usul kategori 'Data Personal'",
    denied: true,
  },
  {
    name: 'validate on a non-BKN category',
    who: 'bkn',
    category: 'data_personal',
    from: 'verified',
    action: 'validate',
    error: ForbiddenError,
    message: "Usul kategori 'Data Personal' tidak divalidasi oleh Kanreg BKN",
    denied: true,
  },
  {
    name: 'BKN validator cannot return a non-BKN category',
    who: 'bkn',
    category: 'jabatan',
    from: 'verified',
    action: 'returnForFix',
    note: 'perbaiki dokumen',
    error: ForbiddenError,
    message: "Usul kategori 'Riwayat Jabatan' tidak divalidasi oleh Kanreg BKN",
    denied: true,
  },
  {
    name: 'approve a BKN category that is only verified',
    who: 'approver',
    category: 'pendidikan',
    from: 'verified',
    action: 'approve',
    day: DAY.approval,
    error: ConflictError,
    message: "Usul kategori 'Riwayat Pendidikan' berstatus 'Terverifikasi OPD' harus divalidasi Kanreg BKN sebelum disetujui",
    denied: false,
  },
  {
    name: 'verify an approved submission',
    who: 'verifierA',
    from: 'approved',
    action: 'verify',
    error: ConflictError,
    message: "Usul berstatus 'Disetujui BKPSDM' tidak dapat diverifikasi",
    denied: false,
  },
  {
    name: 'approve twice',
    who: 'approver',
    from: 'approved',
    action: 'approve',
    day: DAY.approval,
    error: ConflictError,
    message: "Usul berstatus 'Disetujui BKPSDM' tidak dapat disetujui",
    denied: false,
  },
  {
    name: 'validate a submission not yet verified',
    who: 'bkn',
    category: 'pendidikan',
    from: 'submitted',
    action: 'validate',
    error: ConflictError,
    message: "Usul berstatus 'Input Berkas' tidak dapat divalidasi",
    denied: false,
  },
  {
    name: 'resubmit what is not returned',
    who: 'helpdesk',
    from: 'rejected',
    action: 'resubmit',
    day: DAY.selfUpdate,
    error: ConflictError,
    message: "Usul berstatus 'Tidak Memenuhi Syarat (TMS)' tidak dapat diajukan ulang",
    denied: false,
  },
  {
    name: 'return without a note',
    who: 'verifierA',
    from: 'submitted',
    action: 'returnForFix',
    error: ValidationError,
    message: 'Catatan wajib diisi minimal 5 karakter untuk pengembalian untuk perbaikan (BTS)',
    denied: false,
  },
  {
    name: 'reject with a 4-character note',
    who: 'verifierA',
    from: 'submitted',
    action: 'reject',
    note: ' abcd ',
    error: ValidationError,
    message: 'Catatan wajib diisi minimal 5 karakter untuk penolakan (TMS)',
    denied: false,
  },
  {
    name: 'approver reject without a note',
    who: 'approver',
    from: 'verified',
    action: 'reject',
    day: DAY.approval,
    error: ValidationError,
    message: /Catatan wajib diisi/,
    denied: false,
  },
  {
    name: 'verify without documents',
    who: 'verifierA',
    from: 'submitted',
    action: 'verify',
    docs: [],
    error: ValidationError,
    message: "Belum ada dokumen untuk kategori 'Data Personal' (unggah salah satu: KTP)",
    denied: false,
  },
  {
    name: 'verify with only a document of another category',
    who: 'verifierA',
    from: 'submitted',
    action: 'verify',
    docs: ['ijazah'],
    error: ValidationError,
    message: /Belum ada dokumen untuk kategori 'Data Personal'/,
    denied: false,
  },
  {
    name: 'verify education without the required ijazah',
    who: 'verifierA',
    category: 'pendidikan',
    from: 'submitted',
    action: 'verify',
    docs: ['transkrip'],
    error: ValidationError,
    message: "Dokumen wajib belum lengkap untuk kategori 'Riwayat Pendidikan': Ijazah",
    denied: false,
  },
  {
    name: 'verify family data without the family card',
    who: 'verifierA',
    category: 'keluarga',
    from: 'submitted',
    action: 'verify',
    docs: ['buku_nikah'],
    error: ValidationError,
    message: "Dokumen wajib belum lengkap untuk kategori 'Data Keluarga': Kartu Keluarga",
    denied: false,
  },
  {
    name: 'verify after the verification phase',
    who: 'verifierA',
    from: 'submitted',
    action: 'verify',
    day: DAY.afterDeadline,
    error: PhaseClosedError,
    message:
      'Verifikasi usul oleh verifikator OPD hanya dapat dilakukan pada tahap verifikasi (PDM 2021). Tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021; hari ini 20 September 2021.',
    denied: true,
  },
  {
    name: 'verify during self-update',
    who: 'verifierA',
    from: 'submitted',
    action: 'verify',
    day: DAY.selfUpdate,
    error: PhaseClosedError,
    message: /hari ini 20 Agustus 2021\.$/,
    denied: true,
  },
  {
    name: 'approve during self-update',
    who: 'approver',
    from: 'verified',
    action: 'approve',
    day: DAY.selfUpdate,
    error: PhaseClosedError,
    message:
      'Persetujuan usul oleh BKPSDM hanya dapat dilakukan pada tahap verifikasi atau persetujuan (PDM 2021). Tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021, tahap persetujuan berlangsung 5 September 2021 – 14 September 2021; hari ini 20 Agustus 2021.',
    denied: true,
  },
  {
    name: 'resubmit during approval',
    who: 'helpdesk',
    from: 'needs_fix',
    action: 'resubmit',
    day: DAY.approval,
    error: PhaseClosedError,
    message: /Pengajuan ulang usul hanya dapat dilakukan pada tahap pemutakhiran mandiri atau verifikasi/,
    denied: true,
  },
  {
    name: 'non-admin override',
    who: 'approver',
    from: 'verified',
    action: 'approve',
    day: DAY.afterDeadline,
    override: 'terlambat karena gangguan',
    error: ForbiddenError,
    message: /^Hanya administrator yang dapat mengesampingkan jadwal tahap/,
    denied: true,
  },
  {
    name: 'admin override without a reason',
    who: 'admin',
    from: 'verified',
    action: 'approve',
    day: DAY.afterDeadline,
    override: '   ',
    error: ValidationError,
    message: 'Alasan wajib diisi untuk mengesampingkan jadwal tahap',
    denied: false,
  },
];

describe('refused transitions', () => {
  it.each(FORBIDDEN)('$name', async (c) => {
    w.clock.now = c.day ?? DAY.verification;
    const sub = await w.submission({ category: c.category, status: c.from, docs: c.docs, opd: c.opd === 'B' ? w.opdB : w.opdA });
    const actor = w.actors[c.who];
    const call = w.workflow.transition(actor, sub.id, c.action, {
      note: c.note,
      override: c.override !== undefined ? { reason: c.override } : undefined,
    });
    await expect(call).rejects.toBeInstanceOf(c.error);
    await expect(
      w.workflow.transition(actor, sub.id, c.action, {
        note: c.note,
        override: c.override !== undefined ? { reason: c.override } : undefined,
      }),
    ).rejects.toThrow(c.message);

    // Nothing changed.
    const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
    expect(fresh.status).toBe(c.from);
    expect(fresh.version).toBe(0);
    expect(await events(sub.id)).toHaveLength(0);
    expect(await w.db.models.AuditLog.count({ where: { action: 'phase_override', recordId: String(sub.id) } })).toBe(0);
    // Refusals about the actor or the calendar are audited (once per attempt), nothing else is.
    const rows = await auditRows(sub.id);
    if (c.denied) {
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r).toMatchObject({ outcome: 'denied', userId: actor.id, role: actor.role, opdId: sub.opdId });
        expect(r.message).toMatch(c.message);
      }
    } else {
      expect(rows).toHaveLength(0);
    }
  });

  it('refuses an unknown action and a missing submission', async () => {
    const sub = await w.submission({});
    await expect(w.workflow.transition(w.actors.verifierA, sub.id, 'delete' as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(w.workflow.transition(w.actors.verifierA, 999999, 'verify')).rejects.toThrow('Usul #999999 tidak ditemukan');
  });

  it('refuses a stale page (expectedVersion) with the concurrency message', async () => {
    w.clock.now = DAY.verification;
    const sub = await w.submission({});
    await expect(w.workflow.transition(w.actors.verifierA, sub.id, 'verify', { expectedVersion: 3 })).rejects.toThrow(
      'Usul ini baru saja diproses oleh pengguna lain; muat ulang halaman',
    );
    const r = await w.workflow.transition(w.actors.verifierA, sub.id, 'verify', { expectedVersion: 0 });
    expect(r.version).toBe(1);
  });

  it('refuses a submission of an earlier, closed campaign (its own calendar applies)', async () => {
    const old = await w.oldCampaign();
    w.clock.now = DAY.verification;
    const sub = await w.submission({ campaignId: old.id });
    await expect(w.workflow.transition(w.actors.verifierA, sub.id, 'verify')).rejects.toThrow(/\(PDM 2020\).*hari ini 30 Agustus 2021/);
  });
});

describe('a full route with history', () => {
  it('BKN category: submitted → returned → resubmitted → verified → validated → approved', async () => {
    const sub = await w.submission({ category: 'pendidikan' });
    w.clock.now = DAY.verification;
    await w.workflow.transition(w.actors.verifierA, sub.id, 'returnForFix', { note: 'Transkrip tidak lengkap' });
    await w.workflow.transition(w.actors.verifierA, sub.id, 'resubmit');
    await w.workflow.transition(w.actors.verifierA, sub.id, 'verify', { note: 'Lengkap' });
    await w.workflow.transition(w.actors.bkn, sub.id, 'validate');
    w.clock.now = DAY.approval;
    const last = await w.workflow.transition(w.actors.approver, sub.id, 'approve');
    expect(last.version).toBe(5);
    const ev = await w.workflow.history(w.actors.secretaryA, sub.id);
    expect(ev.map((e) => [e.fromStatus, e.toStatus, e.actorRole, e.note])).toEqual([
      ['submitted', 'needs_fix', 'verifier', 'Transkrip tidak lengkap'],
      ['needs_fix', 'submitted', 'verifier', null],
      ['submitted', 'verified', 'verifier', 'Lengkap'],
      ['verified', 'validated', 'bkn_validator', null],
      ['validated', 'approved', 'approver', null],
    ]);
    const fresh = (await w.db.models.Submission.findByPk(sub.id))!;
    expect(fresh.verifiedAt!.getTime()).toBe(DAY.verification.getTime());
    expect(fresh.validatedAt!.getTime()).toBe(DAY.verification.getTime());
    expect(fresh.decidedAt!.getTime()).toBe(DAY.approval.getTime());
    expect(fresh.lastNote).toBeNull();
    expect((await auditRows(sub.id)).map((a) => a.action)).toEqual(['return_for_fix', 'resubmit', 'verify', 'validate', 'approve']);
    // History is scoped like the record.
    await expect(w.workflow.history(w.actors.headB, sub.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('phase override by an admin', () => {
  it('approves after the deadline with a reason: audited and kept on the history row', async () => {
    w.clock.now = DAY.afterDeadline;
    const sub = await w.submission({ status: 'verified' });
    const r = await w.workflow.transition(w.actors.admin, sub.id, 'approve', {
      override: { reason: 'Berkas terlambat karena gangguan server SIASN' },
    });
    expect(r).toMatchObject({ to: 'approved', overridden: true });
    const [ev] = await events(sub.id);
    expect(ev.overrideReason).toBe('Berkas terlambat karena gangguan server SIASN');
    const rows = await auditRows(sub.id);
    expect(rows.map((a) => a.action)).toEqual(['phase_override', 'approve']);
    expect(rows[0].afterData).toMatchObject({
      action: 'approve',
      phase: 'after_deadline',
      reason: 'Berkas terlambat karena gangguan server SIASN',
      date: '2021-09-20',
    });
    expect(rows[0].userId).toBe(w.actors.admin.id);
  });

  it('ignores (and does not audit) an override when the phase is open', async () => {
    w.clock.now = DAY.approval;
    const sub = await w.submission({ status: 'verified' });
    const r = await w.workflow.transition(w.actors.admin, sub.id, 'approve', { override: { reason: 'tidak perlu' } });
    expect(r.overridden).toBe(false);
    expect((await auditRows(sub.id)).map((a) => a.action)).toEqual(['approve']);
    expect((await events(sub.id))[0].overrideReason).toBeNull();
  });

  it('an override does not lift the role rules', async () => {
    w.clock.now = DAY.afterDeadline;
    const sub = await w.submission({ status: 'submitted' });
    await expect(w.workflow.transition(w.actors.admin, sub.id, 'verify', { override: { reason: 'coba' } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('bulkTransition', () => {
  it('processes each id on its own and reports per id', async () => {
    w.clock.now = DAY.verification;
    const ok1 = await w.submission({});
    const other = await w.submission({ opd: w.opdB });
    const noDocs = await w.submission({ docs: [] });
    const ok2 = await w.submission({});
    const res = await w.workflow.bulkTransition(w.actors.verifierA, [ok1.id, other.id, noDocs.id, ok2.id, ok1.id, 987654], 'verify', {});
    expect(res).toEqual([
      { id: ok1.id, ok: true, status: 'verified' },
      { id: other.id, ok: false, error: 'Anda hanya dapat memverifikasi usul pegawai OPD Anda', code: 'ForbiddenError' },
      { id: noDocs.id, ok: false, error: expect.stringContaining('Belum ada dokumen'), code: 'ValidationError' },
      { id: ok2.id, ok: true, status: 'verified' },
      { id: 987654, ok: false, error: 'Usul #987654 tidak ditemukan', code: 'NotFoundError' },
    ]);
    expect((await w.db.models.Submission.findByPk(ok2.id))!.status).toBe('verified');
  });
});

describe('inbox and allowedActions', () => {
  it('describes what waits for each role', async () => {
    const { Op } = await import('sequelize');
    // The verifier's queue is the shared definition (work-queue.ts), as SQL; its rows are checked below.
    const ver = w.workflow.inbox(w.actors.verifierA) as Record<string | symbol, unknown>;
    expect(ver.opdId).toBe(w.opdA.id);
    expect(JSON.stringify(ver[Op.and])).toContain("Submission.status = 'submitted'");
    const bkn = w.workflow.inbox(w.actors.bkn) as Record<string, unknown>;
    expect(bkn.status).toBe('verified');
    expect([...(bkn.category as string[])].sort()).toEqual(['cltn', 'pangkat', 'pendidikan', 'pindah_instansi', 'pmk']);
    const appr = w.workflow.inbox(w.actors.approver) as Record<symbol, unknown>;
    const or = appr[Op.or] as Array<Record<string, unknown>>;
    expect(or[0].status).toBe('verified');
    expect(or[0].category).toContain('data_personal');
    expect(or[0].category).not.toContain('pendidikan');
    expect(or[1]).toEqual({ status: 'validated' });
    expect(w.workflow.inbox(w.actors.admin)).toEqual(appr);
    for (const who of ['helpdesk', 'secretaryA', 'headA', 'regent'] as const) expect(w.workflow.inbox(w.actors[who])).toEqual({ id: null });
  });

  it('the inbox where clauses select the right rows', async () => {
    const { models } = w.db;
    await models.Submission.destroy({ where: {} });
    const a = await w.submission({ status: 'submitted' });
    await w.submission({ status: 'submitted', opd: w.opdB });
    const bknV = await w.submission({ category: 'pendidikan', status: 'verified' });
    const opdV = await w.submission({ category: 'jabatan', status: 'verified' });
    const val = await w.submission({ category: 'pmk', status: 'validated' });
    await w.submission({ status: 'approved' });
    // A deactivated employee's open submissions wait in no queue (and neither in the reports' backlog).
    const gone = await w.employee(w.opdA, { active: false });
    await w.submission({ employee: gone, status: 'submitted' });
    await w.submission({ employee: gone, category: 'pendidikan', status: 'verified' });
    await w.submission({ employee: gone, category: 'jabatan', status: 'verified' });
    const ids = async (who: ActorName) =>
      (await models.Submission.findAll({ where: w.workflow.inbox(w.actors[who]) })).map((s) => s.id).sort((x, y) => x - y);
    expect(await ids('verifierA')).toEqual([a.id]);
    expect(await models.Submission.count({ where: w.workflow.inbox(w.actors.verifierA) })).toBe(1);
    expect(await ids('bkn')).toEqual([bknV.id]);
    expect(await ids('approver')).toEqual([opdV.id, val.id].sort((x, y) => x - y));
    expect(await ids('regent')).toEqual([]);
  });

  it('lists the buttons an actor may use, with and without the phase', () => {
    const s = (status: SubmissionStatus, category = 'data_personal', opdId = w.opdA.id) => ({ status, category, opdId });
    expect(w.workflow.allowedActions(w.actors.verifierA, s('submitted'))).toEqual(['verify', 'returnForFix', 'reject']);
    expect(w.workflow.allowedActions(w.actors.verifierB, s('submitted'))).toEqual([]);
    expect(w.workflow.allowedActions(w.actors.verifierA, s('needs_fix'))).toEqual(['resubmit']);
    expect(w.workflow.allowedActions(w.actors.bkn, s('verified', 'pendidikan'))).toEqual(['returnForFix', 'reject', 'validate']);
    expect(w.workflow.allowedActions(w.actors.bkn, s('verified'))).toEqual([]);
    expect(w.workflow.allowedActions(w.actors.approver, s('verified'))).toEqual(['reject', 'approve']);
    expect(w.workflow.allowedActions(w.actors.approver, s('verified', 'pendidikan'))).toEqual([]);
    expect(w.workflow.allowedActions(w.actors.admin, s('validated', 'pendidikan'))).toEqual(['reject', 'approve']);
    expect(w.workflow.allowedActions(w.actors.secretaryA, s('submitted'))).toEqual([]);
    expect(w.workflow.allowedActions(w.actors.approver, s('verified'), 'self_update')).toEqual([]);
    expect(w.workflow.allowedActions(w.actors.verifierA, s('submitted'), 'verification')).toEqual(['verify', 'returnForFix', 'reject']);
    expect(w.workflow.allowedActions(w.actors.verifierA, s('submitted'), null)).toEqual([]);
    const opts = w.workflow.actionOptions(w.actors.admin, s('verified'), 'after_deadline');
    expect(opts.map((o) => [o.action, o.allowed, o.needsOverride, o.needsNote])).toEqual([
      ['reject', false, true, true],
      ['approve', false, true, false],
    ]);
  });

  it('allowedActionsNow uses the phase of today', async () => {
    const sub = await w.submission({ status: 'verified' });
    w.clock.now = DAY.selfUpdate;
    expect(await w.workflow.allowedActionsNow(w.actors.approver, sub)).toEqual([]);
    w.clock.now = DAY.approval;
    expect(await w.workflow.allowedActionsNow(w.actors.approver, sub)).toEqual(['reject', 'approve']);
  });
});

describe('create', () => {
  it('creates a submitted submission with the OPD of the employee and the first history row', async () => {
    w.clock.now = DAY.selfUpdate;
    const emp = await w.employee(w.opdA);
    const sub = await w.workflow.create(w.actors.helpdesk, {
      employeeId: emp.id,
      category: 'jabatan',
      proposedValues: { jabatan: 'Guru Ahli Muda' },
      opdId: w.opdB.id,
    } as never);
    expect(sub).toMatchObject({
      employeeId: emp.id,
      opdId: w.opdA.id,
      status: 'submitted',
      campaignId: w.campaign.id,
      category: 'jabatan',
      version: 0,
      source: 'panel',
    });
    expect(sub.proposedValues).toEqual({ jabatan: 'Guru Ahli Muda' });
    expect(sub.submittedAt.getTime()).toBe(DAY.selfUpdate.getTime());
    const ev = await events(sub.id);
    expect(ev.map((e) => [e.fromStatus, e.toStatus, e.actorRole])).toEqual([[null, 'submitted', 'helpdesk']]);
    expect((await auditRows(sub.id)).map((a) => [a.action, a.outcome])).toEqual([['create', 'ok']]);
  });

  it('refuses a second open submission in the same category, another OPD for a verifier, unknown categories and closed phases', async () => {
    w.clock.now = DAY.selfUpdate;
    const emp = await w.employee(w.opdA);
    await w.workflow.create(w.actors.verifierA, { employeeId: emp.id, category: 'skp', proposedValues: null });
    await expect(w.workflow.create(w.actors.verifierA, { employeeId: emp.id, category: 'skp' })).rejects.toThrow(
      /masih memiliki usul kategori 'Riwayat SKP' yang sedang diproses/,
    );
    await expect(w.workflow.create(w.actors.verifierB, { employeeId: emp.id, category: 'jabatan' })).rejects.toThrow(
      'Anda hanya dapat membuat usul pegawai OPD Anda',
    );
    expect(await w.db.models.AuditLog.count({ where: { action: 'create', outcome: 'denied', userId: w.actors.verifierB.id } })).toBe(1);
    await expect(w.workflow.create(w.actors.secretaryA, { employeeId: emp.id, category: 'jabatan' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(w.workflow.create(w.actors.helpdesk, { employeeId: emp.id, category: 'hobi' })).rejects.toThrow(
      "Kategori 'hobi' tidak dikenal",
    );
    await expect(w.workflow.create(w.actors.helpdesk, { employeeId: 999999, category: 'jabatan' })).rejects.toThrow(
      'Pegawai #999999 tidak ditemukan',
    );
    await expect(
      w.workflow.create(w.actors.helpdesk, { employeeId: emp.id, category: 'jabatan', proposedValues: [1, 2] as never }),
    ).rejects.toBeInstanceOf(ValidationError);
    w.clock.now = DAY.verification;
    await expect(w.workflow.create(w.actors.helpdesk, { employeeId: emp.id, category: 'jabatan' })).rejects.toThrow(
      'Pengajuan usul pemutakhiran hanya dapat dilakukan pada tahap pemutakhiran mandiri (PDM 2021). Tahap pemutakhiran mandiri berlangsung 15 Agustus 2021 – 25 Agustus 2021; hari ini 30 Agustus 2021.',
    );
    const made = await w.workflow.create(
      w.actors.admin,
      { employeeId: emp.id, category: 'jabatan' },
      { override: { reason: 'Berkas dibawa langsung ke BKPSDM' } },
    );
    expect((await events(made.id))[0].overrideReason).toBe('Berkas dibawa langsung ke BKPSDM');
    expect(
      await w.db.models.AuditLog.count({ where: { action: 'phase_override', userId: w.actors.admin.id, resource: 'submissions' } }),
    ).toBeGreaterThan(0);
  });
});
