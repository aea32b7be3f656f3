import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { formatJakartaDateTime } from '../shared/time.js';

/**
 * Where each OPD's report to the Bupati stands, as of an instant: its latest version submitted at
 * or before the instant, with the status it had then (a decision after the instant is not yet
 * seen). Read by the regency report (its "Laporan Kepala OPD" column), the dashboard and the
 * panel. Pure reading; the rules that change it are in opd-report.service.ts.
 */

export const OPD_REPORT_STATUSES = ['submitted', 'acknowledged', 'returned'] as const;
export type OpdReportStatus = (typeof OPD_REPORT_STATUSES)[number];

export const OPD_REPORT_STATUS_LABELS: Record<OpdReportStatus | 'none', string> = {
  none: 'Belum melapor',
  submitted: 'Menunggu tanggapan BKPSDM',
  acknowledged: 'Diterima BKPSDM',
  returned: 'Dikembalikan untuk diperbaiki',
};

export interface OpdReportState {
  opdId: number;
  reportId: number;
  version: number;
  status: OpdReportStatus;
  label: string;
  submittedAt: Date;
  decidedAt: Date | null;
  /** The moment of the state shown: the decision when there is one, else the submission. */
  at: Date;
  /** "Diterima BKPSDM, 5 Desember 2026 pukul 10.00 WIB". */
  text: string;
  /** "05 Desember 2026 pukul 10.00 WIB" (the moment alone). */
  atText: string;
}

export function stateText(label: string, at: Date): string {
  return `${label}, ${formatJakartaDateTime(at)}`;
}

/** opdId → the state of its report for the campaign as of `asOf` (OPDs that have not reported are absent). */
export async function opdReportStates(models: Models, campaignId: number, asOf: Date): Promise<Map<number, OpdReportState>> {
  const rows = await models.OpdReport.findAll({
    where: { campaignId, submittedAt: { [Op.lte]: asOf } },
    attributes: ['id', 'opdId', 'version', 'status', 'submittedAt', 'decidedAt'],
    order: [
      ['opdId', 'ASC'],
      ['version', 'DESC'],
    ],
  });
  const out = new Map<number, OpdReportState>();
  for (const r of rows) {
    if (out.has(r.opdId)) continue;
    const decided = r.decidedAt !== null && r.decidedAt.getTime() <= asOf.getTime();
    const status = (decided ? r.status : 'submitted') as OpdReportStatus;
    const at = decided ? r.decidedAt! : r.submittedAt;
    const label = OPD_REPORT_STATUS_LABELS[status];
    out.set(r.opdId, {
      opdId: r.opdId,
      reportId: r.id,
      version: r.version,
      status,
      label,
      submittedAt: r.submittedAt,
      decidedAt: decided ? r.decidedAt : null,
      at,
      text: stateText(label, at),
      atText: formatJakartaDateTime(at),
    });
  }
  return out;
}
