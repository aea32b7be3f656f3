import type { Sequelize } from 'sequelize';
import type { Guide, Models } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { can, type Action } from '../access/access-policy.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import type { DocumentStorage } from '../documents/document-storage.js';
import { checkPdfFiles, readStoredPdf, removeUnreferencedPdf, storePdf } from '../documents/stored-pdf.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';

/**
 * The guides BKPSDM shares with every OPD for a campaign (Instruksi KESATU i: Buku Saku, Juknis):
 * BKPSDM (admin, approver) uploads a PDF — checked like documents — with a title; every role sees
 * them on the dashboard and downloads them through the authorised route; the report mails link to
 * them (their panel URL).
 */

export const GUIDE_KINDS = ['buku_saku', 'juknis', 'lainnya'] as const;
export type GuideKind = (typeof GUIDE_KINDS)[number];
export const GUIDE_KIND_LABELS: Record<GuideKind, string> = {
  buku_saku: 'Buku Saku',
  juknis: 'Petunjuk Teknis (Juknis)',
  lainnya: 'Panduan lain',
};

export interface GuideDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  storage: DocumentStorage;
  campaigns: CampaignService;
  /** The panel's public base URL (APP_BASE_URL), for the links in mails. */
  baseUrl: string;
}

export interface GuideUploadInput {
  campaignId: number | null | undefined;
  title: string;
  kind: string;
  originalName: string;
  content: Buffer;
}

export interface GuideLink {
  id: number;
  title: string;
  kind: string;
  kindLabel: string;
  href: string;
  /** The absolute panel URL (for mails). */
  url: string;
}

/** The panel path of a guide's file (the authorised route in src/app.ts). */
export const guideFileHref = (id: number) => `/admin/guides/${id}/file`;

export class GuideService {
  constructor(private readonly deps: GuideDeps) {}

  async upload(actor: Actor, input: GuideUploadInput): Promise<Guide> {
    if (!can(actor, 'guides', 'new')) await this.denied(actor, 'new', null, 'Hanya BKPSDM yang dapat mengunggah panduan');
    const title = String(input.title ?? '').trim();
    if (title.length < 3) throw new ValidationError('Judul panduan wajib diisi (minimal 3 karakter)', { title: 'Judul wajib diisi' });
    if (title.length > 200)
      throw new ValidationError('Judul panduan terlalu panjang (maksimal 200 karakter)', { title: 'Terlalu panjang' });
    const kind = String(input.kind ?? '');
    if (!(GUIDE_KINDS as readonly string[]).includes(kind)) {
      throw new ValidationError('Jenis panduan tidak dikenal (Buku Saku, Juknis atau Panduan lain)', { kind: 'Jenis tidak dikenal' });
    }
    const campaignId = Number(input.campaignId);
    const campaign = Number.isInteger(campaignId) && campaignId > 0 ? await this.deps.models.Campaign.findByPk(campaignId) : null;
    if (!campaign) throw new ValidationError('Pilih putaran PDM panduan ini', { campaignId: 'Putaran PDM wajib dipilih' });
    const [pdf] = await checkPdfFiles([{ originalName: input.originalName, content: input.content }], 'file');
    let stored = false;
    try {
      return await this.deps.sequelize.transaction(async (t) => {
        stored = true;
        const file = await storePdf(this.deps.storage, pdf, actor.id);
        const row = await this.deps.models.Guide.create({ campaignId: campaign.id, title, kind, ...file }, { transaction: t });
        const { originalName, size, sha256 } = file;
        await this.deps.audit.record(
          actor,
          {
            action: 'upload',
            resource: 'guides',
            recordId: row.id,
            after: { campaignId: campaign.id, title, kind, originalName, size, sha256, pages: pdf.pages },
          },
          t,
        );
        return row;
      });
    } catch (e) {
      if (stored) await this.removeIfUnreferenced(pdf.sha256);
      throw e;
    }
  }

  async remove(actor: Actor, id: number): Promise<void> {
    if (!can(actor, 'guides', 'delete')) await this.denied(actor, 'delete', id, 'Hanya BKPSDM yang dapat menghapus panduan');
    const row = await this.deps.models.Guide.findByPk(id);
    if (!row) throw new NotFoundError(`Panduan #${id} tidak ditemukan`);
    await this.deps.sequelize.transaction(async (t) => {
      await this.deps.models.Guide.destroy({ where: { id: row.id }, transaction: t });
      await this.deps.audit.record(
        actor,
        {
          action: 'delete',
          resource: 'guides',
          recordId: row.id,
          before: { campaignId: row.campaignId, title: row.title, kind: row.kind, sha256: row.sha256 },
        },
        t,
      );
    });
    await this.removeIfUnreferenced(row.sha256);
  }

  /** The guides of a campaign (the active one by default) for any signed-in role; [] for a role without access. */
  async list(actor: Actor, campaignId?: number | null): Promise<GuideLink[]> {
    if (!can(actor, 'guides', 'list')) return [];
    const id = campaignId ?? (await this.deps.campaigns.activeCampaign())?.id ?? null;
    if (!id) return [];
    const rows = await this.deps.models.Guide.findAll({
      where: { campaignId: id },
      order: [
        ['kind', 'ASC'],
        ['title', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return rows.map((r) => this.link(r));
  }

  /** The guides of a campaign as links for the report mails (no actor: the mail is BKPSDM's own). */
  async linksForMail(campaignId: number | null | undefined): Promise<Array<{ title: string; url: string }>> {
    if (!campaignId) return [];
    const rows = await this.deps.models.Guide.findAll({
      where: { campaignId },
      order: [
        ['kind', 'ASC'],
        ['title', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return rows.map((r) => ({ title: r.title, url: this.link(r).url }));
  }

  /** A guide's bytes, checked against its SHA-256, for any role that may download guides (audited). */
  async open(actor: Actor, id: number): Promise<{ buffer: Buffer; name: string; size: number }> {
    if (!can(actor, 'guides', 'download')) await this.denied(actor, 'download', id, 'Anda tidak berwenang mengunduh panduan');
    const row = await this.deps.models.Guide.findByPk(id);
    if (!row) throw new NotFoundError(`Panduan #${id} tidak ditemukan`);
    const buffer = await readStoredPdf(this.deps.storage, row, `panduan #${row.id}`);
    await this.deps.audit.record(actor, { action: 'download', resource: 'guides', recordId: row.id });
    return { buffer, name: row.originalName, size: buffer.length };
  }

  private link(r: Guide): GuideLink {
    const href = guideFileHref(r.id);
    return {
      id: r.id,
      title: r.title,
      kind: r.kind,
      kindLabel: GUIDE_KIND_LABELS[r.kind as GuideKind] ?? r.kind,
      href,
      url: `${this.deps.baseUrl.replace(/\/$/, '')}${href}`,
    };
  }

  private removeIfUnreferenced(sha256: string): Promise<void> {
    return removeUnreferencedPdf(this.deps.storage, sha256, async () => (await this.deps.models.Guide.count({ where: { sha256 } })) > 0);
  }

  private async denied(actor: Actor, action: Action, recordId: number | null, message: string): Promise<never> {
    try {
      await this.deps.audit.record(actor, {
        action: 'denied',
        resource: 'guides',
        recordId,
        outcome: 'denied',
        message: `${action}: ${message}`,
      });
    } catch {
      // The refusal must reach the caller even if the audit write fails.
    }
    throw new ForbiddenError(message);
  }
}
