import { Op, type WhereOptions } from 'sequelize';
import type { Submission, SubmissionEvent } from '../../db/models/index.js';
import type { Category } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError } from '../shared/errors.js';
import { PHASE_RULES, phaseOf, type Phase } from '../campaign/phases.js';
import { employeeActiveSql, waitingForVerifierSql } from './work-queue.js';
import { ACTION_LABELS, WORKFLOW_ACTIONS, canReadSubmission, evaluate, type SubmissionLike, type WorkflowAction } from './rules.js';
import { campaignOf, loadSubmission, recordDenied, type WorkflowContext } from './workflow-context.js';

/**
 * What the workflow shows an actor: what waits for them (the inbox), the actions open to them on
 * a submission (the buttons), and a submission's history. Reads only.
 */

export interface ActionOption {
  action: WorkflowAction;
  label: string;
  /** True when the action may be taken now (role, OPD, status and phase all allow it). */
  allowed: boolean;
  needsNote: boolean;
  /** Role and status allow it but the phase is closed: an admin may still do it with an override reason. */
  needsOverride: boolean;
}

/**
 * A Sequelize `where` on submissions: what waits for this actor.
 * verifier → own OPD, waiting for the OPD verifier (work-queue.ts: 'submitted', a category the
 * OPD verifies, employee active — the same definition as the reports' backlog);
 * bkn_validator → verified in BKN categories; approver/admin → verified in OPD-only categories
 * and validated (plus submitted in categories not verified by the OPD, none today); everyone
 * else → nothing. No queue holds a deactivated employee's submissions.
 */
export function inbox(ctx: WorkflowContext, actor: Actor): WhereOptions<Submission> {
  const codes = (f: (c: Category) => boolean) => ctx.reference.categories.filter(f).map((c) => c.code);
  const nothing = { id: null } as unknown as WhereOptions<Submission>;
  // Sequelize aliases the submissions table with the model name.
  const s = 'Submission';
  const activeEmployee = ctx.sequelize.literal(employeeActiveSql(s));
  switch (actor.role) {
    case 'verifier': {
      if (actor.opdId === null || actor.opdId === undefined) return nothing;
      const waiting = waitingForVerifierSql(s, { status: `${s}.status`, employeeActive: employeeActiveSql(s) }, ctx.reference);
      return { opdId: actor.opdId, [Op.and]: [ctx.sequelize.literal(waiting)] };
    }
    case 'bkn_validator':
      return { status: 'verified', category: codes((c) => c.validatedByBkn), [Op.and]: [activeEmployee] };
    case 'approver':
    case 'admin': {
      const or: WhereOptions<Submission>[] = [{ status: 'verified', category: codes((c) => !c.validatedByBkn) }, { status: 'validated' }];
      const notOpd = codes((c) => !c.verifiedByOpd);
      if (notOpd.length) or.push({ status: 'submitted', category: notOpd });
      // The statuses up front as well (implied by the OR): an index range on status.
      const statuses = notOpd.length ? ['verified', 'validated', 'submitted'] : ['verified', 'validated'];
      return { status: { [Op.in]: statuses }, [Op.or]: or, [Op.and]: [activeEmployee] };
    }
    default:
      return nothing;
  }
}

/**
 * Every action the role/OPD/status permit, with whether the phase allows it now (for buttons).
 * With `phase` given (see phaseFor), an action is allowed only when open in that phase; without
 * it, the phase is not considered.
 */
export function actionOptions(ctx: WorkflowContext, actor: Actor, submission: SubmissionLike, phase?: Phase | null): ActionOption[] {
  const category = ctx.reference.category(submission.category);
  if (!category) return [];
  const out: ActionOption[] = [];
  for (const action of WORKFLOW_ACTIONS) {
    const r = evaluate(actor, submission, category, action);
    if (!r.ok) continue;
    const open = phase === undefined ? true : phase !== null && PHASE_RULES[r.edge.phase].includes(phase);
    out.push({
      action,
      label: ACTION_LABELS[action],
      allowed: open,
      needsNote: r.edge.needsNote,
      needsOverride: !open && actor.role === 'admin',
    });
  }
  return out;
}

/** The phase that applies to a submission on `date` (its own campaign, else the active one). */
export async function phaseFor(ctx: WorkflowContext, submission: { campaignId: number | null }, date: Date): Promise<Phase | null> {
  const c = await campaignOf(ctx, submission, null);
  return c ? phaseOf(c, date) : null;
}

/** actionOptions with the phase of today, for a submission by id (none for a missing one). */
export async function actionOptionsNow(ctx: WorkflowContext, actor: Actor, submissionId: number): Promise<ActionOption[]> {
  const sub = await ctx.models.Submission.findByPk(submissionId);
  return sub ? actionOptions(ctx, actor, sub, await phaseFor(ctx, sub, ctx.now())) : [];
}

/** The history of a submission, oldest first, with the same read scoping as the record. */
export async function history(ctx: WorkflowContext, actor: Actor, submissionId: number): Promise<SubmissionEvent[]> {
  return (await historyWithActors(ctx, actor, submissionId)).map((e) => e.event);
}

/**
 * The history with the name of the person behind each step (a history reader sees who acted on
 * the submission, not the users table). A deleted user's step keeps its role and no name.
 */
export async function historyWithActors(
  ctx: WorkflowContext,
  actor: Actor,
  submissionId: number,
): Promise<Array<{ event: SubmissionEvent; actorName: string | null }>> {
  const sub = await loadSubmission(ctx, submissionId);
  if (!canReadSubmission(actor, sub, ctx.reference.category(sub.category))) {
    const message = 'Anda tidak berwenang melihat riwayat usul ini';
    await recordDenied(ctx, actor, sub, 'read', message);
    throw new ForbiddenError(message);
  }
  const events = await ctx.models.SubmissionEvent.findAll({
    where: { submissionId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const ids = [...new Set(events.map((e) => e.actorUserId).filter((id): id is number => id !== null && id !== undefined))];
  const users = ids.length ? await ctx.models.User.findAll({ where: { id: ids }, attributes: ['id', 'name'] }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return events.map((event) => ({ event, actorName: event.actorUserId ? (names.get(event.actorUserId) ?? null) : null }));
}
