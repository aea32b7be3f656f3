import { QueryTypes } from 'sequelize';
import type { Models } from '../../../db/models/index.js';
import { referenceData } from '../../../../config/reference-data.js';
import { completionSql, countedSubmissionSql, STATUS_AS_OF } from '../../submissions/completion.js';
import { collator, num, placedSql, sequelizeOf, type ReportScope } from './report-scope.js';

/**
 * "Perlu Tindak Lanjut": everyone of one OPD who must act, as of the report's instant, and why:
 * - not activated MySAPK (activation after asOf counts as not yet);
 * - activated but no counted submission ("Belum mengajukan usul"; "Belum ganti password" beside it);
 * - a submission returned for repair (BTS, status needs_fix as of asOf): waiting on the ASN, with
 *   the note of the officer who returned it;
 * - a submission rejected (TMS) while the employee has not completed (the ONE completion rule,
 *   submissions/completion.ts): they must propose again; an employee who completed with another
 *   approved submission has nothing left to do and is not listed for the TMS.
 * "Jumlah Usul" is the employee's counted submissions. Sorted by unit (none last), then name.
 */

export interface FollowUpCase {
  /** 'needs_fix' (BTS) or 'rejected' (TMS). */
  status: 'needs_fix' | 'rejected';
  category: string;
  categoryLabel: string;
  /** The note of the return or rejection (its latest history event up to asOf); null when none was written. */
  note: string | null;
}

export interface FollowUpEntry {
  nip: string;
  name: string;
  unit: string | null;
  position: string | null;
  employeeType: string;
  activated: boolean;
  passwordChanged: boolean;
  /** Counted submissions (the campaign's, submitted up to asOf). */
  submissions: number;
  /** Returned for repair (BTS) as of asOf. */
  returned: number;
  /** Rejected (TMS) as of asOf. */
  rejected: number;
  completed: boolean;
  /** Why the employee is listed, '; '-separated. */
  reason: string;
  /** BTS and (for an employee not completed) TMS cases with the officer's note. */
  cases: FollowUpCase[];
}

type Replacements = Record<string, unknown>;

export async function followUpList(models: Models, scope: ReportScope, repl: Replacements): Promise<FollowUpEntry[]> {
  const sequelize = sequelizeOf(models);
  const counted = countedSubmissionSql(scope);
  const inOpd = `s.employee_id IN (${placedSql({ where: 'p.opd_id = :opdId', idsOnly: true })})`;
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT e.id AS id, e.nip AS nip, e.name AS name, e.unit AS unit, e.position AS position, e.employee_type AS employee_type,
        CASE WHEN e.mysapk_activated_at <= :asOf THEN 1 ELSE 0 END AS activated,
        CASE WHEN e.password_changed_at <= :asOf THEN 1 ELSE 0 END AS password_changed,
        COALESCE(c.n, 0) AS n, COALESCE(c.completed, 0) AS completed, COALESCE(f.n_bts, 0) AS n_bts, COALESCE(f.n_tms, 0) AS n_tms
     FROM (${placedSql({ where: 'p.opd_id = :opdId' })}) ep
     JOIN employees e ON e.id = ep.employee_id
     LEFT JOIN (${completionSql(scope, { where: inOpd })}) c ON c.employee_id = e.id
     LEFT JOIN (SELECT x.employee_id AS employee_id,
                       SUM(CASE WHEN x.st = 'needs_fix' THEN 1 ELSE 0 END) AS n_bts,
                       SUM(CASE WHEN x.st = 'rejected' THEN 1 ELSE 0 END) AS n_tms
                FROM (SELECT s.employee_id AS employee_id, ${STATUS_AS_OF('s')} AS st
                      FROM submissions s WHERE ${counted} AND ${inOpd}) x
                GROUP BY x.employee_id) f ON f.employee_id = e.id
     WHERE e.mysapk_activated_at IS NULL OR e.mysapk_activated_at > :asOf OR c.n IS NULL
        OR COALESCE(f.n_bts, 0) > 0 OR (COALESCE(f.n_tms, 0) > 0 AND COALESCE(c.completed, 0) = 0)`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
  const casesOf = await followUpCases(models, scope, repl, inOpd);
  return rows
    .map((r) => {
      const completed = num(r.completed) === 1;
      const entry: FollowUpEntry = {
        nip: String(r.nip),
        name: String(r.name),
        unit: (r.unit as string | null) ?? null,
        position: (r.position as string | null) ?? null,
        employeeType: String(r.employee_type),
        activated: num(r.activated) === 1,
        passwordChanged: num(r.password_changed) === 1,
        submissions: num(r.n),
        returned: num(r.n_bts),
        rejected: num(r.n_tms),
        completed,
        reason: '',
        cases: (casesOf.get(num(r.id)) ?? []).filter((c) => c.status === 'needs_fix' || !completed),
      };
      entry.reason = followUpReason(entry);
      return entry;
    })
    .sort((a, b) => {
      if ((a.unit === null) !== (b.unit === null)) return a.unit === null ? 1 : -1;
      return (
        collator.compare(a.unit ?? '', b.unit ?? '') || collator.compare(a.name, b.name) || (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0)
      );
    });
}

/** The OPD's BTS and TMS submissions as of asOf with their note (latest event into that status up to asOf), by employee. */
async function followUpCases(models: Models, scope: ReportScope, repl: Replacements, inOpd: string): Promise<Map<number, FollowUpCase[]>> {
  const rows = await sequelizeOf(models).query<Record<string, unknown>>(
    `SELECT x.id AS id, x.employee_id AS employee_id, x.category AS category, x.st AS st,
        (SELECT ev.note FROM submission_events ev
         WHERE ev.submission_id = x.id AND ev.to_status = x.st AND ev.created_at <= :asOf
         ORDER BY ev.created_at DESC, ev.id DESC LIMIT 1) AS note
     FROM (SELECT s.id AS id, s.employee_id AS employee_id, s.category AS category, ${STATUS_AS_OF('s')} AS st
           FROM submissions s WHERE ${countedSubmissionSql(scope)} AND ${inOpd}) x
     WHERE x.st IN ('needs_fix', 'rejected')
     ORDER BY x.id`,
    { type: QueryTypes.SELECT, replacements: repl },
  );
  const ref = referenceData();
  const out = new Map<number, FollowUpCase[]>();
  for (const r of rows) {
    const code = String(r.category);
    const note = typeof r.note === 'string' && r.note.trim() ? r.note.trim() : null;
    const list = out.get(num(r.employee_id)) ?? [];
    list.push({
      status: r.st === 'needs_fix' ? 'needs_fix' : 'rejected',
      category: code,
      categoryLabel: ref.category(code)?.label ?? code,
      note,
    });
    out.set(num(r.employee_id), list);
  }
  return out;
}

/** The reasons an employee is listed, in the order they would act on them. */
export function followUpReason(
  e: Pick<FollowUpEntry, 'activated' | 'passwordChanged' | 'submissions' | 'returned' | 'rejected' | 'completed'>,
): string {
  const parts: string[] = [];
  if (!e.activated) parts.push('Belum aktivasi MySAPK');
  else if (!e.passwordChanged) parts.push('Belum ganti password');
  if (e.submissions === 0) parts.push('Belum mengajukan usul');
  if (e.returned > 0) parts.push(`${e.returned} usul dikembalikan (BTS): perbaiki dan unggah ulang dokumen`);
  if (e.rejected > 0 && !e.completed) parts.push(`${e.rejected} usul Tidak Memenuhi Syarat (TMS): ajukan usul baru yang memenuhi syarat`);
  return parts.join('; ');
}

/** "BTS Data Personal: <note>" / "TMS Keluarga: <note>", one line per case. */
export function caseLines(cases: readonly FollowUpCase[]): string {
  return cases.map((c) => `${c.status === 'needs_fix' ? 'BTS' : 'TMS'} ${c.categoryLabel}: ${c.note ?? '(tanpa catatan)'}`).join('\n');
}
