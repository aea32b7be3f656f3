import { CronExpressionParser } from 'cron-parser';
import { validate as nodeCronValidate } from 'node-cron';
import type { Campaign, Models, ReportSchedule } from '../../db/models/index.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { addDays, formatJakartaDateTime, jakartaDate, jakartaMinute, timezone } from '../shared/time.js';

/**
 * Report schedules: when a schedule fires (cron expressions read on the regency's calendar,
 * shared/time.ts), when it is active, and the period key that makes a scheduled send
 * exactly-once. Who receives the report: delivery/recipients.ts.
 */

export interface NextRuns {
  dates: Date[];
  /** "Kamis, 26 November 2026 07.00 WIB" */
  formatted: string[];
}

/** The instant truncated to its minute (cron fires are per minute). */
export function truncateToMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60000) * 60000);
}

type ScheduleWindow = Pick<ReportSchedule, 'enabled' | 'activeFrom' | 'activeUntil' | 'campaignId'>;

export class ReportScheduleService {
  constructor(private readonly models: Models) {}

  /**
   * Accepts a standard 5-field cron expression (minute hour day-of-month month day-of-week),
   * read on the calendar. Returns it normalised (single spaces). Both cron-parser (next
   * runs, catch-up) and node-cron (the timer) must accept it.
   */
  validateCron(expr: string): string {
    const norm = String(expr ?? '')
      .trim()
      .replace(/\s+/g, ' ');
    const fail = (why: string): never => {
      throw new ValidationError(`Ekspresi cron tidak valid: ${why}`, { cron: `Ekspresi cron tidak valid: ${why}` });
    };
    if (!norm) fail('kosong');
    const fields = norm.split(' ');
    if (fields.length !== 5) {
      fail(`harus 5 kolom (menit jam tanggal bulan hari), ditemukan ${fields.length} kolom pada "${norm}"`);
    }
    try {
      CronExpressionParser.parse(norm, { tz: timezone() });
    } catch (err) {
      fail(`"${norm}" — ${(err as Error).message}`);
    }
    if (!nodeCronValidate(norm)) fail(`"${norm}" tidak diterima penjadwal`);
    return norm;
  }

  /** The next n fire times after `from`, on the calendar. */
  nextRuns(expr: string, n = 5, from: Date = new Date()): NextRuns {
    const norm = this.validateCron(expr);
    const it = CronExpressionParser.parse(norm, { tz: timezone(), currentDate: from });
    const dates: Date[] = [];
    for (let i = 0; i < n && it.hasNext(); i++) dates.push(it.next().toDate());
    return { dates, formatted: dates.map((d) => formatJakartaDateTime(d, 'weekday')) };
  }

  /** Fire times in (from, to], oldest first: used by the scheduler to catch up after a restart. */
  fireTimesBetween(expr: string, from: Date, to: Date, limit = 1000): Date[] {
    const it = CronExpressionParser.parse(this.validateCron(expr), { tz: timezone(), currentDate: new Date(to.getTime() + 1) });
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

  /** Whether the expression fires at this minute (on the calendar). */
  matches(expr: string, at: Date): boolean {
    try {
      return CronExpressionParser.parse(this.validateCron(expr), { tz: timezone() }).includesDate(truncateToMinute(at));
    } catch {
      return false;
    }
  }

  /**
   * Whether the schedule may send at `now`: enabled, inside activeFrom..activeUntil (inclusive,
   * on the calendar) and, when tied to a campaign, inside the campaign's
   * helpdeskStart .. approvalEnd + 7 days (the week after the deadline still gets reports,
   * so heads see the final numbers).
   */
  async isActive(schedule: ScheduleWindow, now: Date = new Date(), campaign?: Campaign | null): Promise<boolean> {
    if (!schedule.enabled) return false;
    const today = jakartaDate(now);
    if (schedule.activeFrom && today < schedule.activeFrom) return false;
    if (schedule.activeUntil && today > schedule.activeUntil) return false;
    if (schedule.campaignId) {
      const c =
        campaign !== undefined && campaign?.id === schedule.campaignId
          ? campaign
          : await this.models.Campaign.findByPk(schedule.campaignId);
      if (!c) return false;
      if (today < c.helpdeskStart) return false;
      if (today > addDays(c.approvalEnd, 7)) return false;
    }
    return true;
  }

  /** One period per fire time: the fire time's minute on the calendar, 'YYYY-MM-DDTHH:MM'. */
  periodKey(_schedule: Pick<ReportSchedule, 'id'> | null, fireTime: Date): string {
    return jakartaMinute(fireTime);
  }

  async get(id: number): Promise<ReportSchedule> {
    const s = await this.models.ReportSchedule.findByPk(id);
    if (!s) throw new NotFoundError(`Jadwal laporan #${id} tidak ditemukan`);
    return s;
  }

  /** A schedule named by its id or its name (the CLI's --schedule). */
  async byIdOrName(ref: string): Promise<ReportSchedule> {
    const s = /^\d+$/.test(ref)
      ? await this.models.ReportSchedule.findByPk(Number(ref))
      : await this.models.ReportSchedule.findOne({ where: { name: ref } });
    if (!s) throw new NotFoundError(`Jadwal laporan "${ref}" tidak ditemukan`);
    return s;
  }

  async enabledSchedules(): Promise<ReportSchedule[]> {
    return this.models.ReportSchedule.findAll({ where: { enabled: true }, order: [['id', 'ASC']] });
  }
}
