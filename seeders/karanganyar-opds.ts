import type { OpdKind } from '../src/domain/shared/constants.js';

/**
 * The OPD (Organisasi Perangkat Daerah) structure of Kabupaten Karanganyar, as demo data.
 *
 * Names, kinds and the 17 kecamatan (with their Kemendagri region codes, used for NIKs) follow
 * the regency's real structure. Heads, secretaries and addresses are FICTITIOUS demo values
 * (plausible Javanese names, street names of Karanganyar): no real official is named here.
 *
 * `staff` is the head count in the 9,000-employee demo; smaller or larger seeds scale it.
 * `engagement` drives how far the OPD is in the campaign (MySAPK activation, verifier work)
 * so the reports show red, amber and green rows.
 */

export type StaffProfile = 'education' | 'health' | 'hospital' | 'kecamatan' | 'general';

/** A functional position (jabatan fungsional) family: `${base} Ahli Pertama|Muda|Madya` or `${base} Terampil|Mahir|Penyelia`. */
export interface FunctionalJob {
  base: string;
  levels: 'ahli' | 'terampil' | 'both';
  weight: number;
}

export interface KaranganyarOpd {
  code: string;
  name: string;
  kind: OpdKind;
  address: string;
  headName: string;
  secretaryName: string;
  staff: number;
  profile: StaffProfile;
  engagement?: 'lagging' | 'leading';
  /** Work units inside the OPD (bidang, bagian, seksi); the profile adds its own (schools, puskesmas). */
  units: string[];
  /** Structural posts held by the first employees of the OPD, one each. */
  structural: string[];
  /** Functional positions typical of this OPD (besides general administrative staff). */
  functional: FunctionalJob[];
  /** Kemendagri code of the kecamatan (3313xx), for kecamatan OPDs. */
  regionCode?: string;
}

const SECRETARIAT_UNITS = ['Sekretariat', 'Subbagian Umum dan Kepegawaian', 'Subbagian Perencanaan dan Keuangan'];
const dinasStructural = (bidang: string[]): string[] => [
  'Sekretaris',
  'Kepala Subbagian Umum dan Kepegawaian',
  'Kepala Subbagian Perencanaan dan Keuangan',
  ...bidang.map((b) => `Kepala ${b}`),
];
const jf = (base: string, levels: FunctionalJob['levels'], weight: number): FunctionalJob => ({ base, levels, weight });

function dinas(
  code: string,
  name: string,
  kind: OpdKind,
  address: string,
  headName: string,
  secretaryName: string,
  staff: number,
  bidang: string[],
  functional: FunctionalJob[],
  extra: Partial<KaranganyarOpd> = {},
): KaranganyarOpd {
  return {
    code,
    name,
    kind,
    address,
    headName,
    secretaryName,
    staff,
    profile: 'general',
    units: [...SECRETARIAT_UNITS, ...bidang],
    structural: dinasStructural(bidang),
    functional,
    ...extra,
  };
}

const KECAMATAN_UNITS = [
  'Sekretariat Kecamatan',
  'Subbagian Umum dan Kepegawaian',
  'Seksi Pemerintahan',
  'Seksi Ketenteraman dan Ketertiban Umum',
  'Seksi Pemberdayaan Masyarakat dan Desa',
  'Seksi Pelayanan Umum',
  'Seksi Kesejahteraan Sosial',
];
const KECAMATAN_STRUCTURAL = [
  'Sekretaris Camat',
  'Kepala Subbagian Umum dan Kepegawaian',
  'Kepala Seksi Pemerintahan',
  'Kepala Seksi Ketenteraman dan Ketertiban Umum',
  'Kepala Seksi Pemberdayaan Masyarakat dan Desa',
];

function kecamatan(
  name: string,
  regionSuffix: string,
  address: string,
  headName: string,
  secretaryName: string,
  staff: number,
  engagement?: 'lagging' | 'leading',
): KaranganyarOpd {
  return {
    code: `KEC-${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    name: `Kecamatan ${name}`,
    kind: 'kecamatan',
    address,
    headName,
    secretaryName,
    staff,
    profile: 'kecamatan',
    engagement,
    units: KECAMATAN_UNITS,
    structural: KECAMATAN_STRUCTURAL,
    functional: [jf('Analis Kebijakan', 'ahli', 2), jf('Polisi Pamong Praja', 'terampil', 2), jf('Penggerak Swadaya Masyarakat', 'ahli', 1)],
    regionCode: `3313${regionSuffix}`,
  };
}

export const KARANGANYAR_OPDS: KaranganyarOpd[] = [
  {
    code: 'SETDA',
    name: 'Sekretariat Daerah',
    kind: 'sekretariat',
    address: 'Jl. Lawu No. 385, Karanganyar 57712',
    headName: 'Drs. Bambang Hariyanto, M.Si.',
    secretaryName: 'Sri Handayani, S.Sos., M.M.',
    staff: 230,
    profile: 'general',
    engagement: 'leading',
    units: [
      'Bagian Tata Pemerintahan',
      'Bagian Hukum',
      'Bagian Organisasi',
      'Bagian Kesejahteraan Rakyat',
      'Bagian Perekonomian dan Sumber Daya Alam',
      'Bagian Administrasi Pembangunan',
      'Bagian Pengadaan Barang dan Jasa',
      'Bagian Umum',
      'Bagian Protokol dan Komunikasi Pimpinan',
    ],
    structural: [
      'Asisten Pemerintahan dan Kesejahteraan Rakyat',
      'Asisten Perekonomian dan Pembangunan',
      'Asisten Administrasi Umum',
      'Kepala Bagian Tata Pemerintahan',
      'Kepala Bagian Hukum',
      'Kepala Bagian Organisasi',
      'Kepala Bagian Umum',
      'Kepala Bagian Protokol dan Komunikasi Pimpinan',
      'Kepala Bagian Pengadaan Barang dan Jasa',
    ],
    functional: [
      jf('Analis Hukum', 'ahli', 2),
      jf('Perancang Peraturan Perundang-undangan', 'ahli', 2),
      jf('Analis Kebijakan', 'ahli', 3),
      jf('Pengelola Pengadaan Barang/Jasa', 'ahli', 2),
      jf('Pranata Humas', 'both', 2),
      jf('Analis Sumber Daya Manusia Aparatur', 'ahli', 1),
    ],
  },
  {
    code: 'DPRD',
    name: 'Sekretariat DPRD',
    kind: 'sekretariat',
    address: 'Jl. Lawu No. 385, Karanganyar 57712',
    headName: 'Drs. Agus Subagyo, M.M.',
    secretaryName: 'Endang Purwaningsih, S.H.',
    staff: 60,
    profile: 'general',
    units: ['Sekretariat DPRD', 'Bagian Umum dan Keuangan', 'Bagian Persidangan dan Perundang-undangan', 'Bagian Fasilitasi Penganggaran dan Pengawasan'],
    structural: [
      'Kepala Bagian Umum dan Keuangan',
      'Kepala Bagian Persidangan dan Perundang-undangan',
      'Kepala Bagian Fasilitasi Penganggaran dan Pengawasan',
    ],
    functional: [jf('Analis Kebijakan', 'ahli', 2), jf('Perancang Peraturan Perundang-undangan', 'ahli', 1), jf('Pranata Humas', 'both', 1)],
  },
  {
    code: 'INSP',
    name: 'Inspektorat Daerah',
    kind: 'inspektorat',
    address: 'Jl. Lawu No. 381, Karanganyar 57712',
    headName: 'Ir. Sugeng Raharjo, M.M.',
    secretaryName: 'Dra. Retno Wulandari, M.Si.',
    staff: 55,
    profile: 'general',
    engagement: 'leading',
    units: ['Sekretariat', 'Subbagian Umum dan Kepegawaian', 'Inspektur Pembantu Wilayah I', 'Inspektur Pembantu Wilayah II', 'Inspektur Pembantu Wilayah III', 'Inspektur Pembantu Khusus'],
    structural: ['Sekretaris', 'Inspektur Pembantu Wilayah I', 'Inspektur Pembantu Wilayah II', 'Inspektur Pembantu Wilayah III', 'Inspektur Pembantu Khusus'],
    functional: [jf('Auditor', 'both', 5), jf('Pengawas Penyelenggaraan Urusan Pemerintahan Daerah', 'ahli', 4)],
  },
  dinas(
    'BAPPEDA',
    'Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah',
    'badan',
    'Jl. Lawu No. 385, Komplek Perkantoran Cangakan, Karanganyar 57712',
    'Dr. Tri Haryadi, S.T., M.T.',
    'Yuni Astuti, S.E., M.Si.',
    65,
    ['Bidang Perencanaan Pemerintahan dan Pembangunan Manusia', 'Bidang Perekonomian dan Sumber Daya Alam', 'Bidang Infrastruktur dan Kewilayahan', 'Bidang Penelitian dan Pengembangan'],
    [jf('Perencana', 'ahli', 5), jf('Peneliti', 'ahli', 1), jf('Statistisi', 'both', 1)],
    { engagement: 'leading' },
  ),
  dinas(
    'BKPSDM',
    'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    'badan',
    'Jl. Lawu No. 385, Gedung B Lantai 2, Karanganyar 57712',
    'Drs. Heru Setyawan, M.M.',
    'Dwi Rahmawati, S.Psi., M.Si.',
    70,
    ['Bidang Pengadaan, Pemberhentian dan Informasi', 'Bidang Mutasi dan Promosi', 'Bidang Pengembangan Kompetensi Aparatur', 'Bidang Penilaian Kinerja dan Penghargaan'],
    [jf('Analis Sumber Daya Manusia Aparatur', 'ahli', 5), jf('Pranata Sumber Daya Manusia Aparatur', 'terampil', 3), jf('Asesor Sumber Daya Manusia Aparatur', 'ahli', 1), jf('Pranata Komputer', 'both', 1)],
    { engagement: 'leading' },
  ),
  dinas(
    'BPKPAD',
    'Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah',
    'badan',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Drs. Joko Purnomo, M.Si.',
    'Siti Nurjanah, S.E., M.Ak.',
    120,
    ['Bidang Anggaran', 'Bidang Perbendaharaan', 'Bidang Akuntansi', 'Bidang Pendapatan', 'Bidang Aset'],
    [jf('Analis Keuangan Pusat dan Daerah', 'ahli', 4), jf('Analis Pajak Daerah', 'ahli', 2), jf('Penilai Pajak Bumi dan Bangunan', 'terampil', 1)],
    { engagement: 'leading' },
  ),
  dinas(
    'BPBD',
    'Badan Penanggulangan Bencana Daerah',
    'badan',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Hendro Prayitno, S.Sos., M.M.',
    'Ari Wibowo, S.T.',
    40,
    ['Bidang Pencegahan dan Kesiapsiagaan', 'Bidang Kedaruratan dan Logistik', 'Bidang Rehabilitasi dan Rekonstruksi'],
    [jf('Analis Kebencanaan', 'ahli', 2), jf('Pemadam Kebakaran', 'terampil', 2)],
  ),
  dinas(
    'KESBANGPOL',
    'Badan Kesatuan Bangsa dan Politik',
    'badan',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Drs. Slamet Riyadi, M.Si.',
    'Lilik Suryani, S.IP.',
    30,
    ['Bidang Ideologi, Wawasan Kebangsaan dan Karakter Bangsa', 'Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan', 'Bidang Kewaspadaan Nasional dan Penanganan Konflik'],
    [jf('Analis Kebijakan', 'ahli', 2)],
  ),
  {
    code: 'DISDIKBUD',
    name: 'Dinas Pendidikan dan Kebudayaan',
    kind: 'dinas',
    address: 'Jl. Lawu No. 175, Karanganyar 57712',
    headName: 'Dr. Budi Santoso, M.Pd.',
    secretaryName: 'Drs. Suparno, M.Pd.',
    staff: 4150,
    profile: 'education',
    units: [...SECRETARIAT_UNITS, 'Bidang Pembinaan Sekolah Dasar', 'Bidang Pembinaan Sekolah Menengah Pertama', 'Bidang Pembinaan PAUD dan Pendidikan Nonformal', 'Bidang Kebudayaan'],
    structural: dinasStructural(['Bidang Pembinaan Sekolah Dasar', 'Bidang Pembinaan Sekolah Menengah Pertama', 'Bidang Pembinaan PAUD dan Pendidikan Nonformal', 'Bidang Kebudayaan']),
    functional: [jf('Pengawas Sekolah', 'ahli', 1), jf('Pamong Budaya', 'ahli', 1), jf('Penilik', 'ahli', 1)],
  },
  {
    code: 'DINKES',
    name: 'Dinas Kesehatan',
    kind: 'dinas',
    address: 'Jl. Lawu No. 147, Karanganyar 57712',
    headName: 'dr. Purwanti Rahayu, M.Kes.',
    secretaryName: 'Hartono, S.K.M., M.Kes.',
    staff: 1050,
    profile: 'health',
    units: [...SECRETARIAT_UNITS, 'Bidang Kesehatan Masyarakat', 'Bidang Pencegahan dan Pengendalian Penyakit', 'Bidang Pelayanan dan Sumber Daya Kesehatan', 'Instalasi Farmasi Kabupaten', 'Laboratorium Kesehatan Daerah'],
    structural: dinasStructural(['Bidang Kesehatan Masyarakat', 'Bidang Pencegahan dan Pengendalian Penyakit', 'Bidang Pelayanan dan Sumber Daya Kesehatan']),
    functional: [jf('Epidemiolog Kesehatan', 'ahli', 1), jf('Administrator Kesehatan', 'ahli', 1)],
  },
  dinas(
    'DPUPR',
    'Dinas Pekerjaan Umum dan Penataan Ruang',
    'dinas',
    'Jl. Lawu No. 252, Karanganyar 57712',
    'Ir. Sunarno, M.T.',
    'Wahyu Nugroho, S.T., M.T.',
    150,
    ['Bidang Bina Marga', 'Bidang Sumber Daya Air', 'Bidang Cipta Karya', 'Bidang Penataan Ruang'],
    [jf('Teknik Jalan dan Jembatan', 'both', 4), jf('Teknik Pengairan', 'both', 3), jf('Penata Ruang', 'ahli', 2), jf('Pengawas Jalan dan Jembatan', 'terampil', 2)],
    { engagement: 'lagging' },
  ),
  dinas(
    'DISPERKIM',
    'Dinas Perumahan Rakyat dan Kawasan Permukiman',
    'dinas',
    'Jl. Lawu No. 252, Karanganyar 57712',
    'Ir. Eko Budiyanto, M.Si.',
    'Rini Kusumawati, S.T.',
    60,
    ['Bidang Perumahan', 'Bidang Kawasan Permukiman', 'Bidang Pertamanan dan Penerangan Jalan Umum'],
    [jf('Teknik Tata Bangunan dan Perumahan', 'both', 3)],
  ),
  dinas(
    'SATPOLPP',
    'Satuan Polisi Pamong Praja',
    'satpol_pp',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Agung Prasetyo, S.H., M.M.',
    'Didik Haryanto, S.Sos.',
    90,
    ['Bidang Penegakan Peraturan Daerah', 'Bidang Ketertiban Umum dan Ketenteraman Masyarakat', 'Bidang Pemadam Kebakaran', 'Bidang Perlindungan Masyarakat'],
    [jf('Polisi Pamong Praja', 'both', 8), jf('Pemadam Kebakaran', 'terampil', 4)],
    { engagement: 'lagging' },
  ),
  dinas(
    'DINSOS',
    'Dinas Sosial',
    'dinas',
    'Jl. Lawu No. 279, Karanganyar 57712',
    'Drs. Sudarmo, M.M.',
    'Kurniasih, S.Sos.',
    45,
    ['Bidang Perlindungan dan Jaminan Sosial', 'Bidang Rehabilitasi Sosial', 'Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin'],
    [jf('Pekerja Sosial', 'both', 3), jf('Penyuluh Sosial', 'ahli', 1)],
  ),
  dinas(
    'DP3AP2KB',
    'Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana',
    'dinas',
    'Jl. Lawu No. 279, Karanganyar 57712',
    'Dra. Sri Murtini, M.Si.',
    'Yulianto, S.Sos.',
    110,
    ['Bidang Pemberdayaan Perempuan dan Perlindungan Anak', 'Bidang Pengendalian Penduduk', 'Bidang Keluarga Berencana'],
    [jf('Penyuluh Keluarga Berencana', 'ahli', 8), jf('Analis Kebijakan', 'ahli', 1)],
  ),
  dinas(
    'DKPP',
    'Dinas Ketahanan Pangan dan Perikanan',
    'dinas',
    'Jl. Lawu No. 235, Karanganyar 57712',
    'Ir. Suwarno, M.P.',
    'Nur Hidayati, S.P.',
    80,
    ['Bidang Ketersediaan dan Distribusi Pangan', 'Bidang Konsumsi dan Keamanan Pangan', 'Bidang Perikanan'],
    [jf('Analis Ketahanan Pangan', 'ahli', 2), jf('Penyuluh Perikanan', 'both', 3), jf('Pengawas Mutu Hasil Pertanian', 'terampil', 1)],
  ),
  dinas(
    'DLH',
    'Dinas Lingkungan Hidup',
    'dinas',
    'Jl. Lawu No. 297, Karanganyar 57712',
    'Ir. Edi Santoso, M.M.',
    'Anik Setyowati, S.T.',
    110,
    ['Bidang Tata Lingkungan', 'Bidang Pengelolaan Sampah dan Limbah B3', 'Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan'],
    [jf('Pengendali Dampak Lingkungan', 'ahli', 3), jf('Pengawas Lingkungan Hidup', 'ahli', 1)],
  ),
  dinas(
    'DISDUKCAPIL',
    'Dinas Kependudukan dan Pencatatan Sipil',
    'dinas',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Drs. Darsono, M.Si.',
    'Ratna Dewi, S.H.',
    55,
    ['Bidang Pelayanan Pendaftaran Penduduk', 'Bidang Pelayanan Pencatatan Sipil', 'Bidang Pengelolaan Informasi Administrasi Kependudukan'],
    [jf('Administrator Database Kependudukan', 'both', 3)],
  ),
  dinas(
    'DISHUB',
    'Dinas Perhubungan',
    'dinas',
    'Jl. Solo–Tawangmangu Km 13, Papahan, Tasikmadu, Karanganyar 57722',
    'Drs. Sumarno, M.M.',
    'Bambang Prasetyo, S.T.',
    80,
    ['Bidang Lalu Lintas', 'Bidang Angkutan', 'Bidang Sarana dan Prasarana'],
    [jf('Penguji Kendaraan Bermotor', 'terampil', 3), jf('Pengelola Lalu Lintas dan Angkutan Jalan', 'terampil', 2)],
    { engagement: 'lagging' },
  ),
  dinas(
    'DISKOMINFO',
    'Dinas Komunikasi dan Informatika',
    'dinas',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Agus Suryanto, S.Kom., M.M.',
    'Dyah Ayu Lestari, S.Kom.',
    45,
    ['Bidang Informasi dan Komunikasi Publik', 'Bidang Aplikasi Informatika', 'Bidang Persandian dan Statistik'],
    [jf('Pranata Komputer', 'both', 4), jf('Pranata Humas', 'both', 2), jf('Sandiman', 'terampil', 1), jf('Statistisi', 'ahli', 1)],
    { engagement: 'leading' },
  ),
  dinas(
    'DISKOPUKM',
    'Dinas Koperasi dan Usaha Kecil dan Menengah',
    'dinas',
    'Jl. Lawu No. 235, Karanganyar 57712',
    'Drs. Martono, M.Si.',
    'Setyo Budi, S.E.',
    35,
    ['Bidang Kelembagaan dan Pengawasan Koperasi', 'Bidang Pemberdayaan Usaha Kecil dan Menengah'],
    [jf('Pengawas Koperasi', 'ahli', 2)],
  ),
  dinas(
    'DPMPTSP',
    'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    'dinas',
    'Jl. Lawu No. 385, Mal Pelayanan Publik, Karanganyar 57712',
    'Gunawan Wibisono, S.Sos., M.M.',
    'Tri Wahyuni, S.H.',
    45,
    ['Bidang Penanaman Modal', 'Bidang Pelayanan Perizinan', 'Bidang Pengaduan dan Pengawasan'],
    [jf('Penata Perizinan', 'ahli', 3)],
  ),
  dinas(
    'DISPARPORA',
    'Dinas Kepemudaan, Olahraga dan Pariwisata',
    'dinas',
    'Jl. Lawu No. 185, Karanganyar 57712',
    'Drs. Sigit Purnomo, M.M.',
    'Wiwik Sulistyowati, S.E.',
    70,
    ['Bidang Kepemudaan', 'Bidang Keolahragaan', 'Bidang Destinasi dan Pemasaran Pariwisata'],
    [jf('Adyatama Kepariwisataan dan Ekonomi Kreatif', 'ahli', 2)],
  ),
  dinas(
    'DISPUSIP',
    'Dinas Perpustakaan dan Kearsipan',
    'dinas',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Drs. Pranowo, M.Si.',
    'Susanti Rahayu, S.Sos.',
    40,
    ['Bidang Perpustakaan', 'Bidang Kearsipan'],
    [jf('Pustakawan', 'both', 3), jf('Arsiparis', 'both', 3)],
  ),
  dinas(
    'DISTAN',
    'Dinas Pertanian',
    'dinas',
    'Jl. Lawu No. 235, Karanganyar 57712',
    'Ir. Siti Rohmah, M.M.',
    'Ir. Wahyudi, M.P.',
    260,
    ['Bidang Tanaman Pangan dan Hortikultura', 'Bidang Perkebunan', 'Bidang Peternakan dan Kesehatan Hewan', 'Bidang Penyuluhan'],
    [jf('Penyuluh Pertanian', 'both', 10), jf('Medik Veteriner', 'ahli', 1), jf('Paramedik Veteriner', 'terampil', 2), jf('Pengawas Benih Tanaman', 'both', 1)],
  ),
  dinas(
    'DISDAGNAKERIN',
    'Dinas Perdagangan, Tenaga Kerja dan Perindustrian',
    'dinas',
    'Jl. Lawu No. 235, Karanganyar 57712',
    'Drs. Haryanto, M.M.',
    'Puji Lestari, S.E.',
    70,
    ['Bidang Perdagangan', 'Bidang Tenaga Kerja', 'Bidang Perindustrian', 'Unit Pelaksana Teknis Pasar'],
    [jf('Pengantar Kerja', 'ahli', 2), jf('Mediator Hubungan Industrial', 'ahli', 1), jf('Penera', 'terampil', 1), jf('Pengawas Perdagangan', 'ahli', 1)],
  ),
  dinas(
    'DPMD',
    'Dinas Pemberdayaan Masyarakat dan Desa',
    'dinas',
    'Jl. Lawu No. 385, Karanganyar 57712',
    'Drs. Sujarwo, M.M.',
    'Rusmiyati, S.Sos.',
    40,
    ['Bidang Pemerintahan Desa', 'Bidang Pemberdayaan Masyarakat dan Kelembagaan Desa'],
    [jf('Penggerak Swadaya Masyarakat', 'ahli', 3)],
  ),
  {
    code: 'RSUD',
    name: 'RSUD Karanganyar',
    kind: 'rsud',
    address: 'Jl. Laksda Yos Sudarso, Jengglong, Bejen, Karanganyar 57716',
    headName: 'dr. Hendra Kurniawan, Sp.PD., M.Kes.',
    secretaryName: 'Sumarni, S.E., M.M.',
    staff: 750,
    profile: 'hospital',
    units: ['Bagian Umum dan Kepegawaian', 'Bagian Keuangan', 'Bidang Pelayanan Medik', 'Bidang Keperawatan'],
    structural: ['Wakil Direktur Umum dan Keuangan', 'Wakil Direktur Pelayanan', 'Kepala Bagian Umum dan Kepegawaian', 'Kepala Bagian Keuangan', 'Kepala Bidang Pelayanan Medik', 'Kepala Bidang Keperawatan'],
    functional: [jf('Administrator Kesehatan', 'ahli', 1)],
  },
  // The 17 kecamatan, in the order of their Kemendagri codes (3313 01..17).
  kecamatan('Jatipuro', '01', 'Jl. Raya Jatipuro–Jumapolo, Jatipuro, Karanganyar 57784', 'Sutanto, S.Sos., M.M.', 'Suyatno, S.IP.', 24, 'lagging'),
  kecamatan('Jatiyoso', '02', 'Jl. Raya Jatiyoso, Jatiyoso, Karanganyar 57785', 'Drs. Haryono, M.Si.', 'Tri Mulyono, S.Sos.', 22, 'lagging'),
  kecamatan('Jumapolo', '03', 'Jl. Raya Jumapolo, Jumapolo, Karanganyar 57783', 'Bagus Setiawan, S.STP., M.M.', 'Mulyadi, S.E.', 25),
  kecamatan('Jumantono', '04', 'Jl. Raya Jumantono–Karanganyar, Jumantono, Karanganyar 57782', 'Aris Munandar, S.Sos.', 'Sri Rejeki, S.Sos.', 24),
  kecamatan('Matesih', '05', 'Jl. Raya Matesih, Matesih, Karanganyar 57781', 'Dwi Cahyono, S.STP., M.Si.', 'Wartini, S.H.', 26),
  kecamatan('Tawangmangu', '06', 'Jl. Lawu, Tawangmangu, Karanganyar 57792', 'Drs. Supriyadi, M.M.', 'Heri Susanto, S.Sos.', 32, 'leading'),
  kecamatan('Ngargoyoso', '07', 'Jl. Raya Ngargoyoso, Ngargoyoso, Karanganyar 57793', 'Bayu Pamungkas, S.STP.', 'Siti Aminah, S.Sos.', 22),
  kecamatan('Karangpandan', '08', 'Jl. Raya Karangpandan, Karangpandan, Karanganyar 57791', 'Teguh Santosa, S.Sos., M.M.', 'Suharti, S.E.', 27),
  kecamatan('Karanganyar', '09', 'Jl. Lawu No. 20, Cangakan, Karanganyar 57712', 'Nugroho Adi Saputro, S.STP., M.Si.', 'Yulia Rahmawati, S.IP.', 40, 'leading'),
  kecamatan('Tasikmadu', '10', 'Jl. Raya Solo–Tawangmangu, Tasikmadu, Karanganyar 57722', 'Drs. Priyanto, M.M.', 'Endah Sulistyorini, S.Sos.', 28),
  kecamatan('Jaten', '11', 'Jl. Lawu, Jaten, Karanganyar 57771', 'Yanuar Dwi Atmojo, S.STP., M.M.', 'Sunarto, S.Sos.', 36),
  kecamatan('Colomadu', '12', 'Jl. Adi Sucipto, Colomadu, Karanganyar 57174', 'Drs. Joko Triyono, M.Si.', 'Dewi Kartika Sari, S.H.', 35),
  kecamatan('Gondangrejo', '13', 'Jl. Raya Solo–Purwodadi Km 7, Gondangrejo, Karanganyar 57188', 'Sarwoto, S.Sos., M.M.', 'Mujiyono, S.Sos.', 30),
  kecamatan('Kebakkramat', '14', 'Jl. Raya Kebakkramat, Kebakkramat, Karanganyar 57762', 'Purwadi, S.Sos., M.Si.', 'Sri Wahyuningsih, S.E.', 29),
  kecamatan('Mojogedang', '15', 'Jl. Raya Mojogedang, Mojogedang, Karanganyar 57752', 'Hari Purnomo, S.STP.', 'Suparmi, S.Sos.', 30),
  kecamatan('Kerjo', '16', 'Jl. Raya Kerjo, Kerjo, Karanganyar 57753', 'Sri Widodo, S.Sos.', 'Paryanto, S.IP.', 21, 'lagging'),
  kecamatan('Jenawi', '17', 'Jl. Raya Jenawi, Jenawi, Karanganyar 57794', 'Agung Wicaksono, S.STP., M.M.', 'Sukini, S.Sos.', 20, 'lagging'),
];

/** Kemendagri codes of Karanganyar's kecamatan (331301..331317), for NIKs. */
export const KARANGANYAR_REGION_CODES: string[] = KARANGANYAR_OPDS.filter((o) => o.regionCode).map((o) => o.regionCode!);

/** Puskesmas of Kabupaten Karanganyar (units of Dinas Kesehatan). */
export const PUSKESMAS = [
  'Jatipuro', 'Jatiyoso', 'Jumapolo', 'Jumantono', 'Matesih', 'Tawangmangu', 'Ngargoyoso', 'Karangpandan',
  'Karanganyar', 'Tasikmadu', 'Jaten I', 'Jaten II', 'Colomadu I', 'Colomadu II', 'Gondangrejo',
  'Kebakkramat I', 'Kebakkramat II', 'Mojogedang I', 'Mojogedang II', 'Kerjo', 'Jenawi',
].map((n) => `Puskesmas ${n}`);

/** Hospital work units (RSUD). */
export const RSUD_UNITS = [
  'Instalasi Rawat Inap', 'Instalasi Gawat Darurat', 'Instalasi Rawat Jalan', 'Instalasi Bedah Sentral',
  'Instalasi Perawatan Intensif', 'Instalasi Farmasi', 'Instalasi Laboratorium', 'Instalasi Radiologi',
  'Instalasi Gizi', 'Instalasi Rekam Medis',
];
