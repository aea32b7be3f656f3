import type { Rng } from './demo-random.js';

/**
 * Vocabulary for the demo data set: Javanese names, academic titles, positions and ranks as
 * they appear in SIASN, helpdesk and verifier notes. All people generated from it are fictitious.
 */

export type Sex = 'L' | 'P';
export type Education = 'SMA' | 'D3' | 'S1' | 'S2';

const MALE_FIRST = [
  'Agus',
  'Bambang',
  'Budi',
  'Joko',
  'Slamet',
  'Sutarno',
  'Suparno',
  'Sugiyanto',
  'Wahyu',
  'Heru',
  'Eko',
  'Dwi',
  'Tri',
  'Purwanto',
  'Hadi',
  'Priyo',
  'Bayu',
  'Aris',
  'Teguh',
  'Yulianto',
  'Sigit',
  'Gunawan',
  'Hendro',
  'Edi',
  'Sri',
  'Sarwono',
  'Sukamto',
  'Suyanto',
  'Mulyono',
  'Haryanto',
  'Setyo',
  'Wawan',
  'Danang',
  'Fajar',
  'Rizki',
  'Dimas',
  'Arif',
  'Nur',
  'Muhammad',
  'Ahmad',
  'Yusuf',
  'Anton',
  'Didik',
  'Bowo',
  'Galih',
  'Ilham',
  'Wisnu',
  'Yoga',
  'Rendra',
  'Andri',
  'Puguh',
  'Sapto',
  'Catur',
  'Panca',
  'Kukuh',
  'Lilik',
  'Prasetyo',
  'Sunardi',
];
const MALE_SECOND = [
  'Santoso',
  'Wibowo',
  'Nugroho',
  'Prasetyo',
  'Setiawan',
  'Susanto',
  'Purnomo',
  'Hidayat',
  'Saputro',
  'Kurniawan',
  'Widodo',
  'Raharjo',
  'Sulistyo',
  'Haryadi',
  'Pamungkas',
  'Wicaksono',
  'Utomo',
  'Riyanto',
  'Suryanto',
  'Hartono',
  'Prabowo',
  'Sasongko',
  'Cahyono',
  'Wijayanto',
  'Firmansyah',
  'Ardiansyah',
  'Mulyadi',
  'Susilo',
  'Handoko',
  'Budiman',
  'Hermawan',
  'Setyawan',
  'Kusuma',
  'Adi Nugroho',
  'Aji Saputra',
  'Rahmanto',
  'Wahyudi',
  'Triyono',
];
const FEMALE_FIRST = [
  'Sri',
  'Endang',
  'Siti',
  'Rini',
  'Dewi',
  'Tri',
  'Ratna',
  'Retno',
  'Nur',
  'Wulan',
  'Sari',
  'Yuni',
  'Dyah',
  'Ayu',
  'Puji',
  'Eni',
  'Anik',
  'Lilis',
  'Wiwik',
  'Tutik',
  'Umi',
  'Rina',
  'Dwi',
  'Indah',
  'Fitri',
  'Novi',
  'Yuli',
  'Ika',
  'Rizka',
  'Nanik',
  'Suparmi',
  'Sumarni',
  'Partini',
  'Sukini',
  'Yanti',
  'Eka',
  'Diah',
  'Ani',
  'Kartika',
  'Lestari',
  'Maya',
  'Putri',
  'Anisa',
  'Nurul',
  'Erna',
  'Heni',
  'Endah',
  'Wahyuni',
  'Setyaningsih',
  'Suryani',
];
const FEMALE_SECOND = [
  'Wahyuni',
  'Lestari',
  'Rahayu',
  'Astuti',
  'Handayani',
  'Widyastuti',
  'Setyaningsih',
  'Purwaningsih',
  'Mulyani',
  'Susilowati',
  'Sulistyowati',
  'Kurniasih',
  'Suryani',
  'Rahmawati',
  'Wulandari',
  'Hidayati',
  'Kusumawati',
  'Nurhayati',
  'Puspitasari',
  'Anggraini',
  'Fitriani',
  'Hastuti',
  'Utami',
  'Pratiwi',
  'Maharani',
  'Yuliani',
  'Sundari',
  'Haryati',
  'Winarsih',
  'Nurjanah',
  'Safitri',
  'Ningsih',
  'Permatasari',
  'Sari',
  'Indriyani',
];

/** A plain (untitled) Javanese name. */
export function personName(rng: Rng, sex: Sex): string {
  const first = rng.pick(sex === 'L' ? MALE_FIRST : FEMALE_FIRST);
  if (rng.chance(0.22)) {
    // Single-word names are common among older Javanese ASN (Sukamto, Suparmi).
    if (first.length > 4 && first !== 'Nur' && first !== 'Sri' && first !== 'Tri' && first !== 'Dwi') return first;
  }
  let second = rng.pick(sex === 'L' ? MALE_SECOND : FEMALE_SECOND);
  if (second === first) second = rng.pick(sex === 'L' ? MALE_SECOND : FEMALE_SECOND);
  if (second === first) return first;
  return `${first} ${second}`;
}

/** Adds academic titles the way SIASN shows them: "Ns. Dewi Lestari, S.Kep." */
export function withTitles(name: string, prefix: string | null, suffix: string | null): string {
  return `${prefix ? `${prefix} ` : ''}${name}${suffix ? `, ${suffix}` : ''}`;
}

/** Latin-only lowercase slug for e-mail local parts. */
export function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      // eslint-disable-next-line no-control-regex -- the ASCII range is meant, NUL included
      .replace(/[^\x00-\x7f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.+|\.+$/g, '')
  );
}

export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick([
    '0812',
    '0813',
    '0815',
    '0821',
    '0822',
    '0823',
    '0852',
    '0853',
    '0856',
    '0857',
    '0858',
    '0877',
    '0878',
    '0881',
    '0895',
    '0896',
  ]);
  const len = rng.int(7, 8);
  let rest = String(rng.int(1, 9));
  for (let i = 1; i < len; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}

// ---------------------------------------------------------------------------
// Ranks (golongan ruang) and PPPK grades
// ---------------------------------------------------------------------------

export const RANKS = [
  'I/a',
  'I/b',
  'I/c',
  'I/d',
  'II/a',
  'II/b',
  'II/c',
  'II/d',
  'III/a',
  'III/b',
  'III/c',
  'III/d',
  'IV/a',
  'IV/b',
  'IV/c',
  'IV/d',
  'IV/e',
] as const;
export const rankIndex = (r: string): number => RANKS.indexOf(r as (typeof RANKS)[number]);

/** Entry rank by education (PP 99/2000): SMA II/a, D3 II/c, S1 III/a, S2 III/b. */
export const ENTRY_RANK: Record<Education, number> = { SMA: 4, D3: 6, S1: 8, S2: 9 };
/** Practical ceiling of a career without a further degree. */
export const MAX_RANK: Record<Education, number> = { SMA: 9, D3: 11, S1: 13, S2: 14 };

/** Rank after `years` of service: one step per four years (regular promotion), capped. */
export function rankAfter(edu: Education, years: number): string {
  const idx = Math.min(ENTRY_RANK[edu] + Math.max(0, Math.floor(years / 4)), MAX_RANK[edu]);
  return RANKS[idx];
}

// ---------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------

export interface JobPick {
  /** Position name for a PNS/CPNS, given their rank index. */
  position(rankIdx: number): string;
  /** PPPK position and grade (null when this job is not filled by PPPK). */
  pppk: { position: string; grade: string } | null;
  edu: Education;
  /** Probability that the holder is a woman. */
  female: number;
  prefix: (rng: Rng, sex: Sex) => string | null;
  suffix: (rng: Rng, sex: Sex) => string | null;
  /** Which unit kind the holder works in. */
  unit: 'school' | 'office' | 'puskesmas' | 'hospital' | 'any';
}

const AHLI = (base: string) => (r: number) => (r >= 12 ? `${base} Ahli Madya` : r >= 10 ? `${base} Ahli Muda` : `${base} Ahli Pertama`);
const TERAMPIL = (base: string) => (r: number) => (r >= 10 ? `${base} Penyelia` : r >= 8 ? `${base} Mahir` : `${base} Terampil`);
const fixed = (s: string | null) => (): string | null => s;
const fixedPos = (s: string) => (): string => s;
const oneOf = (items: string[]) => (rng: Rng) => rng.pick(items);

const S1_GENERAL = ['S.E.', 'S.H.', 'S.Sos.', 'S.IP.', 'S.Kom.', 'S.AP.', 'S.Pd.', 'S.T.', 'S.Ak.'];
const D3_GENERAL = ['A.Md.', 'A.Md.Kom.', 'A.Md.Ak.', 'A.Md.A.B.'];

export function ahliJob(base: string, suffixes: string[] = S1_GENERAL, female = 0.5): JobPick {
  return {
    position: AHLI(base),
    pppk: { position: `${base} Ahli Pertama`, grade: 'IX' },
    edu: 'S1',
    female,
    prefix: fixed(null),
    suffix: (rng) => (rng.chance(0.15) ? `${rng.pick(suffixes)}, M.M.` : rng.pick(suffixes)),
    unit: 'office',
  };
}

export function terampilJob(base: string, suffixes: string[] = D3_GENERAL, female = 0.5): JobPick {
  return {
    position: TERAMPIL(base),
    pppk: { position: `${base} Terampil`, grade: 'VII' },
    edu: 'D3',
    female,
    prefix: fixed(null),
    suffix: oneOf(suffixes),
    unit: 'office',
  };
}

/** General administrative staff (jabatan pelaksana, 2021 nomenclature). */
export const ADMIN_JOBS: Array<readonly [JobPick, number]> = [
  [
    {
      position: fixedPos('Pengadministrasi Umum'),
      pppk: { position: 'Pengadministrasi Perkantoran', grade: 'V' },
      edu: 'SMA',
      female: 0.45,
      prefix: fixed(null),
      suffix: fixed(null),
      unit: 'any',
    },
    5,
  ],
  [
    {
      position: fixedPos('Pengolah Data'),
      pppk: { position: 'Pengolah Data dan Informasi', grade: 'VII' },
      edu: 'D3',
      female: 0.55,
      prefix: fixed(null),
      suffix: oneOf(D3_GENERAL),
      unit: 'any',
    },
    3,
  ],
  [
    {
      position: fixedPos('Pengelola Keuangan'),
      pppk: null,
      edu: 'S1',
      female: 0.6,
      prefix: fixed(null),
      suffix: oneOf(['S.E.', 'S.Ak.', 'A.Md.Ak.']),
      unit: 'office',
    },
    2,
  ],
  [
    {
      position: fixedPos('Bendahara'),
      pppk: null,
      edu: 'D3',
      female: 0.7,
      prefix: fixed(null),
      suffix: oneOf(['A.Md.Ak.', 'S.E.']),
      unit: 'office',
    },
    1,
  ],
  [
    {
      position: fixedPos('Pengelola Data'),
      pppk: null,
      edu: 'S1',
      female: 0.5,
      prefix: fixed(null),
      suffix: oneOf(S1_GENERAL),
      unit: 'office',
    },
    2,
  ],
  [
    {
      position: fixedPos('Pengemudi'),
      pppk: { position: 'Operator Layanan Operasional', grade: 'V' },
      edu: 'SMA',
      female: 0.02,
      prefix: fixed(null),
      suffix: fixed(null),
      unit: 'office',
    },
    1,
  ],
  [ahliJob('Analis Kepegawaian', S1_GENERAL, 0.55), 1],
  [terampilJob('Arsiparis', D3_GENERAL, 0.6), 1],
  [ahliJob('Perencana', ['S.E.', 'S.T.', 'S.P.', 'S.Sos.']), 1],
  [{ ...ahliJob('Pranata Komputer', ['S.Kom.', 'S.T.']), female: 0.3 }, 1],
];

export const TEACHER: JobPick = {
  position: (r) => (r >= 12 ? 'Guru Ahli Madya' : r >= 10 ? 'Guru Ahli Muda' : 'Guru Ahli Pertama'),
  pppk: { position: 'Guru Ahli Pertama', grade: 'IX' },
  edu: 'S1',
  female: 0.66,
  prefix: fixed(null),
  suffix: (rng) =>
    rng.weighted([
      ['S.Pd.', 6],
      ['S.Pd.SD', 3],
      ['S.Pd.I', 1],
      ['S.Pd., M.Pd.', 1],
      ['S.Si.', 0.3],
      ['S.Ag.', 0.3],
    ] as const),
  unit: 'school',
};
export const SCHOOL_ADMIN: JobPick = {
  position: fixedPos('Pengadministrasi Sekolah'),
  pppk: { position: 'Pengelola Layanan Operasional', grade: 'V' },
  edu: 'SMA',
  female: 0.5,
  prefix: fixed(null),
  suffix: fixed(null),
  unit: 'school',
};

const nakesTerampil = (base: string, suffix: string, female: number, unit: JobPick['unit']): JobPick => ({
  ...terampilJob(base, [suffix], female),
  unit,
});

export function healthJobs(hospital: boolean): Array<readonly [JobPick, number]> {
  const unit: JobPick['unit'] = hospital ? 'hospital' : 'puskesmas';
  const nurseNers: JobPick = {
    position: AHLI('Perawat'),
    pppk: { position: 'Perawat Ahli Pertama', grade: 'IX' },
    edu: 'S1',
    female: 0.72,
    prefix: fixed('Ns.'),
    suffix: fixed('S.Kep.'),
    unit,
  };
  const doctor: JobPick = {
    position: hospital ? (r) => (r >= 12 ? 'Dokter Ahli Madya' : 'Dokter Ahli Muda') : AHLI('Dokter'),
    pppk: { position: 'Dokter Ahli Pertama', grade: 'X' },
    edu: 'S2',
    female: 0.55,
    prefix: fixed('dr.'),
    suffix: hospital
      ? oneOf(['Sp.PD.', 'Sp.A.', 'Sp.OG.', 'Sp.B.', 'Sp.An.', 'Sp.N.', 'Sp.Rad.', 'Sp.P.', 'Sp.JP.', 'Sp.M.'])
      : fixed(null),
    unit,
  };
  return [
    [nakesTerampil('Perawat', 'A.Md.Kep.', 0.7, unit), hospital ? 25 : 15],
    [nurseNers, hospital ? 20 : 10],
    [{ ...nakesTerampil('Bidan', 'A.Md.Keb.', 1, unit), female: 1 }, hospital ? 8 : 22],
    [doctor, hospital ? 8 : 7],
    [{ ...ahliJob('Dokter Gigi', ['']), prefix: fixed('drg.'), suffix: fixed(null), unit }, hospital ? 1 : 2],
    [{ ...ahliJob('Apoteker', ['S.Farm.']), prefix: fixed('apt.'), female: 0.75, unit }, 2],
    [nakesTerampil('Asisten Apoteker', 'A.Md.Farm.', 0.8, unit), 3],
    [nakesTerampil('Pranata Laboratorium Kesehatan', 'A.Md.AK.', 0.75, unit), 4],
    [nakesTerampil('Nutrisionis', 'A.Md.Gz.', 0.85, unit), 3],
    [nakesTerampil('Sanitarian', 'A.Md.KL.', 0.55, unit), hospital ? 1 : 4],
    [nakesTerampil('Perekam Medis', 'A.Md.RMIK.', 0.65, unit), 3],
    [{ ...ahliJob('Penyuluh Kesehatan Masyarakat', ['S.K.M.'], 0.6), unit }, hospital ? 0 : 3],
    [{ ...ahliJob('Epidemiolog Kesehatan', ['S.K.M.'], 0.5), unit }, hospital ? 0 : 1],
    [nakesTerampil('Radiografer', 'A.Md.Rad.', 0.45, unit), hospital ? 3 : 0],
    [nakesTerampil('Fisioterapis', 'A.Md.Ftr.', 0.6, unit), hospital ? 2 : 0],
  ];
}

// ---------------------------------------------------------------------------
// Workflow notes, helpdesk texts
// ---------------------------------------------------------------------------

export const RETURN_NOTES: Record<string, string[]> = {
  data_personal: [
    'Scan KTP buram, mohon unggah ulang',
    'NIK pada KTP tidak sama dengan data usulan, mohon unggah KTP terbaru',
    'Alamat pada usulan tidak sesuai KTP, mohon disesuaikan',
  ],
  keluarga: [
    'Kartu Keluarga belum memuat anak yang diusulkan, mohon unggah KK terbaru',
    'Buku nikah halaman identitas suami/istri tidak terbaca, mohon scan ulang',
    'Akta kelahiran anak belum dilampirkan',
  ],
  pendidikan: [
    'Ijazah belum dilegalisir, mohon unggah ijazah yang dilegalisir',
    'Transkrip nilai tidak dilampirkan',
    'Nama pada ijazah berbeda dengan data SIASN, lampirkan surat keterangan beda nama',
  ],
  jabatan: [
    'SK jabatan tidak lengkap (halaman petikan/lampiran tidak ada)',
    'TMT jabatan pada usulan tidak sama dengan SK, mohon diperbaiki',
  ],
  diklat: ['Sertifikat diklat tidak mencantumkan jumlah jam pelajaran', 'Scan sertifikat terpotong, mohon unggah ulang halaman lengkap'],
  skp: ['Dokumen SKP belum ditandatangani pejabat penilai', 'Predikat SKP pada usulan tidak sesuai dokumen'],
  pmk: ['Surat keterangan pengalaman kerja belum dilegalisir', 'Perhitungan masa kerja tidak sesuai SK PMK'],
  cpns_pns: ['SK PNS yang diunggah bukan petikan yang sah', 'TMT CPNS pada usulan tidak sama dengan SK CPNS'],
  pangkat: ['SK kenaikan pangkat terakhir belum diunggah', 'Nomor SK pangkat tidak terbaca, mohon scan ulang'],
  penghargaan: ['Sertifikat penghargaan tidak terbaca, mohon scan ulang'],
  organisasi: ['SK kepengurusan organisasi belum dilampirkan'],
  cltn: ['SK penetapan CLTN belum dilampirkan lengkap'],
  pindah_instansi: ['SK pindah belum dilampirkan lengkap dengan persetujuan BKN'],
  _any: ['Dokumen tidak terbaca, mohon scan ulang dengan resolusi minimal 150 dpi', 'File yang diunggah bukan dokumen yang diminta'],
};

export const REJECT_NOTES = [
  'Dokumen bukan milik ASN yang bersangkutan',
  'Data yang diusulkan sudah sesuai dengan SIASN, usulan tidak diperlukan',
  'Usulan ganda, sudah diajukan pada usulan sebelumnya',
  'Usulan tidak didukung dokumen yang sah',
];
export const REJECT_NOTES_PENDIDIKAN = ['Ijazah diperoleh tanpa izin belajar/tugas belajar, tidak dapat diakui', ...REJECT_NOTES];

export const BKN_RETURN_NOTES = [
  'Kanreg I BKN: akreditasi program studi pada tahun lulus belum terlampir',
  'Kanreg I BKN: mohon lampirkan pertimbangan teknis (pertek) BKN',
  'Kanreg I BKN: dokumen pendukung belum lengkap, mohon dilengkapi',
];
export const BKN_REJECT_NOTES = [
  'Kanreg I BKN: program studi tidak terakreditasi pada tahun lulus, tidak dapat dicantumkan',
  'Kanreg I BKN: data tidak dapat divalidasi, tidak sesuai dengan arsip BKN',
];

export const APPROVAL_OVERRIDE_REASON =
  'Persetujuan dipercepat di luar fase persetujuan untuk keperluan usul kenaikan pangkat periode berikutnya (nota dinas Kepala BKPSDM)';

export const TICKET_TEXTS: Record<string, Array<{ description: string; resolution: string }>> = {
  login_activation: [
    {
      description: 'Tidak bisa aktivasi MySAPK, muncul pesan "NIP tidak ditemukan"',
      resolution: 'Data NIP dicek di SIASN, ternyata salah ketik saat aktivasi. Aktivasi ulang berhasil dibantu helpdesk.',
    },
    {
      description: 'Kode OTP aktivasi MySAPK tidak masuk ke e-mail',
      resolution: 'E-mail di SIASN diperbarui ke alamat yang aktif, OTP berhasil diterima dan akun teraktivasi.',
    },
    {
      description: 'Foto swafoto untuk aktivasi MySAPK selalu ditolak',
      resolution: 'Dibantu aktivasi di helpdesk dengan pencahayaan yang cukup; berhasil.',
    },
    {
      description: 'Akun MySAPK terkunci setelah salah memasukkan data',
      resolution: 'Permintaan reset akun diteruskan ke admin SIASN, akun sudah dapat digunakan.',
    },
  ],
  forgot_password: [
    {
      description: 'Lupa password MySAPK, e-mail pemulihan sudah tidak aktif',
      resolution: 'E-mail pemulihan diganti melalui admin SIASN, password berhasil direset.',
    },
    {
      description: 'Lupa password MySAPK, tautan reset kedaluwarsa',
      resolution: 'Tautan reset dikirim ulang dan pegawai berhasil mengganti password.',
    },
  ],
  upload: [
    {
      description: 'Gagal unggah ijazah, ukuran file lebih dari 1 MB',
      resolution: 'Dibantu mengompres PDF menjadi di bawah 1 MB, unggah berhasil.',
    },
    {
      description: 'Dokumen terunggah tetapi tidak muncul di riwayat',
      resolution: 'Muat ulang aplikasi; dokumen sudah tampil di riwayat.',
    },
    { description: 'Scan KK berformat JPG, tidak bisa diunggah', resolution: 'Dokumen dikonversi ke PDF di helpdesk dan diunggah.' },
  ],
  submission: [
    {
      description: 'Usulan riwayat pendidikan sudah dikirim tetapi status belum berubah',
      resolution: 'Usulan masih dalam antrean verifikasi OPD; verifikator sudah diberi tahu.',
    },
    {
      description: 'Salah memilih kategori usulan, mohon dibatalkan',
      resolution: 'Pegawai diarahkan untuk mengajukan ulang pada kategori yang benar; usulan lama ditolak verifikator.',
    },
    {
      description: 'Usulan dikembalikan (BTS) tetapi tidak tahu dokumen apa yang kurang',
      resolution: 'Catatan verifikator dijelaskan; pegawai akan mengunggah ulang dokumen.',
    },
  ],
  other: [
    { description: 'Menanyakan batas akhir pemutakhiran data mandiri', resolution: 'Dijelaskan jadwal sesuai instruksi Bupati.' },
    { description: 'Nomor HP di MySAPK masih nomor lama', resolution: 'Nomor HP diperbarui melalui menu data personal.' },
    {
      description: 'Operator sekolah menanyakan cara membantu guru yang belum punya e-mail',
      resolution: 'Dijelaskan pembuatan e-mail dan aktivasi MySAPK; panduan dikirim lewat WhatsApp grup operator.',
    },
  ],
};

// ---------------------------------------------------------------------------
// Proposed values per category
// ---------------------------------------------------------------------------

const UNIVERSITIES = [
  'Universitas Sebelas Maret',
  'Universitas Muhammadiyah Surakarta',
  'Universitas Slamet Riyadi',
  'Universitas Veteran Bangun Nusantara',
  'Universitas Terbuka',
  'Universitas Negeri Yogyakarta',
  'Universitas Gadjah Mada',
  'Universitas Diponegoro',
  'IAIN Surakarta',
  'Universitas Kristen Satya Wacana',
  'STIKes Kusuma Husada Surakarta',
  'Poltekkes Kemenkes Surakarta',
  'Universitas Tunas Pembangunan',
  'Universitas Sahid Surakarta',
  'Universitas Widya Dharma Klaten',
];
const MAJORS_BY_JOB: Array<[RegExp, string[]]> = [
  [
    /Guru/,
    [
      'Pendidikan Guru Sekolah Dasar',
      'Pendidikan Matematika',
      'Pendidikan Bahasa Indonesia',
      'Pendidikan Bahasa Inggris',
      'Pendidikan Jasmani',
      'Pendidikan Agama Islam',
      'Bimbingan dan Konseling',
    ],
  ],
  [/Perawat/, ['Ilmu Keperawatan', 'Profesi Ners']],
  [/Bidan/, ['Kebidanan', 'Sarjana Terapan Kebidanan']],
  [/Dokter/, ['Pendidikan Dokter', 'Ilmu Penyakit Dalam']],
  [
    /./,
    ['Ilmu Administrasi Negara', 'Manajemen', 'Akuntansi', 'Ilmu Hukum', 'Teknik Sipil', 'Informatika', 'Ilmu Pemerintahan', 'Agribisnis'],
  ],
];
const TRAININGS = [
  ['Pelatihan Dasar CPNS', 'BPSDM Provinsi Jawa Tengah', 'Klasikal dan e-learning'],
  ['Pelatihan Kepemimpinan Pengawas', 'BPSDM Provinsi Jawa Tengah', '250 JP'],
  ['Pelatihan Pengadaan Barang/Jasa Tingkat Dasar', 'LKPP', '32 JP'],
  ['Bimbingan Teknis Penyusunan SKP', 'BKPSDM Kabupaten Karanganyar', '16 JP'],
  ['Pelatihan Penggerak Guru', 'Balai Guru Penggerak Jawa Tengah', '300 JP'],
  ['Pelatihan Basic Life Support', 'RSUD Dr. Moewardi', '24 JP'],
  ['Workshop Kurikulum Merdeka', 'Dinas Pendidikan dan Kebudayaan Kabupaten Karanganyar', '32 JP'],
];
const AWARDS = [
  'Satyalancana Karya Satya X Tahun',
  'Satyalancana Karya Satya XX Tahun',
  'Satyalancana Karya Satya XXX Tahun',
  'Guru Berprestasi Tingkat Kabupaten',
  'Tenaga Kesehatan Teladan Tingkat Kabupaten',
];

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export interface ProposalContext {
  name: string;
  sex: Sex;
  position: string;
  unit: string;
  rankGrade: string;
  employeeType: 'PNS' | 'CPNS' | 'PPPK';
  birthYear: number;
  startYear: number;
  /** Current year (Jakarta) of the campaign. */
  year: number;
  kecamatan: string;
}

/** A small, realistic "proposed values" object per category, as an import from SIASN would carry. */
export function proposedValues(rng: Rng, category: string, c: ProposalContext): Record<string, unknown> {
  const skNo = (prefix: string, y: number) => `${prefix}/${rng.int(10, 999)}/${y}`;
  const recentYear = Math.max(c.startYear, c.year - rng.int(0, 4));
  switch (category) {
    case 'data_personal':
      return rng.chance(0.5)
        ? {
            alamat: `Dk. ${rng.pick(['Ngemplak', 'Krajan', 'Sukosari', 'Gondang', 'Jetis', 'Karangrejo', 'Tegalsari', 'Bulu'])} RT ${String(rng.int(1, 8)).padStart(2, '0')}/RW ${String(rng.int(1, 12)).padStart(2, '0')}`,
            kecamatan: c.kecamatan,
            kabupaten: 'Karanganyar',
          }
        : {
            nomorHp: phoneNumber(rng),
            email: `${slug(c.name.split(',')[0].replace(/^(dr|drg|Ns|apt|Drs|Dra|Ir)\. /, ''))}${rng.int(1, 99)}@asn.pdm.example`,
          };
    case 'keluarga': {
      if (rng.chance(0.6) || c.birthYear > c.year - 25) {
        const childSex: Sex = rng.chance(0.5) ? 'L' : 'P';
        const born = ymd(Math.min(c.year - 1, Math.max(c.birthYear + 22, c.year - rng.int(1, 15))), rng.int(1, 12), rng.int(1, 28));
        return {
          hubungan: 'Anak',
          nama: `${personName(rng, childSex)}`,
          jenisKelamin: childSex,
          tanggalLahir: born,
          statusTunjangan: true,
        };
      }
      const spouseSex: Sex = c.sex === 'L' ? 'P' : 'L';
      return {
        hubungan: spouseSex === 'P' ? 'Istri' : 'Suami',
        nama: personName(rng, spouseSex),
        tanggalMenikah: ymd(Math.min(c.year - 1, c.birthYear + rng.int(23, 32)), rng.int(1, 12), rng.int(1, 28)),
        pekerjaan: rng.pick(['Wiraswasta', 'Karyawan Swasta', 'Ibu Rumah Tangga', 'PNS', 'Guru Swasta', 'Petani']),
      };
    }
    case 'pendidikan': {
      const majors = MAJORS_BY_JOB.find(([re]) => re.test(c.position))![1];
      const s2 = rng.chance(0.3);
      return {
        jenjang: s2 ? 'S2' : 'S1',
        institusi: rng.pick(UNIVERSITIES),
        jurusan: s2
          ? `Magister ${rng.pick(['Administrasi Publik', 'Manajemen', 'Pendidikan', 'Kesehatan Masyarakat', 'Hukum'])}`
          : rng.pick(majors),
        tahunLulus: Math.min(c.year - 1, Math.max(c.birthYear + 22, s2 ? recentYear - 1 : c.startYear - rng.int(0, 3))),
        nomorIjazah: `${rng.int(100, 999)}/${s2 ? 'PASCA' : 'S1'}/${rng.int(1000, 9999)}`,
      };
    }
    case 'jabatan':
      return {
        jabatan: c.position,
        unitKerja: c.unit,
        tmtJabatan: ymd(recentYear, rng.pick([1, 4, 7, 10]), 1),
        nomorSk: skNo('821.2', recentYear),
      };
    case 'diklat': {
      const [nama, penyelenggara, jp] = rng.pick(TRAININGS);
      return { nama, penyelenggara, tahun: recentYear, keterangan: jp };
    }
    case 'skp':
      return {
        tahun: c.year - 1,
        predikatKinerja: rng.weighted([
          ['Baik', 7],
          ['Sangat Baik', 2],
          ['Butuh Perbaikan', 0.3],
        ] as const),
        pejabatPenilai: 'Kepala OPD',
      };
    case 'pmk':
      return {
        masaKerjaTahun: rng.int(1, 8),
        masaKerjaBulan: rng.int(0, 11),
        instansiSebelumnya: rng.pick([
          'SD Muhammadiyah 1 Karanganyar',
          'RS PKU Muhammadiyah Karanganyar',
          'Puskesmas (tenaga kontrak)',
          'SMP IT Insan Mulia',
        ]),
        nomorSk: skNo('800', recentYear),
      };
    case 'cpns_pns':
      return {
        nomorSkCpns: skNo('813.3', c.startYear),
        tmtCpns: ymd(c.startYear, rng.pick([1, 3, 4]), 1),
        nomorSkPns: skNo('821.13', c.startYear + 1),
        tmtPns: ymd(c.startYear + 1, rng.pick([1, 3, 4]), 1),
      };
    case 'pangkat':
      return {
        golongan: c.rankGrade,
        tmtGolongan: ymd(recentYear, rng.pick([4, 10]), 1),
        nomorSk: skNo('823.3', recentYear),
        jenisKenaikanPangkat: rng.weighted([
          ['Reguler', 8],
          ['Jabatan Fungsional', 3],
          ['Penyesuaian Ijazah', 1],
        ] as const),
      };
    case 'penghargaan':
      return { nama: rng.pick(AWARDS), tahun: recentYear, nomorKeputusan: skNo(rng.chance(0.6) ? 'Keppres' : '003', recentYear) };
    case 'organisasi':
      return c.position.startsWith('Guru')
        ? {
            nama: `PGRI Ranting ${c.unit.replace(/^(SD|SMP|TK) Negeri( Pembina)?( \d+)? /, '')}`,
            jabatan: rng.pick(['Anggota', 'Bendahara', 'Sekretaris']),
            tahunMulai: recentYear,
          }
        : {
            nama: rng.pick([
              'KORPRI Kabupaten Karanganyar',
              'Persatuan Perawat Nasional Indonesia',
              'Ikatan Bidan Indonesia',
              'Karang Taruna',
            ]),
            jabatan: rng.pick(['Anggota', 'Pengurus']),
            tahunMulai: recentYear,
          };
    case 'cltn':
      return {
        tmtMulai: ymd(c.year - 1, rng.int(1, 12), 1),
        tmtSelesai: ymd(c.year + 1, rng.int(1, 12), 1),
        alasan: rng.pick(['Mengikuti suami/istri bertugas di luar negeri', 'Mendampingi orang tua sakit', 'Persalinan anak keempat']),
      };
    case 'pindah_instansi':
      return {
        instansiTujuan: rng.pick([
          'Pemerintah Kota Surakarta',
          'Pemerintah Kabupaten Sukoharjo',
          'Pemerintah Kabupaten Sragen',
          'Pemerintah Provinsi Jawa Tengah',
        ]),
        tmtPindah: ymd(c.year, rng.int(1, 12), 1),
        nomorSk: skNo('824.3', c.year),
      };
    default:
      return {};
  }
}
