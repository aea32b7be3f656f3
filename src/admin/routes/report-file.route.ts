import type { Request, Response } from 'express';
import type { ReportFileService } from '../../domain/reports/report-file.service.js';
import { XLSX_MIME, type ReportFile } from '../../domain/reports/workbooks/report-file.js';
import { actorFrom } from '../current-admin.js';
import { privateFileRoute } from '../error-edge.js';

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
  // A refusal is answered as "not found" by the one error edge (privateFileRoute).
  const serve = (pick: (req: Request) => Promise<ReportFile>) => privateFileRoute(async (req, res) => sendXlsx(res, await pick(req)));
  const actor = (req: Request) => actorFrom(req.session.adminUser, req.ip ?? null);
  return {
    delivery: serve((req) => files.delivered(actor(req), Number(req.params.id))),
    opd: serve((req) => files.opdReport(actor(req), Number(req.params.id))),
    regency: serve((req) => files.regencyReport(actor(req))),
  };
}
