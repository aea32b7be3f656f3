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
}

export class DashboardService {
  private readonly campaigns: CampaignService;
  constructor(
    private readonly models: Models,
    campaigns: CampaignService,
    private readonly inboxWhere?: (actor: Actor) => WhereOptions | null,
    private readonly queue?: (actor: Actor, now: Date) => Promise<BkpsdmQueue | null>,
  ) {
    this.campaigns = campaigns;
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
    };
    if (OPD_SCOPED_ROLES.includes(actor.role as Role)) {
      if (!actor.opdId) return data;
      data.downloads.push({ label: 'Unduh laporan OPD (Excel)', href: `/admin/reports/opds/${actor.opdId}/preview` });
      const report = await buildOpdReport(this.models, actor.opdId, now, null);
      data.opd = {
        summary: report.summary,
        byStatus: Object.entries(report.byStatus).map(([status, count]) => ({
          status,
          label: SUBMISSION_STATUS_LABELS[status as keyof typeof SUBMISSION_STATUS_LABELS] ?? status,
          count,
        })),
        throughput: report.throughput.slice(-7),
        toActCount: report.toAct.length,
      };
      data.closingLoop = closingLoopSection(report.forecast, report.ageing);
    } else {
      if (canSeeRegencyReport(actor)) {
        data.downloads.push({ label: 'Unduh laporan kabupaten (Excel)', href: '/admin/reports/regency/preview' });
      }
      const report = await buildRegencyReport(this.models, now);
      data.regency = { rows: report.rows.map(({ previous: _p, headReport: _h, ...r }) => r), totals: report.totals };
      data.closingLoop = closingLoopSection(report.forecast?.regency, report.ageing);
    }
    return data;
  }
}
