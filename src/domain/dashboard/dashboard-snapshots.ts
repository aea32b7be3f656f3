import type { Sequelize } from 'sequelize';
import type { DashboardSnapshot, Models } from '../../db/models/index.js';
import type { AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../shared/actor.js';
import { jakartaDate } from '../shared/time.js';
import { opdScope, REGENCY_SCOPE, scopeFigures, type ScopeFigures } from './dashboard-figures.js';
import { factPrints, opdPrint, regencyPrint, type FactPrints } from './fact-prints.js';

/**
 * The dashboard's precomputed figures (issue 11): one row per scope in dashboard_snapshots, so a
 * dashboard reads one row instead of aggregating the regency per request.
 *
 * - Freshness: a snapshot is shown while its facts were confirmed unchanged (its fingerprint,
 *   fact-prints.ts) within `maxAgeMs` (DASHBOARD_MAX_AGE_SECONDS); past that the reader checks the
 *   fingerprint itself (a few indexed grouped queries on the scope) and rebuilds only when the facts
 *   changed. The time-dependent parts (ages in days, the 7-day windows, the forecast) are rebuilt
 *   at the latest after `fullMaxMs` (DASHBOARD_SNAPSHOT_MAX_MINUTES) or on a new calendar day.
 *   The screen shows when the figures were computed ("diperbarui 08.15 WIB").
 * - The refresh job (`dashboard-refresh`, every minute) does the same for every OPD and the
 *   regency ahead of the readers: incrementally, only the scopes whose fingerprint changed.
 * - The consistency job (`dashboard-consistency`, nightly; `npm run cli -- counters check [--fix]`)
 *   recomputes every snapshot whose facts are unchanged from the facts, as of the moment it was
 *   computed (the reports' as-of rules make that exact), and reports any difference as drift
 *   (an audit row, the log, the CLI's exit code); with `fix` it rebuilds what drifted.
 */

export interface SnapshotRead {
  at: Date;
  figures: ScopeFigures;
}

export interface RefreshResult {
  rebuilt: string[];
  unchanged: number;
  removed: number;
}

export interface DriftItem {
  scope: string;
  /** Where the stored figures differ from the recomputed ones ('opd.summary.total: 12 ≠ 13'), at most 10. */
  differences: string[];
}

export interface CheckResult {
  checked: number;
  drift: DriftItem[];
  /** Scopes whose facts changed since their snapshot (not drift: the next refresh rebuilds them). */
  pending: string[];
  /** Scopes rebuilt (fix). */
  fixed: string[];
}

export interface DashboardSnapshotsDeps {
  models: Models;
  sequelize: Sequelize;
  audit: AuditService;
  maxAgeMs: number;
  fullMaxMs: number;
}

export class DashboardSnapshots {
  private readonly inflight = new Map<string, Promise<SnapshotRead>>();
  constructor(private readonly deps: DashboardSnapshotsDeps) {}

  /** The figures of `scope` to show at `now` (see the class comment); concurrent readers share one rebuild. */
  async read(scope: string, now: Date): Promise<SnapshotRead> {
    const row = await this.deps.models.DashboardSnapshot.findOne({ where: { scope } });
    if (row && this.confirmed(row, now)) return this.parsed(row);
    if (row && !this.expired(row, now)) {
      const print = this.printOf(scope, await this.prints(scope));
      if (print === row.fingerprint) {
        await this.deps.models.DashboardSnapshot.update({ checkedAt: now }, { where: { scope } });
        return this.parsed(row);
      }
    }
    return this.rebuildShared(scope, now);
  }

  /** The refresh job: rebuilds the snapshots of the scopes whose facts changed (or that expired), confirms the others. */
  async refresh(now: Date): Promise<RefreshResult> {
    const { models } = this.deps;
    const [opds, rows, prints] = await Promise.all([
      models.Opd.findAll({ attributes: ['id'], raw: true }),
      models.DashboardSnapshot.findAll({ attributes: ['scope', 'fingerprint', 'computedAt', 'checkedAt'] }),
      factPrints(this.deps.sequelize),
    ]);
    const byScope = new Map(rows.map((r) => [r.scope, r]));
    const scopes = [...opds.map((o) => opdScope(o.id)), REGENCY_SCOPE];
    const rebuilt: string[] = [];
    const unchanged: string[] = [];
    for (const scope of scopes) {
      const row = byScope.get(scope);
      const print = this.printOf(scope, prints);
      if (row && row.fingerprint === print && !this.expired(row, now)) unchanged.push(scope);
      else {
        await this.rebuild(scope, now, print);
        rebuilt.push(scope);
      }
    }
    if (unchanged.length) await models.DashboardSnapshot.update({ checkedAt: now }, { where: { scope: unchanged } });
    const gone = rows.map((r) => r.scope).filter((s) => !scopes.includes(s));
    if (gone.length) await models.DashboardSnapshot.destroy({ where: { scope: gone } });
    return { rebuilt, unchanged: unchanged.length, removed: gone.length };
  }

  /** The consistency check (see the class comment); audited, drift logged by the caller's edge. */
  async check(now: Date, opts: { fix?: boolean } = {}): Promise<CheckResult> {
    const { models } = this.deps;
    const [rows, prints] = await Promise.all([
      models.DashboardSnapshot.findAll({ order: [['scope', 'ASC']] }),
      factPrints(this.deps.sequelize),
    ]);
    const result: CheckResult = { checked: 0, drift: [], pending: [], fixed: [] };
    for (const row of rows) {
      const print = this.printOf(row.scope, prints);
      if (print !== row.fingerprint) {
        result.pending.push(row.scope);
        continue;
      }
      result.checked++;
      const again = JSON.stringify(await scopeFigures(models, row.scope, row.computedAt));
      if (again !== row.figures)
        result.drift.push({ scope: row.scope, differences: differences(JSON.parse(row.figures), JSON.parse(again)) });
    }
    if (opts.fix) {
      for (const scope of [...result.drift.map((d) => d.scope), ...result.pending]) {
        await this.rebuild(scope, now, this.printOf(scope, prints));
        result.fixed.push(scope);
      }
    }
    await this.deps.audit.record(SYSTEM_ACTOR, {
      action: 'dashboard_check',
      resource: 'dashboard_snapshots',
      outcome: result.drift.length ? 'failed' : 'ok',
      after: { checked: result.checked, pending: result.pending.length, fixed: result.fixed.length, drift: result.drift.slice(0, 20) },
      message: result.drift.length
        ? `Selisih angka dasbor pada ${result.drift.length} cakupan: ${result.drift.map((d) => d.scope).join(', ')}`
        : `Angka dasbor sesuai fakta (${result.checked} cakupan diperiksa)`,
    });
    return result;
  }

  private confirmed(row: DashboardSnapshot, now: Date): boolean {
    const age = now.getTime() - row.checkedAt.getTime();
    return age >= 0 && age < this.deps.maxAgeMs && !this.expired(row, now);
  }

  private expired(row: Pick<DashboardSnapshot, 'computedAt'>, now: Date): boolean {
    const age = now.getTime() - row.computedAt.getTime();
    return age < 0 || age >= this.deps.fullMaxMs || jakartaDate(row.computedAt) !== jakartaDate(now);
  }

  private parsed(row: DashboardSnapshot): SnapshotRead {
    return { at: row.computedAt, figures: JSON.parse(row.figures) as ScopeFigures };
  }

  private prints(scope: string): Promise<FactPrints> {
    const opdId = opdIdOf(scope);
    return factPrints(this.deps.sequelize, opdId === null ? undefined : [opdId]);
  }

  private printOf(scope: string, prints: FactPrints): string {
    const opdId = opdIdOf(scope);
    return opdId === null ? regencyPrint(prints) : opdPrint(prints, opdId);
  }

  private rebuildShared(scope: string, now: Date): Promise<SnapshotRead> {
    const running = this.inflight.get(scope);
    if (running) return running;
    const p = this.prints(scope)
      .then((prints) => this.rebuild(scope, now, this.printOf(scope, prints)))
      .finally(() => this.inflight.delete(scope));
    this.inflight.set(scope, p);
    return p;
  }

  /** Computes the scope's figures as of `now` from the facts fingerprinted as `print` (read before), and stores them. */
  private async rebuild(scope: string, now: Date, print: string): Promise<SnapshotRead> {
    const at = now;
    const figures = await scopeFigures(this.deps.models, scope, at);
    await this.deps.models.DashboardSnapshot.upsert({
      scope,
      opdId: opdIdOf(scope),
      fingerprint: print,
      figures: JSON.stringify(figures),
      computedAt: at,
      checkedAt: at,
    });
    return { at, figures };
  }
}

function opdIdOf(scope: string): number | null {
  const m = /^opd:(\d+)$/.exec(scope);
  return m ? Number(m[1]) : null;
}

/** The paths where two JSON values differ, with both values (at most `max`). */
export function differences(stored: unknown, fresh: unknown, path = '', out: string[] = [], max = 10): string[] {
  if (out.length >= max) return out;
  if (stored && fresh && typeof stored === 'object' && typeof fresh === 'object') {
    const keys = new Set([...Object.keys(stored), ...Object.keys(fresh)]);
    for (const k of keys)
      differences((stored as Record<string, unknown>)[k], (fresh as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, max);
    return out;
  }
  if (JSON.stringify(stored) !== JSON.stringify(fresh))
    out.push(`${path || '(semua)'}: ${JSON.stringify(stored)} ≠ ${JSON.stringify(fresh)}`);
  return out;
}
