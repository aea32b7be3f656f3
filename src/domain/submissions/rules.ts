import { can } from '../access/access-policy.js';
import type { Category } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, ROLE_LABELS, SUBMISSION_STATUS_LABELS, type Role, type SubmissionStatus } from '../shared/constants.js';
import { ConflictError, ForbiddenError, ValidationError, type DomainError } from '../shared/errors.js';
import type { PhaseAction } from '../campaign/phases.js';
import { text } from '../shared/text.js';

/**
 * The submission state machine and who may touch what (pure: no database).
 * The same rules serve transition(), allowedActions() (buttons in the panel) and the
 * document service, so every path enforces the same thing.
 */

export const WORKFLOW_ACTIONS = ['verify', 'returnForFix', 'reject', 'validate', 'approve', 'resubmit'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  verify: 'Verifikasi',
  returnForFix: 'Kembalikan untuk perbaikan (BTS)',
  reject: 'Tolak (TMS)',
  validate: 'Validasi BKN',
  approve: 'Setujui',
  resubmit: 'Ajukan ulang',
};

/** "Anda hanya dapat <verb> usul pegawai OPD Anda". */
const ACTIVE_VERB: Record<WorkflowAction, string> = {
  verify: 'memverifikasi',
  returnForFix: 'mengembalikan (BTS)',
  reject: 'menolak (TMS)',
  validate: 'memvalidasi',
  approve: 'menyetujui',
  resubmit: 'mengajukan ulang',
};
/** "Usul berstatus '<status>' tidak dapat <verb>". */
const PASSIVE_VERB: Record<WorkflowAction, string> = {
  verify: 'diverifikasi',
  returnForFix: 'dikembalikan untuk perbaikan (BTS)',
  reject: 'ditolak (TMS)',
  validate: 'divalidasi',
  approve: 'disetujui',
  resubmit: 'diajukan ulang',
};

/** Audit action names (snake_case like the rest of the audit trail). */
export const AUDIT_ACTIONS: Record<WorkflowAction, string> = {
  verify: 'verify',
  returnForFix: 'return_for_fix',
  reject: 'reject',
  validate: 'validate',
  approve: 'approve',
  resubmit: 'resubmit',
};

export interface Edge {
  action: WorkflowAction;
  from: SubmissionStatus;
  to: SubmissionStatus;
  roles: readonly Role[];
  phase: PhaseAction;
  needsNote: boolean;
  needsDocuments: boolean;
}

/**
 * While nobody has verified a submission (it is with the employee or the OPD), its documents may
 * be added or removed, its proposed values changed, and an entry made by mistake deleted. Once
 * verified, a change would make the verification stale: it is returned (BTS) to needs_fix instead.
 */
export const EDITABLE_STATUSES: readonly SubmissionStatus[] = ['submitted', 'needs_fix'];

/** Roles of BKPSDM that decide (admin may do everything an approver may). */
export const DECIDER_ROLES: readonly Role[] = ['approver', 'admin'];
/** Who may act for the employee: resubmit after a fix, create submissions, upload documents. */
export const EDITOR_ROLES: readonly Role[] = ['helpdesk', 'admin', 'verifier'];

/**
 * The edges that apply to a category.
 * - OPD step (from submitted): the verifier of the submission's OPD; for a category that the
 *   configuration marks as not verified by the OPD (none today), BKPSDM (approver/admin) does it.
 * - BKN step (BKN categories, from verified): the Kanreg BKN validator validates, returns or rejects.
 * - Decision: approver/admin approve or reject verified (OPD category) / validated (BKN category).
 * - Resubmit after a fix: helpdesk, admin, or the verifier of the OPD, acting for the employee.
 */
export function edgesFor(category: Pick<Category, 'verifiedByOpd' | 'validatedByBkn'>): Edge[] {
  const opdStep: readonly Role[] = category.verifiedByOpd ? ['verifier'] : DECIDER_ROLES;
  const decideFrom: SubmissionStatus = category.validatedByBkn ? 'validated' : 'verified';
  const e = (action: WorkflowAction, from: SubmissionStatus, to: SubmissionStatus, roles: readonly Role[], phase: PhaseAction): Edge => ({
    action,
    from,
    to,
    roles,
    phase,
    needsNote: action === 'returnForFix' || action === 'reject',
    needsDocuments: action === 'verify',
  });
  const edges: Edge[] = [
    e('verify', 'submitted', 'verified', opdStep, 'verify'),
    e('returnForFix', 'submitted', 'needs_fix', opdStep, 'verify'),
    e('reject', 'submitted', 'rejected', opdStep, 'verify'),
    e('approve', decideFrom, 'approved', DECIDER_ROLES, 'approve'),
    e('reject', decideFrom, 'rejected', DECIDER_ROLES, 'approve'),
    e('resubmit', 'needs_fix', 'submitted', EDITOR_ROLES, 'resubmit'),
  ];
  if (category.validatedByBkn) {
    edges.push(
      e('validate', 'verified', 'validated', ['bkn_validator'], 'validate'),
      e('returnForFix', 'verified', 'needs_fix', ['bkn_validator'], 'validate'),
      e('reject', 'verified', 'rejected', ['bkn_validator'], 'validate'),
    );
  }
  return edges;
}

/** Roles that ever take each action, in some category (to tell "wrong role" from "wrong category"). */
const EVER: Record<WorkflowAction, readonly Role[]> = {
  verify: ['verifier', ...DECIDER_ROLES],
  returnForFix: ['verifier', 'bkn_validator', ...DECIDER_ROLES],
  reject: ['verifier', 'bkn_validator', ...DECIDER_ROLES],
  validate: ['bkn_validator'],
  approve: DECIDER_ROLES,
  resubmit: EDITOR_ROLES,
};

export interface SubmissionLike {
  opdId: number;
  status: SubmissionStatus;
  category: string;
}

export type RuleResult = { ok: true; edge: Edge } | { ok: false; error: DomainError; denied: boolean };

const isScoped = (role: Actor['role']) => (OPD_SCOPED_ROLES as readonly string[]).includes(role);
const roleLabel = (role: Actor['role']) => (role === 'system' ? 'sistem' : ROLE_LABELS[role]);

export function statusLabel(s: string): string {
  return SUBMISSION_STATUS_LABELS[s as SubmissionStatus] ?? s;
}

/**
 * Decides whether `actor` may take `action` on `sub` now (phase aside). `denied` marks refusals
 * that are about who the actor is (role, OPD, category scope): they are written to the audit
 * trail as 'denied'. State refusals (illegal transition) are ConflictErrors.
 */
export function evaluate(actor: Actor, sub: SubmissionLike, category: Category, action: WorkflowAction): RuleResult {
  const deny = (message: string): RuleResult => ({ ok: false, error: new ForbiddenError(message), denied: true });
  if (!(WORKFLOW_ACTIONS as readonly string[]).includes(action)) {
    return { ok: false, error: new ValidationError(`Tindakan tidak dikenal: ${String(action)}`), denied: false };
  }
  const role = actor.role;
  if (role === 'system' || !EVER[action].includes(role)) {
    return deny(`Peran ${roleLabel(role)} tidak berwenang ${ACTIVE_VERB[action]} usul`);
  }
  if (isScoped(role)) {
    if (actor.opdId === null || actor.opdId === undefined) return deny('Akun Anda belum terhubung ke OPD; hubungi administrator BKPSDM');
    if (actor.opdId !== sub.opdId) return deny(`Anda hanya dapat ${ACTIVE_VERB[action]} usul pegawai OPD Anda`);
  }
  const edges = edgesFor(category).filter((e) => e.action === action && e.roles.includes(role));
  if (edges.length === 0) {
    if (role === 'bkn_validator') return deny(`Usul kategori '${category.label}' tidak divalidasi oleh Kanreg BKN`);
    if (role === 'verifier') return deny(`Usul kategori '${category.label}' tidak diverifikasi oleh OPD`);
    return deny(`Peran ${roleLabel(role)} tidak berwenang ${ACTIVE_VERB[action]} usul kategori '${category.label}'`);
  }
  const edge = edges.find((e) => e.from === sub.status);
  if (!edge) {
    if (
      (action === 'approve' || action === 'reject') &&
      DECIDER_ROLES.includes(role) &&
      category.validatedByBkn &&
      sub.status === 'verified'
    ) {
      return {
        ok: false,
        error: new ConflictError(
          `Usul kategori '${category.label}' berstatus '${statusLabel(sub.status)}' harus divalidasi Kanreg BKN sebelum ${action === 'approve' ? 'disetujui' : 'diputuskan'}`,
        ),
        denied: false,
      };
    }
    return {
      ok: false,
      error: new ConflictError(`Usul berstatus '${statusLabel(sub.status)}' tidak dapat ${PASSIVE_VERB[action]}`),
      denied: false,
    };
  }
  return { ok: true, edge };
}

const PROPOSAL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;
const PROPOSAL_MAX_KEYS = 50;
const PROPOSAL_MAX_TEXT = 2000;

/**
 * The proposed values of a submission: a flat object of named values (text, number, yes/no),
 * from a form (nested keys), a JSON text typed in the panel, or an import. Anything else is
 * refused with a message naming the field. A proposed NIK (data_personal) must be 16 digits.
 */
export function normaliseProposal(value: unknown): Record<string, unknown> | null {
  const invalid = (detail: string) =>
    new ValidationError(`Data usulan tidak valid: ${detail}. Contoh: {"jabatan": "Guru Ahli Muda", "tmtJabatan": "2021-01-01"}`, {
      proposedValues: detail,
    });
  if (value === null || value === undefined || value === '') return null;
  let v: unknown = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw invalid('bukan JSON yang sah');
    }
  }
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('harus berupa isian bernama (objek)');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > PROPOSAL_MAX_KEYS) throw invalid(`paling banyak ${PROPOSAL_MAX_KEYS} isian`);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of entries) {
    if (!PROPOSAL_KEY.test(key)) throw invalid(`nama isian '${key.slice(0, 60)}' tidak sah (huruf, angka, garis bawah)`);
    if (raw !== null && !['string', 'number', 'boolean'].includes(typeof raw))
      throw invalid(`isian '${key}' harus teks, angka atau ya/tidak`);
    if (typeof raw === 'string' && raw.length > PROPOSAL_MAX_TEXT)
      throw invalid(`isian '${key}' paling panjang ${PROPOSAL_MAX_TEXT} karakter`);
    if (typeof raw === 'number' && !Number.isFinite(raw)) throw invalid(`isian '${key}' bukan angka yang sah`);
    out[key] = typeof raw === 'string' ? raw.trim() : raw;
  }
  if ('nik' in out && out.nik !== null && out.nik !== '' && !/^\d{16}$/.test(text(out.nik))) {
    throw new ValidationError('NIK yang diusulkan harus 16 angka', { 'proposedValues.nik': 'NIK harus 16 angka' });
  }
  return out;
}

/** A note (≥ 5 characters) is required to return (BTS) or reject (TMS). */
export const MIN_NOTE_LENGTH = 5;
export const MAX_NOTE_LENGTH = 2000;

export function checkNote(edge: Edge, note: string | null | undefined): string | null {
  const n = (note ?? '').trim();
  if (n.length > MAX_NOTE_LENGTH)
    throw new ValidationError(`Catatan terlalu panjang (maksimal ${MAX_NOTE_LENGTH} karakter)`, { note: 'Terlalu panjang' });
  if (edge.needsNote && n.length < MIN_NOTE_LENGTH) {
    const what = edge.action === 'reject' ? 'penolakan (TMS)' : 'pengembalian untuk perbaikan (BTS)';
    throw new ValidationError(`Catatan wajib diisi minimal ${MIN_NOTE_LENGTH} karakter untuk ${what}`, {
      note: `Minimal ${MIN_NOTE_LENGTH} karakter`,
    });
  }
  return n || null;
}

// ---------------------------------------------------------------------------------------------
// Record access (shared by submissions and documents)

/** May the actor read this submission (list/show)? */
export function canReadSubmission(actor: Actor, sub: { opdId: number }, category: Pick<Category, 'validatedByBkn'> | undefined): boolean {
  switch (actor.role) {
    case 'system':
    case 'admin':
    case 'approver':
    case 'regent':
    case 'helpdesk':
      return true;
    case 'verifier':
    case 'secretary':
    case 'opd_head':
      return actor.opdId !== null && actor.opdId === sub.opdId;
    case 'bkn_validator':
      return !!category?.validatedByBkn;
    default:
      return false;
  }
}

/**
 * May the actor open a document (a scan)? As submissions, except helpdesk: scans such as the KTP
 * carry the full NIK, which helpdesk must not see (DESIGN.md: "employees (no NIK in full)").
 */
export function canReadDocument(
  actor: Actor,
  sub: { opdId: number; category?: string },
  category: Pick<Category, 'validatedByBkn'> | undefined,
): boolean {
  // A scan shows the NIK and family data in full: the access policy's 'download' grant decides
  // who may open one (admin, approver, verifier of the OPD, Kanreg BKN for its categories).
  if (actor.role === 'system') return true;
  if (!can(actor, 'documents', 'download')) return false;
  return canReadSubmission(actor, sub, category);
}

/** Who may open scans, in words (for the refusal). */
export const DOCUMENT_READERS_TEXT = 'verifikator OPD, validator Kanreg BKN (kategorinya) dan BKPSDM (administrator, persetujuan)';

/**
 * Why the actor may not open a document of `sub`, in words, or null when they may. A role without
 * the right to open scans is told so (not "only your OPD": the scan may be of their own OPD).
 */
export function documentRefusal(
  actor: Actor,
  sub: { opdId: number; category?: string },
  category: Pick<Category, 'validatedByBkn'> | undefined,
): string | null {
  if (canReadDocument(actor, sub, category)) return null;
  if (!can(actor, 'documents', 'download'))
    return `Pindaian dokumen memuat NIK dan data keluarga; hanya ${DOCUMENT_READERS_TEXT} yang dapat membukanya`;
  if (actor.role === 'bkn_validator') return 'Kanreg BKN hanya dapat membuka dokumen usul yang divalidasi BKN';
  return 'Anda hanya dapat membuka dokumen pegawai OPD Anda';
}

/**
 * May the actor create a submission / add or remove documents for an employee of `opdId`?
 * Helpdesk and admin for any OPD, the verifier for their own OPD, the system actor (imports).
 * Returns null when allowed, else the refusal message.
 */
export function editRefusal(actor: Actor, opdId: number, verb = 'mengubah'): string | null {
  if (actor.role === 'system' || actor.role === 'admin' || actor.role === 'helpdesk') return null;
  if (actor.role === 'verifier') {
    if (actor.opdId === null || actor.opdId === undefined) return 'Akun Anda belum terhubung ke OPD; hubungi administrator BKPSDM';
    return actor.opdId === opdId ? null : `Anda hanya dapat ${verb} usul pegawai OPD Anda`;
  }
  return `Peran ${roleLabel(actor.role)} tidak berwenang ${verb} usul`;
}
