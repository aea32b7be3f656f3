import type { Models } from '../../../db/models/index.js';
import { formatInZone } from '../../shared/time.js';
import { buildOpdReport, type OpdReport } from '../data/opd-report.js';
import { buildRegencyReport, type RegencyReport } from '../data/regency-report.js';
import type { OpdSummary } from '../data/summaries.js';
import { opdReportWorkbook } from './opd-report.workbook.js';
import { regencyReportWorkbook } from './regency-report.workbook.js';

/**
 * A report as a file: its numbers, its workbook, its MIME type and its name. One name whoever
 * hands it out — the attachment of the e-mail, the copy kept with the delivery, the panel's
 * download — so a head who saves both finds the same file twice, not two.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportFile {
  name: string;
  content: Buffer;
}

/**
 * 'Laporan-PDM-<subject>-<YYYYMMDD-HHmm>.xlsx': the subject is the OPD code (an OPD report) or
 * the regency's name (the regency report), the stamp is the as-of minute on the calendar.
 */
export function reportFileName(subject: string, asOf: Date): string {
  return `Laporan-PDM-${fileSlug(subject)}-${formatInZone(asOf, 'yyyyMMdd-HHmm')}.xlsx`;
}

/** A safe file-name fragment: 'Dinas Pendidikan & Kebudayaan' → 'Dinas-Pendidikan-Kebudayaan'. */
export function fileSlug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'laporan'
  );
}

/** An OPD's report as of `asOf` and its workbook; `previous` is the summary of the last report sent (none for a preview). */
export async function opdReportFile(
  models: Models,
  opdId: number,
  asOf: Date,
  opts: { regencyName: string; previous?: OpdSummary | null },
): Promise<{ report: OpdReport; file: ReportFile }> {
  const report = await buildOpdReport(models, opdId, asOf, opts.previous ?? null);
  const content = await opdReportWorkbook(report, { regencyName: opts.regencyName });
  return { report, file: { name: reportFileName(report.opd.code, asOf), content } };
}

/** The regency report as of `asOf` and its workbook; `previous` maps opdId → the last report's summary (key 0 = totals). */
export async function regencyReportFile(
  models: Models,
  asOf: Date,
  opts: { regencyName: string; previous?: Map<number, OpdSummary> },
): Promise<{ report: RegencyReport; file: ReportFile }> {
  const report = await buildRegencyReport(models, asOf, opts.previous);
  const content = (await regencyReportWorkbook(report, { regencyName: opts.regencyName, models, asOf })) as Buffer;
  return { report, file: { name: reportFileName(opts.regencyName, asOf), content } };
}
