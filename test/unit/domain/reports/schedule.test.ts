import { describe, it, expect } from '@jest/globals';
import type { Campaign, Models } from '../../../../src/db/models/index.js';
import { ReportScheduleService, truncateToMinute } from '../../../../src/domain/reports/report-schedule.service.js';
import { formatJakartaDateTime, jakartaMinute } from '../../../../src/domain/shared/time.js';
import { parseRecipientList } from '../../../../src/domain/reports/delivery/recipients.js';
import { ValidationError } from '../../../../src/domain/shared/errors.js';

const svc = new ReportScheduleService({} as Models);

describe('ReportScheduleService (pure parts)', () => {
  it('validateCron accepts 5-field expressions and normalises spaces', () => {
    expect(svc.validateCron('0 7 * * *')).toBe('0 7 * * *');
    expect(svc.validateCron('  30   6 * *  1-5 ')).toBe('30 6 * * 1-5');
    expect(svc.validateCron('*/15 7-16 * 8,9 *')).toBe('*/15 7-16 * 8,9 *');
  });

  it('validateCron refuses anything else with an Indonesian message', () => {
    for (const bad of ['', '0 7 * *', '0 0 7 * * *', '61 7 * * *', '0 25 * * *', 'setiap pagi', '0 7 * * 8']) {
      expect(() => svc.validateCron(bad)).toThrow(ValidationError);
      expect(() => svc.validateCron(bad)).toThrow(/^Ekspresi cron tidak valid: /);
    }
    try {
      svc.validateCron('0 7 * *');
    } catch (e) {
      expect((e as ValidationError).fields.cron).toContain('5 kolom');
    }
  });

  it('nextRuns is computed in Asia/Jakarta and formatted in WIB', () => {
    // 26 Nov 2026 00:30 UTC = 07:30 WIB: the next 07:00 WIB is the 27th (00:00 UTC).
    const r = svc.nextRuns('0 7 * * *', 3, new Date('2026-11-26T00:30:00Z'));
    expect(r.dates.map((d) => d.toISOString())).toEqual([
      '2026-11-27T00:00:00.000Z',
      '2026-11-28T00:00:00.000Z',
      '2026-11-29T00:00:00.000Z',
    ]);
    expect(r.formatted[0]).toBe('Jumat, 27 November 2026 07.00 WIB');
    expect(svc.nextRuns('0 7 * * 1-5', 5, new Date('2026-11-27T01:00:00Z')).dates.map((d) => d.getUTCDay())).toEqual([1, 2, 3, 4, 5]);
    expect(formatJakartaDateTime(new Date('2026-12-31T17:05:00Z'), 'weekday')).toBe('Jumat, 1 Januari 2027 00.05 WIB');
  });

  it("periodKey is the fire time's WIB minute", () => {
    expect(svc.periodKey(null, new Date('2026-11-26T00:00:00Z'))).toBe('2026-11-26T07:00');
    expect(svc.periodKey(null, new Date('2026-11-26T00:00:59.999Z'))).toBe('2026-11-26T07:00');
    expect(svc.periodKey(null, new Date('2026-11-26T17:01:00Z'))).toBe('2026-11-27T00:01');
    expect(jakartaMinute(new Date('2026-11-26T16:59:30Z'))).toBe('2026-11-26T23:59');
    expect(truncateToMinute(new Date('2026-11-26T00:00:59.999Z')).toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('matches and fireTimesBetween work on WIB minutes', () => {
    expect(svc.matches('0 7 * * *', new Date('2026-11-26T00:00:20Z'))).toBe(true);
    expect(svc.matches('0 7 * * *', new Date('2026-11-26T07:00:00Z'))).toBe(false);
    const t = svc.fireTimesBetween('0 7,13 * * *', new Date('2026-11-25T23:00:00Z'), new Date('2026-11-26T07:00:00Z'));
    expect(t.map((d) => d.toISOString())).toEqual(['2026-11-26T00:00:00.000Z', '2026-11-26T06:00:00.000Z']);
    // The upper bound is inclusive, the lower exclusive.
    expect(
      svc.fireTimesBetween('0 7 * * *', new Date('2026-11-26T00:00:00Z'), new Date('2026-11-27T00:00:00Z')).map((d) => d.toISOString()),
    ).toEqual(['2026-11-27T00:00:00.000Z']);
  });

  it('isActive honours enabled, the WIB date range and the campaign window (+7 days)', async () => {
    const campaign = { id: 9, helpdeskStart: '2026-08-10', approvalEnd: '2026-09-14' } as Campaign;
    const base = {
      id: 1,
      reportKind: 'opd' as const,
      cron: '0 7 * * *',
      campaignId: null,
      activeFrom: null,
      activeUntil: null,
      ccSecretary: true,
      extraRecipients: null,
      enabled: true,
    };
    const at = (iso: string) => new Date(iso);
    expect(await svc.isActive(base, at('2026-11-26T00:00:00Z'))).toBe(true);
    expect(await svc.isActive({ ...base, enabled: false }, at('2026-11-26T00:00:00Z'))).toBe(false);
    // activeFrom is a WIB day: 2026-11-25 17:30 UTC is already the 26th in Jakarta.
    expect(await svc.isActive({ ...base, activeFrom: '2026-11-26' }, at('2026-11-25T17:30:00Z'))).toBe(true);
    expect(await svc.isActive({ ...base, activeFrom: '2026-11-26' }, at('2026-11-25T16:30:00Z'))).toBe(false);
    const c = { ...base, campaignId: 9 };
    expect(await svc.isActive(c, at('2026-08-09T12:00:00Z'), campaign)).toBe(false);
    expect(await svc.isActive(c, at('2026-08-10T01:00:00Z'), campaign)).toBe(true);
    expect(await svc.isActive(c, at('2026-09-21T12:00:00Z'), campaign)).toBe(true);
    expect(await svc.isActive(c, at('2026-09-22T01:00:00Z'), campaign)).toBe(false);
  });

  it('parseRecipientList splits, de-duplicates and reports invalid addresses', () => {
    expect(parseRecipientList('a@x.go.id, b@x.go.id;\nA@X.GO.ID  salah c@x.go.id')).toEqual({
      valid: ['a@x.go.id', 'b@x.go.id', 'c@x.go.id'],
      invalid: ['salah'],
    });
    expect(parseRecipientList(null)).toEqual({ valid: [], invalid: [] });
  });
});
