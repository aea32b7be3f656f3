import type { Sequelize, Transaction } from 'sequelize';
import type { Campaign, Models, Submission, SubmissionEvent } from '../../db/models/index.js';
import { referenceData, type Category, type ReferenceData } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, PhaseClosedError, ValidationError } from '../shared/errors.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import type { CampaignService, PhaseDecision } from '../campaign/campaign.service.js';
import type { PhaseAction } from '../campaign/phases.js';
import type { TransitionNoticeInput } from '../notices/notice.service.js';

/**
 * What every use case of the submission workflow works with, and the steps they share: loading a
 * submission, the stale-page check, the phase check with an admin's override, the history row and
 * the audit of a refusal.
 */

export const CONCURRENT_UPDATE_MESSAGE = 'Usul ini baru saja diproses oleh pengguna lain; muat ulang halaman';

export interface WorkflowDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  campaigns: CampaignService;
  now?: () => Date;
  /** Categories and document types; default: config/categories.json. */
  reference?: ReferenceData;
  /** Notices to the ASN (src/domain/notices): written in a status change's transaction; none when absent. */
  notices?: NoticeRecorder | null;
}

/** What a status change tells the notices' owner (NoticeService.record), inside its transaction. */
export interface NoticeRecorder {
  record(t: Transaction, input: TransitionNoticeInput): Promise<number | null>;
}

export type WorkflowContext = Required<Omit<WorkflowDeps, 'notices'>> & { notices: NoticeRecorder | null };

/** An admin's override of a phase window: the reason is audited and kept on the history row. */
export type OverrideInput = { reason: string } | null | undefined;

export function workflowContext(deps: WorkflowDeps): WorkflowContext {
  return { ...deps, now: deps.now ?? (() => new Date()), reference: deps.reference ?? referenceData(), notices: deps.notices ?? null };
}

export async function loadSubmission(ctx: WorkflowContext, id: number): Promise<Submission> {
  const sub = await ctx.models.Submission.findByPk(id);
  if (!sub) throw new NotFoundError(`Usul #${id} tidak ditemukan`);
  return sub;
}

export function categoryOf(ctx: WorkflowContext, code: string): Category {
  const c = ctx.reference.category(code);
  if (!c) throw new ValidationError(`Kategori '${code}' tidak dikenal; periksa config/categories.json`);
  return c;
}

/** The version the user saw must still be the current one (a stale page is refused). */
export function assertVersion(sub: { version: number }, expected: number | null | undefined): void {
  if (expected !== undefined && expected !== null && Number(expected) !== sub.version) throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
}

/** The campaign phase of the submission's own campaign (else the active one) allows `action` now, or an admin overrides it. */
export async function assertSubmissionPhase(
  ctx: WorkflowContext,
  action: PhaseAction,
  actor: Actor,
  override: OverrideInput,
  sub: { id: number; opdId: number; campaignId: number | null },
  now: Date,
  t: Transaction,
): Promise<PhaseDecision> {
  return ctx.campaigns.assertPhase(action, now, override ? { actor, reason: override.reason } : null, {
    campaign: await campaignOf(ctx, sub, t),
    transaction: t,
    resource: 'submissions',
    recordId: sub.id,
    opdId: sub.opdId,
  });
}

export function campaignOf(ctx: WorkflowContext, sub: { campaignId: number | null }, t: Transaction | null): Promise<Campaign | null> {
  return ctx.campaigns.campaignFor(sub, { transaction: t });
}

/**
 * One row of a submission's history (from, to, who, when, note), in the change's transaction: the
 * one writer of history rows. A 'note' (history-note.ts) keeps the status (from = to).
 */
export function recordEvent(
  ctx: WorkflowContext,
  t: Transaction,
  sub: { id: number; opdId: number },
  change: {
    from: SubmissionStatus | null;
    to: SubmissionStatus;
    note: string | null;
    overrideReason: string | null;
    kind?: 'transition' | 'note';
  },
  actor: Actor,
  now: Date,
): Promise<SubmissionEvent> {
  return ctx.models.SubmissionEvent.create(
    {
      submissionId: sub.id,
      opdId: sub.opdId,
      fromStatus: change.from,
      toStatus: change.to,
      actorUserId: actor.id,
      actorRole: actor.role,
      note: change.note,
      overrideReason: change.overrideReason,
      kind: change.kind ?? 'transition',
      createdAt: now,
    },
    { transaction: t },
  );
}

/** Audits a refusal on its own (outside any transaction); the refusal itself reaches the caller even if this write fails. */
export async function recordRefusal(ctx: WorkflowContext, actor: Actor, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
  try {
    await ctx.audit.record(actor, { ...entry, outcome: 'denied' });
  } catch {
    // The refusal must reach the caller whatever happens to its audit row.
  }
}

export function recordDenied(
  ctx: WorkflowContext,
  actor: Actor,
  sub: { id: number; opdId: number },
  action: string,
  message: string,
): Promise<void> {
  return recordRefusal(ctx, actor, { action, resource: 'submissions', recordId: sub.id, opdId: sub.opdId, message });
}

/**
 * Runs a change; a refusal about the actor or the calendar (ForbiddenError, PhaseClosedError) is
 * audited after its transaction has rolled back, so the audit row survives it.
 */
export async function auditingRefusals<T>(
  ctx: WorkflowContext,
  actor: Actor,
  entry: Omit<AuditEntry, 'outcome' | 'message'>,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (e) {
    if (e instanceof PhaseClosedError || e instanceof ForbiddenError) await recordRefusal(ctx, actor, { ...entry, message: e.message });
    throw e;
  }
}
