import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { ValidationError } from '../../domain/shared/errors.js';
import type { ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { refusedAction } from '../error-edge.js';
import { text } from '../../domain/shared/text.js';
import { readUpload, removeUploads, uploadPath, type UploadedFile } from '../uploads.js';

/**
 * A scan uploaded in the panel (the documents resource's `new`): the file formidable left in the
 * temp directory goes to DocumentService.upload (content checked as PDF, ≤ 1 MB, a type of the
 * category, stored atomically by hash) and is removed whatever happens. A refusal keeps the form's
 * own fields, never the uploaded file object (its temp path).
 */
export function uploadDocumentHandler(deps: ResourceDeps) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
    const { currentAdmin, h, resource } = context;
    const payload = (request.payload ?? {}) as Record<string, unknown>;
    const file = payload.file as UploadedFile | undefined;
    try {
      if (!file || !uploadPath(file)) throw new ValidationError('Pilih berkas PDF yang akan diunggah', { file: 'Berkas wajib dipilih' });
      const result = await deps.documents.upload(actorFrom(currentAdmin, request), {
        submissionId: Number(payload.submissionId),
        documentType: text(payload.documentType),
        ...(await readUpload(file, 'dokumen.pdf')),
      });
      const record = await resource.findOne(String(result.document.id), context);
      return {
        record: record?.toJSON(currentAdmin) ?? ({ params: { id: result.document.id } } as never),
        redirectUrl: h.recordActionUrl({ resourceId: 'submissions', recordId: String(result.document.submissionId), actionName: 'show' }),
        notice: {
          message: result.duplicate ? 'Berkas yang sama sudah terlampir' : `Dokumen diunggah (${result.pages} halaman)`,
          type: 'success',
        },
      };
    } catch (e) {
      return refusedAction(e, context, {
        params: { submissionId: payload.submissionId ?? null, documentType: payload.documentType ?? null },
        field: 'file',
      });
    } finally {
      await removeUploads([file]);
    }
  };
}
