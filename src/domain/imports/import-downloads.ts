import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/** An import's error report as an .xlsx stream (row, column, value, message), 1,000 errors per query. */
export function errorReportStream(models: Models, importId: number): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('Kesalahan');
  ws.columns = [
    { header: 'Baris', key: 'row', width: 8 },
    { header: 'Kolom', key: 'column', width: 24 },
    { header: 'Isi sel', key: 'value', width: 28 },
    { header: 'Keterangan', key: 'message', width: 90 },
  ];
  void (async () => {
    try {
      let after = 0;
      for (;;) {
        const rows = await models.ImportRowError.findAll({
          where: { importId, id: { [Op.gt]: after } },
          order: [['id', 'ASC']],
          limit: 1000,
        });
        for (const e of rows) ws.addRow({ row: e.row, column: e.column, value: e.value ?? '', message: e.message }).commit();
        if (rows.length < 1000) break;
        after = rows[rows.length - 1].id;
      }
      ws.commit();
      await wb.commit();
    } catch (e) {
      out.destroy(e as Error);
    }
  })();
  return out;
}
