import type { CreationOptional } from 'sequelize';
import { pk, int, type ModelSpec } from './columns.js';
import { StoredPdfRow, storedPdfColumns } from './stored-pdf-columns.js';

/** A proof-of-completion PDF of one OPD report version. */
export class OpdReportFile extends StoredPdfRow<OpdReportFile> {
  declare id: CreationOptional<number>;
  declare opdReportId: number;
  declare opdId: number;
}

export const opdReportFileSpec: ModelSpec<OpdReportFile> = {
  modelName: 'OpdReportFile',
  tableName: 'opd_report_files',
  attributes: {
    id: pk,
    opdReportId: int(false),
    opdId: int(false),
    ...storedPdfColumns,
  },
};
