import type { AktivasiLookups, AktivasiOutcome } from '../../src/domain/imports/aktivasi.planner.js';
import type { AsnLookups, AsnOutcome } from '../../src/domain/imports/asn.planner.js';
import type { ExistingEmployee } from '../../src/domain/imports/import-plan.js';
import type { OpdRef } from '../../src/domain/imports/unit-opd.suggester.js';
import { createUnitMap, type UnitMapEntry } from '../../src/domain/imports/unit.map.js';
import { usulKey } from '../../src/domain/imports/usul.profile.js';
import type { ExistingSubmission, UsulKeyQuery, UsulLookups, UsulOutcome } from '../../src/domain/imports/usul.planner.js';
import type { SubmissionStatus } from '../../src/domain/shared/constants.js';

/**
 * An in-memory stand-in for the tables behind the planners' lookup interfaces (phase 2 implements
 * them with one query per batch). `apply*` writes a plan's outcomes the way a commit would, so a
 * test can re-plan the same file against the result. Lookup calls are recorded to check batching.
 */
export class MemoryImportStore implements AsnLookups, AktivasiLookups, UsulLookups {
  employees = new Map<string, ExistingEmployee>();
  submissions = new Map<string, ExistingSubmission & { employeeId: number; category: string; submittedAt: Date; note: string | null }>();
  unitEntries: UnitMapEntry[] = [];
  calls: { employeesByNip: number[]; submissionsByKey: number[] } = { employeesByNip: [], submissionsByKey: [] };
  private nextId = 1;

  constructor(
    readonly opds: OpdRef[],
    /** Whether the store keeps SIASN's PNS ID (phase 2 adds the column). */
    private readonly keepsPnsId = true,
  ) {}

  get unitMap() {
    return createUnitMap(this.unitEntries);
  }

  mapUnit(unitId: string | null, unitName: string | null, opdId: number): void {
    this.unitEntries.push({ unitId, unitName, opdId });
  }

  addEmployee(e: Partial<ExistingEmployee> & Pick<ExistingEmployee, 'nip' | 'name' | 'opdId'>): ExistingEmployee {
    const row: ExistingEmployee = {
      id: this.nextId++,
      nik: null,
      employeeType: 'PNS',
      unit: null,
      position: null,
      rankGrade: null,
      email: null,
      phone: null,
      birthDate: null,
      sex: null,
      active: true,
      mysapkActivatedAt: null,
      passwordChangedAt: null,
      ...(this.keepsPnsId ? { pnsId: null } : {}),
      ...e,
    };
    this.employees.set(row.nip, row);
    return row;
  }

  async employeesByNip(nips: readonly string[]): Promise<ReadonlyMap<string, ExistingEmployee>> {
    this.calls.employeesByNip.push(nips.length);
    const out = new Map<string, ExistingEmployee>();
    for (const nip of nips) {
      const e = this.employees.get(nip);
      if (e) out.set(nip, { ...e });
    }
    return out;
  }

  async employeesByPnsId(pnsIds: readonly string[]) {
    const wanted = new Set(pnsIds);
    const out = new Map<string, Pick<ExistingEmployee, 'id' | 'nip' | 'name'>>();
    for (const e of this.employees.values()) if (e.pnsId && wanted.has(e.pnsId)) out.set(e.pnsId, { id: e.id, nip: e.nip, name: e.name });
    return out;
  }

  async *activeEmployees() {
    for (const e of this.employees.values()) if (e.active) yield { id: e.id, nip: e.nip, name: e.name, opdId: e.opdId };
  }

  async submissionsByKey(keys: readonly UsulKeyQuery[]): Promise<ReadonlyMap<string, ExistingSubmission>> {
    this.calls.submissionsByKey.push(keys.length);
    const out = new Map<string, ExistingSubmission>();
    for (const k of keys) {
      const s = this.submissions.get(k.key);
      if (s && s.employeeId === k.employeeId) out.set(k.key, { id: s.id, status: s.status });
    }
    return out;
  }

  applyAsn(o: AsnOutcome): void {
    if (o.kind === 'new') {
      const { pnsId, ...rest } = o.patch;
      this.addEmployee({ ...rest, ...(this.keepsPnsId ? { pnsId } : {}) });
    } else if (o.kind === 'changed') {
      const current = [...this.employees.values()].find((e) => e.id === o.targetId)!;
      Object.assign(current, o.patch);
    }
  }

  applyAktivasi(o: AktivasiOutcome): void {
    if (o.kind !== 'changed') return;
    const current = [...this.employees.values()].find((e) => e.id === o.targetId)!;
    Object.assign(current, o.patch);
  }

  applyUsul(o: UsulOutcome): void {
    if (o.kind === 'new') {
      const nip = [...this.employees.values()].find((e) => e.id === o.patch.employeeId)!.nip;
      this.submissions.set(usulKey(nip, o.patch.category, o.patch.submittedAt), {
        id: this.nextId++,
        status: o.patch.status,
        employeeId: o.patch.employeeId,
        category: o.patch.category,
        submittedAt: o.patch.submittedAt,
        note: o.patch.note,
      });
    } else if (o.kind === 'changed') {
      const s = [...this.submissions.values()].find((x) => x.id === o.targetId)!;
      s.status = o.patch.status as SubmissionStatus;
    }
  }
}
