import { describe, it, expect } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { PATH_PLACEHOLDER, isRedactedKey, redactSecrets } from '../../../../src/domain/access/redaction.js';
import { REDACTION, redactedFieldNames } from '../../../../src/domain/access/field-policy.js';

describe('the one redaction list', () => {
  it('holds the session version, the password hash, storage keys and typed passwords', () => {
    expect(redactedFieldNames()).toEqual(
      expect.arrayContaining([
        'sessionVersion',
        'passwordHash',
        'storageKey',
        'workbookPath',
        'password',
        'currentPassword',
        'newPassword',
      ]),
    );
    expect(REDACTION.secrets.users).toEqual(['passwordHash', 'sessionVersion']);
  });

  it('drops listed keys at any depth, flattened, in snake_case or another case; keeps the rest', () => {
    const out = redactSecrets({
      role: 'approver',
      sessionVersion: 2,
      nested: { session_version: 3, PasswordHash: 'x', list: [{ storageKey: 'ab/ab.pdf', name: 'ktp.pdf' }] },
      'afterData.sessionVersion': 4,
      'file.storage_key': 'ab/ab.pdf',
      'proposedValues.nik': '3313',
    });
    expect(out).toEqual({ role: 'approver', nested: { list: [{ name: 'ktp.pdf' }] }, 'proposedValues.nik': '3313' });
    expect(isRedactedKey('record.params.workbookPath')).toBe(true);
    expect(isRedactedKey('sessions')).toBe(false);
  });

  it('keeps the field names of an `errors` object (messages about a field, not its value)', () => {
    const out = redactSecrets({
      record: { params: { password: 'rahasia-123' }, errors: { password: { message: 'Kata sandi minimal 10 karakter' } } },
    });
    expect(out).toEqual({ record: { params: {}, errors: { password: { message: 'Kata sandi minimal 10 karakter' } } } });
  });

  it('replaces paths in the OS temp dir and the given private dirs, not look-alikes', () => {
    const tmp = path.join(os.tmpdir(), 'upload_0123456789abcdef');
    const out = redactSecrets(
      {
        file: { path: tmp, name: 'scan.pdf' },
        error: `ENOENT: open '${tmp}'`,
        store: '/srv/pdm/uploads/ab/ab.pdf',
        other: `${os.tmpdir()}x/keep`,
        n: 3,
        when: new Date('2026-01-02T03:04:05Z'),
      },
      { privateDirs: ['/srv/pdm/uploads'] },
    );
    expect(out).toEqual({
      file: { path: PATH_PLACEHOLDER, name: 'scan.pdf' },
      error: `ENOENT: open '${PATH_PLACEHOLDER}'`,
      store: PATH_PLACEHOLDER,
      other: `${os.tmpdir()}x/keep`,
      n: 3,
      when: '2026-01-02T03:04:05.000Z',
    });
  });

  it('copes with shared and circular references', () => {
    const shared = { a: 1, sessionVersion: 9 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    const out = redactSecrets<Record<string, unknown>>(cyclic);
    expect(out.shared).toEqual({ a: 1 });
    expect(out.again).toEqual({ a: 1 });
    expect(out.self).toBe(cyclic); // a cycle is left as it was (JSON cannot carry it anyway)
  });
});
