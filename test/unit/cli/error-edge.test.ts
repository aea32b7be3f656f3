import { describe, it, expect } from '@jest/globals';
import { messageOf, EXIT, exitCodeOf } from '../../../src/cli/error-edge.js';
import { ConflictError, ForbiddenError, NotFoundError, PhaseClosedError, ValidationError } from '../../../src/domain/shared/errors.js';
import { StorageIntegrityError } from '../../../src/domain/documents/stored-pdf.js';

describe('the command line edge: one exit code per kind of error', () => {
  it('a refusal by a service exits "refused" (2), whatever its kind; anything else "failed" (1)', () => {
    for (const e of [
      new ValidationError('x'),
      new PhaseClosedError('x', null, [], '2021-09-01'),
      new ForbiddenError('x'),
      new NotFoundError('x'),
      new ConflictError('x'),
    ]) {
      expect(exitCodeOf(e)).toBe(EXIT.refused);
    }
    expect(EXIT.refused).toBe(2);
    expect(exitCodeOf(new StorageIntegrityError('Berkas rusak'))).toBe(EXIT.failed);
    expect(exitCodeOf(new Error('ECONNREFUSED'))).toBe(EXIT.failed);
    expect(exitCodeOf('string thrown')).toBe(EXIT.failed);
  });

  it('prints the Indonesian message, the fields one per line, and the row of an import', () => {
    expect(messageOf(new NotFoundError('Jadwal "tidak ada" tidak ditemukan'))).toBe('Jadwal "tidak ada" tidak ditemukan');
    expect(
      messageOf(new ValidationError('Data pengguna tidak valid', { email: 'Format e-mail tidak valid', role: 'Peran tidak dikenal' })),
    ).toBe('Data pengguna tidak valid\n  email: Format e-mail tidak valid\n  role: Peran tidak dikenal');
    expect(messageOf(new ValidationError('NIP tidak valid', { nip: '17 digit' }, 12))).toBe('Baris 12: NIP tidak valid\n  nip: 17 digit');
    expect(messageOf(new Error('boom'))).toMatch(/^Terjadi kesalahan yang tidak terduga:\nError: boom/);
  });
});
