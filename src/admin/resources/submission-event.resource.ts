import type { Models } from '../../db/models/index.js';
import { SUBMISSION_STATUSES, SUBMISSION_STATUS_LABELS } from '../../domain/shared/constants.js';
import { NAV, scopedResource, type ResourceDeps } from '../resource-helpers.js';

const statuses = SUBMISSION_STATUSES.map((s) => ({ value: s, label: SUBMISSION_STATUS_LABELS[s] }));

export const submissionEventResource = (models: Models, deps: ResourceDeps) =>
  scopedResource(models.SubmissionEvent, deps, {
    navigation: NAV.workflow,
    // Newest first by the primary key: events are written as they happen, and the key's order is an index on every engine.
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['submissionId', 'fromStatus', 'toStatus', 'actorUserId', 'actorRole', 'note', 'createdAt'],
    filterProperties: ['submissionId', 'toStatus', 'opdId', 'createdAt'],
    properties: { fromStatus: { availableValues: statuses }, toStatus: { availableValues: statuses } },
  });
