import type { Models } from '../../db/models/index.js';
import { can, canOnRow, grantOf } from '../access/access-policy.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import type { Actor } from '../shared/actor.js';
import { figuresText, reportEligibility, type Eligibility } from './opd-report-figures.js';
import { OPD_REPORT_STATUS_LABELS, opdReportStates, stateText, type OpdReportState, type OpdReportStatus } from './opd-report-status.js';

/**
 * What the panel shows of the OPD reports (reading only; the rules that change them are in
 * opd-report.service.ts): a report's page beside its columns, its proof files as links, and the
 * dashboard's overview of the active campaign — each scoped by the access policy.
 */

/** A proof file as the panel links it (no storage key). */
export interface ProofFileLink {
  id: number;
  originalName: string;
  size: number;
  href: string;
}

/** What the report's page shows beside its columns (no storage keys, names instead of user ids). */
export interface OpdReportDetail {
  figuresText: string;
  files: ProofFileLink[];
  /** "Diterima BKPSDM, 05 Desember 2026 pukul 10.00 WIB". */
  stateText: string;
  submittedByName: string;
  decidedByName: string;
}

/** What the dashboard shows about the reports: the actor's own OPD, or every OPD for the regency roles. */
export interface OpdReportOverview {
  campaign: { id: number; name: string } | null;
  /** OPD-bound roles: their OPD. */
  own: null | {
    opdId: number;
    state: OpdReportState | null;
    eligibility: Eligibility;
    canSubmit: boolean;
  };
  /** Regency-wide roles: every active OPD, reported or not. */
  opds: null | Array<{ opdId: number; opdName: string; state: OpdReportState | null; text: string }>;
  reported: number;
  total: number;
}

/** The panel URL of a proof file (the authorised route in src/app.ts). */
export function opdReportFileHref(fileId: number): string {
  return `/admin/opd-reports/files/${fileId}`;
}

/** The state text of one row ("Diterima BKPSDM, …"). */
export function reportStateText(row: { status: string; submittedAt: Date | string; decidedAt: Date | string | null }): string {
  const label = OPD_REPORT_STATUS_LABELS[row.status as OpdReportStatus] ?? row.status;
  const at = row.decidedAt ? new Date(row.decidedAt) : new Date(row.submittedAt);
  return stateText(label, at);
}

/** The proof files of a report, for whoever may read the report ([] outside the scope). */
export async function proofFiles(models: Models, actor: Actor, reportId: number): Promise<ProofFileLink[]> {
  const row = await models.OpdReport.findByPk(reportId);
  if (!row || !canOnRow(actor, 'opd_reports', 'show', row, [])) return [];
  const files = await models.OpdReportFile.findAll({ where: { opdReportId: row.id }, order: [['id', 'ASC']] });
  return files.map((f) => ({ id: f.id, originalName: f.originalName, size: f.size, href: opdReportFileHref(f.id) }));
}

/** The report's page beside its columns: the frozen figures as text, the proof files, the state, who ('' / [] outside the scope). */
export async function reportDetail(models: Models, actor: Actor, reportId: number): Promise<OpdReportDetail> {
  const row = await models.OpdReport.findByPk(reportId);
  if (!row || !canOnRow(actor, 'opd_reports', 'show', row, []))
    return { figuresText: '', files: [], stateText: '', submittedByName: '', decidedByName: '' };
  const nameOf = async (id: number | null) => {
    if (!id) return '';
    const u = await models.User.findByPk(id, { attributes: ['name', 'email'] });
    return u ? `${u.name} (${u.email})` : '';
  };
  return {
    figuresText: figuresText(row.figures),
    files: await proofFiles(models, actor, reportId),
    stateText: reportStateText(row),
    submittedByName: await nameOf(row.submittedBy),
    decidedByName: await nameOf(row.decidedBy),
  };
}

/** Where the reports of the active campaign stand, for the actor: their OPD, or every OPD (null without access). */
export async function reportOverview(
  deps: { models: Models; campaigns: CampaignService; now: Date },
  actor: Actor,
): Promise<OpdReportOverview | null> {
  const { models, now } = deps;
  const grant = grantOf(actor, 'opd_reports');
  if (!grant || !can(actor, 'opd_reports', 'list')) return null;
  const campaign = await deps.campaigns.activeCampaign();
  const empty: OpdReportOverview = { campaign: null, own: null, opds: null, reported: 0, total: 0 };
  if (!campaign) return empty;
  const states = await opdReportStates(models, campaign.id, now);
  const base = { ...empty, campaign: { id: campaign.id, name: campaign.name } };
  if (grant.scope === 'opd') {
    if (!actor.opdId) return base;
    const state = states.get(actor.opdId) ?? null;
    const canSubmit = can(actor, 'opd_reports', 'submitReport') && (state === null || state.status === 'returned');
    const eligibility = canSubmit ? await reportEligibility(models, actor.opdId, campaign, now) : { ok: false, reason: '' };
    return {
      ...base,
      own: { opdId: actor.opdId, state, eligibility, canSubmit: canSubmit && eligibility.ok },
      reported: state ? 1 : 0,
      total: 1,
    };
  }
  const opds = await models.Opd.findAll({ where: { active: true }, attributes: ['id', 'name'], order: [['name', 'ASC']] });
  const rows = opds.map((o) => {
    const state = states.get(o.id) ?? null;
    return { opdId: o.id, opdName: o.name, state, text: state ? state.text : OPD_REPORT_STATUS_LABELS.none };
  });
  return { ...base, opds: rows, reported: rows.filter((r) => r.state).length, total: rows.length };
}
