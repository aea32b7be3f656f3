import { formatJakartaDate } from '../shared/time.js';

/**
 * The fields of a proposal (submissions.proposed_values) in the words of SIASN's forms, and where
 * the employee's current value is kept locally (SIASN's "Riwayat Data": the proposal beside what
 * is on file). Only a few fields have a local copy (the employees table); the others are history
 * rows that live in SIASN, shown as "tidak tersedia di PDM Monitor".
 */

export const PROPOSAL_FIELD_LABELS: Record<string, string> = {
  alamat: 'Alamat',
  kecamatan: 'Kecamatan',
  kabupaten: 'Kabupaten/Kota',
  nomorHp: 'Nomor HP',
  email: 'Email',
  nik: 'NIK',
  hubungan: 'Hubungan keluarga',
  nama: 'Nama',
  jenisKelamin: 'Jenis kelamin',
  tanggalLahir: 'Tanggal lahir',
  statusTunjangan: 'Mendapat tunjangan',
  tanggalMenikah: 'Tanggal menikah',
  pekerjaan: 'Pekerjaan',
  jenjang: 'Jenjang pendidikan',
  institusi: 'Institusi pendidikan',
  jurusan: 'Jurusan / program studi',
  tahunLulus: 'Tahun lulus',
  nomorIjazah: 'Nomor ijazah',
  jabatan: 'Jabatan',
  unitKerja: 'Unit kerja',
  tmtJabatan: 'TMT jabatan',
  nomorSk: 'Nomor SK',
  penyelenggara: 'Penyelenggara',
  tahun: 'Tahun',
  keterangan: 'Keterangan',
  predikatKinerja: 'Predikat kinerja',
  pejabatPenilai: 'Pejabat penilai',
  masaKerjaTahun: 'Masa kerja (tahun)',
  masaKerjaBulan: 'Masa kerja (bulan)',
  instansiSebelumnya: 'Instansi sebelumnya',
  nomorSkCpns: 'Nomor SK CPNS',
  tmtCpns: 'TMT CPNS',
  nomorSkPns: 'Nomor SK PNS',
  tmtPns: 'TMT PNS',
  golongan: 'Pangkat/golongan',
  tmtGolongan: 'TMT golongan',
  jenisKenaikanPangkat: 'Jenis kenaikan pangkat',
  nomorKeputusan: 'Nomor keputusan',
  tahunMulai: 'Tahun mulai',
  tmtMulai: 'TMT mulai',
  tmtSelesai: 'TMT selesai',
  alasan: 'Alasan',
  instansiTujuan: 'Instansi tujuan',
  tmtPindah: 'TMT pindah',
};

/** Per category, which proposal field has the employee's current value in which employees column. */
const CURRENT_COLUMN: Record<string, Record<string, string>> = {
  data_personal: { email: 'email', nomorHp: 'phone', nik: 'nik' },
  jabatan: { jabatan: 'position', unitKerja: 'unit' },
  pangkat: { golongan: 'rankGrade' },
};

/** "tahunLulus" → "Tahun lulus"; an unknown key in words ("nomorKarpeg" → "Nomor karpeg"). */
export function proposalFieldLabel(key: string): string {
  const known = PROPOSAL_FIELD_LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A proposal value as shown: Ya/Tidak, a day in Indonesian, L/P in words, a number or text. */
export function proposalValueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  if (value === 'true' || value === 'false') return value === 'true' ? 'Ya' : 'Tidak';
  if (key === 'jenisKelamin' && (value === 'L' || value === 'P')) return value === 'L' ? 'Laki-laki' : 'Perempuan';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatJakartaDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'number' ? String(value) : (value as string);
}

export interface ProposalLine {
  key: string;
  label: string;
  proposed: string;
  /** The value on file, null when PDM Monitor keeps no copy of that field. */
  current: string | null;
  /** True when a value on file differs from the proposal. */
  changed: boolean;
}

/**
 * The proposal beside the employee's current data, field by field. `employee` is the row the
 * actor may see (a masked NIK stays masked), or null.
 */
export function proposalLines(
  category: string,
  proposed: Record<string, unknown> | null,
  employee: Record<string, unknown> | null,
): ProposalLine[] {
  const columns = CURRENT_COLUMN[category] ?? {};
  return Object.entries(proposed ?? {}).map(([key, value]) => {
    const column = columns[key];
    const current = column && employee ? proposalValueText(key, employee[column]) : null;
    const shown = proposalValueText(key, value);
    return { key, label: proposalFieldLabel(key), proposed: shown, current, changed: current !== null && current !== shown };
  });
}
