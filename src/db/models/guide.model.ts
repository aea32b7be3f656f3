import { DataTypes, Model, type CreationOptional } from 'sequelize';
import { pk, ts, str, int, type Attrs, type CAttrs, type ModelSpec } from './columns.js';

/** A guide BKPSDM shares with every OPD for a campaign (Buku Saku, Juknis): a PDF. */
export class Guide extends Model<Attrs<Guide>, CAttrs<Guide>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare title: string;
  /** buku_saku | juknis | lainnya */
  declare kind: string;
  declare originalName: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  declare mimeType: CreationOptional<string>;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const guideSpec: ModelSpec<Guide> = {
  modelName: 'Guide',
  tableName: 'guides',
  attributes: {
    id: pk,
    campaignId: int(false),
    title: str(200, false),
    kind: str(20, false),
    originalName: str(255, false),
    size: int(false),
    sha256: str(64, false),
    storageKey: str(255, false),
    mimeType: { type: DataTypes.STRING(100), allowNull: false, defaultValue: 'application/pdf' },
    uploadedBy: int(),
    ...ts,
  },
};
