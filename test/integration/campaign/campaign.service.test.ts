import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { CampaignService } from '../../../src/domain/campaign/campaign.service.js';
import { AuditService } from '../../../src/domain/audit/audit.service.js';
import { PhaseClosedError } from '../../../src/domain/campaign/phases.js';
import { ForbiddenError, ValidationError } from '../../../src/domain/shared/errors.js';
import { startOfJakartaDay } from '../../../src/domain/shared/time.js';
import type { Actor } from '../../../src/domain/shared/actor.js';

const day = (ymd: string) => new Date(startOfJakartaDay(ymd).getTime() + 10 * 3600_000);
const dates = (y: number) => ({
  helpdeskStart: `${y}-08-10`,
  selfUpdateStart: `${y}-08-15`,
  selfUpdateEnd: `${y}-08-25`,
  verificationStart: `${y}-08-26`,
  verificationEnd: `${y}-09-04`,
  approvalStart: `${y}-09-05`,
  approvalEnd: `${y}-09-14`,
});

let db: TestDb;
let svc: CampaignService;
let admin: Actor;
let approver: Actor;

beforeAll(async () => {
  db = await createTestDb();
  svc = new CampaignService(db.models, new AuditService(db.models));
  const a = await db.models.User.create({
    email: 'admin@pdm.test',
    name: 'Admin',
    passwordHash: 'x',
    role: 'admin',
    opdId: null,
    lastLoginAt: null,
    passwordChangedAt: null,
  });
  const p = await db.models.User.create({
    email: 'appr@pdm.test',
    name: 'Appr',
    passwordHash: 'x',
    role: 'approver',
    opdId: null,
    lastLoginAt: null,
    passwordChangedAt: null,
  });
  admin = { id: a.id, email: a.email, role: 'admin', opdId: null, ip: '10.1.1.1' };
  approver = { id: p.id, email: p.email, role: 'approver', opdId: null };
});
afterAll(async () => {
  await db.destroy();
});

describe('CampaignService', () => {
  it('has no active campaign at first: every action is refused unless an admin overrides (audited)', async () => {
    expect(await svc.activeCampaign()).toBeNull();
    await expect(svc.assertPhase('verify', day('2021-08-30'))).rejects.toThrow(
      'Verifikasi usul oleh verifikator OPD tidak dapat dilakukan: belum ada putaran PDM yang aktif.',
    );
    const d = await svc.assertPhase('verify', day('2021-08-30'), { actor: admin, reason: 'Uji coba sebelum putaran dibuat' });
    expect(d).toMatchObject({ campaign: null, phase: null, overridden: true, overrideReason: 'Uji coba sebelum putaran dibuat' });
    expect(await db.models.AuditLog.count({ where: { action: 'phase_override', userId: admin.id } })).toBe(1);
  });

  it('activeCampaign returns the latest active round', async () => {
    await db.models.Campaign.create({ name: 'PDM 2020', year: 2020, ...dates(2020), active: false, notes: null });
    const c21 = await db.models.Campaign.create({ name: 'PDM 2021', year: 2021, ...dates(2021), active: true, notes: null });
    expect((await svc.activeCampaign())!.id).toBe(c21.id);
    expect(svc.phaseOf(c21, day('2021-08-30'))).toBe('verification');
    expect(await svc.campaignFor({ campaignId: null })).toMatchObject({ id: c21.id });
  });

  it('assertPhase allows an action inside its phase (no audit)', async () => {
    const before = await db.models.AuditLog.count();
    const d = await svc.assertPhase('approve', day('2021-08-30'));
    expect(d).toMatchObject({ phase: 'verification', overridden: false, overrideReason: null });
    expect((await svc.assertPhase('helpdesk_ticket', day('2021-08-10'))).phase).toBe('helpdesk');
    expect((await svc.assertPhase('helpdesk_ticket', day('2021-09-14'))).phase).toBe('approval');
    expect(await db.models.AuditLog.count()).toBe(before);
  });

  it('refuses outside the phase with the dates in Indonesian', async () => {
    const p = svc.assertPhase('verify', day('2021-09-20'));
    await expect(p).rejects.toBeInstanceOf(PhaseClosedError);
    await expect(svc.assertPhase('verify', day('2021-09-20'))).rejects.toThrow(
      'Verifikasi usul oleh verifikator OPD hanya dapat dilakukan pada tahap verifikasi (PDM 2021). Tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021; hari ini 20 September 2021.',
    );
    const err = (await svc.assertPhase('helpdesk_ticket', day('2021-08-09')).catch((e) => e)) as PhaseClosedError;
    expect(err).toMatchObject({ phase: 'before', today: '2021-08-09', status: 422 });
    await expect(svc.assertPhase('submit', day('2021-08-26'))).rejects.toThrow(
      /Tahap pemutakhiran mandiri berlangsung 15 Agustus 2021 – 25 Agustus 2021; hari ini 26 Agustus 2021\.$/,
    );
  });

  it('admin override: needs a reason, only for admins, audited as phase_override', async () => {
    await db.models.AuditLog.destroy({ where: {} });
    await expect(svc.assertPhase('verify', day('2021-09-20'), { actor: approver, reason: 'mohon' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(svc.assertPhase('verify', day('2021-09-20'), { actor: admin, reason: '  ' })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.models.AuditLog.count({ where: { action: 'phase_override' } })).toBe(0);

    const d = await svc.assertPhase(
      'verify',
      day('2021-09-20'),
      { actor: admin, reason: 'Verifikator sakit, diperpanjang' },
      { resource: 'submissions', recordId: 42, opdId: 3 },
    );
    expect(d).toMatchObject({ phase: 'after_deadline', overridden: true, overrideReason: 'Verifikator sakit, diperpanjang' });
    const row = (await db.models.AuditLog.findOne({ where: { action: 'phase_override' } }))!;
    expect(row).toMatchObject({
      userId: admin.id,
      role: 'admin',
      resource: 'submissions',
      recordId: '42',
      opdId: 3,
      outcome: 'ok',
      ip: '10.1.1.1',
    });
    expect(row.afterData).toMatchObject({
      action: 'verify',
      phase: 'after_deadline',
      allowedPhases: ['verification'],
      date: '2021-09-20',
      reason: 'Verifikator sakit, diperpanjang',
    });
  });

  it("the override audit row rolls back with the caller's transaction", async () => {
    const before = await db.models.AuditLog.count({ where: { action: 'phase_override' } });
    await expect(
      db.sequelize.transaction(async (t) => {
        await svc.assertPhase('approve', day('2021-09-20'), { actor: admin, reason: 'akan dibatalkan' }, { transaction: t });
        throw new Error('gagal setelahnya');
      }),
    ).rejects.toThrow('gagal setelahnya');
    expect(await db.models.AuditLog.count({ where: { action: 'phase_override' } })).toBe(before);
  });
});
