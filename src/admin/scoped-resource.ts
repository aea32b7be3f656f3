import { Resource as SequelizeResource, convertFilter } from '@adminjs/sequelize';
import { BaseRecord, ForbiddenError as AdminForbidden, ValidationError as AdminValidationError, type ActionContext, type Filter } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import type { RecordService } from '../domain/records/record.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/shared/errors.js';
import { actorFrom } from './current-admin.js';

/**
 * An AdminJS resource whose every database call goes through the RecordService with the
 * current user as actor. Scoping lives one level below the actions, so list, show, edit,
 * delete, bulk actions, search (reference pickers, filter selects) and populated references
 * all see only what the policy grants — whatever action or URL was used.
 */
export class ScopedResource extends SequelizeResource {
  constructor(
    model: ModelStatic<Model>,
    private readonly records: RecordService,
  ) {
    super(model);
  }

  private actor(context?: ActionContext) {
    return actorFrom(context?.currentAdmin);
  }

  private toRecord(row: Record<string, unknown>): BaseRecord {
    return new BaseRecord(row, this);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return guard(() => this.records.count(this.actor(context), this.id(), convertFilter(filter), actionOf(context, 'list')));
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: string } }, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 20, offset = 0, sort = {} } = options ?? {};
    const order: Array<[string, string]> = sort.sortBy ? [[sort.sortBy, (sort.direction || 'asc').toUpperCase()]] : [];
    const rows = await guard(() =>
      this.records.list(this.actor(context), this.id(), { where: convertFilter(filter), limit, offset, order, action: actionOf(context, 'list') }),
    );
    return rows.map((r) => this.toRecord(r));
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const row = await guard(() => this.records.find(this.actor(context), this.id(), id, 'show'));
    return row ? this.toRecord(row) : null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const rows = await guard(() => this.records.findMany(this.actor(context), this.id(), ids, 'show'));
    return rows.map((r) => this.toRecord(r));
  }

  override async create(params: Record<string, unknown>, context?: ActionContext): Promise<Record<string, unknown>> {
    const values = unflatten(this.parseParams(params));
    return guard(() => this.records.create(this.actor(context), this.id(), values));
  }

  override async update(id: string, params: Record<string, unknown>, context?: ActionContext): Promise<Record<string, unknown>> {
    const values = unflatten(this.parseParams(params));
    return guard(() => this.records.update(this.actor(context), this.id(), id, values));
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    await guard(() => this.records.delete(this.actor(context), this.id(), id));
  }
}

function actionOf(context: ActionContext | undefined, fallback: string): string {
  const name = context?.action?.name;
  return name === 'search' ? 'search' : fallback;
}

function unflatten(params: Record<string, unknown>): Record<string, unknown> {
  // Flat keys like "proposedValues.jenjang" become nested objects.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.');
    let node = out;
    parts.slice(0, -1).forEach((p) => {
      node[p] = (node[p] as Record<string, unknown>) ?? {};
      node = node[p] as Record<string, unknown>;
    });
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** Translates domain errors into the errors AdminJS shows to the user. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ValidationError) {
      const errors = Object.fromEntries(Object.entries(e.fields).map(([k, message]) => [k, { message }]));
      throw new AdminValidationError(errors, { message: e.message });
    }
    if (e instanceof ForbiddenError) throw new AdminForbidden(e.message);
    if (e instanceof NotFoundError) throw new AdminForbidden(e.message);
    throw e;
  }
}
