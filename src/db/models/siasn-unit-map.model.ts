import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/**
 * SIASN unit → OPD. `unorId` is the unit's key (src/domain/imports/unit.map.ts unitKey without
 * its prefix): the UNOR ID, or "name:<normalised name>" for a file without UNOR ID.
 */
export class SiasnUnitMap extends Model<Attrs<SiasnUnitMap>, CAttrs<SiasnUnitMap>> {
  declare id: CreationOptional<number>;
  declare unorId: string;
  declare unorNama: string | null;
  declare opdId: number;
  declare setBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const siasnUnitMapSpec: ModelSpec<SiasnUnitMap> = {
  modelName: 'SiasnUnitMap',
  tableName: 'siasn_unit_map',
  attributes: {
    id: pk,
    unorId: str(200, false),
    unorNama: str(200),
    opdId: int(false),
    setBy: int(),
    ...ts,
  },
};
