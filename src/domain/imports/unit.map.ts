import type { SiasnUnit } from './asn.profile.js';
import { normaliseUnitName } from './unit-opd.suggester.js';

/**
 * The unit → OPD map the admin maintains (phase 2 keeps it in a table). A row's unit is found by
 * UNOR ID when the row has one — UNOR names repeat across the instansi ("Sekretariat",
 * "Subbagian Umum dan Kepegawaian" exist in every dinas) — and by name only for rows of a file
 * without UNOR ID, and then only against entries saved without an ID.
 */

export interface UnitMapEntry {
  unitId: string | null;
  unitName: string | null;
  opdId: number;
}

export interface UnitMap {
  /** The OPD id of the unit, or null when the unit is not mapped. */
  opdFor(unit: SiasnUnit): number | null;
}

/** The key a unit is grouped and stored under: its UNOR ID, else its normalised name. */
export function unitKey(unit: SiasnUnit): string {
  return unit.id ? `id:${unit.id.trim().toUpperCase()}` : `name:${normaliseUnitName(unit.name)}`;
}

export function createUnitMap(entries: Iterable<UnitMapEntry>): UnitMap {
  const byKey = new Map<string, number>();
  for (const e of entries) {
    if (e.unitId) byKey.set(unitKey({ id: e.unitId, name: e.unitName ?? '' }), e.opdId);
    else if (e.unitName) byKey.set(unitKey({ id: null, name: e.unitName }), e.opdId);
  }
  return { opdFor: (unit) => byKey.get(unitKey(unit)) ?? null };
}
