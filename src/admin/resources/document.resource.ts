import type { Models } from '../../db/models.js';
import { referenceData } from '../../../config/reference-data.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const documentResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Document, deps, {
    navigation: NAV.workflow,
    titleProperty: 'originalName',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['submissionId', 'documentType', 'originalName', 'size', 'createdAt'],
    filterProperties: ['submissionId', 'documentType', 'opdId'],
    showProperties: ['submissionId', 'opdId', 'documentType', 'originalName', 'size', 'sha256', 'uploadedBy', 'createdAt'],
    editProperties: ['submissionId', 'documentType'],
    properties: {
      documentType: { availableValues: referenceData().documentTypes.map((d) => ({ value: d.code, label: d.label })) },
      storageKey: { isVisible: false },
    },
    actions: { edit: { isAccessible: false } },
  });
