import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { GUIDE_KIND_LABELS, GUIDE_KINDS, type GuideService } from '../../domain/guides/guide.service.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { NAV, allowed, readOnly, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { refusedAction } from '../error-edge.js';
import { readUpload, removeUploads, uploadPath, type UploadedFile } from '../uploads.js';

/**
 * Guides (Buku Saku, Juknis) per campaign (issue 13): BKPSDM uploads them through GuideService
 * (checked like documents), every role lists them and downloads them by /admin/guides/:id/file.
 */

const service = (deps: ResourceDeps): GuideService => {
  if (!deps.guides) throw new Error('GuideService missing from the resource deps');
  return deps.guides;
};

export const guideResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Guide, deps, {
    navigation: NAV.reports,
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['campaignId', 'kind', 'title', 'originalName', 'createdAt'],
    filterProperties: ['campaignId', 'kind', 'title'],
    showProperties: ['campaignId', 'kind', 'title', 'originalName', 'size', 'sha256', 'uploadedBy', 'createdAt'],
    editProperties: ['campaignId', 'kind', 'title', 'file'],
    properties: {
      kind: { availableValues: GUIDE_KINDS.map((k) => ({ value: k, label: GUIDE_KIND_LABELS[k] })) },
      storageKey: { isVisible: false },
      file: {
        type: 'string',
        components: { edit: deps.components.UploadPdf },
        isVisible: { list: false, show: false, filter: false, edit: true },
      },
    },
    actions: {
      edit: { isAccessible: false },
      new: {
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { currentAdmin, h } = context;
          const payload = (request.payload ?? {}) as Record<string, unknown>;
          const file = payload.file as UploadedFile | undefined;
          try {
            if (!file || !uploadPath(file))
              throw new ValidationError('Pilih berkas PDF panduan yang akan diunggah', { file: 'Berkas wajib dipilih' });
            const row = await service(deps).upload(actorFrom(currentAdmin, request), {
              campaignId: Number(payload.campaignId),
              title: typeof payload.title === 'string' ? payload.title : '',
              kind: typeof payload.kind === 'string' ? payload.kind : '',
              ...(await readUpload(file, 'panduan.pdf')),
            });
            return {
              record: { params: { id: row.id, title: row.title }, errors: {}, populated: {} } as never,
              redirectUrl: h.resourceActionUrl({ resourceId: 'guides', actionName: 'list' }),
              notice: { message: `Panduan "${row.title}" diunggah`, type: 'success' },
            };
          } catch (e) {
            return refusedAction(e, context, {
              params: { campaignId: payload.campaignId ?? null, kind: payload.kind ?? null, title: payload.title ?? null },
              field: 'file',
            });
          } finally {
            await removeUploads([file]);
          }
        },
      },
      delete: {
        handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
          const { record, currentAdmin, h } = context;
          await service(deps).remove(actorFrom(currentAdmin, request), Number(record!.id()));
          return {
            record: record!.toJSON(currentAdmin),
            redirectUrl: h.resourceActionUrl({ resourceId: 'guides', actionName: 'list' }),
            notice: { message: 'Panduan dihapus', type: 'success' },
          };
        },
      },
      download: {
        actionType: 'record',
        icon: 'Download',
        component: deps.components.DownloadLink,
        isAccessible: allowed('guides', 'download'),
        custom: { title: 'Unduh panduan', href: '/admin/guides/{id}/file?download=1', button: 'Unduh (PDF)' },
        handler: readOnly((_request, _response, context) => Promise.resolve({ record: context.record!.toJSON(context.currentAdmin) })),
      },
    },
  });
