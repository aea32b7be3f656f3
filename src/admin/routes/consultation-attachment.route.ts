import type { ConsultationService } from '../../domain/consultations/consultation.service.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { actorFrom } from '../current-admin.js';
import { privateFileRoute } from '../error-edge.js';

/**
 * GET /admin/consultations/messages/:id/attachment — the PDF attached to a consultation message,
 * only for who takes part in the thread within the submission's scope (ConsultationService decides
 * and audits; a refusal answers "not found"). Never under express.static.
 */
export function consultationAttachmentHandler(consultations: ConsultationService) {
  return privateFileRoute(async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0) throw new NotFoundError('Lampiran tidak ditemukan');
    const file = await consultations.openAttachment(actorFrom(req.session.adminUser, req), id);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Length': String(file.size),
      'Content-Disposition': `${req.query.download ? 'attachment' : 'inline'}; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(file.buffer);
  });
}
