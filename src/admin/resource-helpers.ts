import type { ActionContext, ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { can } from '../domain/access/access-policy.js';
import type { RecordService } from '../domain/records/record.service.js';
import { ScopedResource } from './scoped-resource.js';
import { actorFrom } from './current-admin.js';

export interface ResourceDeps {
  records: RecordService;
}

/** A synchronous isAccessible backed by the access policy (an async one would count as true). */
export const allowed =
  (resource: string, action: string) =>
  ({ currentAdmin }: { currentAdmin?: ActionContext['currentAdmin'] }): boolean => {
    try {
      return can(actorFrom(currentAdmin), resource, action);
    } catch {
      return false;
    }
  };

const CRUD = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'] as const;

export const NAV = {
  data: { name: 'Data Pegawai', icon: 'Users' },
  workflow: { name: 'Pemutakhiran', icon: 'CheckSquare' },
  helpdesk: { name: 'Helpdesk', icon: 'LifeBuoy' },
  reports: { name: 'Laporan', icon: 'FileText' },
  settings: { name: 'Pengaturan', icon: 'Settings' },
};

/**
 * Builds a resource whose every query is scoped by the RecordService and whose every
 * built-in action asks the access policy.
 */
export function scopedResource(
  model: ModelStatic<Model>,
  deps: ResourceDeps,
  options: ResourceOptions,
): ResourceWithOptions {
  const resource = new ScopedResource(model, deps.records);
  const id = model.getTableName() as string;
  const actions: NonNullable<ResourceOptions['actions']> = { ...(options.actions ?? {}) };
  for (const name of CRUD) {
    actions[name] = { ...(actions[name] ?? {}), isAccessible: allowed(id, name) } as never;
  }
  return { resource, options: { ...options, id, actions } };
}
