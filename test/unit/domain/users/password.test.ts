import { describe, it, expect } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { BCRYPT_COST, hashPassword, passwordMatches, UNKNOWN_USER_HASH } from '../../../../src/domain/users/password.js';

describe('password hashing: one bcrypt cost for every path', () => {
  it('hashes with BCRYPT_COST and checks what it hashed', async () => {
    const hash = await hashPassword('Sandi-Uji-2026');
    expect(bcrypt.getRounds(hash)).toBe(BCRYPT_COST);
    expect(await passwordMatches('Sandi-Uji-2026', hash)).toBe(true);
    expect(await passwordMatches('sandi-uji-2026', hash)).toBe(false);
    expect(await passwordMatches(undefined, hash)).toBe(false);
  });

  it('the stand-in hash for an unknown e-mail has the same cost (a login for a missing user takes as long) and matches nothing typed', async () => {
    expect(bcrypt.getRounds(UNKNOWN_USER_HASH)).toBe(BCRYPT_COST);
    expect(await passwordMatches('', UNKNOWN_USER_HASH)).toBe(false);
    expect(await passwordMatches('pdm-demo', UNKNOWN_USER_HASH)).toBe(false);
  });
});
