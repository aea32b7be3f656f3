import { Op, type Transaction } from 'sequelize';
import type { Employee, Models } from '../../db/models/index.js';
import type { AktivasiLookups } from './aktivasi.planner.js';
import type { AsnLookups } from './asn.planner.js';
import type { ExistingEmployee } from './import-plan.js';
import type { OpdRef } from './unit-opd.suggester.js';
import { createUnitMap, type UnitMapEntry } from './unit.map.js';
import { usulKey } from './usul.profile.js';
import type { ExistingSubmission, UsulKeyQuery, UsulLookups } from './usul.planner.js';

/**
 * The planners' lookups on the database: one query per batch of rows (the planners batch by
 * 500), in the commit's transaction when there is one. The unit map and the OPD list are read
 * once per plan.
 */

const asBool = (v: unknown) => v === true || v === 1 || v === '1';
const ymd = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : null;

const EMPLOYEE_ATTRIBUTES = [
  'id',
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
  'birthDate',
  'sex',
  'active',
  'mysapkActivatedAt',
  'passwordChangedAt',
  'siasnPnsId',
] as const;

export function toExisting(e: Employee): ExistingEmployee {
  return {
    id: e.id,
    nip: e.nip,
    nik: e.nik,
    name: e.name,
    employeeType: e.employeeType,
    opdId: Number(e.opdId),
    unit: e.unit,
    position: e.position,
    rankGrade: e.rankGrade,
    email: e.email,
    phone: e.phone,
    birthDate: ymd(e.birthDate),
    sex: e.sex,
    active: asBool(e.active),
    mysapkActivatedAt: e.mysapkActivatedAt ? new Date(e.mysapkActivatedAt) : null,
    passwordChangedAt: e.passwordChangedAt ? new Date(e.passwordChangedAt) : null,
    pnsId: e.siasnPnsId ?? null,
  };
}

export async function loadUnitMapEntries(models: Models, t?: Transaction | null): Promise<UnitMapEntry[]> {
  const rows = await models.SiasnUnitMap.findAll({ attributes: ['unorId', 'unorNama', 'opdId'], transaction: t ?? undefined });
  return rows.map((r) =>
    r.unorId.startsWith('name:')
      ? { unitId: null, unitName: r.unorNama ?? r.unorId.slice(5), opdId: Number(r.opdId) }
      : { unitId: r.unorId, unitName: r.unorNama, opdId: Number(r.opdId) },
  );
}

export async function loadOpdRefs(models: Models, t?: Transaction | null): Promise<OpdRef[]> {
  const rows = await models.Opd.findAll({
    attributes: ['id', 'code', 'name', 'kind'],
    order: [['name', 'ASC']],
    transaction: t ?? undefined,
  });
  return rows.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind }));
}

export class DbImportLookups implements AsnLookups, AktivasiLookups, UsulLookups {
  private constructor(
    private readonly models: Models,
    private readonly t: Transaction | null,
    readonly unitMap: AsnLookups['unitMap'],
    readonly opds: OpdRef[],
  ) {}

  static async create(models: Models, t: Transaction | null = null): Promise<DbImportLookups> {
    const [entries, opds] = await Promise.all([loadUnitMapEntries(models, t), loadOpdRefs(models, t)]);
    return new DbImportLookups(models, t, createUnitMap(entries), opds);
  }

  async employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, ExistingEmployee>> {
    if (nips.length === 0) return new Map();
    const rows = await this.models.Employee.findAll({
      attributes: [...EMPLOYEE_ATTRIBUTES],
      where: { nip: [...new Set(nips)] },
      transaction: this.t ?? undefined,
    });
    return new Map(rows.map((e) => [e.nip, toExisting(e)]));
  }

  async employeesByPnsId(pnsIds: readonly string[]): Promise<ReadonlyMap<string, Pick<ExistingEmployee, 'id' | 'nip' | 'name'>>> {
    if (pnsIds.length === 0) return new Map();
    const rows = await this.models.Employee.findAll({
      attributes: ['id', 'nip', 'name', 'siasnPnsId'],
      where: { siasnPnsId: [...new Set(pnsIds)] },
      transaction: this.t ?? undefined,
    });
    return new Map(rows.map((e) => [e.siasnPnsId!, { id: e.id, nip: e.nip, name: e.name }]));
  }

  /** Every active employee, by id in pages of 1000 (never all in memory at once). */
  async *activeEmployees(): AsyncIterable<Pick<ExistingEmployee, 'id' | 'nip' | 'name' | 'opdId'>> {
    let after = 0;
    for (;;) {
      const rows = await this.models.Employee.findAll({
        attributes: ['id', 'nip', 'name', 'opdId'],
        where: { active: true, id: { [Op.gt]: after } },
        order: [['id', 'ASC']],
        limit: 1000,
        transaction: this.t ?? undefined,
      });
      for (const e of rows) yield { id: e.id, nip: e.nip, name: e.name, opdId: Number(e.opdId) };
      if (rows.length < 1000) return;
      after = rows[rows.length - 1].id;
    }
  }

  async submissionsByKey(keys: readonly UsulKeyQuery[]): Promise<ReadonlyMap<string, ExistingSubmission>> {
    if (keys.length === 0) return new Map();
    const employeeIds = [...new Set(keys.map((k) => k.employeeId))];
    const rows = await this.models.Submission.findAll({
      attributes: ['id', 'employeeId', 'category', 'submittedAt', 'status'],
      where: { employeeId: employeeIds, category: [...new Set(keys.map((k) => k.category))] },
      include: [{ model: this.models.Employee, as: 'employee', attributes: ['nip'] }],
      transaction: this.t ?? undefined,
    });
    const out = new Map<string, ExistingSubmission>();
    for (const s of rows) {
      const nip = (s as unknown as { employee: { nip: string } }).employee.nip;
      out.set(usulKey(nip, s.category, new Date(s.submittedAt)), { id: s.id, status: s.status });
    }
    return out;
  }
}
