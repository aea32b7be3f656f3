import type { Category, ReferenceData } from '../../../config/reference-data.js';
import type { SubmissionStatus } from '../shared/constants.js';

/**
 * Which status changes tell the employee, and what a notice says (pure: no database).
 * - returned for a fix (BTS, → needs_fix): the employee must fix the proposal or its documents;
 * - rejected (TMS, → rejected): the employee learns why.
 * Every other change (verify, validate, approve, resubmit) needs no notice.
 */

export type NoticeKind = 'bts' | 'tms';

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  bts: 'Belum Memenuhi Syarat (BTS) — dikembalikan untuk perbaikan',
  tms: 'Tidak Memenuhi Syarat (TMS) — ditolak',
};

export const NOTICE_STATUS_LABELS: Record<string, string> = {
  pending: 'Menunggu dikirim',
  sending: 'Sedang dikirim',
  sent: 'Terkirim',
  failed: 'Gagal dikirim',
  no_address: 'Tanpa alamat e-mail — hubungi pegawai',
};

export function noticeKindFor(to: SubmissionStatus): NoticeKind | null {
  if (to === 'needs_fix') return 'bts';
  if (to === 'rejected') return 'tms';
  return null;
}

/** The documents the employee must fix or upload: the category's required ones, else its accepted types. */
export function noticeDocuments(category: Pick<Category, 'documentTypes' | 'requiredDocumentTypes'>, reference: ReferenceData): string {
  const label = (code: string) => reference.documentType(code)?.label ?? code;
  if (category.requiredDocumentTypes.length) return category.requiredDocumentTypes.map(label).join('; ');
  const types = category.documentTypes.map(label);
  return types.length > 1 ? `salah satu: ${types.join('; ')}` : types.join('');
}
