import { NotFoundError as AdminNotFound, type ActionHandler, type ActionResponse } from 'adminjs';
import type { ScopedResource } from '../scoped-resource.js';

/**
 * The panel's bulk delete (every scoped resource gets it in place of AdminJS's, which deletes the
 * rows one by one in parallel, so a selection could half-succeed): one RecordService call, one
 * transaction — every selected row goes, or none does, with the first refusal as the notice.
 * GET never reaches it (scopedResource answers GET with the selection).
 */
export const bulkDeleteAll: ActionHandler<ActionResponse> = async (_request, _response, context) => {
  const { records = [], resource, h, currentAdmin } = context;
  if (!records.length) throw new AdminNotFound('no records were selected.', 'Action#handler');
  await (resource as unknown as ScopedResource).deleteMany(
    records.map((r) => String(r.id())),
    context,
  );
  return {
    records: records.map((r) => r.toJSON(currentAdmin)),
    notice: {
      message: records.length > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted',
      options: { count: records.length },
      resourceId: resource.id(),
      type: 'success',
    },
    redirectUrl: h.resourceUrl({ resourceId: resource._decorated?.id() || resource.id() }),
  };
};
