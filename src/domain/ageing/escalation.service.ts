import crypto from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import { serviceLevels, type ServiceLevels } from '../../../config/service-levels.js';
import type { Models } from '../../db/models/index.js';
import type { CampaignService } from '../campaign/campaign.service.js';
import { calendarFor } from '../campaign/working-days.js';
import type { Mailer } from '../reports/delivery/mailer.js';
import { headTitle, signature } from '../reports/delivery/mail-body.js';
import { parseRecipientList } from '../reports/delivery/recipients.js';
import { formatJakartaDate, formatJakartaDateTime, jakartaDate } from '../shared/time.js';
import { overdueSubmissions, STAGE_LABELS, type OverdueItem } from './ageing.js';

/**
 * The daily escalation (Diktum KETIGA and KEEMPAT): who is told about items past their target.
 *
 * - level "secretary": each OPD's Sekretaris (active users with role secretary of the OPD, and the
 *   OPD's secretary e-mail) gets the OPD's items waiting for the OPD verifier longer than the
 *   verification target;
 * - level "head": past the second threshold (target + secondEscalationDays) the Kepala OPD
 *   (active opd_head users of the OPD and the OPD's head e-mail; the Sekretaris in Cc) gets them;
 * - level "approver": the approvers (active approver users) get the BKN validation and approval
 *   backlog past its targets, every OPD in one mail.
 *
 * Once per threshold per item: before a mail is sent, one escalation_notices row per item and
 * level is inserted — claimed — under a unique key (item, its entry into the stage, level); an
 * item already claimed is left out, so a second run the same day (or on another instance, or the
 * next day) sends nothing new for it. An item that leaves the stage and comes back later is a new
 * entry and may be escalated again. If the send fails the claims are removed (the next run tries
 * again); a claim left 'sending' by a crash is taken over after CLAIM_LEASE_MS (the mail may then
 * go twice — never zero times). Runs only on working days. Mails through the report mailer.
 */

export type EscalationLevel = 'secretary' | 'head' | 'approver';

export interface EscalationResult {
  skipped?: string;
  mails: number;
  items: number;
  /** Groups with items but nobody to send to. */
  noAddress: Array<{ level: EscalationLevel; opdId: number | null }>;
  errors: Array<{ level: EscalationLevel; opdId: number | null; error: string }>;
}

/** A claim older than this, still 'sending', was abandoned (a crash between claim and send). */
export const CLAIM_LEASE_MS = 15 * 60_000;
/** Items listed in one mail (the rest are counted: "dan N usul lainnya"). */
const MAX_LISTED = 200;

interface Group {
  level: EscalationLevel;
  opdId: number | null;
  items: OverdueItem[];
}

export class EscalationService {
  private readonly models: Models;
  private readonly mailer: Mailer;
  private readonly campaigns: CampaignService;
  private readonly regencyName: string;
  private readonly levels: ServiceLevels;
  private readonly now: () => Date;

  constructor(deps: {
    models: Models;
    mailer: Mailer;
    campaigns: CampaignService;
    regencyName: string;
    levels?: ServiceLevels;
    now?: () => Date;
  }) {
    this.models = deps.models;
    this.mailer = deps.mailer;
    this.campaigns = deps.campaigns;
    this.regencyName = deps.regencyName;
    this.levels = deps.levels ?? serviceLevels();
    this.now = deps.now ?? (() => new Date());
  }

  /** One escalation round as of `asOf` (the job's fire time). */
  async run(asOf: Date = this.now()): Promise<EscalationResult> {
    const result: EscalationResult = { mails: 0, items: 0, noAddress: [], errors: [] };
    const campaign = await this.campaigns.activeCampaign();
    const calendar = calendarFor(campaign);
    if (!calendar.isWorkingDay(jakartaDate(asOf))) return { ...result, skipped: 'bukan hari kerja' };

    const items = await overdueSubmissions(this.models, calendar, asOf, ['verification', 'bkn_validation', 'approval'], {
      levels: this.levels,
    });
    const groups = new Map<string, Group>();
    const add = (level: EscalationLevel, opdId: number | null, item: OverdueItem) => {
      const key = `${level}:${opdId ?? 0}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { level, opdId, items: [] }));
      g.items.push(item);
    };
    for (const it of items) {
      if (it.stage === 'verification') {
        add('secretary', it.opdId, it);
        if (it.ageDays > it.targetDays + this.levels.secondEscalationDays) add('head', it.opdId, it);
      } else {
        add('approver', null, it);
      }
    }

    for (const g of groups.values()) {
      const to = await this.recipients(g);
      if (!to.to.length) {
        result.noAddress.push({ level: g.level, opdId: g.opdId });
        continue;
      }
      const token = crypto.randomBytes(12).toString('hex');
      const claimed = await this.claim(g, token, asOf, to);
      if (!claimed.length) continue;
      try {
        const body = this.mailBody({ ...g, items: claimed }, asOf);
        const sent = await this.mailer.send({
          to: to.to,
          cc: to.cc,
          subject: body.subject,
          text: body.text,
          messageId: this.mailer.makeMessageId(`eskalasi.${g.level}.${g.opdId ?? 0}.${jakartaDate(asOf)}.${token}`),
        });
        await this.models.EscalationNotice.update(
          { status: 'sent', messageId: sent.messageId, sentAt: this.now() },
          { where: { claimToken: token, status: 'sending' } },
        );
        result.mails++;
        result.items += claimed.length;
      } catch (err) {
        // Not sent: give the items back, the next run tries again.
        await this.models.EscalationNotice.destroy({ where: { claimToken: token, status: 'sending' } });
        result.errors.push({ level: g.level, opdId: g.opdId, error: (err as Error).message });
      }
    }
    return result;
  }

  private noticeKey(item: OverdueItem, level: EscalationLevel): string {
    return `submission:${item.submissionId}:${item.stage}:${item.entered.getTime()}:${level}`;
  }

  /** Claims the group's items not yet escalated at its level; returns those now ours. */
  private async claim(g: Group, token: string, asOf: Date, to: { to: string[]; cc: string[] }): Promise<OverdueItem[]> {
    const mine: OverdueItem[] = [];
    const recipients = [...to.to, ...to.cc].join(', ').slice(0, 4000);
    for (const item of g.items) {
      const noticeKey = this.noticeKey(item, g.level);
      try {
        await this.models.EscalationNotice.create({
          noticeKey,
          itemType: 'submission',
          itemId: item.submissionId,
          stage: item.stage,
          level: g.level,
          opdId: item.opdId,
          enteredAt: item.entered,
          ageDays: item.ageDays,
          status: 'sending',
          claimToken: token,
          recipients,
          messageId: null,
          sentAt: null,
        });
        mine.push(item);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
        // Already escalated, or being escalated: ours only if that claim was abandoned.
        const [n] = await this.models.EscalationNotice.update(
          { claimToken: token, recipients },
          { where: { noticeKey, status: 'sending', updatedAt: { [Op.lt]: new Date(asOf.getTime() - CLAIM_LEASE_MS) } } },
        );
        if (n === 1) mine.push(item);
      }
    }
    return mine;
  }

  private async recipients(g: Group): Promise<{ to: string[]; cc: string[] }> {
    const users = async (role: string, opdId: number | null) =>
      (
        await this.models.User.findAll({
          where: { role, active: true, ...(opdId ? { opdId } : {}) },
          attributes: ['email'],
          order: [['id', 'ASC']],
        })
      ).map((u) => u.email);
    const clean = (list: Array<string | null | undefined>) => parseRecipientList(list.filter(Boolean).join(' ')).valid;
    if (g.level === 'approver') return { to: clean(await users('approver', null)), cc: [] };
    const opd = await this.models.Opd.findByPk(g.opdId!);
    const secretaries = clean([...(await users('secretary', g.opdId)), opd?.secretaryEmail]);
    if (g.level === 'secretary') return { to: secretaries, cc: [] };
    const heads = clean([...(await users('opd_head', g.opdId)), opd?.headEmail]);
    const lower = new Set(heads.map((a) => a.toLowerCase()));
    return { to: heads, cc: secretaries.filter((a) => !lower.has(a.toLowerCase())) };
  }

  private mailBody(g: Group, asOf: Date): { subject: string; text: string } {
    const when = formatJakartaDateTime(asOf, 'short');
    const n = g.items.length;
    const listed = g.items.slice(0, MAX_LISTED);
    const more = n > listed.length ? [`… dan ${n - listed.length} usul lainnya.`] : [];
    const line = (it: OverdueItem, i: number) =>
      `${i + 1}. ${it.nip} — ${it.name}${g.level === 'approver' ? ` (${it.opdName})` : ''} — ${it.categoryLabel} — ` +
      `${STAGE_LABELS[it.stage]} sejak ${formatJakartaDate(it.entered)} — ${it.ageDays} hari kerja (target ${it.targetDays})`;
    const sign = ['', 'Hormat kami,', signature(this.regencyName)];
    const T = this.levels.targets.verification;
    if (g.level === 'approver') {
      return {
        subject: `Eskalasi PDM: ${n} usul melewati target validasi BKN/persetujuan — per ${when}`,
        text: [
          'Yth. Kepala BKPSDM dan tim persetujuan,',
          '',
          `Berikut usul pemutakhiran data ASN yang menunggu validasi Kanreg BKN atau persetujuan BKPSDM melewati target layanan ` +
            `(validasi BKN ${this.levels.targets.bkn_validation} hari kerja, persetujuan ${this.levels.targets.approval} hari kerja), per ${when}:`,
          '',
          ...listed.map(line),
          ...more,
          '',
          'Mohon usul tersebut segera ditindaklanjuti agar ASN dapat menyelesaikan pemutakhiran sebelum batas waktu.',
          ...sign,
        ].join('\n'),
      };
    }
    const opdName = g.items[0].opdName;
    if (g.level === 'secretary') {
      return {
        subject: `Eskalasi PDM: ${n} usul menunggu verifikasi melewati target — ${opdName}`,
        text: [
          `Yth. Sekretaris ${opdName},`,
          '',
          `Berikut usul pemutakhiran data ASN ${opdName} yang menunggu verifikasi verifikator OPD lebih dari ${T} hari kerja ` +
            `(target layanan), per ${when}:`,
          '',
          ...listed.map(line),
          ...more,
          '',
          'Sesuai Diktum KETIGA Instruksi Bupati, mohon Bapak/Ibu memastikan verifikator OPD segera memverifikasi, ' +
            'mengembalikan (BTS) atau menolak (TMS) usul tersebut.',
          ...sign,
        ].join('\n'),
      };
    }
    const limit = T + this.levels.secondEscalationDays;
    return {
      subject: `Eskalasi PDM (tahap kedua): ${n} usul menunggu verifikasi lebih dari ${limit} hari kerja — ${opdName}`,
      text: [
        `Yth. ${headTitle(opdName)},`,
        '',
        `Usul pemutakhiran data ASN ${opdName} berikut telah kami sampaikan kepada Sekretaris, namun masih menunggu verifikasi ` +
          `verifikator OPD lebih dari ${limit} hari kerja (target ${T} hari kerja), per ${when}:`,
        '',
        ...listed.map(line),
        ...more,
        '',
        'Sesuai Diktum KEEMPAT Instruksi Bupati, mohon arahan Bapak/Ibu agar seluruh usul ASN di lingkungan ' +
          `${opdName} segera diverifikasi.`,
        ...sign,
      ].join('\n'),
    };
  }
}
