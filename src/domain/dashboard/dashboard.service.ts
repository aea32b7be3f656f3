import type { WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { canSeeRegencyReport } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, SUBMISSION_STATUS_LABELS, type Role } from '../shared/constants.js';
import { PHASE_LABELS, phaseWindows, type CampaignService } from '../campaign/campaign.service.js';
import { buildOpdReport } from '../reports/data/opd-report.js';
import { buildRegencyReport } from '../reports/data/regency-report.js';
import type { Band, OpdSummary } from '../reports/data/summaries.js';
import { formatJakartaDateTime } from '../shared/time.js';
import type { BkpsdmQueue } from './bkpsdm-queue.js';
import { closingLoopSection, type ClosingLoopSection } from './closing-loop.js';

/**
 * What the dashboard shows, already scoped: OPD-bound roles get their own OPD only, whatever
 * they ask; regency-wide roles get the ranking. The AdminJS dashboard handler has no
 * isAccessible of its own, so the scoping lives here.
 */
export interface DashboardData {
  role: string;
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
  opd: null | {
    summary: OpdSummary;
    byStatus: Array<{ status: string; label: string; count: number }>;
    throughput: Array<{ date: string; verified: number; returned: number; rejected: number }>;
    toActCount: number;
  };
  /** Rank and band are null for an OPD without ASN (shown as "belum ada ASN", last). */
  regency: null | { rows: Array<OpdSummary & { rank: number | null; band: Band | null }>; totals: OpdSummary };
  /** BKPSDM's queue (open questions and tickets by age): approver, helpdesk and admin only. */
  bkpsdmQueue?: BkpsdmQueue | null;
  /** Issue 13: queue ageing by state and the completion forecast, for the viewer's scope (closing-loop.ts). */
  closingLoop: ClosingLoopSection | null;
  /**
   * When the OPD / regency figures above were computed ("diperbarui 08.15 WIB"): they are shared
   * by every user for at most `figuresMaxAgeSeconds`; the inbox count is always current.
   */
  figuresAsOf: string | null;
  figuresMaxAgeSeconds: number;
}

type Figures = Pick<DashboardData, 'opd' | 'regency' | 'closingLoop'>;
interface Snapshot {
  at: number;
  value: Promise<Figures>;
}

export class DashboardService {
  private readonly campaigns: CampaignService;
  private readonly maxAgeMs: number;
  /** Figures per OPD ('opd:<id>') and for the regency ('regency'), shared by every user. */
  private readonly snapshots = new Map<string, Snapshot>();
  constructor(
    private readonly models: Models,
    campaigns: CampaignService,
    private readonly inboxWhere?: (actor: Actor) => WhereOptions | null,
    private readonly queue?: (actor: Actor, now: Date) => Promise<BkpsdmQueue | null>,
    opts: { maxAgeMs?: number } = {},
  ) {
    this.campaigns = campaigns;
    this.maxAgeMs = Math.max(0, opts.maxAgeMs ?? 0);
  }

  /**
   * The figures of `key` computed at most maxAgeMs ago (by `now`), else computed now. Concurrent
   * requests share one computation; a failed one is not kept.
   */
  private async figures(key: string, now: Date, build: () => Promise<Figures>): Promise<{ at: number; value: Figures }> {
    const t = now.getTime();
    const hit = this.snapshots.get(key);
    if (this.maxAgeMs > 0 && hit && t - hit.at < this.maxAgeMs && t >= hit.at) return { at: hit.at, value: await hit.value };
    const value = build();
    if (this.maxAgeMs > 0) {
      this.snapshots.set(key, { at: t, value });
      value.catch(() => this.snapshots.get(key)?.value === value && this.snapshots.delete(key));
    }
    return { at: t, value: await value };
  }

  async forActor(actor: Actor, now = new Date()): Promise<DashboardData> {
    const campaign = await this.campaigns.activeCampaign();
    const phase = campaign ? this.campaigns.phaseOf(campaign, now) : null;
    const where = this.inboxWhere?.(actor) ?? null;
    const inbox = where ? await this.models.Submission.count({ where }) : null;
    const data: DashboardData = {
      role: actor.role,
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
      const opdId = actor.opdId;
      data.downloads.push({ label: 'Unduh laporan OPD (Excel)', href: `/admin/reports/opds/${opdId}/preview` });
      const { at, value } = await this.figures(`opd:${opdId}`, now, async () => {
        const report = await buildOpdReport(this.models, opdId, now, null);
        return {
          regency: null,
          closingLoop: closingLoopSection(report.forecast, report.ageing),
          opd: {
            summary: report.summary,
            byStatus: Object.entries(report.byStatus).map(([status, count]) => ({
              status,
              label: SUBMISSION_STATUS_LABELS[status as keyof typeof SUBMISSION_STATUS_LABELS] ?? status,
              count,
            })),
            throughput: report.throughput.slice(-7),
            toActCount: report.toAct.length,
          },
        };
      });
      data.opd = value.opd;
      data.closingLoop = value.closingLoop;
      data.figuresAsOf = formatJakartaDateTime(new Date(at));
    } else {
      if (canSeeRegencyReport(actor)) {
        data.downloads.push({ label: 'Unduh laporan kabupaten (Excel)', href: '/admin/reports/regency/preview' });
      }
      const { at, value } = await this.figures('regency', now, async () => {
        const report = await buildRegencyReport(this.models, now);
        return {
          opd: null,
          regency: { rows: report.rows.map(({ previous: _p, headReport: _h, ...r }) => r), totals: report.totals },
          closingLoop: closingLoopSection(report.forecast?.regency, report.ageing),
        };
      });
      data.regency = value.regency;
      data.closingLoop = value.closingLoop;
      data.figuresAsOf = formatJakartaDateTime(new Date(at));
    }
    return data;
  }
}
