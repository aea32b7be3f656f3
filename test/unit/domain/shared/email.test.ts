import { describe, it, expect } from '@jest/globals';
import { isEmailAddress } from '../../../../src/domain/shared/email.js';

describe('isEmailAddress: the one rule for an address, wherever it is entered or imported', () => {
  it.each(['kepala@dinkes.karanganyarkab.go.id', 'a.b-c_d+1@pdm.example', 'X@Y.ID'])('%s is an address', (value) => {
    expect(isEmailAddress(value)).toBe(true);
  });

  it.each([
    ['no @', 'kepala.dinkes.go.id'],
    ['no dot after @', 'kepala@localhost'],
    ['two @', 'a@b@c.id'],
    ['a space', 'kepala dinkes@pdm.example'],
    ['a list (comma)', 'a@pdm.example,b@pdm.example'],
    ['a list (semicolon)', 'a@pdm.example;b@pdm.example'],
    ['a display name', 'Kepala <kepala@pdm.example>'],
    ['a quote', '"kepala"@pdm.example'],
    ['empty', ''],
    ['not a string', 42],
  ])('refuses %s', (_label, value) => {
    expect(isEmailAddress(value)).toBe(false);
  });
});
