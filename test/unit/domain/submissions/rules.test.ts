import { describe, it, expect } from '@jest/globals';
import {
  canReadDocument,
  canReadSubmission,
  edgesFor,
  editRefusal,
  evaluate,
  checkNote,
  normaliseProposal,
} from '../../../../src/domain/submissions/rules.js';
import { completionSql, countedSubmissionSql, STATUS_AS_OF } from '../../../../src/domain/submissions/completion.js';
import { referenceData, type Category } from '../../../../config/reference-data.js';
import type { Actor } from '../../../../src/domain/shared/actor.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../../src/domain/shared/errors.js';

const actor = (role: Actor['role'], opdId: number | null = null): Actor => ({ id: 1, email: 'x@y', role, opdId });
const ref = referenceData();
const personal = ref.category('data_personal')!;
const education = ref.category('pendidikan')!;

describe('the state machine as data', () => {
  it('an OPD-only category: verify → decide', () => {
    expect(edgesFor(personal).map((e) => `${e.from} -${e.action}-> ${e.to} [${e.roles.join(',')}] @${e.phase}`)).toEqual([
      'submitted -verify-> verified [verifier] @verify',
      'submitted -returnForFix-> needs_fix [verifier] @verify',
      'submitted -reject-> rejected [verifier] @verify',
      'verified -approve-> approved [approver,admin] @approve',
      'verified -reject-> rejected [approver,admin] @approve',
      'needs_fix -resubmit-> submitted [helpdesk,admin,verifier] @resubmit',
    ]);
  });
  it('a BKN category: verify → validate → decide', () => {
    expect(edgesFor(education).map((e) => `${e.from} -${e.action}-> ${e.to} [${e.roles.join(',')}] @${e.phase}`)).toEqual([
      'submitted -verify-> verified [verifier] @verify',
      'submitted -returnForFix-> needs_fix [verifier] @verify',
      'submitted -reject-> rejected [verifier] @verify',
      'validated -approve-> approved [approver,admin] @approve',
      'validated -reject-> rejected [approver,admin] @approve',
      'needs_fix -resubmit-> submitted [helpdesk,admin,verifier] @resubmit',
      'verified -validate-> validated [bkn_validator] @validate',
      'verified -returnForFix-> needs_fix [bkn_validator] @validate',
      'verified -reject-> rejected [bkn_validator] @validate',
    ]);
  });
  it('a category the configuration does not let the OPD verify goes to BKPSDM for the first step', () => {
    const c: Category = { ...personal, code: 'khusus', label: 'Khusus', verifiedByOpd: false };
    expect(evaluate(actor('verifier', 1), { opdId: 1, status: 'submitted', category: 'khusus' }, c, 'verify')).toMatchObject({
      ok: false,
      denied: true,
    });
    const r = evaluate(actor('approver'), { opdId: 1, status: 'submitted', category: 'khusus' }, c, 'verify');
    expect(r.ok).toBe(true);
  });
  it('only notes of 5+ characters for return and reject', () => {
    const ret = edgesFor(personal).find((e) => e.action === 'returnForFix')!;
    const ver = edgesFor(personal).find((e) => e.action === 'verify')!;
    expect(() => checkNote(ret, 'abcd')).toThrow(ValidationError);
    expect(checkNote(ret, '  abcde ')).toBe('abcde');
    expect(checkNote(ver, '')).toBeNull();
    expect(() => checkNote(ver, 'x'.repeat(2001))).toThrow(ValidationError);
  });
  it('classifies refusals', () => {
    const s = { opdId: 1, status: 'approved' as const, category: 'data_personal' };
    expect((evaluate(actor('verifier', 1), s, personal, 'verify') as { error: Error }).error).toBeInstanceOf(ConflictError);
    expect((evaluate(actor('verifier', 2), s, personal, 'verify') as { error: Error }).error).toBeInstanceOf(ForbiddenError);
    expect((evaluate(actor('verifier', null), s, personal, 'verify') as { error: Error }).error.message).toMatch(/belum terhubung ke OPD/);
    expect((evaluate(actor('system'), s, personal, 'approve') as { error: Error }).error.message).toBe(
      'Peran sistem tidak berwenang menyetujui usul',
    );
  });
});

describe('record access', () => {
  it('reads', () => {
    expect(canReadSubmission(actor('secretary', 1), { opdId: 1 }, personal)).toBe(true);
    expect(canReadSubmission(actor('secretary', 1), { opdId: 2 }, personal)).toBe(false);
    expect(canReadSubmission(actor('opd_head', null), { opdId: 1 }, personal)).toBe(false);
    expect(canReadSubmission(actor('bkn_validator'), { opdId: 1 }, education)).toBe(true);
    expect(canReadSubmission(actor('bkn_validator'), { opdId: 1 }, personal)).toBe(false);
    expect(canReadSubmission(actor('helpdesk'), { opdId: 1 }, personal)).toBe(true);
    expect(canReadDocument(actor('helpdesk'), { opdId: 1 }, personal)).toBe(false);
    expect(canReadDocument(actor('regent'), { opdId: 1 }, personal)).toBe(false);
    expect(canReadDocument(actor('secretary', 1), { opdId: 1 }, personal)).toBe(false);
    expect(canReadDocument(actor('approver'), { opdId: 1 }, personal)).toBe(true);
    expect(canReadDocument(actor('verifier', 1), { opdId: 1 }, personal)).toBe(true);
    expect(canReadDocument(actor('verifier', 1), { opdId: 2 }, personal)).toBe(false);
  });
  it('edits', () => {
    expect(editRefusal(actor('helpdesk'), 1)).toBeNull();
    expect(editRefusal(actor('admin'), 1)).toBeNull();
    expect(editRefusal(actor('verifier', 1), 1)).toBeNull();
    expect(editRefusal(actor('verifier', 2), 1)).toBe('Anda hanya dapat mengubah usul pegawai OPD Anda');
    expect(editRefusal(actor('approver'), 1)).toBe('Peran Persetujuan BKPSDM tidak berwenang mengubah usul');
  });
});

describe('completed update (DESIGN.md)', () => {
  // The rule itself runs as SQL against real databases: test/integration/submissions/completion.test.ts.
  it('builds only safe SQL', () => {
    const scope = { asOf: null, campaign: { id: 3, start: new Date('2026-10-19T17:00:00Z') } };
    expect(countedSubmissionSql(scope)).toBe(
      '(s.campaign_id = :campaignId OR (s.campaign_id IS NULL AND s.submitted_at >= :campaignStart))',
    );
    expect(countedSubmissionSql({ asOf: new Date(), campaign: null })).toBe('s.submitted_at <= :asOf');
    expect(() => countedSubmissionSql(scope, 's; DROP TABLE x')).toThrow();
    expect(() => STATUS_AS_OF('s) OR (1')).toThrow();
    expect(() => completionSql({ ...scope, asOf: new Date() }, { lockForShare: 'mysql' })).toThrow();
  });
});

describe('normaliseProposal (the proposed values of a submission)', () => {
  it('takes a flat object or its JSON text, trims text, keeps numbers and yes/no', () => {
    expect(normaliseProposal({ jabatan: ' Guru Ahli Muda ', tahun: 2024, aktif: true, catatan: null })).toEqual({
      jabatan: 'Guru Ahli Muda',
      tahun: 2024,
      aktif: true,
      catatan: null,
    });
    expect(normaliseProposal('{"jenjang": "S1"}')).toEqual({ jenjang: 'S1' });
    for (const empty of [null, undefined, '', 'null']) expect(normaliseProposal(empty)).toBeNull();
  });
  it.each([
    ['not JSON', '{jenjang: S1', /bukan JSON/],
    ['an array', [1, 2], /objek/],
    ['a nested object', { a: { b: 1 } }, /teks, angka atau ya\/tidak/],
    ['a bad key', { 'nama lengkap': 'x' }, /nama isian/],
    ['too long a text', { catatan: 'x'.repeat(2001) }, /2000 karakter/],
    ['too many keys', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])), /50 isian/],
    ['a NIK that is not 16 digits', { nik: '3313xxxxxxxx0009' }, /NIK yang diusulkan harus 16 angka/],
  ])('refuses %s with a message on the field', (_what, value, message) => {
    expect(() => normaliseProposal(value)).toThrow(ValidationError);
    expect(() => normaliseProposal(value)).toThrow(message);
  });
});
