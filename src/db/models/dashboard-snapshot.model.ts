import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, date, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** The precomputed figures of one dashboard scope (migration 20261202-1601). */
export class DashboardSnapshot extends Model<Attrs<DashboardSnapshot>, CAttrs<DashboardSnapshot>> {
  declare id: CreationOptional<number>;
  /** 'opd:<id>' or 'regency'. */
  declare scope: string;
  declare opdId: number | null;
  declare fingerprint: string;
  /** JSON of the figures (src/domain/dashboard/dashboard-figures.ts). */
  declare figures: string;
  declare computedAt: Date;
  declare checkedAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const dashboardSnapshotSpec: ModelSpec<DashboardSnapshot> = {
  modelName: 'DashboardSnapshot',
  tableName: 'dashboard_snapshots',
  attributes: {
    id: pk,
    scope: { ...str(40, false), unique: true },
    opdId: int(),
    fingerprint: str(255, false),
    figures: { type: DataTypes.TEXT, allowNull: false },
    computedAt: date(false),
    checkedAt: date(false),
    ...ts,
  },
};
