import type { ResourceRules, Row } from '../records/record.service.js';
import { ValidationError } from '../shared/errors.js';
import { validateCampaignDates, type CampaignDates } from './phases.js';
import { text } from '../shared/text.js';
import { defaultHolidaysBetween, formatHolidayList, parseHolidayList } from './working-days.js';

const DATE_FIELDS = [
  'helpdeskStart',
  'selfUpdateStart',
  'selfUpdateEnd',
  'verificationStart',
  'verificationEnd',
  'approvalStart',
  'approvalEnd',
] as const;

/** The fields of a campaign (a PDM round) that the panel writes (administrators only). */
export const CAMPAIGN_WRITABLE_FIELDS = ['name', 'year', ...DATE_FIELDS, 'active', 'notes', 'holidays'] as const;

/**
 * A campaign's name, year and phase windows: every window starts on or before it ends and the
 * windows follow each other (validateCampaignDates), since every phase check reads them. Its
 * holidays are checked line by line (working-days.ts).
 */
function normaliseCampaign(values: Row, current: Row | null): Row {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  const out: Row = { ...values };
  const name = text(merged.name).trim();
  if (!name) fields.name = 'Nama putaran wajib diisi';
  if ('name' in values || !current) out.name = name;
  const year = Number(merged.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) fields.year = 'Tahun harus antara 2000 dan 2100';
  else if ('year' in values || !current) out.year = year;
  const dates: Record<string, string> = {};
  for (const f of DATE_FIELDS) {
    const raw = merged[f];
    dates[f] = raw instanceof Date ? raw.toISOString().slice(0, 10) : text(raw).slice(0, 10);
    if (f in values) out[f] = dates[f];
  }
  Object.assign(fields, validateCampaignDates(dates as unknown as CampaignDates));
  // Holidays (working days for ageing and the forecast): one "YYYY-MM-DD Nama" per line, stored
  // normalised; a new campaign without a list gets the national holidays inside its dates.
  if ('holidays' in values || !current) {
    try {
      const own = parseHolidayList(values.holidays as string | null | undefined);
      const list = own.length || current ? own : defaultHolidaysBetween(dates.helpdeskStart, dates.approvalEnd);
      out.holidays = list.length ? formatHolidayList(list) : null;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      fields.holidays = e.message;
    }
  }
  if (Object.keys(fields).length) throw new ValidationError(`Putaran PDM tidak valid: ${Object.values(fields).join('; ')}`, fields);
  return out;
}

export const campaignRules: ResourceRules = {
  writable: { create: CAMPAIGN_WRITABLE_FIELDS, update: CAMPAIGN_WRITABLE_FIELDS },
  // A campaign with submissions is kept by the database's keys (a clear message; deactivate it).
  deletable: true,
  beforeCreate: (_a, values) => normaliseCampaign(values, null),
  beforeUpdate: (_a, values, current) => normaliseCampaign(values, current),
};
