import { Op, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { can, canSeeRegencyReport } from '../access/access-policy.js';
import type { Actor } from '../shared/actor.js';
import { OPD_SCOPED_ROLES, SUBMISSION_STATUS_LABELS, type Role } from '../shared/constants.js';
import { PHASE_LABELS, phaseWindows, type CampaignService } from '../campaign/campaign.service.js';
import { buildOpdReport } from '../reports/data/opd-report.js';
import { buildRegencyReport } from '../reports/data/regency-report.js';
import type { Band, OpdSummary } from '../reports/data/summaries.js';
import { addDays, daysBetween, formatJakartaDate, formatJakartaDateTime, jakartaDate, startOfJakartaDay } from '../shared/time.js';
import type { BkpsdmQueue } from './bkpsdm-queue.js';
import { closingLoopSection, type ClosingLoopSection } from './closing-loop.js';
import { buildDashboardCharts, type DashboardCharts } from './charts.js';

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
  opd: null | {
    summary: OpdSummary;
    byStatus: Array<{ status: string; label: string; count: number }>;
    throughput: Array<{ date: string; dateText: string; verified: number; returned: number; rejected: number }>;
    toActCount: number;
    /** The list of the people to act on (the OPD's employees who still have to do something). */
    toActHref: string;
    /** Verifier activity of the last 7 days, per person. */
    verifiers: Array<{ name: string; verified: number; returned: number; rejected: number }>;
  };
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
   * When the OPD / regency figures above were computed ("diperbarui 08.15 WIB"): they are shared
   * by every user for at most `figuresMaxAgeSeconds`; the inbox count is always current.
   */
  figuresAsOf: string | null;
  figuresMaxAgeSeconds: number;
}

type Figures = Pick<DashboardData, 'opd' | 'regency' | 'closingLoop' | 'charts'>;
interface Snapshot {
  at: number;
  value: Promise<Figures>;
}

export class DashboardService {
  private readonly campaigns: CampaignService;
  private readonly maxAgeMs: number;
  /** Figures per OPD ('opd:<id>') and for the regency ('regency:<phase>'), shared by every user. */
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
      const opdId = actor.opdId;
      const { at, value } = await this.figures(`opd:${opdId}`, now, async () => {
        const report = await buildOpdReport(this.models, opdId, now, null);
        return {
          regency: null,
          closingLoop: closingLoopSection(report.forecast, report.ageing),
          charts: await buildDashboardCharts(this.models, now, report.summary, report.summary.opdName, report.forecast, opdId),
          opd: {
            summary: report.summary,
            byStatus: Object.entries(report.byStatus).map(([status, count]) => ({
              status,
              label: SUBMISSION_STATUS_LABELS[status as keyof typeof SUBMISSION_STATUS_LABELS] ?? status,
              count,
            })),
            throughput: report.throughput.slice(-7).map((r) => ({ ...r, dateText: formatJakartaDate(r.date) })),
            toActCount: report.toAct.length,
            toActHref: `/admin/resources/employees?filters.opdId=${opdId}`,
            verifiers: await this.verifierActivity(opdId, now),
          },
        };
      });
      data.opd = value.opd;
      data.closingLoop = value.closingLoop;
      data.charts = value.charts;
      data.figuresAsOf = formatJakartaDateTime(new Date(at));
    } else if (view === 'regency' || view === 'approver') {
      if (canSeeRegencyReport(actor)) {
        data.downloads.push({ label: 'Unduh laporan kabupaten (Excel)', href: '/admin/reports/regency/preview' });
      }
      const measure = rankingMeasure(phase);
      const { at, value } = await this.figures(`regency:${measure.key}`, now, async () => {
        const report = await buildRegencyReport(this.models, now);
        const ranked = report.rows
          .filter((r) => r.total > 0)
          .sort((a, b) => b[measure.key] - a[measure.key] || a.opdName.localeCompare(b.opdName));
        const position = new Map(ranked.map((r, i) => [r.opdId, i + 1]));
        const rows = report.rows
          .map(({ previous: _p, headReport: _h, ...r }) => ({
            ...r,
            position: position.get(r.opdId) ?? null,
            href: `/admin/resources/opds/records/${r.opdId}/show`,
          }))
          .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
        return {
          opd: null,
          regency: { rows, totals: report.totals, measure },
          closingLoop: closingLoopSection(report.forecast?.regency, report.ageing),
          charts: await buildDashboardCharts(this.models, now, report.totals, 'kabupaten', report.forecast),
        };
      });
      data.regency = value.regency;
      data.closingLoop = value.closingLoop;
      data.charts = value.charts;
      data.figuresAsOf = formatJakartaDateTime(new Date(at));
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

  /** OPD verification steps of the last 7 calendar days, per person. */
  private async verifierActivity(opdId: number, now: Date): Promise<NonNullable<DashboardData['opd']>['verifiers']> {
    const since = startOfJakartaDay(addDays(jakartaDate(now), -6));
    const events = await this.models.SubmissionEvent.findAll({
      where: { opdId, actorRole: 'verifier', createdAt: { [Op.gte]: since } },
      attributes: ['actorUserId', 'toStatus'],
    });
    const ids = [...new Set(events.map((e) => e.actorUserId).filter((id): id is number => !!id))];
    const users = ids.length ? await this.models.User.findAll({ where: { id: ids }, attributes: ['id', 'name'] }) : [];
    const name = new Map(users.map((u) => [u.id, u.name]));
    const per = new Map<string, { name: string; verified: number; returned: number; rejected: number }>();
    for (const e of events) {
      const who = (e.actorUserId && name.get(e.actorUserId)) || 'Pengguna terhapus';
      const row = per.get(who) ?? { name: who, verified: 0, returned: 0, rejected: 0 };
      if (e.toStatus === 'verified') row.verified++;
      else if (e.toStatus === 'needs_fix') row.returned++;
      else if (e.toStatus === 'rejected') row.rejected++;
      per.set(who, row);
    }
    return [...per.values()].sort((a, b) => b.verified - a.verified || a.name.localeCompare(b.name));
  }
}
