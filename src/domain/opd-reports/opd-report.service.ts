import { UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { Models, OpdReport } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { can, canOnRow, type Action } from '../access/access-policy.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import type { CampaignDates } from '../campaign/phases.js';
import type { DocumentStorage } from '../documents/document-storage.js';
import { checkPdfFiles, readStoredPdf, removeUnreferencedPdf, storePdf, type IncomingPdf } from '../documents/stored-pdf.js';
import { buildOpdReport } from '../reports/data/opd-report.js';
import type { Actor } from '../shared/actor.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import { freezeFigures, reportEligibility, type Eligibility } from './opd-report-figures.js';
import { OPD_REPORT_STATUS_LABELS, type OpdReportStatus } from './opd-report-status.js';
import {
  proofFiles,
  reportDetail,
  reportOverview,
  type OpdReportDetail,
  type OpdReportOverview,
  type ProofFileLink,
} from './opd-report-view.js';

/**
 * The OPD head's report to the Bupati (Instruksi KEEMPAT a–b, KEDUA e): at the end of the campaign
 * (its last phase is over), or earlier once every ASN of the OPD has completed (the one
 * "completed" rule, src/domain/submissions/completion.ts, through the report numbers), the head
 * of the OPD submits the OPD's result: its figures frozen as of that moment (the numbers the OPD
 * workbook shows: src/domain/reports/data/opd-report.ts), a statement and one or more
 * proof-of-completion PDFs (checked like documents). BKPSDM's approver acknowledges it or returns
 * it with a note; a returned report is followed by a new version, the earlier ones stay.
 * Everything is audited, and scoped to the OPD by the access policy.
 *
 * Here: the changes (submit, acknowledge, return) and the audited download of a proof file. When
 * the head may report and the frozen figures: opd-report-figures.ts; what the panel and the
 * dashboard read: opd-report-view.ts; where each OPD stands as of an instant: opd-report-status.ts.
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

export interface SubmitInput {
  statement: string;
  files: IncomingPdf[];
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

  /** May the OPD report for the campaign now? (opd-report-figures.ts) */
  eligibility(opdId: number, campaign: CampaignDates, now: Date): Promise<Eligibility> {
    return reportEligibility(this.models, opdId, campaign, now);
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
    const figures = freezeFigures(report, now);

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
          const file = await storePdf(this.storage, f, actor.id);
          fileRows.push(await this.models.OpdReportFile.create({ opdReportId: row.id, opdId, ...file }, { transaction: t }));
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

  /** The proof files of a report (no storage keys), for whoever may read the report (opd-report-view.ts). */
  files(actor: Actor, reportId: number): Promise<ProofFileLink[]> {
    return proofFiles(this.models, actor, reportId);
  }

  /** What the report's page shows beside its columns (opd-report-view.ts). */
  detail(actor: Actor, reportId: number): Promise<OpdReportDetail> {
    return reportDetail(this.models, actor, reportId);
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

  /** Where the reports of the active campaign stand, for the actor: their OPD, or every OPD (opd-report-view.ts). */
  overview(actor: Actor): Promise<OpdReportOverview | null> {
    return reportOverview({ models: this.models, campaigns: this.campaigns, now: this.now() }, actor);
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

  private removeIfUnreferenced(sha256: string): Promise<void> {
    return removeUnreferencedPdf(this.storage, sha256, async () => (await this.models.OpdReportFile.count({ where: { sha256 } })) > 0);
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
