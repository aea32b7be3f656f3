import {
  DELIVERY_STATUSES,
  OPD_KINDS,
  REPORT_KINDS,
  ROLE_LABELS,
  RUN_STATUSES,
  SUBMISSION_STATUS_LABELS,
} from '../../domain/shared/constants.js';
import { ACTION_LABELS } from '../../domain/submissions/rules.js';

/**
 * Every stored code the panel shows, in words: per resource and property, value → label. The
 * resources get these as `availableValues` (scopedResource adds them where a resource names none),
 * so lists, show pages and filters show the label, coloured (property-value.tsx), never the code.
 */

const ROLES: Record<string, string> = { ...ROLE_LABELS, system: 'Sistem' };

export const OPD_KIND_LABELS: Record<(typeof OPD_KINDS)[number], string> = {
  sekretariat: 'Sekretariat',
  dinas: 'Dinas',
  badan: 'Badan',
  inspektorat: 'Inspektorat',
  kecamatan: 'Kecamatan',
  rsud: 'RSUD',
  kantor: 'Kantor',
  satpol_pp: 'Satpol PP',
};

export const REPORT_KIND_LABELS: Record<(typeof REPORT_KINDS)[number], string> = {
  opd: 'Laporan per OPD',
  regency: 'Laporan kabupaten (Bupati)',
};

export const RUN_STATUS_LABELS: Record<(typeof RUN_STATUSES)[number], string> = {
  running: 'Berjalan',
  done: 'Selesai',
  partial: 'Sebagian terkirim',
  failed: 'Gagal',
};

export const DELIVERY_STATUS_LABELS: Record<(typeof DELIVERY_STATUSES)[number], string> = {
  pending: 'Menunggu',
  sending: 'Sedang dikirim',
  sent: 'Terkirim',
  failed: 'Gagal',
};

export const RUN_TRIGGER_LABELS: Record<string, string> = {
  schedule: 'Terjadwal',
  manual: 'Manual (panel)',
  test: 'Uji kirim',
  cli: 'Perintah (CLI)',
  resend: 'Kirim ulang',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: 'Masuk',
  login_failed: 'Gagal masuk',
  login_blocked: 'Masuk diblokir',
  session_ended: 'Sesi berakhir',
  password_change: 'Ganti kata sandi',
  password_change_failed: 'Gagal ganti kata sandi',
  create: 'Tambah data',
  update: 'Ubah data',
  delete: 'Hapus data',
  upload: 'Unggah dokumen',
  download: 'Buka dokumen',
  denied: 'Ditolak (tanpa wewenang)',
  phase_override: 'Pengecualian jadwal',
  service_unblock: 'Layanan dibuka kembali',
  flag_incomplete: 'Tandai belum selesai',
  employee_placement: 'Penempatan pegawai',
  verify: ACTION_LABELS.verify,
  return_for_fix: ACTION_LABELS.returnForFix,
  reject: ACTION_LABELS.reject,
  validate: ACTION_LABELS.validate,
  approve: ACTION_LABELS.approve,
  resubmit: ACTION_LABELS.resubmit,
  import: 'Impor data',
  report_send: 'Kirim laporan',
};

export const AUDIT_OUTCOME_LABELS: Record<string, string> = { ok: 'Berhasil', denied: 'Ditolak', failed: 'Gagal' };

export const RESOURCE_LABELS: Record<string, string> = {
  opds: 'OPD',
  employees: 'Pegawai',
  users: 'Pengguna',
  campaigns: 'Putaran PDM',
  submissions: 'Usul',
  submission_events: 'Riwayat usul',
  documents: 'Dokumen',
  helpdesk_tickets: 'Tiket helpdesk',
  audit_logs: 'Log audit',
  report_schedules: 'Jadwal laporan',
  report_runs: 'Pengiriman laporan',
  report_deliveries: 'Kiriman laporan',
  panel: 'Panel',
};

export const SUBMISSION_SOURCE_LABELS: Record<string, string> = {
  panel: 'Panel',
  import: 'Impor SIASN',
  demo: 'Data demo',
};

const statuses = SUBMISSION_STATUS_LABELS as Record<string, string>;

export const ENUM_LABELS: Record<string, Record<string, Record<string, string>>> = {
  opds: { kind: OPD_KIND_LABELS },
  users: { role: ROLES },
  submissions: { source: SUBMISSION_SOURCE_LABELS },
  submission_events: { actorRole: ROLES, fromStatus: statuses, toStatus: statuses },
  audit_logs: { role: ROLES, action: AUDIT_ACTION_LABELS, outcome: AUDIT_OUTCOME_LABELS, resource: RESOURCE_LABELS },
  report_schedules: { reportKind: REPORT_KIND_LABELS },
  report_runs: { reportKind: REPORT_KIND_LABELS, status: RUN_STATUS_LABELS, trigger: RUN_TRIGGER_LABELS },
  report_deliveries: { status: DELIVERY_STATUS_LABELS },
};

/** `availableValues` for a resource's coded properties that name none themselves. */
export function enumProperties(
  resource: string,
  given: Record<string, { availableValues?: unknown } | undefined>,
): Record<string, { availableValues: Array<{ value: string; label: string }> }> {
  const out: Record<string, { availableValues: Array<{ value: string; label: string }> }> = {};
  for (const [property, labels] of Object.entries(ENUM_LABELS[resource] ?? {})) {
    if (given[property]?.availableValues) continue;
    out[property] = { availableValues: Object.entries(labels).map(([value, label]) => ({ value, label })) };
  }
  return out;
}
