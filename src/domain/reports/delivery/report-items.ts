import { Op, type WhereOptions } from 'sequelize';
import type { Models, ReportDelivery } from '../../../db/models/index.js';
import type { ReportKind } from '../../shared/constants.js';
import type { OpdSummary } from '../data/summaries.js';
import { opdReportFile, regencyReportFile } from '../workbooks/report-file.js';
import { opdMailBody, panelLinks, regencyMailBody, type MailBody } from './mail-body.js';
import type { PlannedRecipient } from './recipients.js';

/**
 * What a run sends each recipient: the report as of the run's moment, its workbook and file
 * name, the rendered mail, and the summary kept with the delivery — the "previous report" the
 * next one shows its change against.
 */

export interface ReportItem {
  recipient: PlannedRecipient;
  mail: MailBody;
  filename: string;
  workbook: Buffer;
  summary: unknown;
}

/** Summaries are stored with the delivery: OpdSummary for 'opd', { totals, rows } for 'regency'. */
export interface RegencyStoredSummary {
  totals: OpdSummary;
  rows: OpdSummary[];
}

/** The campaign's guides as mail links (src/domain/guides): title and panel URL. */
export type GuideLinks = (campaignId: number | null | undefined) => Promise<Array<{ title: string; url: string }>>;

export class ReportItems {
  constructor(
    private readonly models: Models,
    private readonly regencyName: string,
    private readonly guideLinks: GuideLinks = () => Promise.resolve([]),
    /** The panel's public base URL (APP_BASE_URL): the mails link to the dashboard and the reports sent; none without it. */
    private readonly baseUrl: string | null = null,
  ) {}

  /**
   * One item per recipient. An OPD report is built per OPD (`heartbeat` after each, so a long run
   * keeps its lease); the regency report once, for every recipient.
   */
  async *build(
    kind: ReportKind,
    asOf: Date,
    recipients: PlannedRecipient[],
    test: boolean,
    heartbeat: () => Promise<void>,
  ): AsyncGenerator<ReportItem> {
    const regencyName = this.regencyName;
    if (kind === 'opd') {
      for (const r of recipients) {
        if (r.opdId === null) continue;
        const previous = await this.previousOpdSummary(r.opdId, asOf);
        const { report, file } = await opdReportFile(this.models, r.opdId, asOf, { regencyName, previous });
        const mail = opdMailBody(report, {
          regencyName,
          test,
          guides: await this.guideLinks(report.campaign?.id),
          panel: this.baseUrl ? panelLinks(this.baseUrl, r.opdId) : null,
        });
        yield { recipient: r, mail, filename: file.name, workbook: file.content, summary: report.summary };
        await heartbeat();
      }
      return;
    }
    if (recipients.length === 0) return;
    const previous = await this.previousRegency(asOf);
    const { report, file } = await regencyReportFile(this.models, asOf, { regencyName, previous });
    await heartbeat();
    const guides = await this.guideLinks(report.campaign?.id);
    const summary: RegencyStoredSummary = {
      totals: report.totals,
      rows: report.rows.map(({ rank: _r, band: _b, previous: _p, headReport: _h, ...s }) => s),
    };
    for (const r of recipients) {
      const panel = this.baseUrl ? panelLinks(this.baseUrl, null) : null;
      const mail = regencyMailBody(report, { regencyName, test, guides, panel, recipientName: r.recipientName });
      yield { recipient: r, mail, filename: file.name, workbook: file.content, summary };
    }
  }

  /** The previous summary of an OPD: the one stored with its last sent (non-test) delivery before `asOf`. */
  private async previousOpdSummary(opdId: number, asOf: Date): Promise<OpdSummary | null> {
    const d = await this.lastSent('opd', opdId, asOf);
    const s = d?.summary as OpdSummary | null | undefined;
    return s && typeof s === 'object' && 'total' in s ? s : null;
  }

  /** Map opdId → previous summary (key 0 = previous regency totals) from the last sent regency report. */
  private async previousRegency(asOf: Date): Promise<Map<number, OpdSummary> | undefined> {
    const d = await this.lastSent('regency', null, asOf);
    const s = d?.summary as RegencyStoredSummary | null | undefined;
    if (!s || !Array.isArray(s.rows)) return undefined;
    const m = new Map<number, OpdSummary>();
    for (const r of s.rows) m.set(r.opdId, r);
    if (s.totals) m.set(0, s.totals);
    return m;
  }

  private async lastSent(kind: ReportKind, opdId: number | null, asOf: Date): Promise<ReportDelivery | null> {
    return this.models.ReportDelivery.findOne({
      where: { status: 'sent', opdId: opdId === null ? { [Op.is]: null } : opdId } as WhereOptions,
      include: [
        {
          model: this.models.ReportRun,
          as: 'run',
          attributes: ['id', 'asOf'],
          required: true,
          where: { reportKind: kind, trigger: { [Op.ne]: 'test' }, asOf: { [Op.lt]: asOf } },
        },
      ],
      order: [
        [{ model: this.models.ReportRun, as: 'run' }, 'asOf', 'DESC'],
        ['sentAt', 'DESC'],
        ['id', 'DESC'],
      ],
      subQuery: false,
    });
  }
}
