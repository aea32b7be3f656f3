import type { Request, Response, NextFunction } from 'express';
import type { DocumentService } from '../../domain/documents/document.service.js';
import { DomainError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';

/**
 * GET /admin/documents/:id/file — a scanned PDF, inline, only for users whose scope covers its
 * submission (DocumentService.open decides and audits refusals). Never under express.static.
 */
export function documentFileHandler(documents: DocumentService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id <= 0) return void res.status(404).json({ message: 'Dokumen tidak ditemukan' });
      const doc = await documents.open(actorFrom(req.session.adminUser, req.ip ?? null), id);
      res.set({
        'Content-Type': 'application/pdf',
        'Content-Length': String(doc.size),
        'Content-Disposition': `${req.query.download ? 'attachment' : 'inline'}; filename="${doc.name.replace(/[^\w.\- ]/g, '_')}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(doc.buffer);
    } catch (e) {
      if (e instanceof DomainError) return void res.status(e.status === 403 ? 404 : e.status).json({ message: e.message });
      next(e);
    }
  };
}
