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
import { overdueConsultations, type OverdueConsultation } from './overdue-consultations.js';

/**
 * The daily escalation (Diktum KETIGA and KEEMPAT): who is told about items past their target.
 *
 * - level "secretary": each OPD's Sekretaris (active users with role secretary of the OPD, and the
 *   OPD's secretary e-mail) gets the OPD's items waiting for the OPD verifier longer than the
 *   verification target;
 * - level "head": past the second threshold (target + secondEscalationDays) the Kepala OPD
 *   (active opd_head users of the OPD and the OPD's head e-mail; the Sekretaris in Cc) gets them;
 * - level "approver": the approvers (active approver users) get the BKN validation and approval
 *   backlog past its targets and the questions of verifiers (or Kanreg BKN) waiting for BKPSDM's
 *   answer past theirs (the bkpsdm_answer stage, issue 14), every OPD in one mail.
 *
 * Once per threshold per item: before a mail is sent, one escalation_notices row per item and
 * level is inserted — claimed — under a unique key (item, its entry into the stage, level; for a
 * question: the consultation and the start of its wait); an
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
  /** Questions waiting on BKPSDM past their target (approver level only). */
  questions: OverdueConsultation[];
}

/** One row of the ledger to claim. */
interface Claim {
  noticeKey: string;
  itemType: 'submission' | 'consultation';
  itemId: number;
  stage: string;
  opdId: number;
  enteredAt: Date;
  ageDays: number;
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
    const group = (level: EscalationLevel, opdId: number | null): Group => {
      const key = `${level}:${opdId ?? 0}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { level, opdId, items: [], questions: [] }));
      return g;
    };
    const add = (level: EscalationLevel, opdId: number | null, item: OverdueItem) => group(level, opdId).items.push(item);
    for (const it of items) {
      if (it.stage === 'verification') {
        add('secretary', it.opdId, it);
        if (it.ageDays > it.targetDays + this.levels.secondEscalationDays) add('head', it.opdId, it);
      } else {
        add('approver', null, it);
      }
    }
    const questions = await overdueConsultations(this.models, calendar, asOf, { levels: this.levels });
    if (questions.length) group('approver', null).questions.push(...questions);

    for (const g of groups.values()) {
      const to = await this.recipients(g);
      if (!to.to.length) {
        result.noAddress.push({ level: g.level, opdId: g.opdId });
        continue;
      }
      const token = crypto.randomBytes(12).toString('hex');
      const claimed = await this.claim(g, token, asOf, to);
      const n = claimed.items.length + claimed.questions.length;
      if (!n) continue;
      try {
        const body = this.mailBody({ ...g, ...claimed }, asOf);
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
        result.items += n;
      } catch (err) {
        // Not sent: give the items back, the next run tries again.
        await this.models.EscalationNotice.destroy({ where: { claimToken: token, status: 'sending' } });
        result.errors.push({ level: g.level, opdId: g.opdId, error: (err as Error).message });
      }
    }
    return result;
  }

  private claimsOf(g: Group): Array<Claim & { ref: OverdueItem | OverdueConsultation }> {
    return [
      ...g.items.map((item) => ({
        noticeKey: `submission:${item.submissionId}:${item.stage}:${item.entered.getTime()}:${g.level}`,
        itemType: 'submission' as const,
        itemId: item.submissionId,
        stage: item.stage,
        opdId: item.opdId,
        enteredAt: item.entered,
        ageDays: item.ageDays,
        ref: item,
      })),
      ...g.questions.map((q) => ({
        noticeKey: `consultation:${q.consultationId}:bkpsdm_answer:${q.entered.getTime()}:${g.level}`,
        itemType: 'consultation' as const,
        itemId: q.consultationId,
        stage: 'bkpsdm_answer',
        opdId: q.opdId,
        enteredAt: q.entered,
        ageDays: q.ageDays,
        ref: q,
      })),
    ];
  }

  /** Claims the group's items (and questions) not yet escalated at its level; returns those now ours. */
  private async claim(
    g: Group,
    token: string,
    asOf: Date,
    to: { to: string[]; cc: string[] },
  ): Promise<{ items: OverdueItem[]; questions: OverdueConsultation[] }> {
    const mine: { items: OverdueItem[]; questions: OverdueConsultation[] } = { items: [], questions: [] };
    const take = (c: ReturnType<EscalationService['claimsOf']>[number]) =>
      c.itemType === 'submission' ? mine.items.push(c.ref as OverdueItem) : mine.questions.push(c.ref as OverdueConsultation);
    const recipients = [...to.to, ...to.cc].join(', ').slice(0, 4000);
    for (const c of this.claimsOf(g)) {
      const { ref: _ref, ...row } = c;
      try {
        await this.models.EscalationNotice.create({
          ...row,
          level: g.level,
          status: 'sending',
          claimToken: token,
          recipients,
          messageId: null,
          sentAt: null,
        });
        take(c);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
        // Already escalated, or being escalated: ours only if that claim was abandoned.
        const [n] = await this.models.EscalationNotice.update(
          { claimToken: token, recipients },
          { where: { noticeKey: row.noticeKey, status: 'sending', updatedAt: { [Op.lt]: new Date(asOf.getTime() - CLAIM_LEASE_MS) } } },
        );
        if (n === 1) take(c);
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

  /** The approvers' mail: the BKN validation / approval backlog, then the questions waiting on BKPSDM. */
  private approverBody(g: Group, when: string, lines: string[], more: string[], sign: string[]): { subject: string; text: string } {
    const n = g.items.length;
    const q = g.questions.length;
    const T = this.levels.targets;
    const questions = g.questions.slice(0, MAX_LISTED);
    const backlog = n
      ? [
          `Berikut usul pemutakhiran data ASN yang menunggu validasi Kanreg BKN atau persetujuan BKPSDM melewati target layanan ` +
            `(validasi BKN ${T.bkn_validation} hari kerja, persetujuan ${T.approval} hari kerja), per ${when}:`,
          '',
          ...lines,
          ...more,
          '',
        ]
      : [];
    const asked = q
      ? [
          `Pertanyaan verifikator kepada BKPSDM yang menunggu jawaban melewati target layanan (${T.bkpsdm_answer} hari kerja), per ${when}; ` +
            'selama menunggu, waktunya tidak dihitung sebagai keterlambatan verifikator:',
          '',
          ...questions.map(
            (c, i) =>
              `${i + 1}. Usul #${c.submissionId} — ${c.nip} — ${c.name} (${c.opdName}) — ${c.categoryLabel} — ditanyakan oleh ${c.askedBy}: ` +
              `"${c.question}" — menunggu jawaban sejak ${formatJakartaDate(c.entered)} — ${c.ageDays} hari kerja (target ${c.targetDays})`,
          ),
          ...(q > questions.length ? [`… dan ${q - questions.length} pertanyaan lainnya.`] : []),
          '',
        ]
      : [];
    const what = [n ? `${n} usul melewati target validasi BKN/persetujuan` : null, q ? `${q} pertanyaan menunggu jawaban BKPSDM` : null]
      .filter(Boolean)
      .join(' dan ');
    return {
      subject: `Eskalasi PDM: ${what} — per ${when}`,
      text: [
        'Yth. Kepala BKPSDM dan tim persetujuan,',
        '',
        ...backlog,
        ...asked,
        `Mohon ${n && q ? 'usul dan pertanyaan' : n ? 'usul' : 'pertanyaan'} tersebut segera ditindaklanjuti agar ASN dapat menyelesaikan pemutakhiran sebelum batas waktu.`,
        ...sign,
      ].join('\n'),
    };
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
    if (g.level === 'approver') return this.approverBody(g, when, listed.map(line), more, sign);
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
