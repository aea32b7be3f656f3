import type { ResourceRules, Row } from '../records/record.service.js';
import { REPORT_KINDS } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import { parseRecipientList } from './delivery/recipients.js';
import type { ReportScheduleService } from './report-schedule.service.js';
import { text } from '../shared/text.js';

/**
 * Rules for schedules edited in the panel: a cron the scheduler accepts (on the calendar), a known
 * report kind, valid extra addresses, and a window that is not inside out.
 */
function normaliseSchedule(values: Row, current: Row | null, service: ReportScheduleService): Row {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  if (!text(merged.name).trim()) fields.name = 'Nama jadwal wajib diisi';
  if (!REPORT_KINDS.includes(merged.reportKind as never)) fields.reportKind = 'Jenis laporan harus "opd" atau "regency"';
  const out: Row = { ...values };
  try {
    out.cron = service.validateCron(text(merged.cron));
  } catch (e) {
    if (e instanceof ValidationError) fields.cron = e.message;
    else throw e;
  }
  if ('extraRecipients' in values) {
    const { valid, invalid } = parseRecipientList(values.extraRecipients as string | null);
    if (invalid.length) fields.extraRecipients = `Alamat e-mail tidak valid: ${invalid.join(', ')}`;
    out.extraRecipients = valid.length ? valid.join(', ') : null;
  }
  for (const k of ['activeFrom', 'activeUntil', 'campaignId'] as const) if (out[k] === '') out[k] = null;
  const from = (out.activeFrom ?? merged.activeFrom) as string | null;
  const until = (out.activeUntil ?? merged.activeUntil) as string | null;
  if (from && until && String(from) > String(until)) fields.activeUntil = 'Tanggal akhir tidak boleh sebelum tanggal mulai';
  if (Object.keys(fields).length) throw new ValidationError(`Jadwal laporan tidak valid: ${Object.values(fields).join('; ')}`, fields);
  return out;
}

export function reportScheduleRules(service: ReportScheduleService): ResourceRules {
  const writable = [
    'name',
    'reportKind',
    'cron',
    'campaignId',
    'activeFrom',
    'activeUntil',
    'ccSecretary',
    'extraRecipients',
    'enabled',
    'skipUnchanged',
  ];
  return {
    writable: { create: writable, update: writable },
    deletable: true,
    beforeCreate: (_a, values) => normaliseSchedule(values, null, service),
    beforeUpdate: (_a, values, current) => normaliseSchedule(values, current, service),
  };
}
