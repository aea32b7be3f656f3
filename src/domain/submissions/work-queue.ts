import { referenceData, type ReferenceData } from '../../../config/reference-data.js';

/**
 * "Open item waiting for the OPD verifier" — one definition, used by the verifier's inbox (now)
 * and by the reports' verifier backlog (as of a moment):
 *
 *   the submission is in status 'submitted' (Input Berkas), its category is one the OPD
 *   verifies, and its employee is active. Its OPD is its employee's (submissions move with
 *   their employee, see src/domain/employees/employee-placement.ts).
 *
 * Whatever its campaign: an item left waiting from an earlier round is still work in the queue.
 * A deactivated employee's open submissions leave the queue (and every other work queue, see
 * WorkflowService.inbox); they come back if the employee is reactivated.
 */

const safe = (code: string): string => {
  if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`Kode kategori tidak valid: ${code}`);
  return `'${code}'`;
};

/** SQL: the category column `column` is one of `codes` (nothing when every category qualifies). */
export function categoryInSql(column: string, codes: readonly string[], all: readonly string[]): string | null {
  if (codes.length === all.length) return null;
  if (codes.length === 0) return '1 = 0';
  return `${column} IN (${codes.map(safe).join(', ')})`;
}

/** SQL: the employee of submission `s` is active now (the current flag). */
export function employeeActiveSql(s: string): string {
  return `${s}.employee_id NOT IN (SELECT ie.id FROM employees ie WHERE ie.active = 0)`;
}

/**
 * SQL over submission alias `s`: the submission waits for its OPD's verifier. `at.status` is the
 * status expression (the column now, the as-of status in reports), `at.employeeActive` the
 * condition that its employee is active at that moment.
 */
export function waitingForVerifierSql(
  s: string,
  at: { status: string; employeeActive: string },
  ref: ReferenceData = referenceData(),
): string {
  const all = ref.categories.map((c) => c.code);
  const byOpd = ref.categories.filter((c) => c.verifiedByOpd).map((c) => c.code);
  const parts = [`${at.status} = 'submitted'`, categoryInSql(`${s}.category`, byOpd, all), `(${at.employeeActive})`].filter(Boolean);
  return parts.join(' AND ');
}

/**
 * SQL over submission alias `s`: a question of its verifier (or Kanreg BKN) to BKPSDM is open
 * (src/domain/consultations/consultation.service.ts keeps the flag in the question's and the
 * answer's transactions). While it is, the item still sits in the verifier's queue — the inbox
 * shows "menunggu jawaban BKPSDM" beside it — but the wait is BKPSDM's, not the verifier's: the
 * ageing counts such an item in its "menunggu jawaban BKPSDM" stage, read as of any instant from
 * the thread's history rather than from this (current) flag (src/domain/ageing/bkpsdm-wait.ts).
 */
export function awaitingBkpsdmSql(s: string): string {
  return `${s}.awaiting_bkpsdm = 1`;
}
