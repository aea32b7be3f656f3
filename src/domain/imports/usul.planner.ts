import type { SubmissionStatus } from '../shared/constants.js';
import { SUBMISSION_STATUS_LABELS } from '../shared/constants.js';
import {
  planKnownEmployees,
  type ExistingEmployee,
  type FieldChange,
  type ImportPlan,
  type PlanOptions,
  type PlanOutcome,
} from './import-plan.js';
import type { ValidatedRow } from './row.validator.js';
import { usulKey, type UsulField, type UsulRow } from './usul.profile.js';

/**
 * Plans an usulan monitoring import: one submission per (NIP, category, TANGGAL USUL). A known
 * usul whose SIASN status differs is 'changed' (status before → after): the commit must take it
 * through WorkflowService as an event (actor "import (SIASN)"), never by writing the column, so
 * history and reports stay true. The planner does not judge the transition; the workflow does.
 */

export type UsulEmployee = Pick<ExistingEmployee, 'id' | 'nip' | 'name' | 'opdId'>;

export interface ExistingSubmission {
  id: number;
  status: SubmissionStatus;
}

/** What the planner asks the store for: the usul of these employees, by usulKey(). */
export interface UsulKeyQuery {
  key: string;
  employeeId: number;
  category: string;
  submittedAt: Date;
}

export interface UsulLookups {
  employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, UsulEmployee>>;
  submissionsByKey(keys: readonly UsulKeyQuery[]): Promise<ReadonlyMap<string, ExistingSubmission>>;
}

export interface SubmissionPatch {
  employeeId: number;
  opdId: number;
  category: string;
  submittedAt: Date;
  status: SubmissionStatus;
  /** The note for the workflow event (ALASAN), if the file gives one. */
  note: string | null;
}

export type UsulOutcome = PlanOutcome<UsulRow, SubmissionPatch>;

export function planUsulImport(
  rows: AsyncIterable<ValidatedRow<UsulRow>>,
  lookups: UsulLookups,
  options: PlanOptions<UsulField> = {},
): ImportPlan<UsulOutcome> {
  const outcomes = planKnownEmployees(rows, lookups, options, {
    // The batch's usul already stored, by (NIP, category, date): one lookup per batch.
    prepare: async (known): Promise<ReadonlyMap<string, ExistingSubmission>> => {
      const queries: UsulKeyQuery[] = known.map(({ value: v, employee }) => ({
        key: usulKey(v.nip, v.category, v.submittedAt),
        employeeId: employee.id,
        category: v.category,
        submittedAt: v.submittedAt,
      }));
      return queries.length ? lookups.submissionsByKey(queries) : new Map();
    },
    plan: ({ row, ref, value: v, employee }, existing): UsulOutcome => {
      const current = existing.get(usulKey(v.nip, v.category, v.submittedAt));
      const patch: SubmissionPatch = {
        employeeId: employee.id,
        opdId: employee.opdId,
        category: v.category,
        submittedAt: v.submittedAt,
        status: v.status,
        note: v.reason,
      };
      if (!current) {
        const changes: FieldChange[] = [
          { field: 'category', label: 'Kategori', before: null, after: v.categoryWord },
          { field: 'status', label: 'Status', before: null, after: SUBMISSION_STATUS_LABELS[v.status] },
        ];
        return { kind: 'new', row, ref, value: v, patch, changes };
      }
      if (current.status === v.status) return { kind: 'unchanged', row, ref, targetId: current.id };
      const changes: FieldChange[] = [
        {
          field: 'status',
          label: 'Status',
          before: SUBMISSION_STATUS_LABELS[current.status],
          after: SUBMISSION_STATUS_LABELS[v.status],
        },
      ];
      return { kind: 'changed', row, ref, value: v, targetId: current.id, patch: { status: v.status, note: v.reason }, changes };
    },
  });
  return { profile: 'usul', outcomes, unknownUnits: () => [] };
}
