import { describe, it, expect } from '@jest/globals';
import { KARANGANYAR_OPDS } from '../../../../seeders/karanganyar-opds.js';
import { suggestOpdForUnit, type OpdRef } from '../../../../src/domain/imports/unit-opd.suggester.js';
import { createUnitMap, unitKey } from '../../../../src/domain/imports/unit.map.js';
import { col, sampleTable } from '../../../helpers/siasn-samples.js';

/** The regency's real OPD list, as the demo seed creates it. */
const OPDS: OpdRef[] = KARANGANYAR_OPDS.map((o, i) => ({ id: i + 1, code: o.code, name: o.name, kind: o.kind }));
const byCode = (code: string) => OPDS.find((o) => o.code === code)!;
const suggest = (name: string, opds = OPDS) => {
  const s = suggestOpdForUnit(name, opds);
  return s && { code: s.opd.code, rule: s.rule, confidence: s.confidence, reason: s.reason };
};

describe('suggestOpdForUnit on the units of the sample export', () => {
  const t = sampleTable('asn');
  const units = [...new Set(t.rows.map((r) => r[col(t, 'UNOR NAMA')]))];

  it('suggests an OPD for every unit that is an OPD, a puskesmas or a school, and nothing for the rest', () => {
    expect(units).toHaveLength(46);
    const rules: Record<string, number> = {};
    for (const unit of units) {
      const s = suggestOpdForUnit(unit, OPDS);
      // The expectation, independently: the OPD of that exact name, Dinas Kesehatan for a
      // puskesmas, Dinas Pendidikan for an SD; no guess otherwise.
      const exact = OPDS.find((o) => o.name === unit);
      const expected = exact ? exact.code : unit.startsWith('Puskesmas ') ? 'DINKES' : unit.startsWith('SD Negeri ') ? 'DISDIKBUD' : null;
      expect([unit, s?.opd.code ?? null]).toEqual([unit, expected]);
      if (s) rules[s.rule] = (rules[s.rule] ?? 0) + 1;
    }
    expect(rules).toEqual({ same_name: 32, puskesmas: 5, school: 8 });
    expect(suggestOpdForUnit('Bidang Pelayanan dan Sumber Daya Kesehatan', OPDS)).toBeNull();
  });
});

describe('suggestOpdForUnit rules', () => {
  it.each<[string, string | null, string | null, number | null, string | null]>([
    ['KECAMATAN  JATEN', 'KEC-JATEN', 'same_name', 1, 'Nama unit sama dengan nama OPD "Kecamatan Jaten"'],
    ['Dinas Pendidikan dan Kebudayaan.', 'DISDIKBUD', 'same_name', 1, 'Nama unit sama dengan nama OPD "Dinas Pendidikan dan Kebudayaan"'],
    ['Jaten', 'KEC-JATEN', 'same_name_without_prefix', 0.85, 'Nama unit sama dengan nama OPD "Kecamatan Jaten" tanpa awalan jenisnya'],
    [
      'Pekerjaan Umum dan Penataan Ruang',
      'DPUPR',
      'same_name_without_prefix',
      0.85,
      'Nama unit sama dengan nama OPD "Dinas Pekerjaan Umum dan Penataan Ruang" tanpa awalan jenisnya',
    ],
    ['UPTD Puskesmas Colomadu I', 'DINKES', 'puskesmas', 0.9, 'Puskesmas adalah unit pelaksana teknis Dinas Kesehatan'],
    ['SMP Negeri 2 Jaten', 'DISDIKBUD', 'school', 0.9, 'Sekolah (SMP) berada di bawah Dinas Pendidikan dan Kebudayaan'],
    ['TK Negeri Pembina Kerjo', 'DISDIKBUD', 'school', 0.9, 'Sekolah (TK) berada di bawah Dinas Pendidikan dan Kebudayaan'],
    ['SDN 1 Matesih', 'DISDIKBUD', 'school', 0.9, 'Sekolah (SDN) berada di bawah Dinas Pendidikan dan Kebudayaan'],
    ['Kecamatan Jaten Kabupaten Karanganyar', 'KEC-JATEN', 'kecamatan', 0.95, 'Unit kecamatan: Kecamatan Jaten'],
    [
      'Kelurahan Jaten',
      'KEC-JATEN',
      'kelurahan_desa',
      0.6,
      'Kelurahan Jaten diasumsikan berada di Kecamatan Jaten (nama sama); periksa sebelum menyimpan',
    ],
    [
      'Desa Kerjo',
      'KEC-KERJO',
      'kelurahan_desa',
      0.6,
      'Desa Kerjo diasumsikan berada di Kecamatan Kerjo (nama sama); periksa sebelum menyimpan',
    ],
    [
      'Kelurahan Lalung Kecamatan Karanganyar',
      'KEC-KARANGANYAR',
      'contains_name',
      0.75,
      'Nama unit memuat nama OPD "Kecamatan Karanganyar"',
    ],
    ['Sekretariat Kecamatan Tawangmangu', 'KEC-TAWANGMANGU', 'contains_name', 0.75, 'Nama unit memuat nama OPD "Kecamatan Tawangmangu"'],
    [
      'Bidang Bina Marga Dinas Pekerjaan Umum dan Penataan Ruang',
      'DPUPR',
      'contains_name',
      0.75,
      'Nama unit memuat nama OPD "Dinas Pekerjaan Umum dan Penataan Ruang"',
    ],
    ['Instalasi Rawat Inap RSUD Karanganyar', 'RSUD', 'contains_name', 0.75, 'Nama unit memuat nama OPD "RSUD Karanganyar"'],
    [
      'Bidang Kearsipan Perpustakaan dan Kearsipan',
      'DISPUSIP',
      'contains_name',
      0.75,
      'Nama unit memuat nama OPD "Dinas Perpustakaan dan Kearsipan"',
    ],
    // Unsure: no suggestion.
    ['Kelurahan Lalung', null, null, null, null],
    ['SMA Negeri 1 Karanganyar', null, null, null, null],
    ['SMK Negeri 2 Karanganyar', null, null, null, null],
    ['UPT Dinas Kesehatan Kecamatan Jaten', null, null, null, null],
    ['Subbagian Umum dan Kepegawaian', null, null, null, null],
    ['Pasar Jaten', null, null, null, null],
    ['Daerah', null, null, null, null],
    ['', null, null, null, null],
  ])('%j', (unit, code, rule, confidence, reason) => {
    expect(suggest(unit)).toEqual(code === null ? null : { code, rule, confidence, reason });
  });

  it('makes no suggestion when the OPD it would need is missing or ambiguous', () => {
    const noHealth = OPDS.filter((o) => o.code !== 'DINKES');
    expect(suggest('Puskesmas Jaten I', noHealth)).toBeNull();
    const twoEducation = [...OPDS, { id: 99, code: 'DISPORA', name: 'Dinas Pendidikan, Pemuda dan Olahraga', kind: 'dinas' }];
    expect(suggest('SD Negeri 1 Jaten', twoEducation)).toBeNull();
    expect(byCode('DISDIKBUD').kind).toBe('dinas');
  });
});

describe('createUnitMap', () => {
  const map = createUnitMap([
    { unitId: '8AE4830100000045', unitName: 'Sekretariat', opdId: 7 },
    { unitId: null, unitName: 'Puskesmas  Jaten I', opdId: 8 },
  ]);

  it('finds a unit by UNOR ID, whatever its name in the file', () => {
    expect(map.opdFor({ id: '8ae4830100000045', name: 'Sekretariat Dinas Kesehatan' })).toBe(7);
  });

  it('does not map another unit that shares the name but not the ID', () => {
    expect(map.opdFor({ id: '8AE4830100000099', name: 'Sekretariat' })).toBeNull();
  });

  it('finds a unit by name only for rows without UNOR ID', () => {
    expect(map.opdFor({ id: null, name: 'puskesmas jaten i' })).toBe(8);
    expect(map.opdFor({ id: '8AE4830100000077', name: 'Puskesmas Jaten I' })).toBeNull();
    expect(unitKey({ id: null, name: 'Puskesmas  Jaten I.' })).toBe('name:puskesmas jaten i');
  });
});
