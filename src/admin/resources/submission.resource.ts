import type { Models } from '../../db/models.js';
import { referenceData } from '../../../config/reference-data.js';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

export const submissionResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.Submission, deps, {
    navigation: NAV.workflow,
    titleProperty: 'category',
    sort: { sortBy: 'submittedAt', direction: 'asc' },
    listProperties: ['id', 'employeeId', 'opdId', 'category', 'status', 'submittedAt', 'lastNote'],
    filterProperties: ['status', 'category', 'opdId', 'employeeId', 'submittedAt', 'source'],
    editProperties: ['employeeId', 'category', 'proposedValues'],
    showProperties: ['id', 'employeeId', 'opdId', 'campaignId', 'category', 'status', 'proposedValues', 'submittedAt', 'verifiedAt', 'validatedAt', 'decidedAt', 'lastNote', 'source'],
    properties: {
      status: { availableValues: SUBMISSION_STATUSES.map((s) => ({ value: s, label: SUBMISSION_STATUS_LABELS[s] })), isVisible: { edit: false, list: true, show: true, filter: true } },
      category: { availableValues: referenceData().categories.map((c) => ({ value: c.code, label: c.label })) },
      proposedValues: { type: 'textarea' },
      version: { isVisible: false },
    },
  });
