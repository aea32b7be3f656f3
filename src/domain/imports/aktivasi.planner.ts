import type { AktivasiField, AktivasiRow } from './aktivasi.profile.js';
import {
  planKnownEmployees,
  type ExistingEmployee,
  type FieldChange,
  type ImportPlan,
  type PlanOptions,
  type PlanOutcome,
} from './import-plan.js';
import type { ValidatedRow } from './row.validator.js';
import { formatSiasnDateTime } from './siasn-date.parser.js';

/**
 * Plans a MySAPK activation import: activation and password-change dates by NIP. The employee
 * must exist. Times are compared to the minute (the list has no seconds), so a re-import of the
 * same list changes nothing; an empty password date never erases a stored one.
 */

export type ActivationEmployee = Pick<ExistingEmployee, 'id' | 'nip' | 'name' | 'opdId' | 'mysapkActivatedAt' | 'passwordChangedAt'>;

export interface AktivasiLookups {
  employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, ActivationEmployee>>;
}

export interface ActivationPatch {
  mysapkActivatedAt: Date;
  passwordChangedAt: Date | null;
}

export type AktivasiOutcome = PlanOutcome<AktivasiRow, ActivationPatch>;

const minute = (d: Date | null) => (d === null ? null : Math.floor(d.getTime() / 60000));
const show = (d: Date | null) => (d === null ? null : formatSiasnDateTime(d));

export function planAktivasiImport(
  rows: AsyncIterable<ValidatedRow<AktivasiRow>>,
  lookups: AktivasiLookups,
  options: PlanOptions<AktivasiField> = {},
): ImportPlan<AktivasiOutcome> {
  const outcomes = planKnownEmployees(rows, lookups, options, {
    plan: ({ row, ref, value: v, employee: current }): AktivasiOutcome => {
      const patch: Partial<ActivationPatch> = {};
      const changes: FieldChange[] = [];
      if (minute(v.activatedAt) !== minute(current.mysapkActivatedAt)) {
        patch.mysapkActivatedAt = v.activatedAt;
        changes.push({
          field: 'mysapkActivatedAt',
          label: 'Aktivasi MySAPK',
          before: show(current.mysapkActivatedAt),
          after: show(v.activatedAt),
        });
      }
      if (v.passwordChangedAt !== null && minute(v.passwordChangedAt) !== minute(current.passwordChangedAt)) {
        patch.passwordChangedAt = v.passwordChangedAt;
        changes.push({
          field: 'passwordChangedAt',
          label: 'Ganti password',
          before: show(current.passwordChangedAt),
          after: show(v.passwordChangedAt),
        });
      }
      if (changes.length === 0) return { kind: 'unchanged', row, ref, targetId: current.id };
      return { kind: 'changed', row, ref, value: v, targetId: current.id, patch, changes };
    },
  });
  return { profile: 'aktivasi', outcomes, unknownUnits: () => [] };
}
