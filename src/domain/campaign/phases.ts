import { addDays, jakartaDate } from '../shared/time.js';
import { PhaseClosedError, ValidationError } from '../shared/errors.js';
import { text } from '../shared/text.js';

/**
 * Campaign phases, computed on the Asia/Jakarta calendar date (pure functions, no database).
 *
 *   before          date < helpdeskStart
 *   helpdesk        helpdeskStart .. selfUpdateStart - 1   (and any gap day between later windows)
 *   self_update     selfUpdateStart .. selfUpdateEnd
 *   verification    verificationStart .. verificationEnd
 *   approval        approvalStart .. approvalEnd
 *   after_deadline  date > approvalEnd
 *
 * A gap day between two windows (allowed, e.g. a weekend; see validateCampaignDates) belongs to
 * no work window: only helpdesk tickets are open then, so it is reported as 'helpdesk'.
 */
export const PHASES = ['before', 'helpdesk', 'self_update', 'verification', 'approval', 'after_deadline'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  before: 'sebelum PDM dimulai',
  helpdesk: 'helpdesk',
  self_update: 'pemutakhiran mandiri',
  verification: 'verifikasi',
  approval: 'persetujuan',
  after_deadline: 'setelah batas waktu',
};

/** The dated fields of a campaign (a Campaign model instance satisfies this). */
export interface CampaignDates {
  id?: number;
  name?: string;
  helpdeskStart: string;
  selfUpdateStart: string;
  selfUpdateEnd: string;
  verificationStart: string;
  verificationEnd: string;
  approvalStart: string;
  approvalEnd: string;
}

/**
 * What is being done, for the phase table. Workflow actions map onto these (see
 * workflow rules): the OPD verifier's verify/return/reject are 'verify', the BKN validator's
 * validate/return/reject are 'validate', the approver's approve/reject are 'approve'.
 */
export const PHASE_ACTIONS = [
  'submit',
  'revise',
  'upload',
  'resubmit',
  'verify',
  'validate',
  'approve',
  'helpdesk_ticket',
  'flag_incomplete',
] as const;
export type PhaseAction = (typeof PHASE_ACTIONS)[number];

/**
 * Which phases open which action. Decisions (see docs in the report):
 * - submit: self-update only (new submissions stop when self-update ends);
 * - revise (changing the proposed values of a submission not yet verified): as upload, self-update
 *   and verification — the same window in which its documents may still be fixed;
 * - upload and resubmit: self-update and verification (fixing documents after a BTS return);
 * - verify (OPD verifier: verify / BTS / TMS): verification;
 * - validate (Kanreg BKN: validate / BTS / TMS): verification and approval, so items verified
 *   late in the verification window can still be validated before BKPSDM decides;
 * - approve (BKPSDM: approve / TMS): verification and approval (BKPSDM may decide early);
 * - helpdesk tickets: helpdesk through approval;
 * - flag_incomplete (after-deadline flagging): after_deadline.
 * Anything else needs an admin override with a reason (audited as 'phase_override').
 */
export const PHASE_RULES: Record<PhaseAction, readonly Phase[]> = {
  submit: ['self_update'],
  revise: ['self_update', 'verification'],
  upload: ['self_update', 'verification'],
  resubmit: ['self_update', 'verification'],
  verify: ['verification'],
  validate: ['verification', 'approval'],
  approve: ['verification', 'approval'],
  helpdesk_ticket: ['helpdesk', 'self_update', 'verification', 'approval'],
  flag_incomplete: ['after_deadline'],
};

export const PHASE_ACTION_LABELS: Record<PhaseAction, string> = {
  submit: 'Pengajuan usul pemutakhiran',
  revise: 'Perubahan data usulan',
  upload: 'Unggah dan perbaikan dokumen',
  resubmit: 'Pengajuan ulang usul',
  verify: 'Verifikasi usul oleh verifikator OPD',
  validate: 'Validasi usul oleh Kanreg BKN',
  approve: 'Persetujuan usul oleh BKPSDM',
  helpdesk_ticket: 'Layanan helpdesk',
  flag_incomplete: 'Penandaan pegawai yang belum menyelesaikan pemutakhiran',
};

const YMD = /^\d{4}-\d{2}-\d{2}$/;

function ymd(v: unknown, field: string): string {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : text(v);
  if (!YMD.test(s)) throw new ValidationError(`Tanggal ${field} pada putaran PDM tidak valid: "${s}"`, { [field]: 'Tanggal tidak valid' });
  return s;
}

/** The calendar dates of a campaign, normalised to YYYY-MM-DD strings. */
export function campaignDates(c: CampaignDates): Required<Omit<CampaignDates, 'id' | 'name'>> {
  return {
    helpdeskStart: ymd(c.helpdeskStart, 'helpdeskStart'),
    selfUpdateStart: ymd(c.selfUpdateStart, 'selfUpdateStart'),
    selfUpdateEnd: ymd(c.selfUpdateEnd, 'selfUpdateEnd'),
    verificationStart: ymd(c.verificationStart, 'verificationStart'),
    verificationEnd: ymd(c.verificationEnd, 'verificationEnd'),
    approvalStart: ymd(c.approvalStart, 'approvalStart'),
    approvalEnd: ymd(c.approvalEnd, 'approvalEnd'),
  };
}

/** The phase of the campaign on the Asia/Jakarta calendar date of `date`. */
export function phaseOf(campaign: CampaignDates, date: Date): Phase {
  const d = jakartaDate(date);
  const c = campaignDates(campaign);
  if (d > c.approvalEnd) return 'after_deadline';
  if (d >= c.approvalStart) return 'approval';
  if (d >= c.verificationStart && d <= c.verificationEnd) return 'verification';
  if (d >= c.selfUpdateStart && d <= c.selfUpdateEnd) return 'self_update';
  if (d >= c.helpdeskStart) return 'helpdesk';
  return 'before';
}

export interface PhaseWindow {
  phase: Phase;
  /** First day (YYYY-MM-DD, Asia/Jakarta); null for 'before'. */
  start: string | null;
  /** Last day inclusive; null when open-ended. */
  end: string | null;
}

/** Every phase with its dates, in order (for messages and the panel). */
export function phaseWindows(campaign: CampaignDates): PhaseWindow[] {
  const c = campaignDates(campaign);
  return [
    { phase: 'before', start: null, end: addDays(c.helpdeskStart, -1) },
    { phase: 'helpdesk', start: c.helpdeskStart, end: addDays(c.selfUpdateStart, -1) },
    { phase: 'self_update', start: c.selfUpdateStart, end: c.selfUpdateEnd },
    { phase: 'verification', start: c.verificationStart, end: c.verificationEnd },
    { phase: 'approval', start: c.approvalStart, end: c.approvalEnd },
    { phase: 'after_deadline', start: addDays(c.approvalEnd, 1), end: null },
  ];
}

const fmtDay = new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "4 September 2021" for a YYYY-MM-DD calendar date. */
export function formatDay(ymdString: string): string {
  return fmtDay.format(new Date(`${ymdString}T00:00:00.000Z`));
}

function describeWindow(w: PhaseWindow): string {
  if (w.start && w.end) return `tahap ${PHASE_LABELS[w.phase]} berlangsung ${formatDay(w.start)} – ${formatDay(w.end)}`;
  if (w.start) return `tahap ${PHASE_LABELS[w.phase]} dimulai ${formatDay(w.start)}`;
  return `tahap ${PHASE_LABELS[w.phase]} berakhir ${formatDay(w.end!)}`;
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} atau ${words[words.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * "Verifikasi usul oleh verifikator OPD hanya dapat dilakukan pada tahap verifikasi.
 *  Tahap verifikasi berlangsung 26 Agustus 2021 – 4 September 2021; hari ini 20 September 2021."
 */
export function phaseClosedMessage(action: PhaseAction, campaign: CampaignDates, date: Date): string {
  const allowed = PHASE_RULES[action];
  const windows = phaseWindows(campaign).filter((w) => allowed.includes(w.phase));
  const today = formatDay(jakartaDate(date));
  const name = campaign.name ? ` (${campaign.name})` : '';
  return (
    `${PHASE_ACTION_LABELS[action]} hanya dapat dilakukan pada tahap ${joinOr(allowed.map((p) => PHASE_LABELS[p]))}${name}. ` +
    `${capitalise(windows.map(describeWindow).join(', '))}; hari ini ${today}.`
  );
}

/** Refusal of an action outside its phase (422): one of the domain's errors. */
export { PhaseClosedError };

/**
 * Checks a campaign's dates for the panel's create/edit form: each window must start on or before
 * it ends, and windows must follow each other without overlapping (gaps are allowed).
 * Returns a field → message map, empty when valid.
 */
export function validateCampaignDates(c: Partial<CampaignDates>): Record<string, string> {
  const errors: Record<string, string> = {};
  const fields = [
    'helpdeskStart',
    'selfUpdateStart',
    'selfUpdateEnd',
    'verificationStart',
    'verificationEnd',
    'approvalStart',
    'approvalEnd',
  ] as const;
  const v: Partial<Record<(typeof fields)[number], string>> = {};
  for (const f of fields) {
    const raw = c[f] as unknown;
    const s = raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'string' ? raw : '';
    if (!YMD.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) errors[f] = 'Tanggal wajib diisi (YYYY-MM-DD)';
    else v[f] = s;
  }
  if (Object.keys(errors).length) return errors;
  const order: Array<[(typeof fields)[number], (typeof fields)[number], boolean, string]> = [
    ['helpdeskStart', 'selfUpdateStart', false, 'Helpdesk tidak boleh dimulai setelah pemutakhiran mandiri'],
    ['selfUpdateStart', 'selfUpdateEnd', false, 'Akhir pemutakhiran mandiri harus pada atau setelah tanggal mulainya'],
    ['selfUpdateEnd', 'verificationStart', true, 'Verifikasi harus dimulai setelah pemutakhiran mandiri berakhir'],
    ['verificationStart', 'verificationEnd', false, 'Akhir verifikasi harus pada atau setelah tanggal mulainya'],
    ['verificationEnd', 'approvalStart', true, 'Persetujuan harus dimulai setelah verifikasi berakhir'],
    ['approvalStart', 'approvalEnd', false, 'Akhir persetujuan harus pada atau setelah tanggal mulainya'],
  ];
  for (const [a, b, strict, msg] of order) {
    const ok = strict ? v[a]! < v[b]! : v[a]! <= v[b]!;
    if (!ok) errors[b] = msg;
  }
  return errors;
}
