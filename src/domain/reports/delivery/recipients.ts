import { Op } from 'sequelize';
import { isEmailAddress } from '../../shared/email.js';
import type { Models, Opd, ReportSchedule } from '../../../db/models/index.js';
import type { ReportKind } from '../../shared/constants.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { countedEmployeesByOpd } from '../data/summaries.js';

/**
 * Who receives a schedule's report (documented here because the panel shows them to admins):
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

export type RecipientSchedule = Pick<ReportSchedule, 'reportKind' | 'ccSecretary' | 'extraRecipients'>;

/**
 * One recipient of a report: an OPD's report (greeting its head unless `name` is given) or, with
 * no OPD, the regency report. The one shape the planner, a test send and a rebuilt delivery use.
 */
export function recipientFor(
  opd: Pick<Opd, 'id' | 'code' | 'name' | 'headName'> | null,
  to: string[],
  cc: string[] = [],
  name: string | null = opd?.headName ?? null,
): PlannedRecipient {
  return { opdId: opd?.id ?? null, opdCode: opd?.code ?? null, opdName: opd?.name ?? null, recipientName: name, ...dedupe(to, cc) };
}

/** The addresses of a free-text list (comma, semicolon, space or newline separated), as written. */
export function addressList(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** A free-text list of addresses, checked: the valid ones (de-duplicated) and the invalid ones. */
export function parseRecipientList(text: string | null | undefined): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const a of addressList(text)) {
    if (!isEmailAddress(a)) {
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
  return !!a && isEmailAddress(a.trim());
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

/** Who receives the schedule's report as of `asOf` (see the rules at the top of this file); `opdCode` limits it to one OPD. */
export async function planRecipients(
  models: Models,
  schedule: RecipientSchedule,
  opts: { opdCode?: string | null; asOf?: Date } = {},
): Promise<RecipientPlan> {
  const extras = parseRecipientList(schedule.extraRecipients).valid;
  return schedule.reportKind === 'opd'
    ? opdRecipients(models, schedule, extras, opts.opdCode ?? null, opts.asOf ?? new Date())
    : regencyRecipients(models, extras);
}

async function opdRecipients(
  models: Models,
  schedule: RecipientSchedule,
  extras: string[],
  opdCode: string | null,
  asOf: Date,
): Promise<RecipientPlan> {
  const plan: RecipientPlan = { recipients: [], skipped: [] };
  const where: Record<string, unknown> = { active: true };
  if (opdCode) where.code = opdCode;
  const opds = await models.Opd.findAll({ where, order: [['code', 'ASC']] });
  if (opdCode && opds.length === 0) throw new NotFoundError(`OPD dengan kode "${opdCode}" tidak ditemukan atau tidak aktif`);
  const asn = await countedEmployeesByOpd(
    models,
    asOf,
    opds.map((o) => o.id),
  );
  for (const opd of opds) {
    if (!asn.get(opd.id)) {
      plan.skipped.push({
        opdId: opd.id,
        opdCode: opd.code,
        reason: 'Belum ada ASN di OPD ini; laporan tidak dikirim',
        kind: 'no_employees',
      });
      continue;
    }
    if (!isEmail(opd.headEmail)) {
      plan.skipped.push({ opdId: opd.id, opdCode: opd.code, reason: 'OPD belum memiliki email kepala yang valid', kind: 'no_address' });
      continue;
    }
    const cc = [...(schedule.ccSecretary && isEmail(opd.secretaryEmail) ? [opd.secretaryEmail.trim()] : []), ...extras];
    plan.recipients.push(recipientFor(opd, [opd.headEmail.trim()], cc));
  }
  return plan;
}

async function regencyRecipients(models: Models, extras: string[]): Promise<RecipientPlan> {
  const plan: RecipientPlan = { recipients: [], skipped: [] };
  const users = await models.User.findAll({
    where: { active: true, role: { [Op.in]: ['regent', 'approver'] } },
    order: [['id', 'ASC']],
  });
  const regents = users.filter((u) => u.role === 'regent' && isEmail(u.email));
  const approvers = users.filter((u) => u.role === 'approver' && isEmail(u.email));
  if (regents.length > 0) {
    const cc = [...regents.slice(1).map((u) => u.email), ...approvers.map((u) => u.email), ...extras];
    plan.recipients.push(recipientFor(null, [regents[0].email], cc, regents[0].name));
  } else if (extras.length > 0) {
    plan.recipients.push(recipientFor(null, [extras[0]], [...approvers.map((u) => u.email), ...extras.slice(1)]));
    plan.skipped.push({
      opdId: null,
      opdCode: null,
      reason: 'Tidak ada pengguna Bupati (role regent) yang aktif; dikirim ke penerima tambahan',
      kind: 'no_address',
    });
  } else {
    plan.skipped.push({
      opdId: null,
      opdCode: null,
      reason: 'Tidak ada pengguna Bupati (role regent) yang aktif dan tidak ada penerima tambahan',
      kind: 'no_address',
    });
  }
  return plan;
}

/** The address of a test send ("Kirim uji ke saya"), checked. */
export function testAddress(text: string | null | undefined): string {
  const to = (text ?? '').trim();
  const typed: string = to;
  if (!isEmailAddress(to)) throw new ValidationError(`Alamat email tidak valid: "${typed}"`, { email: 'Alamat email tidak valid' });
  return to;
}

/**
 * The one recipient of a test send: the report of the OPD chosen (an OPD schedule; none chosen: the
 * first active OPD by code) or the regency report.
 */
export async function testRecipient(models: Models, kind: ReportKind, to: string, opdId: number | null = null): Promise<PlannedRecipient> {
  if (kind !== 'opd') {
    if (opdId !== null)
      throw new ValidationError('Pilihan OPD hanya berlaku untuk laporan per OPD', { opdId: 'Tidak berlaku untuk laporan kabupaten' });
    return recipientFor(null, [to]);
  }
  if (opdId !== null) {
    const chosen = Number.isInteger(opdId) && opdId > 0 ? await models.Opd.findByPk(opdId) : null;
    if (!chosen) throw new NotFoundError('OPD yang dipilih tidak ditemukan; pilih OPD dari daftar');
    return recipientFor(chosen, [to]);
  }
  const opd = await models.Opd.findOne({ where: { active: true }, order: [['code', 'ASC']] });
  if (!opd) throw new NotFoundError('Belum ada OPD aktif untuk contoh laporan');
  return recipientFor(opd, [to]);
}
