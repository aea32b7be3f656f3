import type { Category } from '../../../config/reference-data.js';
import { canOnRow } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { ROLE_LABELS } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import type { ConsultationStatus } from '../../db/models/consultation.model.js';

/**
 * Who may do what in a consultation (pure): the access policy's grants on submissions
 * (consultAsk, consultAnswer, consultClose; src/domain/access/access-policy.ts) on the row of the
 * submission itself — the thread is scoped exactly like its submission, so another OPD's verifier
 * neither sees nor touches it.
 */

export type ConsultAction = 'show' | 'consultAsk' | 'consultAnswer' | 'consultClose';

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  open: 'Menunggu jawaban BKPSDM',
  answered: 'Sudah dijawab BKPSDM',
  closed: 'Selesai',
};

export const MESSAGE_KIND_LABELS = { question: 'Pertanyaan', answer: 'Jawaban' } as const;

/** The words the inbox shows while a question is open. */
export const AWAITING_BKPSDM_LABEL = 'menunggu jawaban BKPSDM';

export const MIN_MESSAGE_LENGTH = 5;
export const MAX_MESSAGE_LENGTH = 4000;

export interface SubmissionRow {
  id: number;
  opdId: number;
  category: string;
}

/** May the actor take `action` on the thread of this submission? */
export function mayConsult(actor: Actor, action: ConsultAction, sub: SubmissionRow, categories: readonly Category[]): boolean {
  const bkn = categories.filter((c) => c.validatedByBkn).map((c) => c.code);
  return canOnRow(actor, 'submissions', action, sub, bkn);
}

/** The message text, trimmed; a clear message (field `body`) when it is too short or too long. */
export function checkBody(body: unknown, what: 'Pertanyaan' | 'Jawaban'): string {
  const text = (typeof body === 'string' ? body : '').trim();
  if (text.length < MIN_MESSAGE_LENGTH) {
    throw new ValidationError(`${what} wajib diisi, minimal ${MIN_MESSAGE_LENGTH} karakter`, {
      body: `${what} minimal ${MIN_MESSAGE_LENGTH} karakter`,
    });
  }
  if (text.length > MAX_MESSAGE_LENGTH) {
    throw new ValidationError(`${what} terlalu panjang (${text.length} karakter, maksimal ${MAX_MESSAGE_LENGTH})`, {
      body: `Maksimal ${MAX_MESSAGE_LENGTH} karakter`,
    });
  }
  return text;
}

export function roleLabel(role: string | null | undefined): string {
  if (!role) return '-';
  if (role === 'system') return 'Sistem';
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}
