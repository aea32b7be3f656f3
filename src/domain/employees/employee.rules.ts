import { Op } from 'sequelize';
import type { ResourceRules, Row, RuleContext } from '../records/resource-rules.js';
import type { Actor } from '../shared/actor.js';
import { EMPLOYEE_TYPES, type EmployeeType } from '../shared/constants.js';
import { ValidationError } from '../shared/errors.js';
import { isEmailAddress } from '../shared/email.js';
import { applyPlacements, openPlacements } from './employee-placement.js';
import { isMaskedNik, parseNip, validateIdentity } from './nip-nik.js';
import { text } from '../shared/text.js';

/**
 * Rules for employee rows, whatever path they come from (panel, import, CLI):
 * NIP/NIK checked and consistent, NIP unique, birth date and sex derived from the NIP.
 */
export async function normaliseEmployee(values: Row, current: Row | null, ctx: RuleContext): Promise<Row> {
  const merged = { ...(current ?? {}), ...values };
  const fields: Record<string, string> = {};
  const type = text(merged.employeeType) as EmployeeType;
  if (!EMPLOYEE_TYPES.includes(type)) fields.employeeType = 'Jenis ASN harus PNS, CPNS atau PPPK';
  const name = text(merged.name).trim();
  if (!name) fields.name = 'Nama wajib diisi';
  if (!merged.opdId) fields.opdId = 'OPD wajib diisi';
  const nip = text(merged.nip).trim();
  const nik = text(merged.nik).trim();
  if (!fields.employeeType) {
    // A masked NIK (from a role that cannot see it) is never written back.
    const nikChanged = 'nik' in values && !isMaskedNik(nik);
    const check = validateIdentity({ nip, nik: nikChanged || !current ? nik : text(current.nik), type });
    for (const e of check) fields[e.field] ??= e.message;
    if ('nik' in values && isMaskedNik(nik)) delete values.nik;
  }
  if (merged.email && !isEmailAddress(text(merged.email))) fields.email = 'Format e-mail tidak valid';
  if (!fields.nip) {
    const dup = await ctx.models.Employee.findOne({
      where: { nip, ...(current ? { id: { [Op.ne]: current.id as number } } : {}) },
      transaction: ctx.transaction,
    });
    if (dup) fields.nip = `NIP ${nip} sudah terdaftar (${dup.name})`;
  }
  if (Object.keys(fields).length) {
    throw new ValidationError(`Data pegawai tidak valid: ${Object.values(fields).join('; ')}`, fields);
  }
  const parsed = parseNip(nip, type);
  const out: Row = { ...values, nip, name };
  if ('nik' in out) out.nik = nik || null;
  if (parsed.ok) {
    out.birthDate = parsed.value.birthDate;
    out.sex = parsed.value.sex;
  }
  return out;
}

/** The fields of an employee that generic writes take (birth date and sex come from the NIP; the service block from the workflow). */
export const EMPLOYEE_WRITABLE_FIELDS = [
  'nip',
  'nik',
  'name',
  'employeeType',
  'opdId',
  'unit',
  'position',
  'rankGrade',
  'email',
  'phone',
  'mysapkActivatedAt',
  'passwordChangedAt',
  'active',
] as const;

export const employeeRules: ResourceRules = {
  writable: { create: EMPLOYEE_WRITABLE_FIELDS, update: EMPLOYEE_WRITABLE_FIELDS },
  deletable: true,
  readOnly: ['birthDate', 'sex', 'serviceBlocked', 'serviceBlockedAt'],
  beforeCreate: (_actor: Actor, values, ctx) => normaliseEmployee(values, null, ctx),
  beforeUpdate: (_actor: Actor, values, current, ctx) => normaliseEmployee(values, current, ctx),
  // The placement history (and the submissions following the employee's OPD), same transaction.
  afterCreate: async (_actor: Actor, row, ctx) => {
    await openPlacements(
      ctx.models,
      [{ id: row.id as number, opdId: row.opdId as number, active: row.active as boolean, createdAt: row.createdAt as Date }],
      ctx.transaction,
    );
  },
  afterUpdate: async (actor: Actor, _before, after, ctx) => {
    await applyPlacements([{ employeeId: after.id as number, opdId: after.opdId as number, active: !!after.active }], {
      models: ctx.models,
      transaction: ctx.transaction,
      audit: ctx.audit,
      actor,
      at: after.updatedAt instanceof Date ? after.updatedAt : new Date(),
    });
  },
};
