import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Employee, Submission } from '../../db/models/index.js';
import type { Category } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import type { SubmissionStatus } from '../shared/constants.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { EDITABLE_STATUSES, editRefusal, normaliseProposal, statusLabel } from './rules.js';
import {
  assertSubmissionPhase,
  assertVersion,
  auditingRefusals,
  CONCURRENT_UPDATE_MESSAGE,
  loadSubmission,
  recordDenied,
  recordEvent,
  recordRefusal,
  type OverrideInput,
  type WorkflowContext,
} from './workflow-context.js';

/**
 * Submissions coming in and being corrected before anyone verified them: a new entry (panel,
 * helpdesk, import, CLI), a change of its proposed values, and whether an entry made by mistake
 * may be deleted.
 */

export const OPEN_STATUSES: readonly SubmissionStatus[] = ['submitted', 'needs_fix', 'verified', 'validated'];

export interface CreateSubmissionInput {
  employeeId: number;
  category: string;
  /** A flat object of named values, or its JSON text (see normaliseProposal). */
  proposedValues?: Record<string, unknown> | string | null;
  submittedAt?: Date;
  /** Where it came from: 'panel' (default), 'helpdesk', 'import'. */
  source?: string;
  note?: string | null;
}

export interface ReviseOptions {
  /** The version the user saw; a different current version → ConflictError (stale page). */
  expectedVersion?: number;
  /** Admin override of the revise window; the reason is audited. */
  override?: OverrideInput;
}

/**
 * A submission entered in the panel (e.g. by the helpdesk for an employee who came in person),
 * an import or the CLI. Status 'submitted'; the category from the configuration; the OPD is the
 * employee's and the campaign the one whose self-update window is open (never from input);
 * verifiers only for their own OPD; one open submission per employee and category; phase
 * self_update unless an admin overrides with a reason (audited). Writes the first history row
 * (— → submitted) and the audit row in the same transaction.
 */
export async function createSubmission(
  ctx: WorkflowContext,
  actor: Actor,
  input: CreateSubmissionInput,
  opts: { override?: OverrideInput } = {},
): Promise<Submission> {
  const employee = await employeeFor(ctx, actor, input.employeeId);
  const category = ctx.reference.category(String(input.category ?? ''));
  if (!category) throw new ValidationError(`Kategori '${input.category ?? ''}' tidak dikenal`, { category: 'Kategori tidak dikenal' });
  if (!employee.active) throw new ValidationError(`Pegawai ${employee.name} tidak aktif`, { employeeId: 'Pegawai tidak aktif' });
  const proposal = normaliseProposal(input.proposedValues);
  const now = ctx.now();
  const submittedAt = input.submittedAt ?? now;
  if (!(submittedAt instanceof Date) || Number.isNaN(submittedAt.getTime()))
    throw new ValidationError('Tanggal usul tidak valid', { submittedAt: 'Tanggal tidak valid' });
  const source = (input.source ?? 'panel').slice(0, 10);
  const note = input.note?.trim() || null;
  const override = opts.override ? { actor, reason: opts.override.reason } : null;

  return auditingRefusals(ctx, actor, { action: 'create', resource: 'submissions', opdId: employee.opdId }, async () => {
    try {
      return await ctx.sequelize.transaction(async (t) => {
        await ctx.models.Employee.findByPk(employee.id, { transaction: t, lock: t.LOCK.UPDATE });
        // The campaign whose self-update window is open today (never one named by the caller).
        const campaign = await ctx.campaigns.openCampaign('submit', now, { transaction: t });
        const decision = await ctx.campaigns.assertPhase('submit', now, override, {
          campaign,
          transaction: t,
          resource: 'submissions',
          opdId: employee.opdId,
        });
        await assertNoOpenSubmission(ctx, employee, category, t);
        const sub = await ctx.models.Submission.create(
          {
            employeeId: employee.id,
            opdId: employee.opdId,
            campaignId: campaign?.id ?? null,
            category: category.code,
            proposedValues: proposal,
            status: 'submitted',
            submittedAt,
            verifiedAt: null,
            validatedAt: null,
            decidedAt: null,
            lastNote: note,
            source,
          },
          { transaction: t },
        );
        await recordEvent(ctx, t, sub, { from: null, to: 'submitted', note, overrideReason: decision.overrideReason }, actor, now);
        const after = {
          employeeId: sub.employeeId,
          category: sub.category,
          status: sub.status,
          campaignId: sub.campaignId,
          source,
          proposedValues: proposal,
        };
        await ctx.audit.record(actor, { action: 'create', resource: 'submissions', recordId: sub.id, opdId: sub.opdId, after }, t);
        return sub;
      });
    } catch (e) {
      if (e instanceof UniqueConstraintError)
        throw new ConflictError(`Usul kategori '${category.label}' untuk pegawai ini dengan tanggal yang sama sudah ada`);
      throw e;
    }
  });
}

/**
 * Changes the proposed values of a submission (the panel's edit). Only while nobody has verified
 * it (EDITABLE_STATUSES), by the roles that act for the employee (helpdesk, admin, the verifier
 * of its OPD), in the revise window unless an admin overrides with a reason. The values and the
 * version change in one conditional UPDATE on (id, version, status), so a concurrent transition
 * or a stale page is refused; the change is audited with the values before and after.
 * `proposedValues` undefined keeps the current values: the checks run, nothing is written.
 */
export async function reviseSubmission(
  ctx: WorkflowContext,
  actor: Actor,
  submissionId: number,
  proposedValues: unknown,
  opts: ReviseOptions = {},
): Promise<Submission> {
  const sub = await loadSubmission(ctx, submissionId);
  const refusal = editRefusal(actor, sub.opdId, 'mengubah');
  if (refusal) {
    await recordDenied(ctx, actor, sub, 'update', refusal);
    throw new ForbiddenError(refusal);
  }
  assertVersion(sub, opts.expectedVersion);
  if (!EDITABLE_STATUSES.includes(sub.status)) {
    throw new ConflictError(
      `Usul berstatus '${statusLabel(sub.status)}' tidak dapat diubah: data usulan hanya dapat diubah selama berstatus ` +
        `'${statusLabel('submitted')}' atau '${statusLabel('needs_fix')}'`,
    );
  }
  const proposal = proposedValues === undefined ? sub.proposedValues : normaliseProposal(proposedValues);
  if (JSON.stringify(proposal) === JSON.stringify(sub.proposedValues)) return sub;
  const now = ctx.now();
  return auditingRefusals(ctx, actor, { action: 'update', resource: 'submissions', recordId: sub.id, opdId: sub.opdId }, () =>
    ctx.sequelize.transaction(async (t) => {
      const decision = await assertSubmissionPhase(ctx, 'revise', actor, opts.override, sub, now, t);
      const [affected] = await ctx.models.Submission.update(
        { proposedValues: proposal === null ? null : JSON.stringify(proposal), version: ctx.sequelize.literal('version + 1') } as never,
        { where: { id: sub.id, version: sub.version, status: { [Op.in]: EDITABLE_STATUSES as SubmissionStatus[] } }, transaction: t },
      );
      if (affected !== 1) throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
      await ctx.audit.record(
        actor,
        {
          action: 'update',
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
          before: { proposedValues: sub.proposedValues, version: sub.version },
          after: { proposedValues: proposal, version: sub.version + 1, overrideReason: decision.overrideReason },
          message: 'Data usulan diubah',
        },
        t,
      );
      return (await ctx.models.Submission.findByPk(sub.id, { transaction: t }))!;
    }),
  );
}

/**
 * May this submission be deleted (an entry made by mistake)? Only before anyone verified it, and
 * only without documents (scans are removed through the document service, which also removes
 * the files). Throws ConflictError otherwise.
 */
export async function assertDeletable(
  ctx: WorkflowContext,
  sub: { id: number; status: SubmissionStatus },
  t?: Transaction | null,
): Promise<void> {
  if (!EDITABLE_STATUSES.includes(sub.status)) {
    throw new ConflictError(`Usul berstatus '${statusLabel(sub.status)}' tidak dapat dihapus; usul yang sudah diproses tetap tercatat`);
  }
  const docs = await ctx.models.Document.count({ where: { submissionId: sub.id }, transaction: t ?? undefined });
  if (docs > 0) throw new ConflictError(`Usul #${sub.id} masih memiliki ${docs} dokumen; hapus dokumennya lebih dahulu`);
}

/** The employee a new submission is for, when the actor may act for them (a refusal is audited). */
async function employeeFor(ctx: WorkflowContext, actor: Actor, id: unknown): Promise<Employee> {
  const employeeId = Number(id);
  if (!Number.isSafeInteger(employeeId) || employeeId <= 0)
    throw new ValidationError('Pegawai wajib dipilih', { employeeId: 'Wajib diisi' });
  const employee = await ctx.models.Employee.findByPk(employeeId);
  if (!employee) throw new NotFoundError(`Pegawai #${employeeId} tidak ditemukan`);
  const refusal = editRefusal(actor, employee.opdId, 'membuat');
  if (refusal) {
    await recordRefusal(ctx, actor, { action: 'create', resource: 'submissions', opdId: employee.opdId, message: refusal });
    throw new ForbiddenError(refusal);
  }
  return employee;
}

/** One open submission per employee and category (read with a shared lock, under the employee's row lock). */
async function assertNoOpenSubmission(ctx: WorkflowContext, employee: Employee, category: Category, t: Transaction): Promise<void> {
  const open = await ctx.models.Submission.findOne({
    where: { employeeId: employee.id, category: category.code, status: { [Op.in]: OPEN_STATUSES as SubmissionStatus[] } },
    transaction: t,
    lock: t.LOCK.SHARE,
  });
  if (open) {
    throw new ConflictError(
      `Pegawai ${employee.name} masih memiliki usul kategori '${category.label}' yang sedang diproses (usul #${open.id}, status '${statusLabel(open.status)}')`,
    );
  }
}
