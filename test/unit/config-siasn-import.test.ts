import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import { loadReferenceData } from '../../config/reference-data.js';
import { SiasnImportConfigError, loadSiasnImportConfig, parseSiasnImportConfig } from '../../config/siasn-import.js';
import { SUBMISSION_STATUS_LABELS } from '../../src/domain/shared/constants.js';
import { siasnVocabulary } from '../../src/domain/imports/siasn-words.mapper.js';
import { sampleTable } from '../helpers/siasn-samples.js';

const reference = loadReferenceData();
const raw = () => JSON.parse(fs.readFileSync(new URL('../../config/siasn-import.json', import.meta.url), 'utf8'));

function problem(mutate: (c: any) => void): string {
  const c = raw();
  mutate(c);
  try {
    parseSiasnImportConfig(c, reference);
  } catch (err) {
    expect(err).toBeInstanceOf(SiasnImportConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('config/siasn-import.json', () => {
  const config = loadSiasnImportConfig();
  const words = siasnVocabulary(config, reference);

  it('maps every category and status word of the usul sample, and every employee type of the ASN sample', () => {
    const usul = sampleTable('usul');
    const cat = usul.header.indexOf('JENIS RIWAYAT');
    const st = usul.header.indexOf('STATUS USUL');
    const categories = new Set(usul.rows.map((r) => r[cat]));
    const statuses = new Set(usul.rows.map((r) => r[st]));
    expect(categories.size).toBe(13);
    expect(statuses.size).toBe(6);
    for (const c of categories) expect(reference.category(words.categories.get(c)!)).toBeDefined();
    expect(Object.fromEntries([...statuses].map((s) => [s, words.statuses.get(s)]))).toEqual({
      'Input Berkas': 'submitted',
      'Perbaikan Dokumen (BTS)': 'needs_fix',
      'Tidak Memenuhi Syarat (TMS)': 'rejected',
      'Terverifikasi OPD': 'verified',
      'Tervalidasi BKN': 'validated',
      'Disetujui BKPSDM': 'approved',
    });
    const asn = sampleTable('asn');
    const type = asn.header.indexOf('JENIS PEGAWAI NAMA');
    expect([...new Set(asn.rows.map((r) => words.employeeTypes.get(r[type])))].sort()).toEqual(['CPNS', 'PNS', 'PPPK']);
  });

  it('maps the words as SIASN spells them, ignoring case and spacing, and also the product labels', () => {
    expect(words.categories.get('riwayat  golongan')).toBe('pangkat');
    expect(words.categories.get('Riwayat Pangkat/Golongan')).toBe('pangkat');
    expect(words.categories.get('pmk')).toBe('pmk');
    expect(words.statuses.get(' PERBAIKAN DOKUMEN (BTS) ')).toBe('needs_fix');
    for (const [status, label] of Object.entries(SUBMISSION_STATUS_LABELS)) expect(words.statuses.get(label)).toBe(status);
    expect(words.statuses.get('Ditolak')).toBeUndefined();
    expect(words.employeeTypes.get('Honorer')).toBeUndefined();
  });

  it.each<[string, (c: any) => void, RegExp]>([
    [
      'an unknown category code',
      (c) => (c.categories.words['Riwayat Hukuman Disiplin'] = 'hukdis'),
      /categories: "Riwayat Hukuman Disiplin" → "hukdis" tidak terdaftar/,
    ],
    ['an unknown status', (c) => (c.statuses.words.Ditolak = 'ditolak'), /statuses\.words\.Ditolak/],
    ['an unknown employee type', (c) => (c.employeeTypes.words.Honorer = 'HONOR'), /employeeTypes\.words\.Honorer/],
    [
      'a word mapped twice',
      (c) => (c.statuses.words['input  berkas'] = 'approved'),
      /statuses: "input {2}berkas" dipetakan dua kali \(submitted dan approved\)/,
    ],
    ['an unknown column field', (c) => (c.profiles.asn.columns.npwp = ['NPWP NOMOR']), /profiles\.asn\.columns/],
    ['a missing column field', (c) => delete c.profiles.usul.columns.status, /profiles\.usul\.columns\.status/],
    ['an empty alias list', (c) => (c.profiles.aktivasi.columns.nip = []), /profiles\.aktivasi\.columns\.nip/],
    [
      'one header for two fields',
      (c) => c.profiles.usul.columns.reason.push('Status'),
      /profiles\.usul: judul kolom "Status" dipakai oleh status dan reason/,
    ],
  ])('refuses %s, naming it', (_label, mutate, message) => {
    expect(problem(mutate)).toMatch(message);
  });

  it('says which file cannot be read', () => {
    expect(() => loadSiasnImportConfig('/nonexistent/siasn-import.json')).toThrow(/^\/nonexistent\/siasn-import\.json tidak dapat dibaca/);
  });
});
