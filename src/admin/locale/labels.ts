import { idTranslation } from './id.js';

/**
 * The panel's Indonesian names, for what is shown outside AdminJS's own pages (an exported list's
 * header and file name), looked up the way AdminJS's translateProperty / translateLabel do:
 * the resource's own entry, then the shared one, then the field's name in words.
 */

type Properties = Record<string, string>;

export function propertyLabel(resourceId: string, path: string): string {
  const own = (idTranslation.resources as Record<string, { properties?: Properties } | undefined>)[resourceId]?.properties;
  return own?.[path] ?? (idTranslation.properties as Properties)[path] ?? startCase(path);
}

export function resourceLabel(resourceId: string): string {
  return (idTranslation.labels as Record<string, string>)[resourceId] ?? startCase(resourceId);
}

/** "createdAt" → "Created At", as AdminJS names a field it has no translation for. */
function startCase(name: string): string {
  return name
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .replace(/\b\w/g, (c) => c.toUpperCase());
}
