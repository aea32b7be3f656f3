import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../shared/actor.js';

/**
 * What the service that owns a table declares for the generic write path (RecordService: the
 * panel's new, edit and delete, later imports). Each owner keeps its rules next to its service
 * (employees/employee.rules.ts, users/user.service.ts, submissions/submission.rules.ts, ...) and
 * createServices hands them to the RecordService.
 */

export type Row = Record<string, unknown>;

/** The allow-list of a resource's generic writes, per operation. */
export interface WritableFields {
  /** Fields `new` takes from input. Without it the resource cannot be created generically. */
  create?: readonly string[];
  /** Fields `edit` takes from input. Without it the resource cannot be edited generically. */
  update?: readonly string[];
}

/**
 * What the service that owns a table declares for the generic path (the panel's new, edit and
 * delete; later imports through RecordService). Nothing else is written: a resource without
 * rules, or whose rules declare no `writable` fields for an operation (no `deletable` for a
 * delete), cannot be written generically at all.
 */
export interface ResourceRules {
  /**
   * The only fields taken from input (plus `inputOnly`); every other field is dropped before any
   * hook runs. Secrets, storage paths, the primary key and timestamps never are, whatever is listed.
   */
  writable?: WritableFields;
  /**
   * Fields an edit form may send back unchanged (AdminJS posts every param of the record) but that
   * never change generically: a different value is refused (audited) with the message given here.
   */
  fixed?: Readonly<Record<string, string>>;
  /** Generic delete (one by one and in bulk) is allowed; `beforeDelete` still runs. */
  deletable?: boolean;
  /** Normalise and validate input for create; may throw ValidationError. */
  beforeCreate?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeUpdate?(actor: Actor, values: Row, current: Row, ctx: RuleContext): Promise<Row> | Row;
  beforeDelete?(actor: Actor, current: Row, ctx: RuleContext): Promise<void> | void;
  /** Rules that follow a write, inside its transaction (e.g. an employee's placement history). */
  afterCreate?(actor: Actor, row: Row, ctx: RuleContext): Promise<void> | void;
  afterUpdate?(actor: Actor, before: Row, after: Row, ctx: RuleContext): Promise<void> | void;
  /** Writes the new row instead of the plain insert, in the generic path's transaction (audited by the caller). */
  create?(actor: Actor, values: Row, ctx: RuleContext): Promise<Row>;
  /**
   * The owning service writes the row itself, in its own transaction, with its own rules, history
   * and audit (e.g. submissions through the WorkflowService). The generic path only picks the
   * writable fields and checks references first.
   */
  createVia?(actor: Actor, values: Row): Promise<Row>;
  /** As createVia, for edits: `current` is the row as the generic path read it (its version is the expected one). */
  updateVia?(actor: Actor, id: unknown, values: Row, current: Row): Promise<Row>;
  /** Fields never accepted from input (subtracted from `writable`). */
  readOnly?: string[];
  /** Input-only fields that are not columns (e.g. a user's new `password`). */
  inputOnly?: string[];
}

export interface RuleContext {
  models: Models;
  transaction: Transaction;
  audit: AuditService;
}
