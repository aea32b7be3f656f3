import { describe, it, expect } from '@jest/globals';
import {
  PHASE_RULES,
  formatDay,
  phaseClosedMessage,
  phaseOf,
  phaseWindows,
  validateCampaignDates,
  type CampaignDates,
} from '../../../../src/domain/campaign/phases.js';
import { startOfJakartaDay } from '../../../../src/domain/shared/time.js';

const C2021: CampaignDates = {
  name: 'PDM 2021',
  helpdeskStart: '2021-08-10',
  selfUpdateStart: '2021-08-15',
  selfUpdateEnd: '2021-08-25',
  verificationStart: '2021-08-26',
  verificationEnd: '2021-09-04',
  approvalStart: '2021-09-05',
  approvalEnd: '2021-09-14',
};
const wib = (ymd: string, hh = 0, mm = 0) => new Date(startOfJakartaDay(ymd).getTime() + (hh * 60 + mm) * 60_000);

describe('phaseOf (Asia/Jakarta calendar)', () => {
  it.each([
    ['2021-08-09', 'before'],
    ['2021-08-10', 'helpdesk'],
    ['2021-08-14', 'helpdesk'],
    ['2021-08-15', 'self_update'],
    ['2021-08-25', 'self_update'],
    ['2021-08-26', 'verification'],
    ['2021-09-04', 'verification'],
    ['2021-09-05', 'approval'],
    ['2021-09-14', 'approval'],
    ['2021-09-15', 'after_deadline'],
    ['2022-01-01', 'after_deadline'],
  ])('%s → %s (first and last minute of the day)', (day, phase) => {
    expect(phaseOf(C2021, wib(day, 0, 0))).toBe(phase);
    expect(phaseOf(C2021, wib(day, 23, 59))).toBe(phase);
  });

  it('uses the WIB date, not the UTC date', () => {
    // 25 Aug 2021 18:00 UTC is 26 Aug 01:00 WIB: verification has started in Karanganyar.
    expect(phaseOf(C2021, new Date('2021-08-25T18:00:00Z'))).toBe('verification');
    expect(phaseOf(C2021, new Date('2021-08-25T16:59:59Z'))).toBe('self_update');
    expect(phaseOf(C2021, new Date('2021-09-14T16:59:59Z'))).toBe('approval');
    expect(phaseOf(C2021, new Date('2021-09-14T17:00:00Z'))).toBe('after_deadline');
  });

  it('a gap day between windows opens only the helpdesk', () => {
    const gap = { ...C2021, verificationEnd: '2021-09-02' };
    expect(phaseOf(gap, wib('2021-09-03'))).toBe('helpdesk');
    expect(phaseOf(gap, wib('2021-09-05'))).toBe('approval');
  });

  it('accepts Date values for the dates (DATEONLY read as Date by some drivers)', () => {
    expect(phaseOf({ ...C2021, approvalEnd: new Date('2021-09-14T00:00:00Z') as never }, wib('2021-09-14'))).toBe('approval');
  });
});

describe('phase windows and messages', () => {
  it('lists every window with its dates', () => {
    expect(phaseWindows(C2021)).toEqual([
      { phase: 'before', start: null, end: '2021-08-09' },
      { phase: 'helpdesk', start: '2021-08-10', end: '2021-08-14' },
      { phase: 'self_update', start: '2021-08-15', end: '2021-08-25' },
      { phase: 'verification', start: '2021-08-26', end: '2021-09-04' },
      { phase: 'approval', start: '2021-09-05', end: '2021-09-14' },
      { phase: 'after_deadline', start: '2021-09-15', end: null },
    ]);
  });

  it('formats Indonesian dates without a leading zero', () => {
    expect(formatDay('2021-09-04')).toBe('4 September 2021');
    expect(formatDay('2021-08-26')).toBe('26 Agustus 2021');
  });

  it('names the phase, its dates and today', () => {
    expect(phaseClosedMessage('verify', C2021, wib('2021-09-20', 9))).toBe(
      'Verifikasi usul oleh verifikator OPD hanya dapat dilakukan pada tahap verifikasi (PDM 2021). ' +
        'Tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021; hari ini 20 September 2021.',
    );
    expect(phaseClosedMessage('helpdesk_ticket', C2021, wib('2021-09-20'))).toBe(
      'Layanan helpdesk hanya dapat dilakukan pada tahap helpdesk, pemutakhiran mandiri, verifikasi atau persetujuan (PDM 2021). ' +
        'Tahap helpdesk berlangsung 10 Agustus 2021 – 14 Agustus 2021, tahap pemutakhiran mandiri berlangsung 15 Agustus 2021 – 25 Agustus 2021, ' +
        'tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021, tahap persetujuan berlangsung 5 September 2021 – 14 September 2021; hari ini 20 September 2021.',
    );
  });

  it('the phase table (decisions documented in phases.ts)', () => {
    expect(PHASE_RULES).toEqual({
      submit: ['self_update'],
      revise: ['self_update', 'verification'],
      upload: ['self_update', 'verification'],
      resubmit: ['self_update', 'verification'],
      verify: ['verification'],
      validate: ['verification', 'approval'],
      approve: ['verification', 'approval'],
      helpdesk_ticket: ['helpdesk', 'self_update', 'verification', 'approval'],
      flag_incomplete: ['after_deadline'],
    });
  });
});

describe('validateCampaignDates', () => {
  it('accepts the 2021 dates and gaps between windows', () => {
    expect(validateCampaignDates(C2021)).toEqual({});
    expect(validateCampaignDates({ ...C2021, verificationEnd: '2021-09-02' })).toEqual({});
  });
  it('refuses missing dates, reversed windows and overlaps', () => {
    expect(validateCampaignDates({ ...C2021, approvalEnd: '' })).toEqual({ approvalEnd: 'Tanggal wajib diisi (YYYY-MM-DD)' });
    expect(validateCampaignDates({ ...C2021, selfUpdateEnd: '2021-08-14' })).toEqual({
      selfUpdateEnd: 'Akhir pemutakhiran mandiri harus pada atau setelah tanggal mulainya',
    });
    expect(validateCampaignDates({ ...C2021, verificationStart: '2021-08-25' })).toEqual({
      verificationStart: 'Verifikasi harus dimulai setelah pemutakhiran mandiri berakhir',
    });
    expect(validateCampaignDates({ ...C2021, approvalStart: '2021-09-04' })).toEqual({
      approvalStart: 'Persetujuan harus dimulai setelah verifikasi berakhir',
    });
  });
});
