import { Op } from 'sequelize';
import type { ResourceRules, Row, RuleContext } from '../records/resource-rules.js';
import { OPD_KINDS } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import { isEmailAddress } from '../shared/email.js';
import { text } from '../shared/text.js';

/** The fields of an OPD that the panel writes (administrators only, by the access policy). */
export const OPD_WRITABLE_FIELDS = [
  'code',
  'name',
  'kind',
  'address',
  'headName',
  'headEmail',
  'secretaryName',
  'secretaryEmail',
  'active',
] as const;

const CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

/**
 * OPD rows: a unique code (capitals, digits, hyphens — the reports and the CLI name OPDs by it), a
 * name, a known kind, valid head and secretary e-mail addresses (the reports are mailed to them).
 */
async function normaliseOpd(values: Row, current: Row | null, ctx: RuleContext): Promise<Row> {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  const out: Row = { ...values };
  const code = text(merged.code).trim().toUpperCase();
  if (!CODE.test(code)) fields.code = 'Kode OPD wajib diisi: huruf kapital, angka atau tanda hubung, paling panjang 20';
  if ('code' in values || !current) out.code = code;
  const name = text(merged.name).trim();
  if (!name) fields.name = 'Nama OPD wajib diisi';
  if ('name' in values || !current) out.name = name;
  if (!OPD_KINDS.includes(merged.kind as never)) fields.kind = `Jenis OPD harus salah satu dari: ${OPD_KINDS.join(', ')}`;
  for (const f of ['headEmail', 'secretaryEmail'] as const) {
    if (!(f in values)) continue;
    const v = text(values[f]).trim().toLowerCase();
    if (v && !isEmailAddress(v)) fields[f] = 'Format e-mail tidak valid';
    out[f] = v || null;
  }
  if (!fields.code) {
    const dup = await ctx.models.Opd.findOne({
      where: { code, ...(current ? { id: { [Op.ne]: current.id as number } } : {}) },
      transaction: ctx.transaction,
    });
    if (dup) fields.code = `Kode OPD ${code} sudah dipakai (${dup.name})`;
  }
  if (Object.keys(fields).length) throw new ValidationError(`Data OPD tidak valid: ${Object.values(fields).join('; ')}`, fields);
  return out;
}

export const opdRules: ResourceRules = {
  writable: { create: OPD_WRITABLE_FIELDS, update: OPD_WRITABLE_FIELDS },
  // An OPD still referenced (employees, users, submissions) is refused by the database's keys,
  // translated by the generic path into a clear message; deactivate it instead.
  deletable: true,
  beforeCreate: (_a, values, ctx) => normaliseOpd(values, null, ctx),
  beforeUpdate: (_a, values, current, ctx) => normaliseOpd(values, current, ctx),
};
