import { Op, QueryTypes, UniqueConstraintError, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { Campaign, Models, Submission, SubmissionEvent } from '../../db/models/index.js';
import { referenceData, type Category, type ReferenceData } from '../../../config/reference-data.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, type SubmissionStatus } from '../shared/constants.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { parseDbDate } from '../shared/db-date.js';
import { jakartaDate } from '../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CampaignService, PhaseOverride } from '../campaign/campaign.service.js';
import { PHASE_RULES, PhaseClosedError, phaseOf, type Phase } from '../campaign/phases.js';
import { campaignScope, campaignScopeById, completionReplacements, completionSql, FINAL_STATUSES, type CompletionScope } from './completion.js';
import { employeeActiveSql, waitingForVerifierSql } from './work-queue.js';
import {
  ACTION_LABELS,
  AUDIT_ACTIONS,
  EDITABLE_STATUSES,
  normaliseProposal,
  WORKFLOW_ACTIONS,
  canReadSubmission,
  checkNote,
  edgesFor,
  editRefusal,
  evaluate,
  statusLabel,
  type SubmissionLike,
  type WorkflowAction,
} from './rules.js';

export { WORKFLOW_ACTIONS, ACTION_LABELS, normaliseProposal } from './rules.js';
export type { WorkflowAction } from './rules.js';

export const CONCURRENT_UPDATE_MESSAGE = 'Usul ini baru saja diproses oleh pengguna lain; muat ulang halaman';
export const OPEN_STATUSES: readonly SubmissionStatus[] = ['submitted', 'needs_fix', 'verified', 'validated'];

export const BULK_LIMIT = 500;

export interface WorkflowDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  campaigns: CampaignService;
  now?: () => Date;
  /** Categories and document types; default: config/categories.json. */
  reference?: ReferenceData;
}

export interface TransitionOptions {
  /** Required (≥ 5 characters) for returnForFix and reject. */
  note?: string | null;
  /** Admin override of the phase window; the reason is audited and kept on the history row. */
  override?: { reason: string } | null;
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
  override?: { reason: string } | null;
}

export interface ActionOption {
  action: WorkflowAction;
  label: string;
  /** True when the action may be taken now (role, OPD, status and phase all allow it). */
  allowed: boolean;
  needsNote: boolean;
  /** Role and status allow it but the phase is closed: an admin may still do it with an override reason. */
  needsOverride: boolean;
}

export interface FlagResult {
  campaignId: number;
  date: string;
  blocked: number;
  cleared: number;
  overridden: boolean;
}

export interface IncompleteEmployee {
  id: number;
  nip: string;
  name: string;
  opdId: number;
  employeeType: string;
  serviceBlocked: boolean;
  serviceBlockedAt: Date | null;
  submissions: number;
  approved: number;
  open: number;
}

const isScoped = (role: Actor['role']) => (OPD_SCOPED_ROLES as readonly string[]).includes(role);


/**
 * The submission workflow (DESIGN.md "Submission workflow"): every status change goes through
 * transition(), whatever the path (panel, bulk action, CLI). One transaction per change, with an
 * optimistic check on (version, status), the history row and the audit row.
 */
export class WorkflowService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly audit: AuditService;
  private readonly campaigns: CampaignService;
  private readonly now: () => Date;
  private readonly reference: ReferenceData;

  constructor(deps: WorkflowDeps) {
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.audit = deps.audit;
    this.campaigns = deps.campaigns;
    this.now = deps.now ?? (() => new Date());
    this.reference = deps.reference ?? referenceData();
  }

  // -------------------------------------------------------------------------------------------
  // Transitions

  async transition(actor: Actor, submissionId: number, action: WorkflowAction, opts: TransitionOptions = {}): Promise<TransitionResult> {
    const sub = await this.models.Submission.findByPk(submissionId);
    if (!sub) throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
    const category = this.categoryOf(sub.category);
    const rule = evaluate(actor, sub, category, action);
    if (!rule.ok) {
      if (rule.denied) await this.recordDenied(actor, sub, AUDIT_ACTIONS[action] ?? String(action), rule.error.message);
      throw rule.error;
    }
    const edge = rule.edge;
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== null && Number(opts.expectedVersion) !== sub.version) {
      throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
    }
    const note = checkNote(edge, opts.note);
    // Read after `sub`: a document removed since then either shows here or has bumped the version.
    if (edge.needsDocuments) await this.assertDocuments(sub, category);

    const now = this.now();
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;
    try {
      return await this.sequelize.transaction(async (t) => {
        const decision = await this.campaigns.assertPhase(edge.phase, now, override, {
          campaign: await this.campaignOf(sub, t),
          transaction: t,
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
        });
        // A final decision may complete the employee: lock the employee first so concurrent
        // decisions on the same employee's submissions see each other (see clearIfCompleted).
        const employee = FINAL_STATUSES.includes(edge.to)
          ? await this.models.Employee.findByPk(sub.employeeId, { transaction: t, lock: t.LOCK.UPDATE })
          : null;

        const values: Record<string, unknown> = {
          status: edge.to,
          version: this.sequelize.literal('version + 1'),
          lastNote: note,
        };
        if (edge.to === 'verified') values.verifiedAt = now;
        if (edge.to === 'validated') values.validatedAt = now;
        if (edge.to === 'approved' || edge.to === 'rejected') values.decidedAt = now;
        const [affected] = await this.models.Submission.update(values as never, {
          where: { id: sub.id, version: sub.version, status: sub.status },
          transaction: t,
        });
        if (affected !== 1) throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);

        const event = await this.recordEvent(t, sub, sub.status, edge.to, actor, note, decision.overrideReason, now);
        await this.audit.record(
          actor,
          {
            action: AUDIT_ACTIONS[action],
            resource: 'submissions',
            recordId: sub.id,
            opdId: sub.opdId,
            before: { status: sub.status, version: sub.version },
            after: { status: edge.to, version: sub.version + 1, note, overrideReason: decision.overrideReason, eventId: event.id },
            message: `${statusLabel(sub.status)} → ${statusLabel(edge.to)}`,
          },
          t,
        );
        let serviceUnblocked = false;
        if (employee?.serviceBlocked) {
          serviceUnblocked = await this.clearIfCompleted(actor, employee.id, employee.opdId, sub.campaignId ?? (decision.campaign as Campaign | null)?.id ?? null, t);
        }
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
      });
    } catch (e) {
      // Refusals about the actor or the calendar are audited; the transaction has rolled back,
      // so this row is written on its own.
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) await this.recordDenied(actor, sub, AUDIT_ACTIONS[action], e.message);
      throw e;
    }
  }

  /** One row of a submission's history (from, to, who, when, note), in the change's transaction. */
  private recordEvent(
    t: Transaction,
    sub: { id: number; opdId: number },
    from: SubmissionStatus | null,
    to: SubmissionStatus,
    actor: Actor,
    note: string | null,
    overrideReason: string | null,
    now: Date,
  ): Promise<SubmissionEvent> {
    return this.models.SubmissionEvent.create(
      { submissionId: sub.id, opdId: sub.opdId, fromStatus: from, toStatus: to, actorUserId: actor.id, actorRole: actor.role, note, overrideReason, createdAt: now },
      { transaction: t },
    );
  }

  /** Each id in its own transaction; one failure never undoes the others. Sequential, in input order. */
  async bulkTransition(actor: Actor, ids: readonly number[], action: WorkflowAction, opts: Omit<TransitionOptions, 'expectedVersion'> = {}): Promise<BulkResult[]> {
    const unique = [...new Set(ids.map(Number))];
    if (unique.length > BULK_LIMIT) throw new ValidationError(`Maksimal ${BULK_LIMIT} usul sekaligus`);
    const results: BulkResult[] = [];
    for (const id of unique) {
      try {
        const r = await this.transition(actor, id, action, opts);
        results.push({ id, ok: true, status: r.to });
      } catch (e) {
        const err = e as Error;
        results.push({ id, ok: false, error: err.message, code: e instanceof DomainError ? err.name : 'Error' });
      }
    }
    return results;
  }

  // -------------------------------------------------------------------------------------------
  // What the panel shows

  /**
   * A Sequelize `where` on submissions: what waits for this actor.
   * verifier → own OPD, waiting for the OPD verifier (work-queue.ts: 'submitted', a category the
   * OPD verifies, employee active — the same definition as the reports' backlog);
   * bkn_validator → verified in BKN categories; approver/admin → verified in OPD-only categories
   * and validated (plus submitted in categories not verified by the OPD, none today); everyone
   * else → nothing. No queue holds a deactivated employee's submissions.
   */
  inbox(actor: Actor): WhereOptions<Submission> {
    const cats = this.reference.categories;
    const codes = (f: (c: Category) => boolean) => cats.filter(f).map((c) => c.code);
    const nothing = { id: null } as unknown as WhereOptions<Submission>;
    // Sequelize aliases the submissions table with the model name.
    const s = 'Submission';
    const activeEmployee = this.sequelize.literal(employeeActiveSql(s));
    switch (actor.role) {
      case 'verifier': {
        if (actor.opdId === null || actor.opdId === undefined) return nothing;
        const waiting = waitingForVerifierSql(s, { status: `${s}.status`, employeeActive: employeeActiveSql(s) }, this.reference);
        return { opdId: actor.opdId, [Op.and]: [this.sequelize.literal(waiting)] } as WhereOptions<Submission>;
      }
      case 'bkn_validator':
        return { status: 'verified', category: codes((c) => c.validatedByBkn), [Op.and]: [activeEmployee] } as WhereOptions<Submission>;
      case 'approver':
      case 'admin': {
        const or: WhereOptions<Submission>[] = [
          { status: 'verified', category: codes((c) => !c.validatedByBkn) },
          { status: 'validated' },
        ];
        const notOpd = codes((c) => !c.verifiedByOpd);
        if (notOpd.length) or.push({ status: 'submitted', category: notOpd });
        return { [Op.or]: or, [Op.and]: [activeEmployee] } as WhereOptions<Submission>;
      }
      default:
        return nothing;
    }
  }

  /**
   * The actions the actor may take on the submission. With `phase` given (see phaseFor), only
   * those open in that phase; without it, the phase is not considered.
   */
  allowedActions(actor: Actor, submission: SubmissionLike, phase?: Phase | null): WorkflowAction[] {
    return this.actionOptions(actor, submission, phase)
      .filter((o) => o.allowed)
      .map((o) => o.action);
  }

  /** Every action the role/OPD/status permit, with whether the phase allows it now (for buttons). */
  actionOptions(actor: Actor, submission: SubmissionLike, phase?: Phase | null): ActionOption[] {
    const category = this.reference.category(submission.category);
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

  /** The phase that applies to a submission today (its own campaign, else the active one). */
  async phaseFor(submission: { campaignId: number | null }, date: Date = this.now()): Promise<Phase | null> {
    const c = await this.campaignOf(submission, null);
    return c ? phaseOf(c, date) : null;
  }

  /** allowedActions with the phase of today. */
  async allowedActionsNow(actor: Actor, submission: SubmissionLike & { campaignId: number | null }): Promise<WorkflowAction[]> {
    return this.allowedActions(actor, submission, await this.phaseFor(submission));
  }

  /** The history of a submission, oldest first, with the same read scoping as the record. */
  async history(actor: Actor, submissionId: number): Promise<SubmissionEvent[]> {
    const sub = await this.models.Submission.findByPk(submissionId);
    if (!sub) throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
    if (!canReadSubmission(actor, sub, this.reference.category(sub.category))) {
      await this.recordDenied(actor, sub, 'read', 'Anda tidak berwenang melihat riwayat usul ini');
      throw new ForbiddenError('Anda tidak berwenang melihat riwayat usul ini');
    }
    return this.models.SubmissionEvent.findAll({ where: { submissionId }, order: [['createdAt', 'ASC'], ['id', 'ASC']] });
  }

  // -------------------------------------------------------------------------------------------
  // Creating submissions (panel, helpdesk)

  /**
   * A submission entered in the panel (e.g. by the helpdesk for an employee who came in person),
   * an import or the CLI. Status 'submitted'; the category from the configuration; the OPD is the
   * employee's and the campaign the one whose self-update window is open (never from input);
   * verifiers only for their own OPD; one open submission per employee and category; phase
   * self_update unless an admin overrides with a reason (audited). Writes the first history row
   * (— → submitted) and the audit row in the same transaction.
   */
  async create(actor: Actor, input: CreateSubmissionInput, opts: { override?: { reason: string } | null } = {}): Promise<Submission> {
    const employeeId = Number(input.employeeId);
    if (!Number.isSafeInteger(employeeId) || employeeId <= 0) throw new ValidationError('Pegawai wajib dipilih', { employeeId: 'Wajib diisi' });
    const employee = await this.models.Employee.findByPk(employeeId);
    if (!employee) throw new NotFoundError(`Pegawai #${employeeId} tidak ditemukan`);
    const refusal = editRefusal(actor, employee.opdId, 'membuat');
    if (refusal) {
      await this.audit.record(actor, { action: 'create', resource: 'submissions', opdId: employee.opdId, outcome: 'denied', message: refusal }).catch(() => undefined);
      throw new ForbiddenError(refusal);
    }
    const category = this.reference.category(String(input.category ?? ''));
    if (!category) throw new ValidationError(`Kategori '${input.category ?? ''}' tidak dikenal`, { category: 'Kategori tidak dikenal' });
    if (!employee.active) throw new ValidationError(`Pegawai ${employee.name} tidak aktif`, { employeeId: 'Pegawai tidak aktif' });
    const pv = normaliseProposal(input.proposedValues);
    const now = this.now();
    const submittedAt = input.submittedAt ?? now;
    if (!(submittedAt instanceof Date) || Number.isNaN(submittedAt.getTime())) throw new ValidationError('Tanggal usul tidak valid', { submittedAt: 'Tanggal tidak valid' });
    const source = (input.source ?? 'panel').slice(0, 10);
    const note = input.note?.trim() || null;
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;

    try {
      return await this.sequelize.transaction(async (t) => {
        await this.models.Employee.findByPk(employee.id, { transaction: t, lock: t.LOCK.UPDATE });
        // The campaign whose self-update window is open today (never one named by the caller).
        const campaign = await this.campaigns.openCampaign('submit', now, { transaction: t });
        const decision = await this.campaigns.assertPhase('submit', now, override, {
          campaign,
          transaction: t,
          resource: 'submissions',
          opdId: employee.opdId,
        });
        const open = await this.models.Submission.findOne({
          where: { employeeId: employee.id, category: category.code, status: { [Op.in]: OPEN_STATUSES as SubmissionStatus[] } },
          transaction: t,
          lock: t.LOCK.SHARE,
        });
        if (open) {
          throw new ConflictError(
            `Pegawai ${employee.name} masih memiliki usul kategori '${category.label}' yang sedang diproses (usul #${open.id}, status '${statusLabel(open.status)}')`,
          );
        }
        const sub = await this.models.Submission.create(
          {
            employeeId: employee.id,
            opdId: employee.opdId,
            campaignId: campaign?.id ?? null,
            category: category.code,
            proposedValues: pv as Record<string, unknown> | null,
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
        await this.recordEvent(t, sub, null, 'submitted', actor, note, decision.overrideReason, now);
        await this.audit.record(
          actor,
          {
            action: 'create',
            resource: 'submissions',
            recordId: sub.id,
            opdId: sub.opdId,
            after: { employeeId: sub.employeeId, category: sub.category, status: sub.status, campaignId: sub.campaignId, source, proposedValues: pv },
          },
          t,
        );
        return sub;
      });
    } catch (e) {
      if (e instanceof UniqueConstraintError) {
        throw new ConflictError(`Usul kategori '${category.label}' untuk pegawai ini dengan tanggal yang sama sudah ada`);
      }
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) {
        await this.audit.record(actor, { action: 'create', resource: 'submissions', opdId: employee.opdId, outcome: 'denied', message: e.message }).catch(() => undefined);
      }
      throw e;
    }
  }

  /**
   * Changes the proposed values of a submission (the panel's edit). Only while nobody has verified
   * it (EDITABLE_STATUSES), by the roles that act for the employee (helpdesk, admin, the verifier
   * of its OPD), in the revise window unless an admin overrides with a reason. The values and the
   * version change in one conditional UPDATE on (id, version, status), so a concurrent transition
   * or a stale page is refused; the change is audited with the values before and after.
   * `proposedValues` undefined keeps the current values: the checks run, nothing is written.
   */
  async revise(actor: Actor, submissionId: number, proposedValues: unknown, opts: ReviseOptions = {}): Promise<Submission> {
    const sub = await this.models.Submission.findByPk(submissionId);
    if (!sub) throw new NotFoundError(`Usul #${submissionId} tidak ditemukan`);
    const refusal = editRefusal(actor, sub.opdId, 'mengubah');
    if (refusal) {
      await this.recordDenied(actor, sub, 'update', refusal);
      throw new ForbiddenError(refusal);
    }
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== null && Number(opts.expectedVersion) !== sub.version) {
      throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
    }
    if (!EDITABLE_STATUSES.includes(sub.status)) {
      throw new ConflictError(
        `Usul berstatus '${statusLabel(sub.status)}' tidak dapat diubah: data usulan hanya dapat diubah selama berstatus ` +
          `'${statusLabel('submitted')}' atau '${statusLabel('needs_fix')}'`,
      );
    }
    const pv = proposedValues === undefined ? sub.proposedValues : normaliseProposal(proposedValues);
    if (JSON.stringify(pv) === JSON.stringify(sub.proposedValues)) return sub;
    const now = this.now();
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;
    try {
      return await this.sequelize.transaction(async (t) => {
        const decision = await this.campaigns.assertPhase('revise', now, override, {
          campaign: await this.campaignOf(sub, t),
          transaction: t,
          resource: 'submissions',
          recordId: sub.id,
          opdId: sub.opdId,
        });
        const [affected] = await this.models.Submission.update(
          { proposedValues: pv === null ? null : JSON.stringify(pv), version: this.sequelize.literal('version + 1') } as never,
          { where: { id: sub.id, version: sub.version, status: { [Op.in]: EDITABLE_STATUSES as SubmissionStatus[] } }, transaction: t },
        );
        if (affected !== 1) throw new ConflictError(CONCURRENT_UPDATE_MESSAGE);
        await this.audit.record(
          actor,
          {
            action: 'update',
            resource: 'submissions',
            recordId: sub.id,
            opdId: sub.opdId,
            before: { proposedValues: sub.proposedValues, version: sub.version },
            after: { proposedValues: pv, version: sub.version + 1, overrideReason: decision.overrideReason },
            message: 'Data usulan diubah',
          },
          t,
        );
        return (await this.models.Submission.findByPk(sub.id, { transaction: t }))!;
      });
    } catch (e) {
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) await this.recordDenied(actor, sub, 'update', e.message);
      throw e;
    }
  }

  /**
   * May this submission be deleted (an entry made by mistake)? Only before anyone verified it, and
   * only without documents (scans are removed through the document service, which also removes
   * the files). Throws ConflictError otherwise.
   */
  async assertDeletable(sub: { id: number; status: SubmissionStatus }, t?: Transaction | null): Promise<void> {
    if (!EDITABLE_STATUSES.includes(sub.status)) {
      throw new ConflictError(`Usul berstatus '${statusLabel(sub.status)}' tidak dapat dihapus; usul yang sudah diproses tetap tercatat`);
    }
    const docs = await this.models.Document.count({ where: { submissionId: sub.id }, transaction: t ?? undefined });
    if (docs > 0) throw new ConflictError(`Usul #${sub.id} masih memiliki ${docs} dokumen; hapus dokumennya lebih dahulu`);
  }

  // -------------------------------------------------------------------------------------------
  // After the deadline (Diktum KESATU h): "layanan kepegawaian tidak diproses"

  /**
   * In the after_deadline phase of the active campaign (or with an admin override): sets
   * employees.service_blocked for every active employee without a completed update and clears it
   * for those who completed. One UPDATE per direction; an employee already flagged keeps the
   * original serviceBlockedAt. Allowed to admin, approver and the system actor (the job).
   */
  async flagIncomplete(actor: Actor, now: Date = this.now(), opts: { override?: { reason: string } | null } = {}): Promise<FlagResult> {
    if (!['admin', 'approver', 'system'].includes(actor.role)) {
      const msg = 'Hanya administrator atau persetujuan BKPSDM yang dapat menandai pegawai yang belum menyelesaikan pemutakhiran';
      await this.audit.record(actor, { action: 'flag_incomplete', resource: 'employees', outcome: 'denied', message: msg }).catch(() => undefined);
      throw new ForbiddenError(msg);
    }
    const override: PhaseOverride | null = opts.override ? { actor, reason: opts.override.reason } : null;
    try {
      return await this.sequelize.transaction(async (t) => {
        const campaign = await this.campaigns.activeCampaign({ transaction: t });
        if (!campaign) throw new ValidationError('Belum ada putaran PDM yang aktif');
        const decision = await this.campaigns.assertPhase('flag_incomplete', now, override, { campaign, transaction: t, resource: 'employees' });
        // Completed now (completion.ts): the same rule as the reports and the dashboard.
        const scope = campaignScope(campaign, null);
        const completedIds = `SELECT c.employee_id FROM (${completionSql(scope)}) c WHERE c.completed = 1`;
        const repl = { ...completionReplacements(scope), now };
        const blocked = await this.affected(
          `UPDATE employees SET service_blocked = 1, service_blocked_at = :now, updated_at = :now
           WHERE active = 1 AND service_blocked = 0 AND id NOT IN (${completedIds})`,
          repl,
          t,
        );
        const cleared = await this.affected(
          `UPDATE employees SET service_blocked = 0, service_blocked_at = NULL, updated_at = :now
           WHERE service_blocked = 1 AND id IN (${completedIds})`,
          repl,
          t,
        );
        const result: FlagResult = { campaignId: campaign.id, date: jakartaDate(now), blocked, cleared, overridden: decision.overridden };
        await this.audit.record(
          actor,
          {
            action: 'flag_incomplete',
            resource: 'employees',
            after: result,
            message: `${blocked} pegawai ditandai "layanan kepegawaian tidak diproses", ${cleared} tanda dicabut`,
          },
          t,
        );
        return result;
      });
    } catch (e) {
      if (e instanceof PhaseClosedError || e instanceof ForbiddenError) {
        await this.audit.record(actor, { action: 'flag_incomplete', resource: 'employees', outcome: 'denied', message: e.message }).catch(() => undefined);
      }
      throw e;
    }
  }

  /**
   * Active employees without a completed update (computed now, not from the flag), by OPD and
   * name. OPD-scoped roles see only their OPD; bkn_validator sees none.
   */
  async listIncomplete(actor: Actor, opts: { opdId?: number | null; campaignId?: number | null; limit?: number; offset?: number } = {}): Promise<IncompleteEmployee[]> {
    let opdId = opts.opdId ?? null;
    if (actor.role === 'bkn_validator') throw new ForbiddenError('Peran Anda tidak berwenang melihat daftar pegawai');
    if (isScoped(actor.role)) {
      if (actor.opdId === null || actor.opdId === undefined) throw new ForbiddenError('Akun Anda belum terhubung ke OPD; hubungi administrator BKPSDM');
      if (opdId !== null && opdId !== actor.opdId) throw new ForbiddenError('Anda hanya dapat melihat pegawai OPD Anda');
      opdId = actor.opdId;
    }
    const scope: CompletionScope =
      opts.campaignId !== undefined ? await campaignScopeById(this.models, opts.campaignId, null) : campaignScope(await this.campaigns.activeCampaign(), null);
    const limit = opts.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(Number(opts.limit) || 0))}`;
    const offset = opts.offset === undefined ? '' : `${limit ? '' : ' LIMIT 1000000000'} OFFSET ${Math.max(0, Math.floor(Number(opts.offset) || 0))}`;
    // Not completed now (completion.ts), with the counts of the submissions that count.
    const rows = await this.sequelize.query<Record<string, unknown>>(
      `SELECT e.id AS id, e.nip AS nip, e.name AS name, e.opd_id AS opd_id, e.employee_type AS employee_type,
          e.service_blocked AS service_blocked, e.service_blocked_at AS service_blocked_at,
          COALESCE(c.n, 0) AS n, COALESCE(c.n_approved, 0) AS n_approved, COALESCE(c.n, 0) - COALESCE(c.n_final, 0) AS n_open
       FROM employees e LEFT JOIN (${completionSql(scope)}) c ON c.employee_id = e.id
       WHERE e.active = 1${opdId !== null ? ' AND e.opd_id = :opdId' : ''} AND COALESCE(c.completed, 0) = 0
       ORDER BY e.opd_id ASC, e.name ASC, e.id ASC${limit}${offset}`,
      { type: QueryTypes.SELECT, replacements: { ...completionReplacements(scope), opdId } },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      nip: String(r.nip),
      name: String(r.name),
      opdId: Number(r.opd_id),
      employeeType: String(r.employee_type),
      serviceBlocked: r.service_blocked === true || Number(r.service_blocked) === 1,
      serviceBlockedAt: parseDbDate(r.service_blocked_at),
      submissions: Number(r.n),
      approved: Number(r.n_approved),
      open: Number(r.n_open),
    }));
  }

  /** Rows changed by a raw UPDATE (SQLite and MySQL report them differently). */
  private async affected(sql: string, replacements: Record<string, unknown>, t: Transaction): Promise<number> {
    const res = (await this.sequelize.query(sql, { replacements, transaction: t, type: QueryTypes.UPDATE })) as unknown;
    const n = Array.isArray(res) ? res[1] : res;
    return typeof n === 'number' ? n : Number((n as { affectedRows?: number; changes?: number })?.affectedRows ?? (n as { changes?: number })?.changes ?? 0);
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private categoryOf(code: string): Category {
    const c = this.reference.category(code);
    if (!c) throw new ValidationError(`Kategori '${code}' tidak dikenal; periksa config/categories.json`);
    return c;
  }

  private campaignOf(sub: { campaignId: number | null }, t: Transaction | null): Promise<Campaign | null> {
    return this.campaigns.campaignFor(sub, { transaction: t });
  }

  /** Verify needs the required documents: category.requiredDocumentTypes, else one of its types. */
  private async assertDocuments(sub: Submission, category: Category): Promise<void> {
    const docs = await this.models.Document.findAll({ where: { submissionId: sub.id }, attributes: ['documentType'] });
    const present = new Set(docs.map((d) => d.documentType).filter((t) => category.documentTypes.includes(t)));
    const label = (code: string) => this.reference.documentType(code)?.label ?? code;
    if (category.requiredDocumentTypes.length) {
      const missing = category.requiredDocumentTypes.filter((t) => !present.has(t));
      if (missing.length) {
        throw new ValidationError(`Dokumen wajib belum lengkap untuk kategori '${category.label}': ${missing.map(label).join(', ')}`, {
          documents: 'Dokumen wajib belum lengkap',
        });
      }
    } else if (present.size === 0) {
      throw new ValidationError(
        `Belum ada dokumen untuk kategori '${category.label}' (unggah salah satu: ${category.documentTypes.map(label).join(', ')})`,
        { documents: 'Belum ada dokumen' },
      );
    }
  }

  /**
   * Lifts the employee's service block when their submissions now form a completed update.
   * The caller holds the employee row lock; the statuses are read with a locking read so a
   * decision committed by another transaction in the meantime is seen (MySQL REPEATABLE READ).
   */
  private async clearIfCompleted(actor: Actor, employeeId: number, opdId: number, campaignId: number | null, t: Transaction): Promise<boolean> {
    // Completed now (completion.ts), read with a locking read: decisions committed meanwhile count.
    const scope = await campaignScopeById(this.models, campaignId, null);
    const [row] = await this.sequelize.query<{ completed: unknown }>(
      completionSql(scope, { where: 's.employee_id = :employeeId', lockForShare: this.sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql' }),
      { type: QueryTypes.SELECT, replacements: { ...completionReplacements(scope), employeeId }, transaction: t },
    );
    if (!row || Number(row.completed) !== 1) return false;
    const [n] = await this.models.Employee.update(
      { serviceBlocked: false, serviceBlockedAt: null },
      { where: { id: employeeId, serviceBlocked: true }, transaction: t },
    );
    if (n) {
      await this.audit.record(
        actor,
        { action: 'service_unblock', resource: 'employees', recordId: employeeId, opdId, after: { serviceBlocked: false }, message: 'Pemutakhiran selesai; tanda layanan tidak diproses dicabut' },
        t,
      );
    }
    return n > 0;
  }

  private async recordDenied(actor: Actor, sub: { id: number; opdId: number }, action: string, message: string): Promise<void> {
    try {
      await this.audit.record(actor, { action, resource: 'submissions', recordId: sub.id, opdId: sub.opdId, outcome: 'denied', message });
    } catch {
      // The refusal itself must reach the caller even if the audit write fails.
    }
  }
}

/** Re-exported for adapters that only need the rules. */
export { edgesFor };
