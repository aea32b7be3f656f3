import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, date, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** Where an employee was, and whether active, from validFrom until validTo (null = now). */
export class EmployeePlacement extends Model<Attrs<EmployeePlacement>, CAttrs<EmployeePlacement>> {
  declare id: CreationOptional<number>;
  declare employeeId: number;
  declare opdId: number;
  declare active: boolean;
  declare validFrom: Date;
  declare validTo: Date | null;
  declare createdAt: CreationOptional<Date>;
}

export const employeePlacementSpec: ModelSpec<EmployeePlacement> = {
  modelName: 'EmployeePlacement',
  tableName: 'employee_placements',
  attributes: {
    id: pk,
    employeeId: int(false),
    opdId: int(false),
    active: { type: DataTypes.BOOLEAN, allowNull: false },
    validFrom: date(false),
    validTo: date(),
    createdAt: DataTypes.DATE,
  },
  options: { updatedAt: false },
};
