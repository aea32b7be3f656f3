import { describe, it, expect } from '@jest/globals';
import { bindColumns } from '../../../../src/domain/imports/header.matcher.js';
import { ImportFileError } from '../../../../src/domain/imports/import-errors.js';
import { sampleTable, testProfiles } from '../../../helpers/siasn-samples.js';

const { asn, aktivasi, usul } = testProfiles();

function refusal(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return err as ImportFileError;
  }
  throw new Error('expected a refusal');
}

describe('bindColumns', () => {
  it('binds every column of the ASN export and lists the 48 it does not use', () => {
    const header = sampleTable('asn').header;
    const b = bindColumns(asn, header);
    expect(b.index.nip).toBe(header.indexOf('NIP BARU'));
    expect(b.index.unitName).toBe(header.indexOf('UNOR NAMA'));
    expect(b.header.nip).toBe('NIP BARU');
    expect(b.width).toBe(64);
    expect(b.unused).toHaveLength(48);
    expect(b.unused).toContain('NIP LAMA');
    expect(b.unused).toContain('EMAIL GOV');
  });

  it('tolerates case, extra and non-breaking spaces, a BOM, underscores and trailing empty headers', () => {
    const b = bindColumns(aktivasi, ['\uFEFF nip ', 'Nama', 'tanggal\u00A0 aktivasi', 'TANGGAL_GANTI_PASSWORD', '', '']);
    expect(b.index).toEqual({ nip: 0, name: 1, activatedAt: 2, passwordChangedAt: 3 });
    // Messages name the column as the file writes it.
    expect(b.header.activatedAt).toBe('tanggal aktivasi');
    expect(b.width).toBe(4);
  });

  it('accepts the aliases of the configuration', () => {
    const b = bindColumns(usul, ['NIP BARU', 'JENIS USUL', 'TGL USUL', 'STATUS', 'KETERANGAN']);
    expect(b.index).toEqual({ nip: 0, category: 1, submittedAt: 2, status: 3, reason: 4 });
    expect(b.header.name).toBe('NAMA');
  });

  it('prefers the first alias when a file has two candidate columns', () => {
    const b = bindColumns(asn, [...sampleTable('asn').header, 'NIP']);
    expect(b.header.nip).toBe('NIP BARU');
    expect(b.unused).toContain('NIP');
  });

  it('names every missing required column before any row is read', () => {
    const header = sampleTable('asn').header.filter((h) => h !== 'NIP BARU' && h !== 'NAMA');
    const err = refusal(() => bindColumns(asn, header));
    expect(err.code).toBe('missing_columns');
    expect(err.message).toBe('Kolom wajib tidak ditemukan: NIP BARU, NAMA');
    expect(err.columns).toEqual(['NIP BARU', 'NAMA']);
  });

  it('says when the file looks like another list altogether', () => {
    const err = refusal(() => bindColumns(usul, ['NOMOR', 'TANGGAL AKTIVASI']));
    expect(err.message).toBe(
      'Kolom wajib tidak ditemukan: NIP, JENIS RIWAYAT, TANGGAL USUL, STATUS USUL. Berkas ini tampaknya bukan Monitoring usulan (SIASN)',
    );
  });

  it('refuses a column that appears twice', () => {
    const err = refusal(() => bindColumns(aktivasi, ['NIP', 'NAMA', 'TANGGAL AKTIVASI', 'nip']));
    expect(err.code).toBe('duplicate_columns');
    expect(err.message).toBe('Kolom muncul lebih dari sekali: NIP (kolom 1 dan 4)');
  });
});
