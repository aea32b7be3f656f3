import { Op, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { can, canSeeRegencyReport } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, SUBMISSION_STATUS_LABELS, type Role } from '../shared/constants.js';
import { PHASE_LABELS, phaseWindows, type CampaignService } from '../campaign/campaign.service.js';
import type { Band, OpdSummary } from '../reports/data/summaries.js';
import { daysBetween, formatJakartaDateTime, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import type { BkpsdmQueue } from './bkpsdm-queue.js';
import type { ClosingLoopSection } from './closing-loop.js';
import type { DashboardCharts } from './charts.js';
import {
  opdScope,
  rankedRows,
  REGENCY_SCOPE,
  scopeFigures,
  type OpdFigures,
  type RegencyFigures,
  type ScopeFigures,
} from './dashboard-figures.js';
import type { DashboardSnapshots } from './dashboard-snapshots.js';

/** The roles with a work queue (an inbox box and a "next" link); the others only monitor. */
export const INBOX_ROLES: readonly Role[] = ['verifier', 'bkn_validator', 'approver', 'admin'];

/** Which dashboard a role gets. */
export type DashboardView = 'verifier' | 'bkn' | 'approver' | 'helpdesk' | 'opd' | 'regency';
export function dashboardView(role: string): DashboardView {
  switch (role) {
    case 'verifier':
      return 'verifier';
    case 'bkn_validator':
      return 'bkn';
    case 'approver':
      return 'approver';
    case 'helpdesk':
      return 'helpdesk';
    case 'secretary':
    case 'opd_head':
      return 'opd';
    default:
      return 'regency';
  }
}

/**
 * The ranking's measure in the current phase: while ASN update their data (and while verifiers
 * check it) what tells OPDs apart is how many ASN have submitted; from the approval phase on it is
 * how many are done.
 */
export function rankingMeasure(phase: string | null): { key: 'pctWithSubmission' | 'pctCompleted'; label: string } {
  return phase === 'approval' || phase === 'after_deadline'
    ? { key: 'pctCompleted', label: 'ASN selesai (disetujui)' }
    : { key: 'pctWithSubmission', label: 'ASN yang sudah mengajukan usul' };
}

/**
 * What the dashboard shows, already scoped: OPD-bound roles get their own OPD only, whatever
 * they ask; regency-wide roles get the ranking. The AdminJS dashboard handler has no
 * isAccessible of its own, so the scoping lives here.
 */
export interface DashboardData {
  role: string;
  view: DashboardView;
  /** The actor's OPD by name (OPD-bound roles). */
  opdName: string | null;
  /** The actor's queue: count, oldest, the next item and what they did today (roles with an inbox). */
  work: null | {
    inbox: number;
    oldestDays: number | null;
    next: number | null;
    today: Array<{ label: string; count: number }>;
  };
  /** What waits for approval, by OPD (approver, admin). */
  approvals: null | Array<{ opdId: number; opdName: string; count: number }>;
  /** Open tickets by age and today's (helpdesk, admin). */
  tickets: null | { open: number; createdToday: number; byAge: Array<{ label: string; count: number }> };
  asOf: string;
  campaign: {
    name: string;
    phase: string | null;
    phaseLabel: string | null;
    windows: Array<{ label: string; from: string; to: string | null; current: boolean }>;
  } | null;
  inbox: number | null;
  /** Excel reports this user may download now. */
  downloads: Array<{ label: string; href: string }>;
  opd: null | OpdFigures['opd'];
  /** Rank and band are null for an OPD without ASN (shown as "belum ada ASN", last). */
  regency: null | {
    rows: Array<OpdSummary & { rank: number | null; band: Band | null; position: number | null; href: string }>;
    totals: OpdSummary;
    /** The measure the rows are ordered by in this phase. */
    measure: { key: 'pctWithSubmission' | 'pctCompleted'; label: string };
  };
  /** BKPSDM's queue (open questions and tickets by age): approver, helpdesk and admin only. */
  bkpsdmQueue?: BkpsdmQueue | null;
  /** Issue 13: queue ageing by state and the completion forecast, for the viewer's scope (closing-loop.ts). */
  closingLoop: ClosingLoopSection | null;
  /** Charts of the OPD / regency figures: progress by stage and the burn-down (charts.ts). */
  charts?: DashboardCharts | null;
  /**
   * When the OPD / regency figures above were computed ("diperbarui 08.15 WIB"): precomputed
   * (dashboard-snapshots.ts), confirmed against the facts at most `figuresMaxAgeSeconds` ago; the
   * inbox count is always current.
   */
  figuresAsOf: string | null;
  figuresMaxAgeSeconds: number;
}

export class DashboardService {
  private readonly campaigns: CampaignService;
  private readonly maxAgeMs: number;
  constructor(
    private readonly models: Models,
    campaigns: CampaignService,
    private readonly inboxWhere?: (actor: Actor) => WhereOptions | null,
    private readonly queue?: (actor: Actor, now: Date) => Promise<BkpsdmQueue | null>,
    opts: { maxAgeMs?: number; snapshots?: DashboardSnapshots } = {},
  ) {
    this.campaigns = campaigns;
    this.maxAgeMs = Math.max(0, opts.maxAgeMs ?? 0);
    this.snapshots = opts.snapshots;
  }
  private readonly snapshots?: DashboardSnapshots;

  /**
   * The figures of `scope`: the precomputed snapshot (dashboard-snapshots.ts) when figures may be
   * up to maxAge old, else computed now from the facts (maxAge 0, and callers without snapshots).
   */
  private async figures<F extends ScopeFigures>(scope: string, now: Date): Promise<{ at: Date; value: F }> {
    if (this.snapshots && this.maxAgeMs > 0) {
      const { at, figures } = await this.snapshots.read(scope, now);
      return { at, value: figures as F };
    }
    return { at: now, value: (await scopeFigures(this.models, scope, now)) as F };
  }

  async forActor(actor: Actor, now = new Date()): Promise<DashboardData> {
    const campaign = await this.campaigns.activeCampaign();
    const phase = campaign ? this.campaigns.phaseOf(campaign, now) : null;
    const view = dashboardView(actor.role);
    const hasInbox = INBOX_ROLES.includes(actor.role as Role);
    const where = hasInbox ? (this.inboxWhere?.(actor) ?? null) : null;
    const inbox = where ? await this.models.Submission.count({ where }) : null;
    const opd = actor.opdId ? await this.models.Opd.findByPk(actor.opdId) : null;
    const data: DashboardData = {
      role: actor.role,
      view,
      opdName: opd?.name ?? null,
      work: where ? await this.work(actor, where, now) : null,
      approvals: where && (actor.role === 'approver' || actor.role === 'admin') ? await this.approvals(where) : null,
      tickets: actor.role === 'helpdesk' || actor.role === 'admin' ? await this.tickets(now) : null,
      asOf: formatJakartaDateTime(now),
      campaign: campaign
        ? {
            name: campaign.name,
            phase,
            phaseLabel: phase ? PHASE_LABELS[phase] : null,
            windows: phaseWindows(campaign)
              .filter((w) => w.start)
              .map((w) => ({ label: PHASE_LABELS[w.phase], from: w.start!, to: w.end, current: w.phase === phase })),
          }
        : null,
      inbox,
      downloads: [],
      opd: null,
      regency: null,
      bkpsdmQueue: this.queue ? await this.queue(actor, now) : null,
      closingLoop: null,
      figuresAsOf: null,
      figuresMaxAgeSeconds: Math.round(this.maxAgeMs / 1000),
    };
    if (OPD_SCOPED_ROLES.includes(actor.role as Role)) {
      if (!actor.opdId) return data;
      // Only for the roles the OPD report is for (a verifier's link would answer 404).
      if (can(actor, 'opds', 'report'))
        data.downloads.push({ label: 'Unduh laporan OPD (Excel)', href: `/admin/reports/opds/${actor.opdId}/preview` });
      const { at, value } = await this.figures<OpdFigures>(opdScope(actor.opdId), now);
      data.opd = value.opd;
      data.closingLoop = value.closingLoop;
      data.charts = value.charts;
      data.figuresAsOf = formatJakartaDateTime(at);
    } else if (view === 'regency' || view === 'approver') {
      if (canSeeRegencyReport(actor)) {
        data.downloads.push({ label: 'Unduh laporan kabupaten (Excel)', href: '/admin/reports/regency/preview' });
      }
      const measure = rankingMeasure(phase);
      const { at, value } = await this.figures<RegencyFigures>(REGENCY_SCOPE, now);
      data.regency = { rows: rankedRows(value.rows, measure.key), totals: value.totals, measure };
      data.closingLoop = value.closingLoop;
      data.charts = value.charts;
      data.figuresAsOf = formatJakartaDateTime(at);
    }
    return data;
  }

  /** The actor's queue and today's steps. */
  private async work(actor: Actor, where: WhereOptions, now: Date): Promise<NonNullable<DashboardData['work']>> {
    const inbox = await this.models.Submission.count({ where });
    const oldest = await this.models.Submission.findOne({
      where,
      order: [
        ['submittedAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const today = jakartaDate(now);
    const steps = actor.id
      ? await this.models.SubmissionEvent.findAll({
          where: { actorUserId: actor.id, createdAt: { [Op.gte]: startOfJakartaDay(today) } },
          attributes: ['toStatus'],
        })
      : [];
    const counts = new Map<string, number>();
    for (const e of steps) counts.set(e.toStatus, (counts.get(e.toStatus) ?? 0) + 1);
    return {
      inbox,
      oldestDays: oldest?.submittedAt ? Math.max(0, daysBetween(jakartaDate(oldest.submittedAt), today)) : null,
      next: oldest?.id ?? null,
      today: [...counts].map(([status, count]) => ({
        label: SUBMISSION_STATUS_LABELS[status as keyof typeof SUBMISSION_STATUS_LABELS] ?? status,
        count,
      })),
    };
  }

  private async approvals(where: WhereOptions): Promise<NonNullable<DashboardData['approvals']>> {
    const rows = (await this.models.Submission.findAll({
      where,
      attributes: ['opdId', [this.models.Submission.sequelize!.fn('COUNT', '*'), 'n']],
      group: ['opdId'],
      raw: true,
    })) as unknown as Array<{ opdId: number; n: number }>;
    const opds = await this.models.Opd.findAll({ where: { id: rows.map((r) => r.opdId) }, attributes: ['id', 'name'] });
    const name = new Map(opds.map((o) => [o.id, o.name]));
    return rows
      .map((r) => ({ opdId: Number(r.opdId), opdName: name.get(Number(r.opdId)) ?? `OPD #${r.opdId}`, count: Number(r.n) }))
      .sort((a, b) => b.count - a.count || a.opdName.localeCompare(b.opdName));
  }

  private async tickets(now: Date): Promise<NonNullable<DashboardData['tickets']>> {
    const open = await this.models.HelpdeskTicket.findAll({ where: { status: ['open', 'in_progress'] }, attributes: ['createdAt'] });
    const today = jakartaDate(now);
    const age = (d: Date) => daysBetween(jakartaDate(d), today);
    const bands = [
      { label: 'Hari ini', test: (n: number) => n <= 0 },
      { label: '1–2 hari', test: (n: number) => n >= 1 && n <= 2 },
      { label: '3–7 hari', test: (n: number) => n >= 3 && n <= 7 },
      { label: 'Lebih dari 7 hari', test: (n: number) => n > 7 },
    ];
    const createdToday = await this.models.HelpdeskTicket.count({ where: { createdAt: { [Op.gte]: startOfJakartaDay(today) } } });
    return {
      open: open.length,
      createdToday,
      byAge: bands.map((b) => ({ label: b.label, count: open.filter((t) => b.test(age(t.createdAt))).length })),
    };
  }
}
