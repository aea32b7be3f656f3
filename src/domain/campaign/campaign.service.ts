import type { Transaction } from 'sequelize';
import type { Campaign, Models } from '../../db/models/index.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { jakartaDate } from '../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  PHASE_ACTION_LABELS,
  PHASE_LABELS,
  PHASE_RULES,
  PhaseClosedError,
  phaseClosedMessage,
  phaseOf,
  phaseWindows,
  type CampaignDates,
  type Phase,
  type PhaseAction,
  type PhaseWindow,
} from './phases.js';

export { PHASES, PHASE_RULES, PHASE_LABELS, PhaseClosedError, phaseOf, phaseWindows, validateCampaignDates, formatDay } from './phases.js';
export type { Phase, PhaseAction, CampaignDates, PhaseWindow } from './phases.js';

/** An admin's request to act outside the phase window. */
export interface PhaseOverride {
  actor: Actor;
  reason: string;
}

export interface AssertPhaseOptions {
  /** The campaign to check against (a submission's own campaign); default: the active one. */
  campaign?: Campaign | CampaignDates | null;
  transaction?: Transaction | null;
  /** What the override is for, written on the 'phase_override' audit row. */
  resource?: string | null;
  recordId?: string | number | null;
  opdId?: number | null;
}

export interface PhaseDecision {
  campaign: Campaign | CampaignDates | null;
  /** The phase on that day; null when there is no campaign. */
  phase: Phase | null;
  /** True when the action was allowed only because of an admin override. */
  overridden: boolean;
  /** The override reason when `overridden`, else null (copied to submission_events.override_reason). */
  overrideReason: string | null;
}

/** Who may override a phase window (DESIGN.md: "unless an admin overrides it with a reason"). */
export const PHASE_OVERRIDE_ROLES = ['admin'] as const;

export class CampaignService {
  private readonly audit: AuditService;

  constructor(
    private readonly models: Models,
    audit: AuditService,
  ) {
    this.audit = audit;
  }

  /** The active campaign (the latest one when several are flagged active), or null. */
  async activeCampaign(opts: { transaction?: Transaction | null } = {}): Promise<Campaign | null> {
    return this.models.Campaign.findOne({
      where: { active: true },
      order: [
        ['year', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction: opts.transaction ?? undefined,
    });
  }

  /**
   * The campaign in which `action` is open on `now`: among the active campaigns (latest first) the
   * first whose window for it contains that day; when none, the latest active one (so a refusal
   * names its dates and an admin override applies to it), or null.
   */
  async openCampaign(action: PhaseAction, now: Date, opts: { transaction?: Transaction | null } = {}): Promise<Campaign | null> {
    const active = await this.models.Campaign.findAll({
      where: { active: true },
      order: [
        ['year', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction: opts.transaction ?? undefined,
    });
    return active.find((c) => PHASE_RULES[action].includes(phaseOf(c, now))) ?? active[0] ?? null;
  }

  async campaignById(id: number, opts: { transaction?: Transaction | null } = {}): Promise<Campaign> {
    const c = await this.models.Campaign.findByPk(id, { transaction: opts.transaction ?? undefined });
    if (!c) throw new NotFoundError(`Putaran PDM #${id} tidak ditemukan`);
    return c;
  }

  /**
   * The campaign whose calendar applies to a record: its own campaign (a submission of an earlier
   * round follows that round's dates, so it is past its deadline), else the active one.
   */
  async campaignFor(record: { campaignId: number | null }, opts: { transaction?: Transaction | null } = {}): Promise<Campaign | null> {
    if (record.campaignId) {
      const c = await this.models.Campaign.findByPk(record.campaignId, { transaction: opts.transaction ?? undefined });
      if (c) return c;
    }
    return this.activeCampaign(opts);
  }

  /** See phases.ts: computed on the Asia/Jakarta calendar date. */
  phaseOf(campaign: CampaignDates, date: Date): Phase {
    return phaseOf(campaign, date);
  }

  phaseWindows(campaign: CampaignDates): PhaseWindow[] {
    return phaseWindows(campaign);
  }

  /** True when `action` is open on `date` in `campaign` (no override considered). */
  isOpen(action: PhaseAction, campaign: CampaignDates | null, date: Date): boolean {
    if (!campaign) return false;
    return PHASE_RULES[action].includes(phaseOf(campaign, date));
  }

  /**
   * Refuses `action` outside its phase with a PhaseClosedError naming the phase and its dates,
   * unless an admin overrides with a non-empty reason; the override is audited
   * ('phase_override', in `opts.transaction` so it commits or rolls back with the change).
   * A non-admin override → ForbiddenError; an empty reason → ValidationError.
   * The override is ignored (and not audited) when the phase is open anyway.
   */
  async assertPhase(
    action: PhaseAction,
    now: Date,
    override?: PhaseOverride | null,
    opts: AssertPhaseOptions = {},
  ): Promise<PhaseDecision> {
    if (!(action in PHASE_RULES)) throw new ValidationError(`Tindakan tidak dikenal untuk jadwal tahap: ${action}`);
    const campaign = opts.campaign === undefined ? await this.activeCampaign({ transaction: opts.transaction }) : opts.campaign;
    const phase = campaign ? phaseOf(campaign, now) : null;
    if (phase && PHASE_RULES[action].includes(phase)) return { campaign, phase, overridden: false, overrideReason: null };

    const message = campaign
      ? phaseClosedMessage(action, campaign, now)
      : `${PHASE_ACTION_LABELS[action]} tidak dapat dilakukan: belum ada putaran PDM yang aktif.`;
    if (!override) throw new PhaseClosedError(message, phase, PHASE_RULES[action], jakartaDate(now));

    const reason = (override.reason ?? '').trim();
    if (!(PHASE_OVERRIDE_ROLES as readonly string[]).includes(override.actor.role)) {
      throw new ForbiddenError(`Hanya administrator yang dapat mengesampingkan jadwal tahap. ${message}`);
    }
    if (!reason) {
      throw new ValidationError('Alasan wajib diisi untuk mengesampingkan jadwal tahap', { overrideReason: 'Alasan wajib diisi' });
    }
    await this.audit.record(
      override.actor,
      {
        action: 'phase_override',
        resource: opts.resource ?? null,
        recordId: opts.recordId ?? null,
        opdId: opts.opdId ?? null,
        after: {
          action,
          campaignId: (campaign as { id?: number } | null)?.id ?? null,
          phase,
          phaseLabel: phase ? PHASE_LABELS[phase] : null,
          allowedPhases: PHASE_RULES[action],
          date: jakartaDate(now),
          reason,
        },
        message: `Jadwal tahap dikesampingkan: ${reason}`,
      },
      opts.transaction,
    );
    return { campaign, phase, overridden: true, overrideReason: reason };
  }
}
