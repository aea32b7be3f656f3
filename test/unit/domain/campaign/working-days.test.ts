import { describe, it, expect } from '@jest/globals';
import { WorkingCalendar, calendarFor, parseHolidayList, defaultHolidaysBetween } from '../../../../src/domain/campaign/working-days.js';
import { ValidationError } from '../../../../src/domain/shared/errors.js';

// December 2026: Fri 18, Sat 19, Sun 20, Mon 21 … Thu 24, Fri 25 (Natal), Sat 26, Sun 27, Mon 28.
const cal = new WorkingCalendar(['2026-12-25']);

describe('working days (Mon–Fri minus the campaign holidays)', () => {
  it('counts across a weekend and a holiday (hand-computed)', () => {
    // Thu 24 → Mon 28: Fri 25 is Natal, Sat and Sun are off, Mon 28 counts: 1.
    expect(cal.workingDaysAfter('2026-12-24', '2026-12-28')).toBe(1);
    // Fri 18 → Mon 28: 21, 22, 23, 24, 28 = 5.
    expect(cal.workingDaysAfter('2026-12-18', '2026-12-28')).toBe(5);
    // Same day and backwards: 0.
    expect(cal.workingDaysAfter('2026-12-28', '2026-12-28')).toBe(0);
    expect(cal.workingDaysAfter('2026-12-28', '2026-12-21')).toBe(0);
    // 21..31 both included: 21, 22, 23, 24, 28, 29, 30, 31 = 8.
    expect(cal.countWorkingDays('2026-12-21', '2026-12-31')).toBe(8);
    // Without the holiday the same span has one more.
    expect(new WorkingCalendar([]).countWorkingDays('2026-12-21', '2026-12-31')).toBe(9);
  });

  it('walks to the n-th working day back and forward, skipping weekends and holidays', () => {
    expect(cal.nthWorkingDayBack('2026-12-28', 1)).toBe('2026-12-28');
    expect(cal.nthWorkingDayBack('2026-12-28', 2)).toBe('2026-12-24');
    expect(cal.nthWorkingDayBack('2026-12-27', 1)).toBe('2026-12-24');
    expect(cal.nthWorkingDayFrom('2026-12-24', 2)).toBe('2026-12-28');
    expect(cal.nthWorkingDayFrom('2026-12-26', 1)).toBe('2026-12-28');
    expect(cal.isWorkingDay('2026-12-25')).toBe(false);
    expect(cal.isWorkingDay('2026-12-26')).toBe(false);
    expect(cal.isWorkingDay('2026-12-24')).toBe(true);
  });

  it('reads a campaign holiday list and refuses a bad line with its number', () => {
    expect(parseHolidayList('2026-12-25 Hari Raya Natal\n\n# catatan\n2026-12-24\n2026-12-25 lagi')).toEqual([
      { date: '2026-12-24', name: 'Hari libur' },
      { date: '2026-12-25', name: 'Hari Raya Natal' },
    ]);
    expect(() => parseHolidayList('2026-12-25 Natal\n2026-02-30 Salah')).toThrow(ValidationError);
    expect(() => parseHolidayList('2026-12-25 Natal\n2026-02-30 Salah')).toThrow(/baris 2/);
    expect(() => parseHolidayList('25-12-2026')).toThrow(/baris 1/);
  });

  it('uses the campaign list, or the national holidays shipped in config when it is empty', () => {
    expect(calendarFor({ holidays: '2026-12-24 Cuti bersama' }).isWorkingDay('2026-12-24')).toBe(false);
    expect(calendarFor({ holidays: '2026-12-24 Cuti bersama' }).isWorkingDay('2026-12-25')).toBe(true);
    expect(calendarFor(null).isWorkingDay('2026-12-25')).toBe(false);
    expect(calendarFor({ holidays: '' }).isWorkingDay('2026-08-17')).toBe(false);
    expect(defaultHolidaysBetween('2026-12-01', '2026-12-31').map((h) => h.date)).toEqual(['2026-12-25']);
  });
});
