import fs from 'node:fs/promises';
import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { DomainError, ValidationError } from '../../domain/shared/errors.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';

interface UploadedFile {
  path?: string;
  filepath?: string;
  name?: string;
  originalFilename?: string;
  size?: number;
}

/**
 * Documents: uploads go through DocumentService (content checked as PDF, ≤ 1 MB, type fits the
 * category, stored atomically by hash); files are served only by /admin/documents/:id/file.
 */
export const documentResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Document, deps, {
    navigation: NAV.workflow,
    titleProperty: 'originalName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['submissionId', 'documentType', 'originalName', 'size', 'createdAt'],
    filterProperties: ['submissionId', 'documentType', 'opdId'],
    showProperties: ['submissionId', 'opdId', 'documentType', 'originalName', 'size', 'sha256', 'uploadedBy', 'createdAt'],
    editProperties: ['submissionId', 'documentType', 'file'],
    properties: {
      documentType: { availableValues: referenceData().documentTypes.map((d) => ({ value: d.code, label: d.label })) },
      storageKey: { isVisible: false },
      file: { type: 'string', components: { edit: deps.components.UploadPdf }, isVisible: { list: false, show: false, filter: false, edit: true } },
    },
    actions: {
      edit: { isAccessible: false },
      new: {
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { currentAdmin, h, resource } = context;
          if (request.method !== 'post') return {};
          const payload = (request.payload ?? {}) as Record<string, unknown>;
          const file = payload.file as UploadedFile | undefined;
          const tmp = file?.filepath ?? file?.path;
          try {
            if (!file || !tmp) throw new ValidationError('Pilih berkas PDF yang akan diunggah', { file: 'Berkas wajib dipilih' });
            const content = await fs.readFile(tmp);
            const result = await deps.documents.upload(actorFrom(currentAdmin, (request as unknown as { ip?: string }).ip ?? null), {
              submissionId: Number(payload.submissionId),
              documentType: String(payload.documentType ?? ''),
              originalName: String(file.originalFilename ?? file.name ?? 'dokumen.pdf'),
              content,
            });
            const record = await resource.findOne(String(result.document.id), context);
            return {
              record: record?.toJSON(currentAdmin) ?? ({ params: { id: result.document.id } } as never),
              redirectUrl: h.recordActionUrl({ resourceId: 'submissions', recordId: String(result.document.submissionId), actionName: 'show' }),
              notice: { message: result.duplicate ? 'Berkas yang sama sudah terlampir' : `Dokumen diunggah (${result.pages} halaman)`, type: 'success' },
            };
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            const fields = e instanceof ValidationError ? e.fields : {};
            // The form's own fields only: never the uploaded file object (its temp path).
            const params = { submissionId: payload.submissionId ?? null, documentType: payload.documentType ?? null };
            return {
              record: { params, errors: Object.fromEntries(Object.entries({ file: e.message, ...fields }).map(([k, m]) => [k, { message: m }])), populated: {}, baseError: { message: e.message } } as never,
              notice: { message: e.message, type: 'error' },
            };
          } finally {
            if (tmp) await fs.rm(tmp, { force: true });
          }
        },
      },
      delete: {
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { record, currentAdmin, h } = context;
          if (!record) throw new Error('record missing');
          if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
          try {
            await deps.documents.remove(actorFrom(currentAdmin), Number(record.id()));
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            return { record: record.toJSON(currentAdmin), notice: { message: e.message, type: 'error' } };
          }
          return {
            record: record.toJSON(currentAdmin),
            redirectUrl: h.recordActionUrl({ resourceId: 'submissions', recordId: String(record.params.submissionId), actionName: 'show' }),
            notice: { message: 'Dokumen dihapus', type: 'success' },
          };
        },
      },
    },
  });
