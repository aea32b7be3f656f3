import type { Models } from '../../db/models/index.js';
import { PHASE_LABELS, phaseOf, type CampaignDates } from '../campaign/phases.js';
import { buildOpdReport, type OpdReport as OpdReportData } from '../reports/data/opd-report.js';
import type { OpdSummary } from '../reports/data/summaries.js';
import { formatJakartaDate, formatJakartaDateTime } from '../shared/time.js';

/**
 * The numbers of an OPD's report to the Bupati: when the head may report (eligibility: after the
 * campaign, or once every ASN has completed — the one "completed" rule, through the report
 * numbers of src/domain/reports/data/opd-report.ts), the figures frozen with a report (what the
 * OPD workbook shows at that moment), and those figures in words for the panel.
 */

/** The figures kept with a report: what the OPD workbook showed at the moment of submission. */
export interface OpdReportFigures {
  asOf: string;
  campaign: { id: number; name: string } | null;
  opd: { id: number; code: string; name: string };
  summary: OpdSummary;
  byStatus: Record<string, number>;
  byCategoryStatus: Array<{ category: string; label: string; counts: Record<string, number>; total: number }>;
  /** How many ASN were still to act on (the workbook's "Perlu Tindak Lanjut" sheet). */
  toActCount: number;
}

export interface Eligibility {
  ok: boolean;
  /** Why the head may (or may not yet) report, in Indonesian. */
  reason: string;
}

/**
 * May the OPD report for the campaign now? After the campaign's last phase, or when every ASN
 * of the OPD has completed (at least one ASN; the completion rule of the reports).
 */
export async function reportEligibility(models: Models, opdId: number, campaign: CampaignDates, now: Date): Promise<Eligibility> {
  const phase = phaseOf(campaign, now);
  if (phase === 'after_deadline') return { ok: true, reason: 'Putaran PDM telah berakhir' };
  const report = await buildOpdReport(models, opdId, now, null);
  const s = report.summary;
  if (s.total > 0 && s.completed === s.total) return { ok: true, reason: 'Seluruh ASN OPD sudah selesai pemutakhiran' };
  return {
    ok: false,
    reason:
      `Laporan dapat dikirim setelah putaran PDM berakhir (${formatJakartaDate(campaign.approvalEnd)}) atau setelah seluruh ASN OPD selesai ` +
      `(saat ini ${s.completed} dari ${s.total} ASN selesai; tahap ${PHASE_LABELS[phase]})`,
  };
}

/** The figures a report keeps: the OPD workbook's numbers as of `now`. */
export function freezeFigures(report: OpdReportData, now: Date): OpdReportFigures {
  return {
    asOf: now.toISOString(),
    campaign: report.campaign,
    opd: { id: report.opd.id, code: report.opd.code, name: report.opd.name },
    summary: report.summary,
    byStatus: report.byStatus,
    byCategoryStatus: report.byCategoryStatus,
    toActCount: report.toAct.length,
  };
}

/** The figures of a report as shown in the panel (Indonesian text), or '' when none. */
export function figuresText(figures: unknown): string {
  const f = figures as OpdReportFigures | null;
  if (!f?.summary) return '';
  const s = f.summary;
  return [
    `Per ${formatJakartaDateTime(new Date(f.asOf))}`,
    `Jumlah ASN: ${s.total}`,
    `Aktivasi MySAPK: ${s.activated} (${String(s.pctActivated).replace('.', ',')}%)`,
    `Mengajukan usul: ${s.withSubmission} (${String(s.pctWithSubmission).replace('.', ',')}%)`,
    `Selesai: ${s.completed} (${String(s.pctCompleted).replace('.', ',')}%)`,
    `Antrean verifikasi: ${s.backlog}`,
    `Perlu tindak lanjut: ${f.toActCount} ASN`,
  ].join('\n');
}
