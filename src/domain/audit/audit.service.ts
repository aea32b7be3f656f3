import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Actor } from '../shared/actor.js';
import { redactSecrets } from '../access/redaction.js';

/**
 * The audit trail. Writes go in the caller's transaction so a change and its audit row
 * commit or roll back together. Rows are never updated or deleted by the application.
 */
export interface AuditEntry {
  action: string; // create | update | delete | verify | login | login_failed | denied | override | ...
  resource?: string | null; // table name
  recordId?: string | number | null;
  opdId?: number | null;
  outcome?: 'ok' | 'denied' | 'failed';
  before?: unknown;
  after?: unknown;
  message?: string | null;
}

/**
 * What an audit row may carry: the one redaction list of the access policy (no password hash,
 * session version, storage key, typed password or server temp path), the list the panel's
 * responses are filtered by too. Dates become ISO strings.
 */
export function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return redactSecrets(value);
}

/** Only the fields that changed, for compact update rows. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  for (const k of Object.keys(after)) {
    if (k === 'updatedAt') continue;
    if (JSON.stringify(norm(before[k])) !== JSON.stringify(norm(after[k]))) {
      b[k] = norm(before[k]);
      a[k] = norm(after[k]);
    }
  }
  return { before: redact(b) as Record<string, unknown>, after: redact(a) as Record<string, unknown> };
}

export class AuditService {
  constructor(private readonly models: Models) {}

  async record(actor: Actor, entry: AuditEntry, transaction?: Transaction | null): Promise<void> {
    await this.models.AuditLog.create(this.row(actor, entry), { transaction: transaction ?? undefined });
  }

  /** Many rows in one INSERT per 500 (an import's batch), same redaction as record(). */
  async recordMany(actor: Actor, entries: readonly AuditEntry[], transaction?: Transaction | null): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      await this.models.AuditLog.bulkCreate(
        entries.slice(i, i + 500).map((e) => this.row(actor, e)),
        { transaction: transaction ?? undefined },
      );
    }
  }

  private row(actor: Actor, entry: AuditEntry) {
    return {
      userId: actor.id,
      userEmail: actor.email,
      role: actor.role,
      action: entry.action,
      resource: entry.resource ?? null,
      recordId: entry.recordId === undefined || entry.recordId === null ? null : String(entry.recordId),
      opdId: entry.opdId ?? null,
      outcome: entry.outcome ?? 'ok',
      beforeData: entry.before === undefined ? null : redact(entry.before),
      afterData: entry.after === undefined ? null : redact(entry.after),
      message: entry.message === undefined || entry.message === null ? null : redactSecrets(entry.message),
      ip: actor.ip ?? null,
    };
  }
}
