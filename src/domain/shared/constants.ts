/** Vocabulary shared by every area. Labels are the words SIASN and BKPSDM staff use. */

export const ROLES = ['admin', 'approver', 'helpdesk', 'verifier', 'bkn_validator', 'secretary', 'opd_head', 'regent'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator BKPSDM',
  approver: 'Persetujuan BKPSDM',
  helpdesk: 'Helpdesk BKPSDM',
  verifier: 'Verifikator OPD',
  bkn_validator: 'Validator Kanreg BKN',
  secretary: 'Sekretaris OPD',
  opd_head: 'Kepala OPD / Camat',
  regent: 'Bupati',
};

/** Roles bound to one OPD: they must have an opdId and see only that OPD. */
export const OPD_SCOPED_ROLES: readonly Role[] = ['verifier', 'secretary', 'opd_head'];

export const EMPLOYEE_TYPES = ['PNS', 'CPNS', 'PPPK'] as const;
export type EmployeeType = (typeof EMPLOYEE_TYPES)[number];

export const SUBMISSION_STATUSES = ['submitted', 'needs_fix', 'rejected', 'verified', 'validated', 'approved'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  submitted: 'Input Berkas',
  needs_fix: 'Perbaikan Dokumen (BTS)',
  rejected: 'Tidak Memenuhi Syarat (TMS)',
  verified: 'Terverifikasi OPD',
  validated: 'Tervalidasi BKN',
  approved: 'Disetujui BKPSDM',
};

export const OPD_KINDS = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'kecamatan', 'rsud', 'kantor', 'satpol_pp'] as const;
export type OpdKind = (typeof OPD_KINDS)[number];

export const TICKET_KINDS = ['login_activation', 'forgot_password', 'upload', 'submission', 'other'] as const;
export const TICKET_KIND_LABELS: Record<(typeof TICKET_KINDS)[number], string> = {
  login_activation: 'Login / aktivasi MySAPK',
  forgot_password: 'Lupa password',
  upload: 'Unggah dokumen',
  submission: 'Usul pemutakhiran',
  other: 'Lainnya',
};
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;

export const REPORT_KINDS = ['opd', 'regency'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const RUN_STATUSES = ['running', 'done', 'partial', 'failed'] as const;
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
