import type { DocumentService } from '../../domain/documents/document.service.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';
import { privateFileRoute } from '../error-edge.js';

/**
 * GET /admin/documents/:id/file — a scanned PDF, inline, only for users whose scope covers its
 * submission (DocumentService.open decides and audits refusals; a refusal answers "not found").
 * Never under express.static.
 */
export function documentFileHandler(documents: DocumentService) {
  return privateFileRoute(async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError('Dokumen tidak ditemukan');
    const doc = await documents.open(actorFrom(req.session.adminUser, req), id);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(doc.size),
      'Content-Disposition': `${req.query.download ? 'attachment' : 'inline'}; filename="${doc.name.replace(/[^\w.\- ]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(doc.buffer);
  });
}
