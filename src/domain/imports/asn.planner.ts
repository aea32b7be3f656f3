import { maskNik } from '../employees/nip-nik.js';
import type { EmployeeType } from '../shared/constants.js';
import type { AsnField, AsnRow } from './asn.profile.js';
import {
  inBatches,
  type ExistingEmployee,
  type FieldChange,
  type ImportPlan,
  type PlanOptions,
  type PlanOutcome,
  type UnknownUnit,
} from './import-plan.js';
import { quoted } from './profile-checks.js';
import type { ValidatedRow } from './row.validator.js';
import { formatSiasnDate } from './siasn-date.parser.js';
import { suggestOpdForUnit, type OpdRef } from './unit-opd.suggester.js';
import { unitKey, type UnitMap } from './unit.map.js';

/**
 * Plans an ASN master import: upsert by NIP. Each valid row becomes new / changed (field by
 * field, before → after) / unchanged; a row whose unit the map does not know is an error and the
 * unit is listed with a suggestion. Cells left empty in the file never erase what the store has
 * (the helpdesk may have filled a phone number SIASN lacks). After the rows, the active employees
 * the file does not list are reported ('missing'); deciding what to do with them is the commit's.
 */

export interface AsnLookups {
  employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, ExistingEmployee>>;
  /** Optional: employees by PNS ID, to catch a NIP that changed in SIASN. */
  employeesByPnsId?(pnsIds: readonly string[]): Promise<ReadonlyMap<string, Pick<ExistingEmployee, 'id' | 'nip' | 'name'>>>;
  /** Every active employee, streamed (for "no longer in the file"). */
  activeEmployees(): AsyncIterable<Pick<ExistingEmployee, 'id' | 'nip' | 'name' | 'opdId'>>;
  unitMap: UnitMap;
  opds: readonly OpdRef[];
}

/** What the commit writes for one employee (employees table, plus SIASN's PNS ID). */
export interface EmployeePatch {
  nip: string;
  nik: string;
  name: string;
  employeeType: EmployeeType;
  opdId: number;
  unit: string;
  position: string | null;
  rankGrade: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string;
  sex: 'L' | 'P';
  active: boolean;
  pnsId: string | null;
}

export type AsnOutcome = PlanOutcome<AsnRow, EmployeePatch>;

const SEX_LABEL = { L: 'Laki-laki', P: 'Perempuan' } as const;
const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '') === (b ?? '');

export function planAsnImport(
  rows: AsyncIterable<ValidatedRow<AsnRow>>,
  lookups: AsnLookups,
  options: PlanOptions<AsnField> = {},
): ImportPlan<AsnOutcome> {
  const batchSize = options.batchSize ?? 500;
  const unitColumn = options.header?.unitName ?? 'UNOR NAMA';
  const pnsIdColumn = options.header?.pnsId ?? 'PNS ID';
  const opdName = new Map(lookups.opds.map((o) => [o.id, o.name]));
  const showOpd = (id: number | null | undefined) => (id === null || id === undefined ? null : (opdName.get(id) ?? `OPD #${id}`));
  const unknown = new Map<string, UnknownUnit>();
  const seen = new Set<string>();

  function changesOf(row: AsnRow, opdId: number, current: ExistingEmployee): { patch: Partial<EmployeePatch>; changes: FieldChange[] } {
    const patch: Partial<EmployeePatch> = {};
    const changes: FieldChange[] = [];
    const put = <K extends keyof EmployeePatch>(
      field: K,
      label: string,
      value: EmployeePatch[K],
      before: string | null,
      after: string | null,
    ) => {
      patch[field] = value;
      changes.push({ field, label, before, after });
    };
    if (row.name !== current.name) put('name', 'Nama', row.name, current.name, row.name);
    if (row.nik !== current.nik) put('nik', 'NIK', row.nik, current.nik ? maskNik(current.nik) : null, maskNik(row.nik));
    if (row.employeeType !== current.employeeType)
      put('employeeType', 'Jenis ASN', row.employeeType, current.employeeType, row.employeeType);
    if (opdId !== current.opdId) put('opdId', 'OPD', opdId, showOpd(current.opdId), showOpd(opdId));
    if (!same(row.unit.name, current.unit)) put('unit', 'Unit kerja', row.unit.name, current.unit, row.unit.name);
    if (row.position !== null && !same(row.position, current.position))
      put('position', 'Jabatan', row.position, current.position, row.position);
    if (row.rankGrade !== null && !same(row.rankGrade, current.rankGrade))
      put('rankGrade', 'Golongan', row.rankGrade, current.rankGrade, row.rankGrade);
    if (row.email !== null && row.email.toLowerCase() !== (current.email ?? '').toLowerCase())
      put('email', 'E-mail', row.email, current.email, row.email);
    if (row.phone !== null && !same(row.phone, current.phone)) put('phone', 'Nomor HP', row.phone, current.phone, row.phone);
    if (row.birthDate !== current.birthDate) {
      put(
        'birthDate',
        'Tanggal lahir',
        row.birthDate,
        current.birthDate ? formatSiasnDate(current.birthDate) : null,
        formatSiasnDate(row.birthDate),
      );
    }
    if (row.sex !== current.sex) put('sex', 'Jenis kelamin', row.sex, current.sex ? SEX_LABEL[current.sex] : null, SEX_LABEL[row.sex]);
    if (current.pnsId !== undefined && row.pnsId !== null && row.pnsId !== current.pnsId)
      put('pnsId', 'PNS ID', row.pnsId, current.pnsId, row.pnsId);
    if (!current.active) put('active', 'Status', true, 'Nonaktif', 'Aktif');
    return { patch, changes };
  }

  function unknownUnit(row: number, value: AsnRow): void {
    const key = unitKey(value.unit);
    const u = unknown.get(key);
    if (u) u.rowCount++;
    else
      unknown.set(key, { key, unit: value.unit, rowCount: 1, firstRow: row, suggestion: suggestOpdForUnit(value.unit.name, lookups.opds) });
  }

  async function* outcomes(): AsyncGenerator<AsnOutcome> {
    for await (const batch of inBatches(rows, batchSize)) {
      for (const r of batch) seen.add(r.ref);
      const valid = batch.flatMap((r) => (r.ok ? [r.value] : []));
      const existing = await lookups.employeesByNip(valid.map((v) => v.nip));
      const newPnsIds = valid.filter((v) => v.pnsId !== null && !existing.has(v.nip)).map((v) => v.pnsId!);
      const byPnsId =
        lookups.employeesByPnsId && newPnsIds.length
          ? await lookups.employeesByPnsId(newPnsIds)
          : new Map<string, Pick<ExistingEmployee, 'id' | 'nip' | 'name'>>();

      for (const r of batch) {
        if (!r.ok) {
          yield { kind: 'error', row: r.row, ref: r.ref, errors: r.errors };
          continue;
        }
        const v = r.value;
        const error = (column: string, value: string, message: string): AsnOutcome => ({
          kind: 'error',
          row: r.row,
          ref: r.ref,
          errors: [{ row: r.row, column, value, message }],
        });
        const opdId = lookups.unitMap.opdFor(v.unit);
        if (opdId === null) {
          unknownUnit(r.row, v);
          const id = v.unit.id ? ` (UNOR ID ${v.unit.id})` : '';
          yield error(
            unitColumn,
            v.unit.name,
            `Unit kerja ${quoted(v.unit.name)}${id} belum dipetakan ke OPD; petakan unit ini lalu periksa ulang berkas`,
          );
          continue;
        }
        const current = existing.get(v.nip);
        if (!current) {
          const other = v.pnsId ? byPnsId.get(v.pnsId) : undefined;
          if (other && other.nip !== v.nip) {
            yield error(
              pnsIdColumn,
              v.pnsId!,
              `PNS ID ${v.pnsId} sudah terdaftar untuk pegawai lain (NIP ${other.nip}, ${other.name}); bila NIP pegawai itu berubah di SIASN, perbaiki NIP-nya di aplikasi lebih dulu`,
            );
            continue;
          }
          const patch: EmployeePatch = {
            nip: v.nip,
            nik: v.nik,
            name: v.name,
            employeeType: v.employeeType,
            opdId,
            unit: v.unit.name,
            position: v.position,
            rankGrade: v.rankGrade,
            email: v.email,
            phone: v.phone,
            birthDate: v.birthDate,
            sex: v.sex,
            active: true,
            pnsId: v.pnsId,
          };
          const changes: FieldChange[] = [
            { field: 'name', label: 'Nama', before: null, after: v.name },
            { field: 'employeeType', label: 'Jenis ASN', before: null, after: v.employeeType },
            { field: 'opdId', label: 'OPD', before: null, after: showOpd(opdId) },
            { field: 'unit', label: 'Unit kerja', before: null, after: v.unit.name },
          ];
          yield { kind: 'new', row: r.row, ref: r.ref, value: v, patch, changes };
          continue;
        }
        if (current.pnsId && v.pnsId && current.pnsId !== v.pnsId) {
          yield error(
            pnsIdColumn,
            v.pnsId,
            `PNS ID di berkas (${v.pnsId}) berbeda dengan PNS ID tersimpan untuk NIP ${v.nip} (${current.pnsId}); periksa data pegawai ini di SIASN`,
          );
          continue;
        }
        const { patch, changes } = changesOf(v, opdId, current);
        if (changes.length === 0) yield { kind: 'unchanged', row: r.row, ref: r.ref, targetId: current.id };
        else yield { kind: 'changed', row: r.row, ref: r.ref, value: v, targetId: current.id, patch, changes };
      }
    }
    for await (const e of lookups.activeEmployees()) {
      if (!seen.has(e.nip)) yield { kind: 'missing', row: null, ref: e.nip, targetId: e.id, name: e.name, opdId: e.opdId };
    }
  }

  return {
    profile: 'asn',
    outcomes: outcomes(),
    unknownUnits: () => [...unknown.values()].sort((a, b) => b.rowCount - a.rowCount || a.firstRow - b.firstRow),
  };
}
