import { Op, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { Models, OpdReport } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { can, canOnRow, grantOf, type Action } from '../access/access-policy.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import { PHASE_LABELS } from '../campaign/phases.js';
import type { DocumentStorage } from '../documents/document-storage.js';
import { storageKeyFor } from '../documents/document-storage.js';
import { checkPdfFiles, readStoredPdf, type IncomingPdf } from '../documents/stored-pdf.js';
import { buildOpdReport } from '../reports/data/opd-report.js';
import type { OpdSummary } from '../reports/data/summaries.js';
import type { Actor } from '../shared/actor.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { formatJakartaDate, formatJakartaDateTime } from '../shared/time.js';
import { OPD_REPORT_STATUS_LABELS, opdReportStates, stateText, type OpdReportState, type OpdReportStatus } from './opd-report-status.js';

/**
 * The OPD head's report to the Bupati (Instruksi KEEMPAT a–b, KEDUA e): at the end of the campaign
 * (its last phase is over), or earlier once every ASN of the OPD has completed (the one
 * "completed" rule, src/domain/submissions/completion.ts, through the report numbers), the head
 * of the OPD submits the OPD's result: its figures frozen as of that moment (the numbers the OPD
 * workbook shows: src/domain/reports/data/opd-report.ts), a statement and one or more
 * proof-of-completion PDFs (checked like documents). BKPSDM's approver acknowledges it or returns
 * it with a note; a returned report is followed by a new version, the earlier ones stay.
 * Everything is audited, and scoped to the OPD by the access policy.
 */

export interface OpdReportDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  /** Where the proof files live (its own root: a document's removal never touches them). */
  storage: DocumentStorage;
  campaigns: CampaignService;
  now?: () => Date;
}

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

export interface SubmitInput {
  statement: string;
  files: IncomingPdf[];
}

export interface Eligibility {
  ok: boolean;
  /** Why the head may (or may not yet) report, in Indonesian. */
  reason: string;
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

/** What the report's page shows beside its columns (no storage keys, names instead of user ids). */
export interface OpdReportDetail {
  figuresText: string;
  files: Array<{ id: number; originalName: string; size: number; href: string }>;
  /** "Diterima BKPSDM, 05 Desember 2026 pukul 10.00 WIB". */
  stateText: string;
  submittedByName: string;
  decidedByName: string;
}

export const MAX_PROOF_FILES = 10;
export const MAX_STATEMENT_LENGTH = 5000;
export const MIN_STATEMENT_LENGTH = 10;
export const MIN_RETURN_NOTE_LENGTH = 5;

const OPEN: OpdReportStatus = 'submitted';

export class OpdReportService {
  private readonly models: Models;
  private readonly sequelize: Sequelize;
  private readonly audit: AuditService;
  private readonly storage: DocumentStorage;
  private readonly campaigns: CampaignService;
  private readonly now: () => Date;

  constructor(deps: OpdReportDeps) {
    this.models = deps.models;
    this.sequelize = deps.sequelize;
    this.audit = deps.audit;
    this.storage = deps.storage;
    this.campaigns = deps.campaigns;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * May the OPD report for the campaign now? After the campaign's last phase, or when every ASN
   * of the OPD has completed (at least one ASN; the completion rule of the reports).
   */
  async eligibility(opdId: number, campaign: { id: number } & Parameters<CampaignService['phaseOf']>[0], now: Date): Promise<Eligibility> {
    const phase = this.campaigns.phaseOf(campaign, now);
    if (phase === 'after_deadline') return { ok: true, reason: 'Putaran PDM telah berakhir' };
    const report = await buildOpdReport(this.models, opdId, now, null);
    const s = report.summary;
    if (s.total > 0 && s.completed === s.total) return { ok: true, reason: 'Seluruh ASN OPD sudah selesai pemutakhiran' };
    return {
      ok: false,
      reason:
        `Laporan dapat dikirim setelah putaran PDM berakhir (${formatJakartaDate(campaign.approvalEnd)}) atau setelah seluruh ASN OPD selesai ` +
        `(saat ini ${s.completed} dari ${s.total} ASN selesai; tahap ${PHASE_LABELS[phase]})`,
    };
  }

  /** The head of an OPD submits its report: figures frozen now, the statement, the proof PDFs. */
  async submit(actor: Actor, input: SubmitInput): Promise<OpdReport> {
    if (!can(actor, 'opd_reports', 'submitReport') || actor.opdId === null || actor.opdId === undefined) {
      await this.denied(actor, 'submitReport', null, actor.opdId ?? null, 'Hanya Kepala OPD yang dapat mengirim laporan OPD-nya');
    }
    const opdId = Number(actor.opdId);
    const statement = String(input.statement ?? '').trim();
    if (statement.length < MIN_STATEMENT_LENGTH) {
      throw new ValidationError(`Pernyataan Kepala OPD wajib diisi (minimal ${MIN_STATEMENT_LENGTH} karakter)`, {
        statement: 'Pernyataan wajib diisi',
      });
    }
    if (statement.length > MAX_STATEMENT_LENGTH) {
      throw new ValidationError(`Pernyataan terlalu panjang (maksimal ${MAX_STATEMENT_LENGTH} karakter)`, { statement: 'Terlalu panjang' });
    }
    const files = input.files ?? [];
    if (files.length === 0) {
      throw new ValidationError('Lampirkan sekurang-kurangnya satu berkas PDF bukti penyelesaian', {
        files: 'Berkas bukti wajib dilampirkan',
      });
    }
    if (files.length > MAX_PROOF_FILES) {
      throw new ValidationError(`Paling banyak ${MAX_PROOF_FILES} berkas bukti per laporan`, { files: 'Terlalu banyak berkas' });
    }
    const checked = await checkPdfFiles(files, 'files');

    const campaign = await this.campaigns.activeCampaign();
    if (!campaign) throw new ValidationError('Belum ada putaran PDM aktif; laporan belum dapat dikirim');
    const now = this.now();
    const eligible = await this.eligibility(opdId, campaign, now);
    if (!eligible.ok) throw new ValidationError(eligible.reason, { files: eligible.reason });

    const report = await buildOpdReport(this.models, opdId, now, null);
    const figures: OpdReportFigures = {
      asOf: now.toISOString(),
      campaign: report.campaign,
      opd: { id: report.opd.id, code: report.opd.code, name: report.opd.name },
      summary: report.summary,
      byStatus: report.byStatus,
      byCategoryStatus: report.byCategoryStatus,
      toActCount: report.toAct.length,
    };

    const stored: string[] = [];
    try {
      return await this.sequelize.transaction(async (t) => {
        const latest = await this.latest(opdId, campaign.id, t);
        if (latest?.status === OPEN) {
          throw new ConflictError(`Laporan versi ${latest.version} masih menunggu tanggapan BKPSDM; tidak dapat dikirim lagi`);
        }
        if (latest?.status === 'acknowledged') {
          throw new ConflictError(`Laporan versi ${latest.version} sudah diterima BKPSDM; tidak perlu dikirim lagi`);
        }
        const version = (latest?.version ?? 0) + 1;
        const row = await this.models.OpdReport.create(
          {
            opdId,
            campaignId: campaign.id,
            version,
            status: OPEN,
            statement,
            figures,
            figuresAsOf: now,
            submittedBy: actor.id,
            submittedAt: now,
            decidedBy: null,
            decidedAt: null,
            decisionNote: null,
          },
          { transaction: t },
        );
        const fileRows = [];
        for (const f of checked) {
          stored.push(f.sha256);
          const object = await this.storage.put(f.content);
          fileRows.push(
            await this.models.OpdReportFile.create(
              {
                opdReportId: row.id,
                opdId,
                originalName: f.originalName,
                size: object.size,
                sha256: object.sha256,
                storageKey: object.storageKey,
                mimeType: 'application/pdf',
                uploadedBy: actor.id,
              },
              { transaction: t },
            ),
          );
        }
        await this.audit.record(
          actor,
          {
            action: 'submit',
            resource: 'opd_reports',
            recordId: row.id,
            opdId,
            after: {
              campaignId: campaign.id,
              version,
              statement,
              figuresAsOf: now,
              summary: { total: report.summary.total, completed: report.summary.completed, pctCompleted: report.summary.pctCompleted },
              files: fileRows.map((r) => ({ id: r.id, originalName: r.originalName, size: r.size, sha256: r.sha256 })),
            },
          },
          t,
        );
        return row;
      });
    } catch (e) {
      for (const sha of stored) await this.removeIfUnreferenced(sha);
      if (e instanceof UniqueConstraintError)
        throw new ConflictError('Laporan OPD ini baru saja dikirim dari sesi lain; muat ulang halaman');
      throw e;
    }
  }

  /** The approver acknowledges a submitted report (optional note). */
  async acknowledge(actor: Actor, reportId: number, note?: string | null): Promise<OpdReport> {
    return this.decide(actor, reportId, 'acknowledge', 'acknowledged', note ?? null);
  }

  /** The approver returns a submitted report with a note; the head may then submit a new version. */
  async returnReport(actor: Actor, reportId: number, note: string | null | undefined): Promise<OpdReport> {
    const text = String(note ?? '').trim();
    if (text.length < MIN_RETURN_NOTE_LENGTH) {
      throw new ValidationError(`Catatan pengembalian wajib diisi (minimal ${MIN_RETURN_NOTE_LENGTH} karakter)`, {
        note: 'Catatan wajib diisi',
      });
    }
    return this.decide(actor, reportId, 'returnReport', 'returned', text);
  }

  private async decide(
    actor: Actor,
    reportId: number,
    action: 'acknowledge' | 'returnReport',
    to: OpdReportStatus,
    note: string | null,
  ): Promise<OpdReport> {
    const row = await this.models.OpdReport.findByPk(reportId);
    if (!row || !canOnRow(actor, 'opd_reports', 'show', row, [])) {
      if (row) await this.denied(actor, action, row.id, row.opdId, 'akses ke laporan di luar lingkup', false);
      throw new NotFoundError(`Laporan OPD #${reportId} tidak ditemukan`);
    }
    if (!can(actor, 'opd_reports', action)) {
      await this.denied(actor, action, row.id, row.opdId, 'Hanya BKPSDM (penyetuju) yang dapat menerima atau mengembalikan laporan OPD');
    }
    if (note !== null && note.length > MAX_STATEMENT_LENGTH) {
      throw new ValidationError(`Catatan terlalu panjang (maksimal ${MAX_STATEMENT_LENGTH} karakter)`, { note: 'Terlalu panjang' });
    }
    const now = this.now();
    return this.sequelize.transaction(async (t) => {
      const [n] = await this.models.OpdReport.update(
        { status: to, decidedBy: actor.id, decidedAt: now, decisionNote: note },
        { where: { id: row.id, status: OPEN }, transaction: t },
      );
      if (n !== 1) {
        const current = await this.models.OpdReport.findByPk(row.id, { transaction: t });
        const label = OPD_REPORT_STATUS_LABELS[(current?.status ?? row.status) as OpdReportStatus] ?? row.status;
        throw new ConflictError(
          `Laporan ini berstatus '${label}'; hanya laporan yang menunggu tanggapan yang dapat diterima atau dikembalikan`,
        );
      }
      await this.audit.record(
        actor,
        {
          action: to === 'acknowledged' ? 'acknowledge' : 'return',
          resource: 'opd_reports',
          recordId: row.id,
          opdId: row.opdId,
          before: { status: OPEN },
          after: { status: to, decisionNote: note, decidedAt: now },
        },
        t,
      );
      return (await this.models.OpdReport.findByPk(row.id, { transaction: t }))!;
    });
  }

  /** The proof files of a report (no storage keys), for whoever may read the report. */
  async files(actor: Actor, reportId: number): Promise<Array<{ id: number; originalName: string; size: number; href: string }>> {
    const row = await this.models.OpdReport.findByPk(reportId);
    if (!row || !canOnRow(actor, 'opd_reports', 'show', row, [])) return [];
    const files = await this.models.OpdReportFile.findAll({ where: { opdReportId: row.id }, order: [['id', 'ASC']] });
    return files.map((f) => ({ id: f.id, originalName: f.originalName, size: f.size, href: opdReportFileHref(f.id) }));
  }

  /** What the report's page shows beside its columns: the frozen figures as text and the proof files ('' / [] outside the scope). */
  async detail(actor: Actor, reportId: number): Promise<OpdReportDetail> {
    const row = await this.models.OpdReport.findByPk(reportId);
    if (!row || !canOnRow(actor, 'opd_reports', 'show', row, []))
      return { figuresText: '', files: [], stateText: '', submittedByName: '', decidedByName: '' };
    const nameOf = async (id: number | null) => {
      if (!id) return '';
      const u = await this.models.User.findByPk(id, { attributes: ['name', 'email'] });
      return u ? `${u.name} (${u.email})` : '';
    };
    return {
      figuresText: OpdReportService.figuresText(row.figures),
      files: await this.files(actor, reportId),
      stateText: OpdReportService.stateTextOf(row),
      submittedByName: await nameOf(row.submittedBy),
      decidedByName: await nameOf(row.decidedBy),
    };
  }

  /** A proof file's bytes, checked against its SHA-256, for whoever may download the report's files (audited). */
  async openFile(actor: Actor, fileId: number): Promise<{ buffer: Buffer; name: string; size: number }> {
    const file = await this.models.OpdReportFile.findByPk(fileId);
    if (!file) throw new NotFoundError('Berkas laporan tidak ditemukan');
    if (!canOnRow(actor, 'opd_reports', 'download', { opdId: file.opdId }, [])) {
      await this.denied(actor, 'download', file.opdReportId, file.opdId, 'Anda tidak berwenang membuka berkas laporan OPD ini');
    }
    const buffer = await readStoredPdf(this.storage, file, `laporan OPD #${file.opdReportId}`);
    await this.audit.record(actor, {
      action: 'download',
      resource: 'opd_reports',
      recordId: file.opdReportId,
      opdId: file.opdId,
      message: `berkas #${file.id} ${file.originalName}`,
    });
    return { buffer, name: file.originalName, size: buffer.length };
  }

  /** Where the reports of the active campaign stand, for the actor: their OPD, or every OPD. */
  async overview(actor: Actor): Promise<OpdReportOverview | null> {
    const grant = grantOf(actor, 'opd_reports');
    if (!grant || !can(actor, 'opd_reports', 'list')) return null;
    const campaign = await this.campaigns.activeCampaign();
    const empty: OpdReportOverview = { campaign: null, own: null, opds: null, reported: 0, total: 0 };
    if (!campaign) return empty;
    const now = this.now();
    const states = await opdReportStates(this.models, campaign.id, now);
    const base = { ...empty, campaign: { id: campaign.id, name: campaign.name } };
    if (grant.scope === 'opd') {
      if (!actor.opdId) return base;
      const state = states.get(actor.opdId) ?? null;
      const canSubmit = can(actor, 'opd_reports', 'submitReport') && (state === null || state.status === 'returned');
      const eligibility = canSubmit ? await this.eligibility(actor.opdId, campaign, now) : { ok: false, reason: '' };
      return {
        ...base,
        own: { opdId: actor.opdId, state, eligibility, canSubmit: canSubmit && eligibility.ok },
        reported: state ? 1 : 0,
        total: 1,
      };
    }
    const opds = await this.models.Opd.findAll({ where: { active: true }, attributes: ['id', 'name'], order: [['name', 'ASC']] });
    const rows = opds.map((o) => {
      const state = states.get(o.id) ?? null;
      return { opdId: o.id, opdName: o.name, state, text: state ? state.text : OPD_REPORT_STATUS_LABELS.none };
    });
    return { ...base, opds: rows, reported: rows.filter((r) => r.state).length, total: rows.length };
  }

  /** The figures of a report as shown in the panel (Indonesian text), or '' when none. */
  static figuresText(figures: unknown): string {
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

  /** The state text of one row ("Diterima BKPSDM, …"). */
  static stateTextOf(row: { status: string; submittedAt: Date | string; decidedAt: Date | string | null }): string {
    const label = OPD_REPORT_STATUS_LABELS[row.status as OpdReportStatus] ?? row.status;
    const at = row.decidedAt ? new Date(row.decidedAt) : new Date(row.submittedAt);
    return stateText(label, at);
  }

  // -------------------------------------------------------------------------------------------

  private async latest(opdId: number, campaignId: number, t: Transaction): Promise<OpdReport | null> {
    return this.models.OpdReport.findOne({
      where: { opdId, campaignId },
      order: [['version', 'DESC']],
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
  }

  private async removeIfUnreferenced(sha256: string): Promise<void> {
    try {
      const ref = await this.models.OpdReportFile.count({ where: { sha256: { [Op.eq]: sha256 } } });
      if (ref === 0) await this.storage.remove(storageKeyFor(sha256));
    } catch {
      // Best effort: an orphaned file is harmless; the caller's own error matters more.
    }
  }

  /** Audits a refusal; throws ForbiddenError unless `raise` is false. */
  private async denied(
    actor: Actor,
    action: Action,
    recordId: number | null,
    opdId: number | null,
    message: string,
    raise = true,
  ): Promise<void> {
    try {
      await this.audit.record(actor, {
        action: 'denied',
        resource: 'opd_reports',
        recordId,
        opdId,
        outcome: 'denied',
        message: `${action}: ${message}`,
      });
    } catch {
      // The refusal must reach the caller even if the audit write fails.
    }
    if (raise) throw new ForbiddenError(message);
  }
}

/** The panel URL of a proof file (the authorised route in src/app.ts). */
export function opdReportFileHref(fileId: number): string {
  return `/admin/opd-reports/files/${fileId}`;
}
