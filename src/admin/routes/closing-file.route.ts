import type { Response } from 'express';
import type { GuideService } from '../../domain/guides/guide.service.js';
import type { OpdReportService } from '../../domain/opd-reports/opd-report.service.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';
import { privateFileRoute } from '../error-edge.js';

/**
 * The PDFs of issue 13, each through its service (which decides and audits; a refusal answers
 * "not found"), never under express.static:
 *  GET /admin/opd-reports/files/:id   a proof-of-completion file of an OPD head's report
 *  GET /admin/guides/:id/file         a guide (any signed-in role)
 */
function sendPdf(res: Response, file: { buffer: Buffer; name: string; size: number }, download: boolean): void {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Length': String(file.size),
    'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(file.buffer);
}

const idOf = (raw: unknown): number => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError('Berkas tidak ditemukan');
  return id;
};

export function closingFileHandlers(services: { opdReports: OpdReportService; guides: GuideService }) {
  return {
    opdReportFile: privateFileRoute(async (req, res) => {
      const file = await services.opdReports.openFile(actorFrom(req.session.adminUser, req), idOf(req.params.id));
      sendPdf(res, file, !!req.query.download);
    }),
    guideFile: privateFileRoute(async (req, res) => {
      const file = await services.guides.open(actorFrom(req.session.adminUser, req), idOf(req.params.id));
      sendPdf(res, file, !!req.query.download);
    }),
  };
}
