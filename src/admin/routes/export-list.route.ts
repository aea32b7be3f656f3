import type AdminJS from 'adminjs';
import type { RequestHandler } from 'express';
import { EXPORT_MIME, type RecordExportService } from '../../domain/records/record-export.service.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';
import { PanelForbiddenError } from '../error-edge.js';
import { listExportOf } from '../features/export-list.js';

/**
 * GET /admin/export/:resourceId.xlsx?<the list's query string> — the list as xlsx, streamed
 * (RecordExportService decides, reads and audits). A refusal (no list right, a filter or sort
 * outside the allow-list) is the list's own 403, answered by the one error handler before any
 * byte is sent; a failure while streaming ends the download. GET only: any other method is 405.
 */
export function exportListHandler(admin: AdminJS, exports: RecordExportService): RequestHandler {
  return (req, res, next) => {
    const run = async () => {
      if (req.method !== 'GET') throw new PanelForbiddenError(`Metode ${req.method} tidak diizinkan untuk unduhan`, 405);
      const actor = actorFrom(req.session.adminUser, req);
      const resource = admin.resources.find((r) => r.id() === req.params.resourceId);
      if (!resource) throw new NotFoundError('Daftar tidak dikenal');
      await exports.assertCanExport(actor, resource.id());
      const { query, sheet } = await listExportOf(resource, req.query, req.session.adminUser!);
      await exports.writeXlsx(actor, resource.id(), query, sheet, () =>
        res.set({
          'Content-Type': EXPORT_MIME,
          'Content-Disposition': `attachment; filename="${exports.fileName(sheet.title)}"`,
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        }),
      );
    };
    run().catch((e: unknown) => {
      if (res.headersSent) res.destroy(e as Error);
      else next(e);
    });
  };
}
