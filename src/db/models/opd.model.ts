import { Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, bool, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

export class Opd extends Model<Attrs<Opd>, CAttrs<Opd>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare kind: string;
  declare address: string | null;
  declare headName: string | null;
  declare headEmail: string | null;
  declare secretaryName: string | null;
  declare secretaryEmail: string | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const opdSpec: ModelSpec<Opd> = {
  modelName: 'Opd',
  tableName: 'opds',
  attributes: {
    id: pk,
    code: str(20, false),
    name: str(200, false),
    kind: str(20, false),
    address: str(255),
    headName: str(150),
    headEmail: str(150),
    secretaryName: str(150),
    secretaryEmail: str(150),
    active: bool(true),
    ...ts,
  },
};
