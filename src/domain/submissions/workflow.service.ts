import type { Transaction, WhereOptions } from 'sequelize';
import type { Submission, SubmissionEvent } from '../../db/models/index.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import type { Phase } from '../campaign/phases.js';
import type { SubmissionLike, WorkflowAction } from './rules.js';
import { workflowContext, type OverrideInput, type WorkflowContext, type WorkflowDeps } from './workflow-context.js';
import { bulkTransition, transition, type BulkResult, type TransitionOptions, type TransitionResult } from './transitions.js';
import { assertDeletable, createSubmission, reviseSubmission, type CreateSubmissionInput, type ReviseOptions } from './intake.js';
import {
  applyImportedStatuses,
  createImported,
  type ImportedStatusChange,
  type ImportedSubmission,
  type ImportSource,
} from './imported.js';
import { actionOptions, actionOptionsNow, history, historyWithActors, inbox, phaseFor, type ActionOption } from './workflow-view.js';
import { flagIncomplete, listIncomplete, type FlagResult, type IncompleteEmployee } from './deadline-flag.js';
import { addHistoryNote } from './history-note.js';

export type { WorkflowDeps } from './workflow-context.js';
export type { BulkResult, TransitionOptions, TransitionResult } from './transitions.js';
export type { CreateSubmissionInput, ReviseOptions } from './intake.js';
export type { ActionOption } from './workflow-view.js';
export type { FlagResult, IncompleteEmployee } from './deadline-flag.js';

/**
 * The submission workflow, one object for every path (panel, CLI, import, jobs): each use case
 * lives in its own module and this class only binds them to the dependencies given once.
 * - transitions.ts   status changes (one transaction each, history and audit rows)
 * - intake.ts        new submissions, changes of the proposal, deletability
 * - workflow-view.ts the inbox, the actions open now, the history
 * - deadline-flag.ts "layanan kepegawaian tidak diproses" after the deadline
 * - history-note.ts  a remark in the history that keeps the status (a resolved helpdesk ticket)
 */
export class WorkflowService {
  private readonly ctx: WorkflowContext;

  constructor(deps: WorkflowDeps) {
    this.ctx = workflowContext(deps);
  }

  transition(actor: Actor, submissionId: number, action: WorkflowAction, opts: TransitionOptions = {}): Promise<TransitionResult> {
    return transition(this.ctx, actor, submissionId, action, opts);
  }

  bulkTransition(
    actor: Actor,
    ids: readonly number[],
    action: WorkflowAction,
    opts: Omit<TransitionOptions, 'expectedVersion'> = {},
  ): Promise<BulkResult[]> {
    return bulkTransition(this.ctx, actor, ids, action, opts);
  }

  /** Usul that a SIASN import brings, in the import's transaction (imported.ts). */
  createImported(t: Transaction, actor: Actor, source: ImportSource, items: readonly ImportedSubmission[]): Promise<number[]> {
    return createImported(this.ctx, t, actor, source, items);
  }

  /** SIASN's status of known usul, as history events of the import (imported.ts). */
  applyImportedStatuses(t: Transaction, actor: Actor, source: ImportSource, changes: readonly ImportedStatusChange[]): Promise<number> {
    return applyImportedStatuses(this.ctx, t, actor, source, changes);
  }

  create(actor: Actor, input: CreateSubmissionInput, opts: { override?: OverrideInput } = {}): Promise<Submission> {
    return createSubmission(this.ctx, actor, input, opts);
  }

  revise(actor: Actor, submissionId: number, proposedValues: unknown, opts: ReviseOptions = {}): Promise<Submission> {
    return reviseSubmission(this.ctx, actor, submissionId, proposedValues, opts);
  }

  assertDeletable(sub: { id: number; status: SubmissionStatus }, t?: Parameters<typeof assertDeletable>[2]): Promise<void> {
    return assertDeletable(this.ctx, sub, t);
  }

  inbox(actor: Actor): WhereOptions<Submission> {
    return inbox(this.ctx, actor);
  }

  actionOptions(actor: Actor, submission: SubmissionLike, phase?: Phase | null): ActionOption[] {
    return actionOptions(this.ctx, actor, submission, phase);
  }

  /** The actions the actor may take on the submission (with `phase`: only those open in it). */
  allowedActions(actor: Actor, submission: SubmissionLike, phase?: Phase | null): WorkflowAction[] {
    return this.actionOptions(actor, submission, phase)
      .filter((o) => o.allowed)
      .map((o) => o.action);
  }

  phaseFor(submission: { campaignId: number | null }, date: Date = this.ctx.now()): Promise<Phase | null> {
    return phaseFor(this.ctx, submission, date);
  }

  /** allowedActions with the phase of today. */
  async allowedActionsNow(actor: Actor, submission: SubmissionLike & { campaignId: number | null }): Promise<WorkflowAction[]> {
    return this.allowedActions(actor, submission, await this.phaseFor(submission));
  }

  actionOptionsNow(actor: Actor, submissionId: number): Promise<ActionOption[]> {
    return actionOptionsNow(this.ctx, actor, submissionId);
  }

  history(actor: Actor, submissionId: number): Promise<SubmissionEvent[]> {
    return history(this.ctx, actor, submissionId);
  }

  /** A remark in the submission's history (kind 'note', status unchanged), in the caller's transaction. */
  addHistoryNote(
    actor: Actor,
    submissionId: number,
    note: string,
    opts: { transaction: Transaction; source?: { resource: string; recordId: number | string } },
  ): Promise<SubmissionEvent> {
    return addHistoryNote(this.ctx, actor, submissionId, note, opts);
  }

  /** The history with the name of who took each step. */
  historyWithActors(actor: Actor, submissionId: number): ReturnType<typeof historyWithActors> {
    return historyWithActors(this.ctx, actor, submissionId);
  }

  flagIncomplete(actor: Actor, now: Date = this.ctx.now(), opts: { override?: OverrideInput } = {}): Promise<FlagResult> {
    return flagIncomplete(this.ctx, actor, now, opts);
  }

  listIncomplete(actor: Actor, opts: Parameters<typeof listIncomplete>[2] = {}): Promise<IncompleteEmployee[]> {
    return listIncomplete(this.ctx, actor, opts);
  }
}
