import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { EMAILS, seedReportData, type Seeded } from '../../helpers/report-fixtures.js';
import { ReportScheduleService } from '../../../src/domain/reports/report-schedule.service.js';
import { planRecipients } from '../../../src/domain/reports/delivery/recipients.js';
import { addDays, jakartaDate, startOfJakartaDay } from '../../../src/domain/shared/time.js';

/** Who receives what (delivery/recipients.ts), and when a schedule is active, against a real database. */

describe('ReportScheduleService (database)', () => {
  let db: TestDb;
  let seeded: Seeded;
  let svc: ReportScheduleService;

  beforeAll(async () => {
    db = await createTestDb();
    seeded = await seedReportData(db.models);
    svc = new ReportScheduleService(db.models);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('OPD reports: one delivery per active OPD with a head e-mail; Cc secretary and extra recipients', async () => {
    const plan = await planRecipients(db.models, seeded.opdSchedule);
    expect(plan.recipients.map((r) => r.opdCode)).toEqual(['DINKES', 'KEC-JATEN']);
    expect(plan.recipients[0]).toMatchObject({
      to: [EMAILS.dinkesHead],
      cc: [EMAILS.dinkesSecretary, EMAILS.extra],
      recipientName: 'dr. Ratna Sari, M.Kes',
    });
    expect(plan.recipients[1]).toMatchObject({ to: [EMAILS.jatenHead], cc: [EMAILS.extra] });
    expect(plan.skipped).toEqual([
      { opdId: seeded.opd.bappeda, opdCode: 'BAPPEDA', reason: 'OPD belum memiliki email kepala yang valid', kind: 'no_address' },
    ]);

    const noSecretary = await planRecipients(db.models, {
      ...seeded.opdSchedule.get(),
      ccSecretary: false,
      extraRecipients: null,
    });
    expect(noSecretary.recipients[0].cc).toEqual([]);
    const one = await planRecipients(db.models, seeded.opdSchedule, { opdCode: 'KEC-JATEN' });
    expect(one.recipients.map((r) => r.opdCode)).toEqual(['KEC-JATEN']);
    await expect(planRecipients(db.models, seeded.opdSchedule, { opdCode: 'TIDAK-ADA' })).rejects.toThrow('tidak ditemukan');
  });

  it('regency report: To the first regent user, Cc the other regent users, active approvers and extras', async () => {
    const plan = await planRecipients(db.models, seeded.regencySchedule);
    expect(plan.recipients).toHaveLength(1);
    expect(plan.recipients[0]).toMatchObject({
      opdId: null,
      to: [EMAILS.regent],
      cc: [EMAILS.regentStaff, EMAILS.approver],
      recipientName: 'Bupati Uji Coba',
    });
    // An address already in To is not repeated in Cc.
    const withExtra = await planRecipients(db.models, {
      ...seeded.regencySchedule.get(),
      extraRecipients: `${EMAILS.regent.toUpperCase()}; ${EMAILS.extra}`,
    });
    expect(withExtra.recipients[0].cc).toEqual([EMAILS.regentStaff, EMAILS.approver, EMAILS.extra]);
  });

  it('isActive: enabled, inside activeFrom..activeUntil (WIB days) and the campaign window + 7 days', async () => {
    const s = seeded.opdSchedule;
    const campaign = (await db.models.Campaign.findByPk(seeded.campaignId))!;
    const noon = (ymd: string) => new Date(startOfJakartaDay(ymd).getTime() + 12 * 3600_000);
    const today = jakartaDate(new Date());
    expect(await svc.isActive(s, noon(today))).toBe(true);
    expect(await svc.isActive(s, noon(addDays(campaign.helpdeskStart, -1)))).toBe(false);
    expect(await svc.isActive(s, noon(campaign.helpdeskStart))).toBe(true);
    expect(await svc.isActive(s, noon(addDays(campaign.approvalEnd, 7)))).toBe(true);
    expect(await svc.isActive(s, noon(addDays(campaign.approvalEnd, 8)))).toBe(false);
    // 23:30 WIB on activeUntil is still that day; 00:30 WIB the next day is not.
    const limited = { ...s.get(), activeFrom: today, activeUntil: today } as never;
    expect(await svc.isActive(limited, new Date(startOfJakartaDay(today).getTime() + 23.5 * 3600_000))).toBe(true);
    expect(await svc.isActive(limited, new Date(startOfJakartaDay(today).getTime() + 24.5 * 3600_000))).toBe(false);
    expect(await svc.isActive({ ...s.get(), enabled: false }, noon(today))).toBe(false);
  });
});
