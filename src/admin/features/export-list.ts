import { Filter, flat, SortSetter, type ActionContext, type BaseResource, type CurrentAdmin, type PropertyDecorator } from 'adminjs';
import type { ExportColumn, ExportColumnKind, ExportQuery, ExportSheet } from '../../domain/records/record-export.service.js';
import { propertyLabel, resourceLabel } from '../locale/labels.js';
import type { ScopedResource } from '../scoped-resource.js';

/**
 * "Unduh xlsx" of a panel list: the list's own query string read the way AdminJS's list action
 * reads it (flat `filters.*`, `sortBy`, `direction`, the resource's default sort), turned into the
 * WHERE and ORDER by the same ScopedResource code the list's `find` uses, and the list's columns
 * (listProperties) with their Indonesian labels, enum labels and reference titles. The rows are
 * then read and written by RecordExportService, page by page through the RecordService.
 */

/** The export URL of a list (the component appends the list's query string). */
export const exportPath = (resourceId: string): string => `/admin/export/${resourceId}.xlsx`;

/** The list's query and columns for an export of `resource` by the signed-in `currentAdmin`. */
export async function listExportOf(
  resource: BaseResource,
  rawQuery: Record<string, unknown>,
  currentAdmin: CurrentAdmin,
): Promise<{ query: ExportQuery; sheet: ExportSheet }> {
  const unflatten = (flat as unknown as { unflatten: (v: object) => unknown }).unflatten;
  const { sortBy, direction, filters = {} } = unflatten(rawQuery) as { sortBy?: string; direction?: string; filters?: object };
  const decorator = resource.decorate();
  const listed = decorator.getListProperties();
  // As the list action: the asked sort, else the resource's default, else the first sortable column.
  const first = listed.find((p) => p.isSortable());
  const sort = first ? SortSetter({ sortBy, direction } as never, first.name(), decorator.options) : undefined;
  const filter = new Filter(filters, resource);
  const context = { currentAdmin, resource, action: { name: 'list' } } as unknown as ActionContext;
  const { where, order } = await (resource as ScopedResource).listQuery(filter, sort, context);
  const asked = {
    filters: Object.fromEntries(Object.values(filter.filters).map((f) => [f.path, f.value])),
    sort: sort ? `${sort.sortBy} ${sort.direction}` : null,
  };
  return { query: { where, order, asked }, sheet: { title: resourceLabel(resource.id()), columns: columnsOf(resource, listed) } };
}

/** The list's columns; the key first when the list does not show it (a row of the file names its record). */
function columnsOf(resource: BaseResource, listed: PropertyDecorator[]): ExportColumn[] {
  const id = resource.id();
  const pk = (resource as ScopedResource).primaryKey();
  const columns = listed.map((p) => columnOf(id, p));
  if (!columns.some((c) => c.field === pk)) columns.unshift({ field: pk, label: propertyLabel(id, pk), kind: 'number' });
  return columns;
}

function columnOf(resourceId: string, p: PropertyDecorator): ExportColumn {
  const field = p.name();
  const label = propertyLabel(resourceId, p.propertyPath);
  const target = p.reference();
  if (target) {
    const title = target.decorate().titleProperty();
    return { field, label, kind: 'reference', reference: { resource: target.id(), title: title.name(), values: labelsOf(title) } };
  }
  const values = labelsOf(p);
  if (values) return { field, label, kind: 'enum', values };
  return { field, label, kind: kindOf(p.type()) };
}

function labelsOf(p: PropertyDecorator): Record<string, string> | undefined {
  const values = p.availableValues();
  return values ? Object.fromEntries(values.map((v) => [String(v.value), String(v.label ?? v.value)])) : undefined;
}

function kindOf(type: string): ExportColumnKind {
  switch (type) {
    case 'number':
    case 'float':
    case 'currency':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}
