import { CronExpressionParser } from 'cron-parser';
import { validate as nodeCronValidate } from 'node-cron';
import { Op } from 'sequelize';
import type { Campaign, Models, ReportSchedule } from '../../db/models/index.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { TIMEZONE, addDays, jakartaDate } from '../shared/time.js';
import { countedEmployeesByOpd } from './report-data.js';

/**
 * Report schedules: cron expressions in Asia/Jakarta time, when a schedule is active, who
 * receives what, and the period key that makes a scheduled send exactly-once.
 *
 * Recipient rules (documented here because the panel shows them to admins):
 * - report_kind 'opd': one delivery per active OPD that has ASN at the report's moment and a
 *   head e-mail. To = the OPD head's e-mail; Cc = the OPD secretary's e-mail (when ccSecretary)
 *   plus the schedule's extraRecipients. OPDs without ASN ("belum ada ASN": nothing to report,
 *   no head to chase) and OPDs without a head e-mail are listed in `skipped`.
 * - report_kind 'regency': ONE delivery (one e-mail, so nobody gets two copies).
 *   To = the first active user with role 'regent' (lowest id: the Bupati's own account);
 *   Cc = the other active 'regent' users (the Bupati's staff), every active 'approver' user
 *   (Kepala BKPSDM and the approval staff) and the extraRecipients.
 *   Without an active regent user the first extra recipient becomes To; without any address
 *   there is no delivery.
 * Addresses are de-duplicated case-insensitively; an address in To is never repeated in Cc.
 */

const OFFSET_MS = 7 * 3600 * 1000;
const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export interface PlannedRecipient {
  opdId: number | null;
  opdCode: string | null;
  opdName: string | null;
  /** Name used in the greeting (the OPD head, or the regent user). */
  recipientName: string | null;
  to: string[];
  cc: string[];
}

export interface RecipientPlan {
  recipients: PlannedRecipient[];
  /**
   * Why someone does not receive the report: `no_address` (should have, but cannot: an OPD
   * without head e-mail, no Bupati account) or `no_employees` (an OPD without ASN: nothing to send).
   */
  skipped: Array<{ opdId: number | null; opdCode: string | null; reason: string; kind: 'no_address' | 'no_employees' }>;
}

export interface NextRuns {
  dates: Date[];
  /** "Kamis, 26 November 2026 07.00 WIB" */
  formatted: string[];
}

const fmtRun = new Intl.DateTimeFormat('id-ID', {
  timeZone: TIMEZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Kamis, 26 November 2026 07.00 WIB" */
export function formatWib(d: Date): string {
  return `${fmtRun.format(d).replace(' pukul ', ' ')} WIB`;
}

/** The instant truncated to its minute (cron fires are per minute). */
export function truncateToMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60000) * 60000);
}

/** 'YYYY-MM-DDTHH:MM' of the instant's minute in Asia/Jakarta. */
export function jakartaMinute(d: Date): string {
  return new Date(truncateToMinute(d).getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** Splits a free-text list of addresses (comma, semicolon, space or newline separated). */
export function parseRecipientList(text: string | null | undefined): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const raw of (text ?? '').split(/[\s,;]+/)) {
    const a = raw.trim();
    if (!a) continue;
    if (!EMAIL_RE.test(a)) {
      invalid.push(a);
      continue;
    }
    if (seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    valid.push(a);
  }
  return { valid, invalid };
}

export function isEmail(a: string | null | undefined): a is string {
  return !!a && EMAIL_RE.test(a.trim());
}

function dedupe(to: string[], cc: string[]): { to: string[]; cc: string[] } {
  const seen = new Set<string>();
  const keep = (list: string[]) =>
    list
      .map((a) => a.trim())
      .filter((a) => {
        const k = a.toLowerCase();
        if (!a || seen.has(k)) return false;
        seen.add(k);
        return true;
      });
  const t = keep(to);
  return { to: t, cc: keep(cc) };
}

type ScheduleLike = Pick<
  ReportSchedule,
  'id' | 'reportKind' | 'cron' | 'campaignId' | 'activeFrom' | 'activeUntil' | 'ccSecretary' | 'extraRecipients' | 'enabled'
>;

export class ReportScheduleService {
  constructor(private readonly models: Models) {}

  /**
   * Accepts a standard 5-field cron expression (minute hour day-of-month month day-of-week),
   * read in Asia/Jakarta time. Returns it normalised (single spaces). Both cron-parser (next
   * runs, catch-up) and node-cron (the timer) must accept it.
   */
  validateCron(expr: string): string {
    const norm = String(expr ?? '').trim().replace(/\s+/g, ' ');
    const fail = (why: string): never => {
      throw new ValidationError(`Ekspresi cron tidak valid: ${why}`, { cron: `Ekspresi cron tidak valid: ${why}` });
    };
    if (!norm) fail('kosong');
    const fields = norm.split(' ');
    if (fields.length !== 5) {
      fail(`harus 5 kolom (menit jam tanggal bulan hari), ditemukan ${fields.length} kolom pada "${norm}"`);
    }
    try {
      CronExpressionParser.parse(norm, { tz: TIMEZONE });
    } catch (err) {
      fail(`"${norm}" — ${(err as Error).message}`);
    }
    if (!nodeCronValidate(norm)) fail(`"${norm}" tidak diterima penjadwal`);
    return norm;
  }

  /** The next n fire times after `from`, computed in Asia/Jakarta. */
  nextRuns(expr: string, n = 5, from: Date = new Date()): NextRuns {
    const norm = this.validateCron(expr);
    const it = CronExpressionParser.parse(norm, { tz: TIMEZONE, currentDate: from });
    const dates: Date[] = [];
    for (let i = 0; i < n && it.hasNext(); i++) dates.push(it.next().toDate());
    return { dates, formatted: dates.map(formatWib) };
  }

  /** Fire times in (from, to], oldest first: used by the scheduler to catch up after a restart. */
  fireTimesBetween(expr: string, from: Date, to: Date, limit = 1000): Date[] {
    const it = CronExpressionParser.parse(this.validateCron(expr), { tz: TIMEZONE, currentDate: new Date(to.getTime() + 1) });
    const out: Date[] = [];
    while (out.length < limit && it.hasPrev()) {
      const d = it.prev().toDate();
      if (d.getTime() <= from.getTime()) break;
      out.push(d);
    }
    return out.reverse();
  }

  /**
   * The schedule's current period for a send requested at `at` (panel "Kirim sekarang", CLI):
   * its latest fire time up to `at`, so a second request before the next fire time is the same
   * period and sends nothing new. Falls back to `at`'s minute when it never fired in a year.
   */
  currentFireTime(expr: string, at: Date = new Date()): Date {
    return this.fireTimesBetween(expr, new Date(at.getTime() - 366 * 86400000), at, 1)[0] ?? truncateToMinute(at);
  }

  /** Whether the expression fires at this minute (Asia/Jakarta). */
  matches(expr: string, at: Date): boolean {
    try {
      return CronExpressionParser.parse(this.validateCron(expr), { tz: TIMEZONE }).includesDate(truncateToMinute(at));
    } catch {
      return false;
    }
  }

  /**
   * Whether the schedule may send at `now`: enabled, inside activeFrom..activeUntil (inclusive,
   * on the Jakarta calendar) and, when tied to a campaign, inside the campaign's
   * helpdeskStart .. approvalEnd + 7 days (the week after the deadline still gets reports,
   * so heads see the final numbers).
   */
  async isActive(schedule: ScheduleLike, now: Date = new Date(), campaign?: Campaign | null): Promise<boolean> {
    if (!schedule.enabled) return false;
    const today = jakartaDate(now);
    if (schedule.activeFrom && today < schedule.activeFrom) return false;
    if (schedule.activeUntil && today > schedule.activeUntil) return false;
    if (schedule.campaignId) {
      const c = campaign !== undefined && campaign?.id === schedule.campaignId ? campaign : await this.models.Campaign.findByPk(schedule.campaignId);
      if (!c) return false;
      if (today < c.helpdeskStart) return false;
      if (today > addDays(c.approvalEnd, 7)) return false;
    }
    return true;
  }

  /** One period per fire time: the fire time's Jakarta minute, 'YYYY-MM-DDTHH:MM'. */
  periodKey(_schedule: Pick<ReportSchedule, 'id'> | null, fireTime: Date): string {
    return jakartaMinute(fireTime);
  }

  async get(id: number): Promise<ReportSchedule> {
    const s = await this.models.ReportSchedule.findByPk(id);
    if (!s) throw new NotFoundError(`Jadwal laporan #${id} tidak ditemukan`);
    return s;
  }

  async enabledSchedules(): Promise<ReportSchedule[]> {
    return this.models.ReportSchedule.findAll({ where: { enabled: true }, order: [['id', 'ASC']] });
  }

  /** Who receives the schedule's report (see the rules at the top of this file). */
  async recipientsFor(schedule: ScheduleLike, opts: { opdCode?: string | null; asOf?: Date } = {}): Promise<RecipientPlan> {
    const extras = parseRecipientList(schedule.extraRecipients).valid;
    const recipients: PlannedRecipient[] = [];
    const skipped: RecipientPlan['skipped'] = [];
    if (schedule.reportKind === 'opd') {
      const where: Record<string, unknown> = { active: true };
      if (opts.opdCode) where.code = opts.opdCode;
      const opds = await this.models.Opd.findAll({ where, order: [['code', 'ASC']] });
      if (opts.opdCode && opds.length === 0) throw new NotFoundError(`OPD dengan kode "${opts.opdCode}" tidak ditemukan atau tidak aktif`);
      const asn = await countedEmployeesByOpd(this.models, opts.asOf ?? new Date(), opds.map((o) => o.id));
      for (const opd of opds) {
        if (!asn.get(opd.id)) {
          skipped.push({ opdId: opd.id, opdCode: opd.code, reason: 'Belum ada ASN di OPD ini; laporan tidak dikirim', kind: 'no_employees' });
          continue;
        }
        if (!isEmail(opd.headEmail)) {
          skipped.push({ opdId: opd.id, opdCode: opd.code, reason: 'OPD belum memiliki email kepala yang valid', kind: 'no_address' });
          continue;
        }
        const cc = [...(schedule.ccSecretary && isEmail(opd.secretaryEmail) ? [opd.secretaryEmail.trim()] : []), ...extras];
        const r = dedupe([opd.headEmail.trim()], cc);
        recipients.push({ opdId: opd.id, opdCode: opd.code, opdName: opd.name, recipientName: opd.headName, ...r });
      }
      return { recipients, skipped };
    }
    const users = await this.models.User.findAll({
      where: { active: true, role: { [Op.in]: ['regent', 'approver'] } },
      order: [['id', 'ASC']],
    });
    const regents = users.filter((u) => u.role === 'regent' && isEmail(u.email));
    const approvers = users.filter((u) => u.role === 'approver' && isEmail(u.email));
    let to: string[];
    let cc: string[];
    let name: string | null = null;
    if (regents.length > 0) {
      to = [regents[0].email];
      name = regents[0].name;
      cc = [...regents.slice(1).map((u) => u.email), ...approvers.map((u) => u.email), ...extras];
    } else if (extras.length > 0) {
      to = [extras[0]];
      cc = [...approvers.map((u) => u.email), ...extras.slice(1)];
      skipped.push({ opdId: null, opdCode: null, reason: 'Tidak ada pengguna Bupati (role regent) yang aktif; dikirim ke penerima tambahan', kind: 'no_address' });
    } else {
      skipped.push({ opdId: null, opdCode: null, reason: 'Tidak ada pengguna Bupati (role regent) yang aktif dan tidak ada penerima tambahan', kind: 'no_address' });
      return { recipients, skipped };
    }
    recipients.push({ opdId: null, opdCode: null, opdName: null, recipientName: name, ...dedupe(to, cc) });
    return { recipients, skipped };
  }
}
