import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createTestApp, seedSmallRegency, type TestApp } from '../../helpers/app.js';
import { readPdfFixture } from '../../helpers/pdf-fixtures.js';
import type { Actor } from '../../../src/domain/shared/actor.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';

/**
 * When the head may report before the campaign ends: once every ASN of the OPD has completed by
 * the one completion rule (src/domain/submissions/completion.ts) — not before, even with all but
 * one done.
 */
describe('OPD report eligibility: every ASN done, during the campaign', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof seedSmallRegency>>;
  let head: Actor;
  const input = () => ({
    statement: 'Seluruh ASN telah selesai pemutakhiran.',
    files: [{ originalName: 'bukti.pdf', content: readPdfFixture('scan-ktp.pdf') }],
  });

  beforeAll(async () => {
    t = await createTestApp();
    s = await seedSmallRegency(t.db);
    head = { id: s.users.headA.id, email: s.users.headA.email, role: 'opd_head', opdId: s.opdA.id };
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses with all but one ASN completed, accepts once the last one completes (verification phase)', async () => {
    const subs = await t.db.models.Submission.findAll({ where: { opdId: s.opdA.id }, order: [['id', 'ASC']] });
    expect(subs).toHaveLength(6);
    const approve = (ids: number[]) => t.db.models.Submission.update({ status: 'approved', decidedAt: new Date() }, { where: { id: ids } });
    await approve(subs.slice(0, 5).map((x) => x.id));
    await expect(t.services.opdReports.submit(head, input())).rejects.toBeInstanceOf(ValidationError);
    await expect(t.services.opdReports.submit(head, input())).rejects.toThrow(/saat ini 5 dari 6 ASN selesai; tahap verifikasi/);
    expect(await t.db.models.OpdReport.count()).toBe(0);

    // A rejected (TMS) submission alone does not complete an employee: still refused.
    await t.db.models.Submission.update({ status: 'rejected' }, { where: { id: subs[5].id } });
    await expect(t.services.opdReports.submit(head, input())).rejects.toThrow(/5 dari 6/);

    await approve([subs[5].id]);
    const row = await t.services.opdReports.submit(head, input());
    expect(row).toMatchObject({ opdId: s.opdA.id, version: 1, status: 'submitted' });
    expect((row.figures as { summary: { completed: number; total: number } }).summary).toMatchObject({ completed: 6, total: 6 });
  });
});
