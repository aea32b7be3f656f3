import type { Request, Response, NextFunction } from 'express';
import type { Models } from '../../db/models/index.js';
import type { RecordService } from '../../domain/records/record.service.js';
import type { WorkbookStore } from '../../domain/reports/workbook-store.js';
import { buildOpdReport, buildRegencyReport } from '../../domain/reports/report-data.js';
import { opdReportWorkbook } from '../../domain/reports/opd-report.workbook.js';
import { regencyReportWorkbook } from '../../domain/reports/regency-report.workbook.js';
import { DomainError } from '../../domain/shared/errors.js';
import { jakartaDate } from '../../domain/shared/time.js';
import { actorFrom } from '../current-admin.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(res: Response, name: string, buf: Buffer): void {
  res.set({
    'Content-Type': XLSX,
    'Content-Length': String(buf.length),
    'Content-Disposition': `attachment; filename="${name.replace(/[^\w.\-]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
  });
  res.end(buf);
}

/**
 * Report files in the panel, each scoped through the RecordService (no static file path):
 *  GET /admin/reports/deliveries/:id/workbook   the workbook a delivery sent
 *  GET /admin/reports/opds/:id/preview          the OPD's report as of now
 *  GET /admin/reports/regency/preview           the regency report as of now
 */
export function reportFileHandlers(deps: { models: Models; records: RecordService; store: WorkbookStore; regencyName: string }) {
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (e) {
      if (e instanceof DomainError) return void res.status(e.status === 403 ? 404 : e.status).json({ message: e.message });
      next(e);
    }
  };
  const notFound = (res: Response) => void res.status(404).json({ message: 'Laporan tidak ditemukan atau di luar wewenang Anda' });

  return {
    delivery: wrap(async (req, res) => {
      const actor = actorFrom(req.session.adminUser, req.ip ?? null);
      if (!deps.records.can(actor, 'report_deliveries', 'download')) return notFound(res);
      // The scoped read decides; the file path itself is never sent to the browser, so read it raw.
      const visible = await deps.records.find(actor, 'report_deliveries', Number(req.params.id), 'download');
      const row = visible ? await deps.models.ReportDelivery.findByPk(Number(visible.id)) : null;
      if (!row?.workbookPath) return notFound(res);
      const buf = await deps.store.read(row.workbookPath);
      sendXlsx(res, row.workbookPath.split('/').pop()!, buf);
    }),
    opd: wrap(async (req, res) => {
      const actor = actorFrom(req.session.adminUser, req.ip ?? null);
      if (!deps.records.can(actor, 'opds', 'report')) return notFound(res);
      const opd = await deps.records.find(actor, 'opds', Number(req.params.id), 'report');
      if (!opd) return notFound(res);
      const now = new Date();
      const report = await buildOpdReport(deps.models, Number(opd.id), now, null);
      sendXlsx(res, `laporan-pdm-${opd.code}-${jakartaDate(now)}.xlsx`, await opdReportWorkbook(report, { regencyName: deps.regencyName }));
    }),
    regency: wrap(async (req, res) => {
      const actor = actorFrom(req.session.adminUser, req.ip ?? null);
      // The regency report covers every OPD: only roles whose OPD scope is "all".
      const scope = deps.records.scopeWhere(actor, 'opds');
      if (!deps.records.can(actor, 'report_runs', 'list') || !scope || Object.keys(scope).length > 0) return notFound(res);
      const now = new Date();
      const report = await buildRegencyReport(deps.models, now);
      const buf = (await regencyReportWorkbook(report, { regencyName: deps.regencyName, models: deps.models, asOf: now })) as Buffer;
      sendXlsx(res, `laporan-pdm-kabupaten-${jakartaDate(now)}.xlsx`, buf);
    }),
  };
}
