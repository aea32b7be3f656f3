import type { Request, Response, NextFunction } from 'express';
import type { ReportFileService } from '../../domain/reports/report-file.service.js';
import { XLSX_MIME, type ReportFile } from '../../domain/reports/workbooks/report-file.js';
import { DomainError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';

function sendXlsx(res: Response, file: ReportFile): void {
  res.set({
    'Content-Type': XLSX_MIME,
    'Content-Length': String(file.content.length),
    'Content-Disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
  });
  res.end(file.content);
}

/**
 * Report files in the panel; ReportFileService decides who gets which (no static file path):
 *  GET /admin/reports/deliveries/:id/workbook   the workbook a delivery sent
 *  GET /admin/reports/opds/:id/preview          the OPD's report as of now
 *  GET /admin/reports/regency/preview           the regency report as of now
 */
export function reportFileHandlers(files: ReportFileService) {
  const serve = (pick: (req: Request) => Promise<ReportFile>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      sendXlsx(res, await pick(req));
    } catch (e) {
      if (e instanceof DomainError) return void res.status(e.status === 403 ? 404 : e.status).json({ message: e.message });
      next(e);
    }
  };
  const actor = (req: Request) => actorFrom(req.session.adminUser, req.ip ?? null);
  return {
    delivery: serve((req) => files.delivered(actor(req), Number(req.params.id))),
    opd: serve((req) => files.opdReport(actor(req), Number(req.params.id))),
    regency: serve((req) => files.regencyReport(actor(req))),
  };
}
