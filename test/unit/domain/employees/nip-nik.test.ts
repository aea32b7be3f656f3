import { describe, it, expect } from '@jest/globals';
import {
  parseNip,
  parseNik,
  validateIdentity,
  maskNik,
  isMaskedNik,
  makeNip,
  makeNik,
  type EmployeeType,
  type FieldError,
} from '../../../../src/domain/employees/nip-nik.js';

/** Fixed "now": 15 June 2024 (local time). Max plausible birth year = 2007. */
const NOW = new Date(2024, 5, 15, 12, 0, 0);

describe('validateIdentity — valid combinations', () => {
  it.each<[string, string, string, EmployeeType]>([
    ['PNS laki-laki', '198503122010011001', '3313061203850001', 'PNS'],
    ['PNS perempuan', '199001012015032002', '3313024101900003', 'PNS'],
    ['CPNS laki-laki', '199805172024021003', '3313051705980002', 'CPNS'],
    ['CPNS perempuan', '200002142024062015', '3313095402000007', 'CPNS'],
    ['PPPK dengan NIK tidak terkait', '198207152022212001', '3313010101700005', 'PPPK'],
    ['PPPK laki-laki', '197511302023211045', '3172031011750012', 'PPPK'],
    ['29 Februari tahun kabisat', '199202292015031001', '3313062902920004', 'PNS'],
    ['29 Februari 2000 (kabisat abad)', '200002292024061001', '3313062902000004', 'CPNS'],
    ['TMT CPNS tepat 17 tahun setelah lahir', '199001012007011001', '3313060101900001', 'PNS'],
    ['TMT CPNS bulan berjalan', '199503032024061001', '3313060303950001', 'CPNS'],
    ['spasi di awal/akhir dipangkas', '  198503122010011001 ', ' 3313061203850001\n', 'PNS'],
  ])('%s', (_label, nip, nik, type) => {
    expect(validateIdentity({ nip, nik, type }, NOW)).toEqual([]);
  });
});

describe('validateIdentity — single error cases', () => {
  it.each<[string, string, string, EmployeeType, FieldError['field'], string[]]>([
    // NIP format
    ['NIP 17 digit', '19850312201001100', '3313061203850001', 'PNS', 'nip', ['NIP', 'harus 18 digit', 'diterima 17 digit']],
    ['NIP 19 digit', '1985031220100110012', '3313061203850001', 'PNS', 'nip', ['NIP', 'harus 18 digit', 'diterima 19 digit']],
    ['NIP kosong', '', '3313061203850001', 'PNS', 'nip', ['NIP', 'wajib diisi']],
    ['NIP berisi huruf', '19850312201001100A', '3313061203850001', 'PNS', 'nip', ['NIP', '18 digit angka', 'selain angka']],
    ['NIP berisi spasi di tengah', '19850312 2010011001', '3313061203850001', 'PNS', 'nip', ['NIP', 'selain angka']],
    ['NIP berisi titik', '19850312.201001.1.001', '3313061203850001', 'PNS', 'nip', ['NIP', 'selain angka']],
    ['NIP PPPK 17 digit', '19820715202221200', '3313010101700005', 'PPPK', 'nip', ['NIP', 'diterima 17 digit']],
    // NIP content
    ['NIP 30 Februari', '198502302010011001', '3313061203850001', 'PNS', 'nip', ['NIP', 'tanggal lahir 19850230 tidak valid']],
    ['NIP bulan lahir 13', '198513122010011001', '3313061203850001', 'PNS', 'nip', ['NIP', 'tanggal lahir 19851312 tidak valid']],
    [
      'NIP 29 Februari bukan kabisat',
      '199302292015031001',
      '3313060103930001',
      'PNS',
      'nip',
      ['NIP', 'tanggal lahir 19930229 tidak valid'],
    ],
    ['NIP tahun lahir terlalu tua', '193501012000011001', '3313060101350001', 'PNS', 'nip', ['NIP', 'tahun lahir 1935', 'tidak wajar']],
    ['NIP tahun lahir terlalu muda', '201001012024011001', '3313060101100001', 'CPNS', 'nip', ['NIP', 'tahun lahir 2010', 'tidak wajar']],
    ['NIP bulan TMT CPNS 13', '198503122010131001', '3313061203850001', 'PNS', 'nip', ['NIP', 'TMT CPNS', 'bulan', 'tidak valid']],
    ['NIP bulan TMT CPNS 00', '198503122010001001', '3313061203850001', 'PNS', 'nip', ['NIP', 'TMT CPNS', 'bulan']],
    [
      'NIP kode jenis kelamin 3',
      '198503122010013001',
      '3313061203850001',
      'PNS',
      'nip',
      ['NIP', 'kode jenis kelamin harus 1 (laki-laki) atau 2 (perempuan)'],
    ],
    ['NIP nomor urut 000', '198503122010011000', '3313061203850001', 'PNS', 'nip', ['NIP', 'nomor urut', '000']],
    ['NIP TMT CPNS sebelum usia 17', '199001012006011001', '3313060101900001', 'PNS', 'nip', ['NIP', 'TMT CPNS 200601', '17 tahun']],
    ['NIP TMT CPNS di masa depan', '199001012024071001', '3313060101900001', 'CPNS', 'nip', ['NIP', 'TMT CPNS 202407', 'masa depan']],
    [
      'NIP PPPK tanggal lahir tidak valid',
      '198202302022212001',
      '3313010101700005',
      'PPPK',
      'nip',
      ['NIP', 'tanggal lahir 19820230 tidak valid'],
    ],
    ['NIP PPPK kode jenis kelamin 3', '198207152022213001', '3313010101700005', 'PPPK', 'nip', ['NIP', 'jenis kelamin']],
    // NIK format/content
    ['NIK 15 digit', '198503122010011001', '331306120385001', 'PNS', 'nik', ['NIK', 'harus 16 digit', 'diterima 15 digit']],
    ['NIK berisi huruf', '198503122010011001', '33130612038500O1', 'PNS', 'nik', ['NIK', '16 digit angka']],
    ['NIK kosong', '198503122010011001', '   ', 'PNS', 'nik', ['NIK', 'wajib diisi']],
    ['NIK nomor urut 0000', '198503122010011001', '3313061203850000', 'PNS', 'nik', ['NIK', 'nomor urut', '0000']],
    ['NIK tanggal 72', '199001012015032002', '3313027201900003', 'PNS', 'nik', ['NIK', 'tanggal lahir 72 tidak valid']],
    ['NIK tanggal 35', '198503122010011001', '3313063503850001', 'PNS', 'nik', ['NIK', 'tanggal lahir 35 tidak valid']],
    ['NIK tanggal 00', '198503122010011001', '3313060003850001', 'PNS', 'nik', ['NIK', 'tanggal lahir 00 tidak valid']],
    ['NIK bulan 13', '198503122010011001', '3313061213850001', 'PNS', 'nik', ['NIK', 'bulan lahir 13 tidak valid']],
    ['NIK 30 Februari', '198503122010011001', '3313063002850001', 'PNS', 'nik', ['NIK', 'tanggal lahir 30-02-85 tidak valid']],
    [
      'NIK 29 Februari bukan kabisat',
      '199302282015031001',
      '3313062902930001',
      'PNS',
      'nik',
      ['NIK', 'tanggal lahir 29-02-93 tidak valid'],
    ],
    ['NIK kode wilayah 000000', '198503122010011001', '0000001203850001', 'PNS', 'nik', ['NIK', 'kode wilayah', '000000']],
    ['NIK kode provinsi 99', '198503122010011001', '9913061203850001', 'PNS', 'nik', ['NIK', 'kode provinsi 99']],
    ['NIK kode provinsi 10', '198503122010011001', '1013061203850001', 'PNS', 'nik', ['NIK', 'kode provinsi 10']],
    // Cross-checks
    [
      'NIK tanggal lahir beda dengan NIP',
      '198503132010011001',
      '3313061203850001',
      'PNS',
      'nik',
      ['NIK: tanggal lahir tidak sama dengan NIP (NIK 12-03-85, NIP 1985-03-13)'],
    ],
    [
      'NIK abad beda dengan NIP',
      '200002142024061001',
      '3313061402990001',
      'CPNS',
      'nik',
      ['NIK', 'tidak sama dengan NIP', 'NIK 14-02-99', 'NIP 2000-02-14'],
    ],
    [
      'NIK jenis kelamin beda dengan NIP (NIP laki-laki)',
      '198503122010011001',
      '3313065203850001',
      'PNS',
      'nik',
      ['NIK', 'jenis kelamin tidak sama dengan NIP'],
    ],
    [
      'NIK jenis kelamin beda dengan NIP (NIP perempuan)',
      '199001012015032002',
      '3313020101900003',
      'CPNS',
      'nik',
      ['NIK', 'jenis kelamin tidak sama dengan NIP'],
    ],
  ])('%s', (_label, nip, nik, type, field, words) => {
    const errors = validateIdentity({ nip, nik, type }, NOW);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe(field);
    for (const w of words) expect(errors[0].message).toContain(w);
  });
});

describe('validateIdentity — multiple errors', () => {
  it('reports both NIK date and sex mismatch', () => {
    const errors = validateIdentity({ nip: '198503122010011001', nik: '3313065303850001', type: 'PNS' }, NOW);
    expect(errors.map((e) => e.field)).toEqual(['nik', 'nik']);
    expect(errors[0].message).toContain('tanggal lahir tidak sama dengan NIP');
    expect(errors[1].message).toContain('jenis kelamin tidak sama dengan NIP');
  });

  it('reports NIP and NIK errors together (no cross-check when NIP is invalid)', () => {
    const errors = validateIdentity({ nip: '1985031220100110', nik: '3313061203850000', type: 'PNS' }, NOW);
    expect(errors.map((e) => e.field)).toEqual(['nip', 'nik']);
    expect(errors[0].message).toContain('diterima 16 digit');
    expect(errors[1].message).toContain('nomor urut');
  });

  it('reports every NIP problem found', () => {
    const errors = validateIdentity({ nip: '198503122010013000', nik: '3313061203850001', type: 'PNS' }, NOW);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.field === 'nip')).toBe(true);
    expect(errors[0].message).toContain('jenis kelamin');
    expect(errors[1].message).toContain('nomor urut');
  });

  it('does not cross-check PPPK', () => {
    expect(validateIdentity({ nip: '199001012022212001', nik: '3313061203850001', type: 'PPPK' }, NOW)).toEqual([]);
  });
});

describe('parseNip', () => {
  it.each<[string, EmployeeType, { birthDate: string; cpnsStart: string | null; sex: 'L' | 'P'; sequence: number }]>([
    ['198503122010011001', 'PNS', { birthDate: '1985-03-12', cpnsStart: '2010-01', sex: 'L', sequence: 1 }],
    ['199001012015032002', 'PNS', { birthDate: '1990-01-01', cpnsStart: '2015-03', sex: 'P', sequence: 2 }],
    ['199805172024021103', 'CPNS', { birthDate: '1998-05-17', cpnsStart: '2024-02', sex: 'L', sequence: 103 }],
    ['198207152022212999', 'PPPK', { birthDate: '1982-07-15', cpnsStart: null, sex: 'P', sequence: 999 }],
  ])('%s (%s)', (nip, type, expected) => {
    expect(parseNip(nip, type, NOW)).toEqual({ ok: true, value: expected });
  });

  it('defaults to PNS rules (month 21 rejected)', () => {
    const r = parseNip('198207152022212001', undefined, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('nip');
      expect(r.error.message).toContain('TMT CPNS');
    }
  });

  it('PPPK allows sequence 000 and month 21 but still checks the birth date', () => {
    expect(parseNip('198207152022212000', 'PPPK', NOW).ok).toBe(true);
    expect(parseNip('198213152022212001', 'PPPK', NOW).ok).toBe(false);
  });

  it('uses `now` for the future check', () => {
    expect(parseNip('199001012024071001', 'CPNS', NOW).ok).toBe(false);
    expect(parseNip('199001012024071001', 'CPNS', new Date(2024, 6, 1)).ok).toBe(true);
  });
});

describe('parseNik', () => {
  it.each<[string, number | undefined, { regionCode: string; birthDate: string; sex: 'L' | 'P'; sequence: number }]>([
    ['3313061203850001', undefined, { regionCode: '331306', birthDate: '1985-03-12', sex: 'L', sequence: 1 }],
    ['3313024101900003', undefined, { regionCode: '331302', birthDate: '1990-01-01', sex: 'P', sequence: 3 }],
    ['3172037112991234', undefined, { regionCode: '317203', birthDate: '1999-12-31', sex: 'P', sequence: 1234 }],
    // 20YY when not in the future
    ['3313061005100001', undefined, { regionCode: '331306', birthDate: '2010-05-10', sex: 'L', sequence: 1 }],
    ['3313061406240001', undefined, { regionCode: '331306', birthDate: '2024-06-14', sex: 'L', sequence: 1 }],
    // 19YY when 20YY would be in the future
    ['3313060112240001', undefined, { regionCode: '331306', birthDate: '1924-12-01', sex: 'L', sequence: 1 }],
    ['3313060112300001', undefined, { regionCode: '331306', birthDate: '1930-12-01', sex: 'L', sequence: 1 }],
    // century hint
    ['3313061005100001', 1900, { regionCode: '331306', birthDate: '1910-05-10', sex: 'L', sequence: 1 }],
    ['3313061005100001', 19, { regionCode: '331306', birthDate: '1910-05-10', sex: 'L', sequence: 1 }],
    ['3313061203850001', 2000, { regionCode: '331306', birthDate: '2085-03-12', sex: 'L', sequence: 1 }],
    ['3313062902000004', undefined, { regionCode: '331306', birthDate: '2000-02-29', sex: 'L', sequence: 4 }],
  ])('%s (hint %s)', (nik, hint, expected) => {
    expect(parseNik(nik, NOW, hint)).toEqual({ ok: true, value: expected });
  });

  it('29-02-00 is invalid in 1900 (not a leap year)', () => {
    const r = parseNik('3313062902000004', NOW, 1985);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('nik');
      expect(r.error.message).toContain('tanggal lahir 29-02-00 tidak valid');
    }
  });
});

describe('makeNip / makeNik', () => {
  it.each(['198503122010011001', '199001012015032002', '199805172024021999', '199202292015031010'])(
    'makeNip(parseNip(%s)) round-trips',
    (nip) => {
      const r = parseNip(nip, 'PNS', NOW);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const v = r.value;
      const built = makeNip({ birthDate: v.birthDate, cpnsStart: v.cpnsStart!, sex: v.sex, sequence: v.sequence });
      expect(built).toBe(nip);
    },
  );

  it.each([
    { birthDate: '1985-03-12', cpnsStart: '2010-01', sex: 'L' as const, sequence: 1 },
    { birthDate: '1990-01-01', cpnsStart: '2015-03', sex: 'P' as const, sequence: 2 },
    { birthDate: '1992-02-29', cpnsStart: '2019-12', sex: 'P' as const, sequence: 345 },
  ])('parseNip(makeNip($birthDate, $cpnsStart, $sex, $sequence)) round-trips', (p) => {
    expect(parseNip(makeNip(p), 'PNS', NOW)).toEqual({ ok: true, value: p });
  });

  it('makeNip for PPPK with YYYY21 block', () => {
    const nip = makeNip({ birthDate: '1982-07-15', cpnsStart: '202221', sex: 'P', sequence: 1 });
    expect(nip).toBe('198207152022212001');
    expect(parseNip(nip, 'PPPK', NOW)).toEqual({
      ok: true,
      value: { birthDate: '1982-07-15', cpnsStart: null, sex: 'P', sequence: 1 },
    });
  });

  it.each([
    { regionCode: '331306', birthDate: '1985-03-12', sex: 'L' as const, sequence: 1 },
    { regionCode: '331302', birthDate: '1990-01-01', sex: 'P' as const, sequence: 3 },
    { regionCode: '317203', birthDate: '1999-12-31', sex: 'P' as const, sequence: 1234 },
    { regionCode: '331306', birthDate: '2010-05-10', sex: 'L' as const, sequence: 9999 },
  ])('parseNik(makeNik($regionCode, $birthDate, $sex)) round-trips', (p) => {
    expect(parseNik(makeNik(p), NOW)).toEqual({ ok: true, value: p });
  });

  it('makeNik encodes female day + 40', () => {
    expect(makeNik({ regionCode: '331302', birthDate: '1990-01-01', sex: 'P', sequence: 3 })).toBe('3313024101900003');
    expect(makeNik({ regionCode: '331306', birthDate: '1985-03-12', sex: 'L', sequence: 1 })).toBe('3313061203850001');
  });

  it('made NIP and NIK pass validateIdentity together', () => {
    const person = { birthDate: '1993-08-21', sex: 'P' as const };
    const nip = makeNip({ ...person, cpnsStart: '2019-03', sequence: 7 });
    const nik = makeNik({ ...person, regionCode: '331305', sequence: 12 });
    expect(nip).toBe('199308212019032007');
    expect(nik).toBe('3313056108930012');
    expect(validateIdentity({ nip, nik, type: 'PNS' }, NOW)).toEqual([]);
  });

  it.each([
    ['birthDate too short', () => makeNip({ birthDate: '1985-03-1', cpnsStart: '2010-01', sex: 'L', sequence: 1 })],
    ['cpnsStart too long', () => makeNip({ birthDate: '1985-03-12', cpnsStart: '2010011', sex: 'L', sequence: 1 })],
    ['sequence > 999', () => makeNip({ birthDate: '1985-03-12', cpnsStart: '2010-01', sex: 'L', sequence: 1000 })],
    ['bad sex', () => makeNip({ birthDate: '1985-03-12', cpnsStart: '2010-01', sex: 'X' as 'L', sequence: 1 })],
    ['region too short', () => makeNik({ regionCode: '33130', birthDate: '1985-03-12', sex: 'L', sequence: 1 })],
    ['NIK sequence > 9999', () => makeNik({ regionCode: '331306', birthDate: '1985-03-12', sex: 'L', sequence: 10000 })],
    ['NIK sequence not integer', () => makeNik({ regionCode: '331306', birthDate: '1985-03-12', sex: 'L', sequence: 1.5 })],
  ])('throws: %s', (_label, fn) => {
    expect(fn).toThrow(RangeError);
  });
});

describe('maskNik', () => {
  it.each<[string | null | undefined, string]>([
    ['3313061203850001', '3313xxxxxxxx0001'],
    ['  3313024101900003 ', '3313xxxxxxxx0003'],
    ['', ''],
    ['   ', ''],
    [null, ''],
    [undefined, ''],
    ['12345678', 'xxxxxxxx'],
  ])('maskNik(%p) = %p', (input, expected) => {
    expect(maskNik(input)).toBe(expected);
  });
});

describe('isMaskedNik', () => {
  it('recognises what maskNik shows, and only that: a real NIK, another type or a capital X is not masked', () => {
    for (const nik of ['3313061203850001', '12345678']) expect(isMaskedNik(maskNik(nik))).toBe(true);
    expect(isMaskedNik('3313061203850001')).toBe(false);
    expect(isMaskedNik('3313XXXXXXXX0001')).toBe(false);
    expect(isMaskedNik('')).toBe(false);
    expect(isMaskedNik(null)).toBe(false);
    expect(isMaskedNik(3313061203850001)).toBe(false);
  });
});
