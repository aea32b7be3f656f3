import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';
import { testConfig } from '../../helpers/app.js';
import { AS_OF, buildAgeingFixture, type AgeingFixture } from '../../helpers/ageing-fixture.js';
import { createContainer, type Container } from '../../../src/container.js';
import { createLogger } from '../../../src/logger.js';
import { ageingReport } from '../../../src/domain/ageing/ageing.js';
import { calendarFor, WorkingCalendar } from '../../../src/domain/campaign/working-days.js';

const DAY = 86400000;

describe('ageing of the open items and the daily escalation (fixture: test/helpers/ageing-fixture.ts)', () => {
  let db: TestDb;
  let fx: AgeingFixture;
  let smtp: TestSmtp;
  let container: Container;
  let calendar: WorkingCalendar;

  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildAgeingFixture(db.models);
    smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: smtp.url, REGENCY_NAME: 'Kabupaten Uji Coba' });
    container = createContainer({ config, db, logger: createLogger('silent') });
    calendar = calendarFor(await db.models.Campaign.findByPk(fx.campaignId));
  });
  afterAll(async () => {
    await container.close();
    await smtp.close();
    await db.destroy();
  });

  const stage = (r: Awaited<ReturnType<typeof ageingReport>>, name: string) => r.stages.find((s) => s.stage === name)!;

  it("counts one OPD's items by state in working days, across the weekend and the campaign's holiday", async () => {
    const r = await ageingReport(db.models, calendar, AS_OF, { opdId: fx.opdA.id });
    expect(stage(r, 'verification')).toMatchObject({
      total: 6,
      onTrack: 2,
      atRisk: 1,
      overdue: 3,
      pastSecondThreshold: 1,
      oldestDays: 6,
      targetDays: 3,
    });
    expect(stage(r, 'helpdesk')).toMatchObject({ total: 1, onTrack: 0, atRisk: 1, overdue: 0, oldestDays: 2 });
    expect(stage(r, 'bkn_validation').total).toBe(0);
    expect(stage(r, 'approval').total).toBe(0);
    expect(r.totals).toEqual({ total: 7, onTrack: 2, atRisk: 2, overdue: 3 });
  });

  it('counts the regency, every stage, and the holiday changes the states', async () => {
    const r = await ageingReport(db.models, calendar, AS_OF);
    expect(stage(r, 'verification')).toMatchObject({ total: 7, onTrack: 2, atRisk: 1, overdue: 4, pastSecondThreshold: 2, oldestDays: 7 });
    expect(stage(r, 'bkn_validation')).toMatchObject({ total: 1, atRisk: 1, overdue: 0, oldestDays: 5 });
    expect(stage(r, 'approval')).toMatchObject({ total: 2, onTrack: 0, atRisk: 1, overdue: 1, oldestDays: 6 });
    // Without Thu 10 Dec as a holiday every age before it grows by one: v2 3 (at risk), v3 4 (overdue), v6 6 (past the second threshold).
    const plain = await ageingReport(db.models, new WorkingCalendar(['2026-12-25']), AS_OF, { opdId: fx.opdA.id });
    expect(stage(plain, 'verification')).toMatchObject({
      total: 6,
      onTrack: 1,
      atRisk: 1,
      overdue: 4,
      pastSecondThreshold: 2,
      oldestDays: 7,
    });
  });

  it('mails the Sekretaris, escalates to the Kepala past the second threshold and sends the approvers the backlog — once', async () => {
    const res = await container.services.escalation.run(AS_OF);
    expect(res.errors).toEqual([]);
    // secretary A, head A, secretary B, head B, approvers.
    expect(res.mails).toBe(5);
    const mails = await smtp.waitFor(5);
    const find = (to: string) => mails.filter((m) => mailRecipients(m.parsed).to.includes(to));

    const [secA] = find('sekretaris.a@uji.example');
    expect(mailRecipients(secA.parsed).to.sort()).toEqual(['sekretaris.a@uji.example', 'sekretaris.dinkes@pdm.example']);
    expect(secA.parsed.subject).toBe('Eskalasi PDM: 3 usul menunggu verifikasi melewati target — Dinas Kesehatan');
    const secText = secA.parsed.text ?? '';
    expect(secText).toContain('Yth. Sekretaris Dinas Kesehatan');
    expect(secText).toContain('Diktum KETIGA');
    expect((secText.match(/hari kerja \(target 3\)/g) ?? []).length).toBe(3);
    expect(secText).toContain('6 hari kerja (target 3)');
    expect(secText).toContain('5 hari kerja (target 3)');
    expect(secText).toContain('4 hari kerja (target 3)');
    expect(secText).not.toContain('Kecamatan Jaten');

    const [headA] = find('kepala.a@uji.example');
    expect(mailRecipients(headA.parsed).to.sort()).toEqual(['kepala.a@uji.example', 'kepala.dinkes@pdm.example']);
    expect(mailRecipients(headA.parsed).cc.sort()).toEqual(['sekretaris.a@uji.example', 'sekretaris.dinkes@pdm.example']);
    expect(headA.parsed.subject).toContain('tahap kedua');
    expect(headA.parsed.text).toContain('Yth. Kepala Dinas Kesehatan');
    expect((headA.parsed.text?.match(/hari kerja \(target 3\)/g) ?? []).length).toBe(1);
    expect(headA.parsed.text).toContain('6 hari kerja (target 3)');

    expect(find('sekretaris.kec-jaten@pdm.example')).toHaveLength(1);
    const [headB] = find('kepala.kec-jaten@pdm.example');
    expect(headB.parsed.text).toContain('Yth. Camat Jaten');

    const [appr] = find('approver@uji.example');
    expect(appr.parsed.text).toContain('(Kecamatan Jaten)');
    // b4 (approval, 6 days) only: b2 (BKN, 5 = target) and b3 (approval, 3 = target) are not overdue.
    expect((appr.parsed.text?.match(/hari kerja \(target \d+\)/g) ?? []).length).toBe(1);
    expect(appr.parsed.text).toContain('Persetujuan BKPSDM sejak');

    // Once per threshold per item: the ledger holds one row per item and level, all sent.
    const rows = await db.models.EscalationNotice.findAll();
    expect(rows).toHaveLength(3 + 1 + 1 + 1 + 1);
    expect(rows.every((r) => r.status === 'sent' && r.messageId)).toBe(true);

    // A second run the same day sends nothing new.
    const again = await container.services.escalation.run(new Date(AS_OF.getTime() + 3600_000));
    expect(again.mails).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(5);
  });

  it('the next working day mails only what newly crossed a threshold', async () => {
    smtp.reset();
    const next = new Date(AS_OF.getTime() + DAY); // Tue 15 Dec
    const res = await container.services.escalation.run(next);
    // v3 (now 4 days) → Sekretaris A; v6 (now 6) → Kepala A; b2 (BKN, now 6 > 5) and b3 (approval, now 4 > 3) → approvers.
    expect(res.mails).toBe(3);
    expect(res.items).toBe(4);
    const mails = await smtp.waitFor(3);
    const items = (to: string) => {
      const m = mails.find((x) => mailRecipients(x.parsed).to.includes(to))!;
      return { text: m.parsed.text ?? '', n: (m.parsed.text?.match(/hari kerja \(target \d+\)/g) ?? []).length };
    };
    expect(items('sekretaris.a@uji.example')).toMatchObject({ n: 1 });
    expect(items('sekretaris.a@uji.example').text).toContain('4 hari kerja (target 3)');
    expect(items('kepala.a@uji.example')).toMatchObject({ n: 1 });
    expect(items('kepala.a@uji.example').text).toContain('6 hari kerja (target 3)');
    expect(items('approver@uji.example')).toMatchObject({ n: 2 });
    expect(items('approver@uji.example').text).toContain('Validasi BKN sejak');
    expect(items('approver@uji.example').text).toContain('4 hari kerja (target 3)');
    expect(await container.services.escalation.run(new Date(next.getTime() + 60_000))).toMatchObject({ mails: 0 });
  });

  it('does not run on a weekend or a holiday', async () => {
    smtp.reset();
    expect(await container.services.escalation.run(new Date('2026-12-19T02:00:00.000Z'))).toMatchObject({
      skipped: 'bukan hari kerja',
      mails: 0,
    });
    expect(await container.services.escalation.run(new Date('2026-12-25T02:00:00.000Z'))).toMatchObject({ skipped: 'bukan hari kerja' });
    expect(smtp.messages).toHaveLength(0);
  });

  it('gives the items back when the send fails, and the next run sends them', async () => {
    smtp.reset();
    const day = new Date('2026-12-16T02:00:00.000Z'); // Wed 16: v2 (entered Wed 9) is now 4 days old
    smtp.refuse(1, 451);
    const failed = await container.services.escalation.run(day);
    expect(failed.errors).toHaveLength(1);
    expect(await db.models.EscalationNotice.count({ where: { status: 'sending' } })).toBe(0);
    const retry = await container.services.escalation.run(new Date(day.getTime() + 60_000));
    // New that day: v2 (4 days) → Sekretaris A, v4 (6 days) → Kepala A; the first of the two was refused.
    expect(failed.mails).toBe(1);
    expect(retry.errors).toEqual([]);
    expect(retry).toMatchObject({ mails: 1, items: 1 });
    const v2 = await db.models.EscalationNotice.findAll({ where: { itemId: fx.subs.v2 } });
    expect(v2.map((r) => [r.level, r.status])).toEqual([['secretary', 'sent']]);
    expect(smtp.messages).toHaveLength(2);
  });

  // Waiting on BKPSDM (issue 14) as a stage of its own, with real questions and answers: bkpsdm-wait.test.ts.
});
