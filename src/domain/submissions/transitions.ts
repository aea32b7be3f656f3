import type { Transaction } from 'sequelize';
import type { Campaign, Submission } from '../../db/models/index.js';
import type { Category } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { ConflictError, DomainError, ValidationError } from '../shared/errors.js';
import { FINAL_STATUSES } from './completion.js';
import { AUDIT_ACTIONS, checkNote, evaluate, statusLabel, type Edge, type WorkflowAction } from './rules.js';
import { clearIfCompleted } from './deadline-flag.js';
import {
  assertSubmissionPhase,
  assertVersion,
  auditingRefusals,
  categoryOf,
  CONCURRENT_UPDATE_MESSAGE,
  loadSubmission,
  recordDenied,
  recordEvent,
  type OverrideInput,
  type WorkflowContext,
} from './workflow-context.js';

/**
 * Status changes (DESIGN.md "Submission workflow"): every one goes through transition(), whatever
 * the path (panel, bulk action, CLI). One transaction per change, with an optimistic check on
 * (version, status), the history row and the audit row.
 */

export const BULK_LIMIT = 500;

export interface TransitionOptions {
  /** Required (≥ 5 characters) for returnForFix and reject. */
  note?: string | null;
  /** Admin override of the phase window; the reason is audited and kept on the history row. */
  override?: OverrideInput;
  /** The version the user saw; a different current version → ConflictError (stale page). */
  expectedVersion?: number;
}

export interface TransitionResult {
  id: number;
  action: WorkflowAction;
  from: SubmissionStatus;
  to: SubmissionStatus;
  version: number;
  eventId: number;
  overridden: boolean;
  /** True when this decision completed the employee and lifted their service block. */
  serviceUnblocked: boolean;
}

export interface BulkResult {
  id: number;
  ok: boolean;
  status?: SubmissionStatus;
  error?: string;
  /** Error class name (ValidationError, ForbiddenError, ConflictError, NotFoundError, ...). */
  code?: string;
}

export async function transition(
  ctx: WorkflowContext,
  actor: Actor,
  submissionId: number,
  action: WorkflowAction,
  opts: TransitionOptions = {},
): Promise<TransitionResult> {
  const sub = await loadSubmission(ctx, submissionId);
  const category = categoryOf(ctx, sub.category);
  const edge = await allowedEdge(ctx, actor, sub, category, action);
  assertVersion(sub, opts.expectedVersion);
  const note = checkNote(edge, opts.note);
  // Read after `sub`: a document removed since then either shows here or has bumped the version.
  if (edge.needsDocuments) await assertDocuments(ctx, sub, category);
  const now = ctx.now();
  const audited = { action: AUDIT_ACTIONS[action], resource: 'submissions', recordId: sub.id, opdId: sub.opdId };
  return auditingRefusals(ctx, actor, audited, () =>
    ctx.sequelize.transaction(async (t) => {
      const decision = await assertSubmissionPhase(ctx, edge.phase, actor, opts.override, sub, now, t);
      // A final decision may complete the employee: lock the employee first so concurrent
      // decisions on the same employee's submissions see each other (see clearIfCompleted).
      const employee = FINAL_STATUSES.includes(edge.to)
        ? await ctx.models.Employee.findByPk(sub.employeeId, { transaction: t, lock: t.LOCK.UPDATE })
        : null;
      await moveAlong(ctx, sub, edge, note, now, t);
      const event = await recordEvent(
        ctx,
        t,
        sub,
        { from: sub.status, to: edge.to, note, overrideReason: decision.overrideReason },
        actor,
        now,
      );
      // A BTS or TMS tells the employee: the notice is written here, with the change, or not at all.
      await ctx.notices?.record(t, {
        submission: sub,
        to: edge.to,
        note,
        eventId: event.id,
        campaign: decision.campaign,
        now,
      });
      await ctx.audit.record(
        actor,
        {
          ...audited,
          before: { status: sub.status, version: sub.version },
          after: { status: edge.to, version: sub.version + 1, note, overrideReason: decision.overrideReason, eventId: event.id },
          message: `${statusLabel(sub.status)} → ${statusLabel(edge.to)}`,
        },
        t,
      );
      const campaignId = sub.campaignId ?? (decision.campaign as Campaign | null)?.id ?? null;
      const serviceUnblocked = employee?.serviceBlocked ? await clearIfCompleted(ctx, actor, employee, campaignId, t) : false;
      return {
        id: sub.id,
        action,
        from: sub.status,
        to: edge.to,
        version: sub.version + 1,
        eventId: event.id,
        overridden: decision.overridden,
        serviceUnblocked,
      };
    }),
  );
}

/** Each id in its own transaction; one failure never undoes the others. Sequential, in input order. */
export async function bulkTransition(
  ctx: WorkflowContext,
  actor: Actor,
  ids: readonly number[],
  action: WorkflowAction,
  opts: Omit<TransitionOptions, 'expectedVersion'> = {},
): Promise<BulkResult[]> {
  const unique = [...new Set(ids.map(Number))];
  if (unique.length > BULK_LIMIT) throw new ValidationError(`Maksimal ${BULK_LIMIT} usul sekaligus`);
  const results: BulkResult[] = [];
  for (const id of unique) {
    try {
      const r = await transition(ctx, actor, id, action, opts);
      results.push({ id, ok: true, status: r.to });
    } catch (e) {
      const err = e as Error;
      results.push({ id, ok: false, error: err.message, code: e instanceof DomainError ? err.name : 'Error' });
    }
  }
  return results;
}

/** The edge of the state machine this actor may take now, or the refusal (audited when it is about the actor). */
async function allowedEdge(ctx: WorkflowContext, actor: Actor, sub: Submission, category: Category, action: WorkflowAction): Promise<Edge> {
  const rule = evaluate(actor, sub, category, action);
  if (rule.ok) return rule.edge;
  if (rule.denied) await recordDenied(ctx, actor, sub, AUDIT_ACTIONS[action] ?? String(action), rule.error.message);
  throw rule.error;
}

/** The status, version, note and the step's date, in one UPDATE conditional on the (version, status) read. */
async function moveAlong(ctx: WorkflowContext, sub: Submission, edge: Edge, note: string | null, now: Date, t: Transaction): Promise<void> {
  const values: Record<string, unknown> = { status: edge.to, version: ctx.sequelize.literal('version + 1'), lastNote: note };
  if (edge.to === 'verified') values.verifiedAt = now;
  if (edge.to === 'validated') values.validatedAt = now;
  if (edge.to === 'approved' || edge.to === 'rejected') values.decidedAt = now;
  const [affected] = await ctx.models.Submission.update(values, {
    where: { id: sub.id, version: sub.version, status: sub.status },
    transaction: t,
  });
  if (affected !== 1) throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
}

/**
 * Why the documents present do not allow verifying (category.requiredDocumentTypes, else one of
 * its types), or null when they do. Pure: the submission page asks it before the confirm dialog.
 */
export function missingDocumentsMessage(
  category: Category,
  presentTypes: readonly string[],
  labelOf: (code: string) => string,
): string | null {
  const present = new Set(presentTypes.filter((t) => category.documentTypes.includes(t)));
  if (category.requiredDocumentTypes.length) {
    const missing = category.requiredDocumentTypes.filter((t) => !present.has(t));
    return missing.length ? `Dokumen wajib belum lengkap untuk kategori '${category.label}': ${missing.map(labelOf).join(', ')}` : null;
  }
  return present.size === 0
    ? `Belum ada dokumen untuk kategori '${category.label}' (unggah salah satu: ${category.documentTypes.map(labelOf).join(', ')})`
    : null;
}

/** Verify needs the required documents (missingDocumentsMessage). */
async function assertDocuments(ctx: WorkflowContext, sub: Submission, category: Category): Promise<void> {
  const docs = await ctx.models.Document.findAll({ where: { submissionId: sub.id }, attributes: ['documentType'] });
  const message = missingDocumentsMessage(
    category,
    docs.map((d) => d.documentType),
    (code) => ctx.reference.documentType(code)?.label ?? code,
  );
  if (message) {
    throw new ValidationError(message, {
      documents: category.requiredDocumentTypes.length ? 'Dokumen wajib belum lengkap' : 'Belum ada dokumen',
    });
  }
}
