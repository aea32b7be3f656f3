import type { CreationOptional } from 'sequelize';
import { pk, str, int, type ModelSpec } from './columns.js';
import { StoredPdfRow, storedPdfColumns } from './stored-pdf-columns.js';

/** A guide BKPSDM shares with every OPD for a campaign (Buku Saku, Juknis): a PDF. */
export class Guide extends StoredPdfRow<Guide> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare title: string;
  /** buku_saku | juknis | lainnya */
  declare kind: string;
}

export const guideSpec: ModelSpec<Guide> = {
  modelName: 'Guide',
  tableName: 'guides',
  attributes: {
    id: pk,
    campaignId: int(false),
    title: str(200, false),
    kind: str(20, false),
    ...storedPdfColumns,
  },
};
