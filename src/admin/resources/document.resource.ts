import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Models } from '../../db/models/index.js';
import { referenceData } from '../../../config/reference-data.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';
import { actorFrom } from '../current-admin.js';
import { uploadDocumentHandler } from '../features/document-upload.js';

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
      file: {
        type: 'string',
        components: { edit: deps.components.UploadPdf },
        isVisible: { list: false, show: false, filter: false, edit: true },
      },
    },
    actions: {
      edit: { isAccessible: false },
      new: { handler: uploadDocumentHandler(deps) },
      // The scan and its row go together, through the document service.
      delete: {
        handler: async (
          request: ActionRequest,
          _response: unknown,
          { record, currentAdmin, h }: ActionContext,
        ): Promise<ActionResponse> => {
          await deps.documents.remove(actorFrom(currentAdmin, request), Number(record!.id()));
          return {
            record: record!.toJSON(currentAdmin),
            redirectUrl: h.recordActionUrl({
              resourceId: 'submissions',
              recordId: String(record!.params.submissionId),
              actionName: 'show',
            }),
            notice: { message: 'Dokumen dihapus', type: 'success' },
          };
        },
      },
    },
  });
