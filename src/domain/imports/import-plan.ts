import type { ImportProfileCode } from '../../../config/siasn-import.js';
import type { EmployeeType } from '../shared/constants.js';
import type { RowError } from './import-errors.js';
import type { ValidatedRow } from './row.validator.js';
import type { SiasnUnit } from './asn.profile.js';
import type { UnitSuggestion } from './unit-opd.suggester.js';

/**
 * What a change planner produces, whatever the profile: one outcome per data row (new, changed
 * with before → after, unchanged, error) and, for the ASN export, the active employees the file
 * no longer lists. Outcomes are an async iterable so the commit (phase 2) can write them in
 * batches; summarisePlan() turns them into the preview — counts and bounded samples only.
 */

/** The employee as the store has it: the fields an import may compare or change. */
export interface ExistingEmployee {
  id: number;
  nip: string;
  nik: string | null;
  name: string;
  employeeType: EmployeeType;
  opdId: number;
  unit: string | null;
  position: string | null;
  rankGrade: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  sex: 'L' | 'P' | null;
  active: boolean;
  mysapkActivatedAt: Date | null;
  passwordChangedAt: Date | null;
  /** SIASN's PNS ID; undefined while the store does not keep it (then it is never compared). */
  pnsId?: string | null;
}

/** One field's change, for display (NIK masked, dates as SIASN writes them, OPD by name). */
export interface FieldChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export type PlanOutcome<T, P> =
  | { kind: 'new'; row: number; ref: string; value: T; patch: P; changes: FieldChange[] }
  | { kind: 'changed'; row: number; ref: string; value: T; targetId: number; patch: Partial<P>; changes: FieldChange[] }
  | { kind: 'unchanged'; row: number; ref: string; targetId: number }
  | { kind: 'error'; row: number; ref: string; errors: RowError[] }
  | { kind: 'missing'; row: null; ref: string; targetId: number; name: string; opdId: number };

export type OutcomeKind = PlanOutcome<unknown, unknown>['kind'];

/** A unit of the file that the unit map does not know, with the rows that need it. */
export interface UnknownUnit {
  key: string;
  unit: SiasnUnit;
  rowCount: number;
  firstRow: number;
  suggestion: UnitSuggestion | null;
}

export interface ImportPlan<O> {
  profile: ImportProfileCode;
  /** Read once, in file order; for the ASN export the 'missing' outcomes come last. */
  outcomes: AsyncIterable<O>;
  /** Complete once `outcomes` has been read to the end. */
  unknownUnits(): UnknownUnit[];
}

export interface PlanOptions<F extends string = string> {
  /** Rows per lookup (one query per batch, not per row). Default 500. */
  batchSize?: number;
  /** The file's headers (ColumnBinding.header), so that errors name the columns as the file does. */
  header?: Partial<Record<F, string>>;
}

export interface PlanSummary<O> {
  profile: ImportProfileCode;
  /** Data rows read (empty rows not counted). */
  rows: number;
  counts: Record<OutcomeKind, number>;
  /** The first `maxErrors` row errors, in file order. */
  errors: RowError[];
  /** All row errors, also those beyond `errors`. */
  errorCount: number;
  /** Up to `sampleSize` outcomes of each kind that writes something or needs attention. */
  samples: { new: O[]; changed: O[]; missing: O[] };
  /** Rows changed per field ("opdId": 12 moves). */
  fieldCounts: Record<string, number>;
  unknownUnits: UnknownUnit[];
  /** Nothing to write: a re-import of the same file. */
  nothingToChange: boolean;
}

export interface SummaryOptions {
  sampleSize?: number;
  maxErrors?: number;
  /** Called every `progressEvery` outcomes (and at the end) with the rows done so far. */
  onProgress?: (rowsDone: number) => void;
  progressEvery?: number;
}

export async function summarisePlan<T, P>(
  plan: ImportPlan<PlanOutcome<T, P>>,
  options: SummaryOptions = {},
): Promise<PlanSummary<PlanOutcome<T, P>>> {
  const sampleSize = options.sampleSize ?? 20;
  const maxErrors = options.maxErrors ?? 1000;
  const every = options.progressEvery ?? 1000;
  const counts: Record<OutcomeKind, number> = { new: 0, changed: 0, unchanged: 0, error: 0, missing: 0 };
  const samples: PlanSummary<PlanOutcome<T, P>>['samples'] = { new: [], changed: [], missing: [] };
  const errors: RowError[] = [];
  const fieldCounts: Record<string, number> = {};
  let errorCount = 0;
  let rows = 0;
  for await (const o of plan.outcomes) {
    counts[o.kind]++;
    if (o.kind !== 'missing') {
      rows++;
      if (options.onProgress && rows % every === 0) options.onProgress(rows);
    }
    if (o.kind === 'error') {
      errorCount += o.errors.length;
      for (const e of o.errors) if (errors.length < maxErrors) errors.push(e);
    } else if (o.kind === 'new' || o.kind === 'changed' || o.kind === 'missing') {
      if (samples[o.kind].length < sampleSize) samples[o.kind].push(o);
      if (o.kind === 'changed') for (const c of o.changes) fieldCounts[c.field] = (fieldCounts[c.field] ?? 0) + 1;
    }
  }
  options.onProgress?.(rows);
  return {
    profile: plan.profile,
    rows,
    counts,
    errors,
    errorCount,
    samples,
    fieldCounts,
    unknownUnits: plan.unknownUnits(),
    nothingToChange: counts.new === 0 && counts.changed === 0,
  };
}

/** One line for the CLI and the panel: "500 baris: 3 baru, 12 berubah, 480 tidak berubah, 5 bermasalah". */
export function describeCounts(summary: Pick<PlanSummary<unknown>, 'rows' | 'counts' | 'profile'>): string {
  const c = summary.counts;
  const parts = [`${c.new} baru`, `${c.changed} berubah`, `${c.unchanged} tidak berubah`, `${c.error} bermasalah`];
  if (summary.profile === 'asn') parts.push(`${c.missing} pegawai aktif tidak ada di berkas`);
  const tail = c.new === 0 && c.changed === 0 && c.error === 0 ? ' — tidak ada perubahan' : '';
  return `${summary.rows} baris: ${parts.join(', ')}${tail}`;
}

/** Groups an async iterable into arrays of `size` (the last may be shorter). */
export async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * The refusal of a row whose NIP is not an employee yet (activation and usul lists come after the
 * ASN master): one message for both lists.
 */
export function unknownEmployeeOutcome(r: { row: number; ref: string }, nipColumn: string, nip: string): PlanOutcome<never, never> {
  return {
    kind: 'error',
    row: r.row,
    ref: r.ref,
    errors: [
      {
        row: r.row,
        column: nipColumn,
        value: nip,
        message: `${nipColumn} ${nip} tidak terdaftar sebagai pegawai; impor Data ASN lebih dulu`,
      },
    ],
  };
}

/** A valid row of a list whose NIP is a known employee. */
export interface KnownEmployeeRow<R, E> {
  row: number;
  ref: string;
  value: R;
  employee: E;
}

/**
 * The loop of the lists that come after the ASN master (activation, usul): the rows in batches,
 * each batch's employees by NIP in one lookup, a row in error or of an unknown NIP refused, every
 * other row planned by `plan` with its employee (and what `prepare` looked up once per batch).
 */
export async function* planKnownEmployees<R extends { nip: string }, E, O, C = undefined>(
  rows: AsyncIterable<ValidatedRow<R>>,
  lookups: { employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, E>> },
  options: PlanOptions<'nip'>,
  o: {
    prepare?(known: ReadonlyArray<KnownEmployeeRow<R, E>>): Promise<C>;
    plan(r: KnownEmployeeRow<R, E>, context: C): O;
  },
): AsyncGenerator<O | PlanOutcome<never, never>> {
  const nipColumn = options.header?.nip ?? 'NIP';
  for await (const batch of inBatches(rows, options.batchSize ?? 500)) {
    const employees = await lookups.employeesByNip(batch.flatMap((r) => (r.ok ? [r.value.nip] : [])));
    const known: Array<KnownEmployeeRow<R, E>> = [];
    for (const r of batch) {
      const employee = r.ok ? employees.get(r.value.nip) : undefined;
      if (r.ok && employee !== undefined) known.push({ row: r.row, ref: r.ref, value: r.value, employee });
    }
    const context = (o.prepare ? await o.prepare(known) : undefined) as C;
    let k = 0;
    for (const r of batch) {
      if (!r.ok) yield { kind: 'error', row: r.row, ref: r.ref, errors: r.errors };
      else if (known[k]?.row === r.row && known[k].ref === r.ref) yield o.plan(known[k++], context);
      else yield unknownEmployeeOutcome(r, nipColumn, r.value.nip);
    }
  }
}
