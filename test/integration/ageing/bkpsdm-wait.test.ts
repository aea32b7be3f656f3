import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import bcrypt from 'bcryptjs';
import ExcelJS from 'exceljs';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { startSmtpServer, mailRecipients, type TestSmtp } from '../../helpers/smtp.js';
import { testConfig, TEST_PASSWORD } from '../../helpers/app.js';
import { AS_OF, buildAgeingFixture, wib, type AgeingFixture } from '../../helpers/ageing-fixture.js';
import { createContainer, type Container } from '../../../src/container.js';
import { createLogger } from '../../../src/logger.js';
import { ageingReport, overdueSubmissions } from '../../../src/domain/ageing/ageing.js';
import { calendarFor, WorkingCalendar } from '../../../src/domain/campaign/working-days.js';
import { bkpsdmQueue } from '../../../src/domain/dashboard/bkpsdm-queue.js';
import { ageingItems } from '../../../src/domain/reports/data/ageing-items.js';
import { buildOpdReport } from '../../../src/domain/reports/data/opd-report.js';
import { opdReportWorkbook } from '../../../src/domain/reports/workbooks/opd-report.workbook.js';
import type { Actor } from '../../../src/domain/shared/actor.js';

/**
 * "Menunggu jawaban BKPSDM" as an ageing stage of its own (issue 14 on issue 13's ageing), with
 * real questions and answers through the ConsultationService on a clock, over the ageing fixture
 * (test/helpers/ageing-fixture.ts: asOf Mon 14 Dec 2026 09.00 WIB; holidays Thu 10 and Fri 25 Dec;
 * targets verification 3, BKN 5, approval 3, helpdesk 2, bkpsdm_answer 2; at risk = age equal to the
 * target; second threshold > target + 2).
 *
 * Questions of the OPD A verifier (hand-computed, working days d with entry < d <= day seen):
 *   v5 (in verification since Thu 3): asked Fri 4 10.00, answered Wed 9 10.00 — waited Mon 7, Tue 8,
 *      Wed 9 = 3 working days. Its verification age on Mon 14: 4, 7, 8, 9, 11, 14 = 6 minus 3 = 3
 *      (berisiko). The verifier's clock CONTINUES after the answer: not 6 (BKPSDM's wait charged to
 *      the verifier) and not 2 (restarted at the answer, which a question could be used to game).
 *   v4 (since Mon 7): asked Tue 8 10.00, a follow-up Wed 9 11.00 (does not restart the wait) →
 *      waiting since Tue 8: 9, 11, 14 = 3 > 2 → terlambat (without the holiday: 4).
 *   v6 (since Fri 4): asked Wed 9 12.00 → 11, 14 = 2 = target → berisiko (across the weekend and
 *      after the holiday; without it 3, terlambat).
 *   v3 (since Tue 8): asked Fri 11 10.00 → 14 = 1 → sesuai target (the weekend skipped).
 * So on Mon 14 OPD A's verification holds v1 (0), v2 (2), v5 (3): 2 on track, 1 at risk, none
 * overdue (the fixture without questions: 3 overdue); BKPSDM's stage holds v4, v6, v3.
 * Kanreg BKN asks on b2 (OPD B, in BKN validation since Fri 4) on Fri 11 10.00 → waiting 1 (14):
 * it leaves the BKN stage (the regency's BKN count drops from 1 to 0) and is OPD B's, not A's.
 */

const DAY = 86_400_000;

describe('waiting for BKPSDM’s answer: its own ageing stage, the queue and the escalation (real SMTP)', () => {
  let db: TestDb;
  let fx: AgeingFixture;
  let smtp: TestSmtp;
  let container: Container;
  let calendar: WorkingCalendar;
  let clock = wib(4, 10);
  let verifier: Actor;
  let approver: Actor;
  let helpdesk: Actor;
  let bkn: Actor;

  const stage = (r: Awaited<ReturnType<typeof ageingReport>>, name: string) => r.stages.find((s) => s.stage === name)!;
  const at = async <T>(when: Date, fn: () => Promise<T>): Promise<T> => {
    clock = when;
    return fn();
  };

  beforeAll(async () => {
    db = await createTestDb();
    fx = await buildAgeingFixture(db.models);
    smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: smtp.url, REGENCY_NAME: 'Kabupaten Uji Coba' });
    container = createContainer({ config, db, logger: createLogger('silent') }, { now: () => clock });
    calendar = calendarFor(await db.models.Campaign.findByPk(fx.campaignId));
    const hash = await bcrypt.hash(TEST_PASSWORD, 4);
    const user = async (email: string, name: string, role: 'verifier' | 'helpdesk' | 'bkn_validator', opdId: number | null) => {
      const u = await db.models.User.create({ email, name, passwordHash: hash, role, opdId, lastLoginAt: null, passwordChangedAt: null });
      return { id: u.id, email, role, opdId } as Actor;
    };
    verifier = await user('verifikator.a@uji.example', 'Budi Verifikator', 'verifier', fx.opdA.id);
    helpdesk = await user('helpdesk@uji.example', 'Rina Helpdesk', 'helpdesk', null);
    bkn = await user('bkn@uji.example', 'Sari Kanreg', 'bkn_validator', null);
    const appr = (await db.models.User.findOne({ where: { email: 'approver@uji.example' } }))!;
    approver = { id: appr.id, email: appr.email, role: 'approver', opdId: null };

    const c = container.services.consultations;
    await at(wib(4, 10), () => c.ask(verifier, fx.subs.v5, { body: 'Ijazah luar negeri, perlu penyetaraan?' }));
    await at(wib(8, 10), () => c.ask(verifier, fx.subs.v4, { body: 'Nama di KTP berbeda satu huruf dengan SK, boleh diverifikasi?' }));
    await at(wib(9, 10), () => c.answer(approver, fx.subs.v5, { body: 'Ya, perlu penyetaraan dari Kemendikbudristek.' }));
    await at(wib(9, 11), () => c.ask(verifier, fx.subs.v4, { body: 'Tambahan: ejaan di KK juga berbeda.' }));
    await at(wib(9, 12), () => c.ask(verifier, fx.subs.v6, { body: 'Tanggal lahir di KTP dan ijazah berbeda.' }));
    await at(wib(11, 10), () => c.ask(verifier, fx.subs.v3, { body: 'Apakah KTP hasil pindai ulang boleh?' }));
    await at(wib(11, 10), () => c.ask(bkn, fx.subs.b2, { body: 'Ijazah dari PTS yang sudah tutup, bagaimana?' }));
    clock = AS_OF;
  });
  afterAll(async () => {
    await container.close();
    await smtp.close();
    await db.destroy();
  });

  it('ages the open questions in working days across the weekend and the holiday, and takes them out of the verifier’s stage', async () => {
    const r = await ageingReport(db.models, calendar, AS_OF, { opdId: fx.opdA.id });
    expect(stage(r, 'bkpsdm_answer')).toMatchObject({
      label: 'Menunggu jawaban BKPSDM',
      targetDays: 2,
      total: 3,
      onTrack: 1,
      atRisk: 1,
      overdue: 1,
      pastSecondThreshold: 0,
      oldestDays: 3,
    });
    expect(stage(r, 'verification')).toMatchObject({ total: 3, onTrack: 2, atRisk: 1, overdue: 0, pastSecondThreshold: 0, oldestDays: 3 });
    // Every open item counted once: 3 in verification, 3 waiting on BKPSDM, the ticket.
    expect(r.totals).toEqual({ total: 7, onTrack: 3, atRisk: 3, overdue: 1 });
    // OPD B: the BKN validator's question on b2 (1 day), out of the BKN stage; the regency: both OPDs.
    const b = await ageingReport(db.models, calendar, AS_OF, { opdId: fx.opdB.id });
    expect(stage(b, 'bkpsdm_answer')).toMatchObject({ total: 1, onTrack: 1, oldestDays: 1 });
    expect(stage(b, 'bkn_validation')).toMatchObject({ total: 0 });
    const regency = await ageingReport(db.models, calendar, AS_OF);
    expect(stage(regency, 'bkpsdm_answer')).toMatchObject({ total: 4, onTrack: 2, atRisk: 1, overdue: 1, oldestDays: 3 });
    expect(stage(regency, 'bkn_validation').total).toBe(0);

    // Without Thu 10 Dec as a holiday: v4 waits 4, v6 3 (both terlambat); v5's verification age is 7 - 3 = 4 (terlambat).
    const plain = await ageingReport(db.models, new WorkingCalendar(['2026-12-25']), AS_OF, { opdId: fx.opdA.id });
    expect(stage(plain, 'bkpsdm_answer')).toMatchObject({ total: 3, onTrack: 1, atRisk: 0, overdue: 2, oldestDays: 4 });
    expect(stage(plain, 'verification')).toMatchObject({ total: 3, overdue: 1, oldestDays: 4 });
  });

  it('holds as of an earlier moment, from the thread’s history (Tue 8 12.00: v5 and v4 waiting)', async () => {
    const r = await ageingReport(db.models, calendar, wib(8, 12), { opdId: fx.opdA.id });
    // v5 waiting since Fri 4: Mon 7, Tue 8 = 2 (berisiko); v4 since Tue 8 10.00: 0.
    expect(stage(r, 'bkpsdm_answer')).toMatchObject({ total: 2, onTrack: 1, atRisk: 1, overdue: 0, oldestDays: 2 });
    // Then in verification: v3 (entered that morning, 0) and v6 (Mon 7, Tue 8 = 2); v4 and v5 were BKPSDM's.
    expect(stage(r, 'verification')).toMatchObject({ total: 2, onTrack: 2, atRisk: 0, overdue: 0, oldestDays: 2 });
  });

  it('the OPD workbook’s "Umur Antrean" (read back) has the stage, and the verifier’s row without the waiting items', async () => {
    const report = await buildOpdReport(db.models, fx.opdA.id, AS_OF, null);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await opdReportWorkbook(report, { regencyName: 'Kabupaten Uji Coba' })) as unknown as ArrayBuffer);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet('Umur Antrean')!.eachRow((r) =>
      rows.set(
        r.getCell(1).text,
        [2, 3, 4, 5, 6, 7, 8].map((c) => r.getCell(c).value),
      ),
    );
    // target, total, on track, at risk, overdue, past second, oldest.
    expect(rows.get('Menunggu jawaban BKPSDM')).toEqual([2, 3, 1, 1, 1, 0, 3]);
    expect(rows.get('Verifikasi OPD')).toEqual([3, 3, 2, 1, 0, 0, 3]);
    expect(rows.get('Jumlah')!.slice(1, 5)).toEqual([7, 3, 3, 1]);
  });

  it('shows each open question’s and ticket’s age and state in BKPSDM’s queue (approver and helpdesk)', async () => {
    for (const actor of [approver, helpdesk]) {
      const q = (await bkpsdmQueue(db.models, container.services.consultations, container.services.campaigns, actor, AS_OF))!;
      expect(q.questions.total).toBe(4);
      expect(q.questions.targetDays).toBe(2);
      expect(q.questions.items.map((i) => [i.submissionId, i.ageDays, i.ageState, i.ageStateLabel])).toEqual([
        [fx.subs.v4, 3, 'overdue', 'terlambat'],
        [fx.subs.v6, 2, 'at_risk', 'berisiko'],
        [fx.subs.v3, 1, 'on_track', 'sesuai target'],
        [fx.subs.b2, 1, 'on_track', 'sesuai target'],
      ]);
      expect(q.questions.items[3]).toMatchObject({ opdName: 'Kecamatan Jaten', askedBy: 'Sari Kanreg (Validator Kanreg BKN)' });
      expect(q.questions.items[0]).toMatchObject({ opdName: 'Dinas Kesehatan', askedBy: 'Budi Verifikator (Verifikator OPD)' });
      expect(q.questions.items[0].waitingSince).toBe('8 Des 2026 10.00 WIB');
      // The open ticket since Wed 9: Fri 11, Mon 14 = 2 = the helpdesk target: berisiko.
      expect(q.tickets!.items.map((t) => [t.ageDays, t.ageState])).toEqual([[2, 'at_risk']]);
    }
    expect(await bkpsdmQueue(db.models, container.services.consultations, container.services.campaigns, verifier, AS_OF)).toBeNull();
  });

  it('sends the approvers the overdue question with the approval backlog, and not the verifier’s Sekretaris — once', async () => {
    const res = await container.services.escalation.run(AS_OF);
    expect(res.errors).toEqual([]);
    // Sekretaris B and Kepala B (b1), the approvers (b4 and the question on v4). Nothing for OPD A's
    // Sekretaris or Kepala: v4 and v6 wait on BKPSDM, v5's age without its wait is 3 (not overdue).
    expect(res.mails).toBe(3);
    const mails = await smtp.waitFor(3);
    expect(mails.filter((m) => mailRecipients(m.parsed).to.includes('sekretaris.a@uji.example'))).toHaveLength(0);
    const [appr] = mails.filter((m) => mailRecipients(m.parsed).to.includes('approver@uji.example'));
    expect(appr.parsed.subject).toMatch(
      /^Eskalasi PDM: 1 usul melewati target validasi BKN\/persetujuan dan 1 pertanyaan menunggu jawaban BKPSDM — per /,
    );
    const text = appr.parsed.text ?? '';
    expect(text).toContain('Persetujuan BKPSDM sejak');
    expect(text).toContain('menunggu jawaban melewati target layanan (2 hari kerja)');
    const questionLines = text.split('\n').filter((l) => l.includes('ditanyakan oleh'));
    expect(questionLines).toHaveLength(1);
    expect(questionLines[0]).toContain(`Usul #${fx.subs.v4} — `);
    expect(questionLines[0]).toContain('(Dinas Kesehatan)');
    expect(questionLines[0]).toContain('ditanyakan oleh Budi Verifikator (Verifikator OPD): "Nama di KTP berbeda satu huruf dengan SK');
    expect(questionLines[0]).toContain('menunggu jawaban sejak 08 Desember 2026 — 3 hari kerja (target 2)');

    const ledger = await db.models.EscalationNotice.findAll({ where: { itemType: 'consultation' } });
    expect(ledger.map((n) => [n.stage, n.level, n.status, n.ageDays])).toEqual([['bkpsdm_answer', 'approver', 'sent', 3]]);
    expect(ledger[0].messageId).toBeTruthy();

    // A second run the same day (another instance, a restart) sends nothing new.
    expect(await container.services.escalation.run(new Date(AS_OF.getTime() + 3600_000))).toMatchObject({ mails: 0, errors: [] });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(3);
  });

  it('the next working day: only the newly overdue question, and the verifier’s clock continues after the answer', async () => {
    smtp.reset();
    const next = new Date(AS_OF.getTime() + DAY); // Tue 15 Dec 09.00
    // v5, answered on Wed 9, is back in verification aged without its wait: 7 - 3 = 4 > 3, entry still Thu 3.
    const late = await overdueSubmissions(db.models, calendar, next, ['verification']);
    const v5 = late.find((i) => i.submissionId === fx.subs.v5)!;
    expect(v5).toMatchObject({ ageDays: 4, targetDays: 3 });
    expect(v5.entered.toISOString()).toBe(wib(3).toISOString());
    expect(late.map((i) => i.submissionId)).not.toContain(fx.subs.v4);

    const res = await at(next, () => container.services.escalation.run(next));
    // Sekretaris A (v5); the approvers: b3 and the question on v6 (now 3) — v4's was sent yesterday;
    // b2 (BKN, 6 days without the question) waits on BKPSDM since Fri 11 (2 days, not overdue).
    expect(res).toMatchObject({ mails: 2, items: 3, errors: [] });
    const mails = await smtp.waitFor(2);
    const sec = mails.find((m) => mailRecipients(m.parsed).to.includes('sekretaris.a@uji.example'))!;
    expect(sec.parsed.text).toContain('4 hari kerja (target 3)');
    const appr = mails.find((m) => mailRecipients(m.parsed).to.includes('approver@uji.example'))!;
    const lines = (appr.parsed.text ?? '').split('\n').filter((l) => l.includes('ditanyakan oleh'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Usul #${fx.subs.v6} — `);
    expect(lines[0]).toContain('3 hari kerja (target 2)');
    expect(appr.parsed.text).toContain('Persetujuan BKPSDM sejak');
    expect(appr.parsed.text).not.toContain('Validasi BKN sejak');
    expect(await db.models.EscalationNotice.count({ where: { itemType: 'consultation' } })).toBe(2);

    // BKPSDM answers v4 on Tue 15 10.00: it is the verifier's again, its clock continuing from the
    // one day it had (Tue 8) — entered Mon 7: 8, 9, 11, 14, 15 = 5, minus its wait 9, 11, 14, 15 = 4.
    await at(wib(15, 10), () =>
      container.services.consultations.answer(approver, fx.subs.v4, { body: 'Boleh, cukup dengan surat keterangan.' }),
    );
    const after = await ageingReport(db.models, calendar, wib(15, 12), { opdId: fx.opdA.id });
    expect(stage(after, 'bkpsdm_answer')).toMatchObject({ total: 2 });
    // Verification: v1 (1), v2 (3, at risk), v5 (4, overdue), v4 (1).
    expect(stage(after, 'verification')).toMatchObject({ total: 4, onTrack: 2, atRisk: 1, overdue: 1, oldestDays: 4 });
    // The OPD workbook's list of open items ages each one by the same rule (its waits taken out).
    const listed = (await ageingItems(db.models, calendar, wib(15, 12), fx.opdA.id)).filter((i) => i.stage === 'verification');
    expect(listed.find((i) => i.ref === `Usul #${fx.subs.v5}`)).toMatchObject({ ageDays: 4, state: 'overdue' });
    expect(listed.find((i) => i.ref === `Usul #${fx.subs.v4}`)).toMatchObject({ ageDays: 1, state: 'on_track' });
    expect(['on_track', 'at_risk', 'overdue'].map((st) => listed.filter((i) => i.state === st).length)).toEqual([2, 1, 1]);

    // The BKN validator's clock too: b2 answered Tue 15 10.00 — in BKN validation since Fri 4:
    // 7, 8, 9, 11, 14, 15 = 6, minus its wait 14, 15 = 4 (target 5: sesuai target; uncounted, 6: terlambat).
    await at(wib(15, 10), () =>
      container.services.consultations.answer(approver, fx.subs.b2, { body: 'Cukup dengan surat keterangan LLDIKTI.' }),
    );
    const bknStage = stage(await ageingReport(db.models, calendar, wib(15, 12)), 'bkn_validation');
    expect(bknStage).toMatchObject({ total: 1, onTrack: 1, atRisk: 0, overdue: 0, oldestDays: 4 });
  });
});
