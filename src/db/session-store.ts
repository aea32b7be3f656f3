import session from 'express-session';
import { Op } from 'sequelize';
import type { Models } from './models/index.js';

/** How often an unchanged session's expiry is written back at most (the rolling idle timeout). */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
/** Sessions whose last written expiry this instance remembers (a bound, not a cache of data). */
const KNOWN_EXPIRIES_MAX = 10_000;

/**
 * express-session store on the `sessions` table: shared by every app instance, survives
 * restarts, and lets a user's sessions be ended by deleting their rows (deactivation).
 *
 * Rolling idle timeout without a write per request: express-session calls `touch` on every
 * request that did not change the session. The row's expiry is written only when it would move
 * by at least SESSION_TOUCH_INTERVAL_MS; `get` (which runs first in every request, on whichever
 * instance) reads the row's current expiry, so the decision is taken against the database's
 * value. A session therefore idles out at most one interval before its cookie would.
 */
export class SequelizeSessionStore extends session.Store {
  private lastPrune = 0;
  /** sid → expiry (ms) last read from or written to the row. */
  private readonly knownExpiry = new Map<string, number>();
  constructor(
    private readonly models: Models,
    private readonly ttlMs: number,
    private readonly touchIntervalMs = SESSION_TOUCH_INTERVAL_MS,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(Date.now() + this.ttlMs);
  }

  private remember(sid: string, expires: Date | null): void {
    this.knownExpiry.delete(sid);
    if (!expires) return;
    if (this.knownExpiry.size >= KNOWN_EXPIRIES_MAX) {
      const oldest = this.knownExpiry.keys().next().value;
      if (oldest !== undefined) this.knownExpiry.delete(oldest);
    }
    this.knownExpiry.set(sid, expires.getTime());
  }

  override get(sid: string, cb: (err: unknown, sess?: session.SessionData | null) => void): void {
    this.models.Session.findByPk(sid, { attributes: ['sid', 'data', 'expires'] })
      .then((row) => {
        if (!row || !row.data || (row.expires && row.expires.getTime() < Date.now())) {
          this.knownExpiry.delete(sid);
          return cb(null, null);
        }
        this.remember(sid, row.expires);
        cb(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch((e) => cb(e));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const userId = (sess as unknown as { adminUser?: { id?: string } }).adminUser?.id;
    const expires = this.expiry(sess);
    this.models.Session.upsert({ sid, data: JSON.stringify(sess), expires, userId: userId ? Number(userId) : null })
      .then(() => this.remember(sid, expires))
      .then(() => this.prune())
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.knownExpiry.delete(sid);
    this.models.Session.destroy({ where: { sid } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = this.expiry(sess);
    const known = this.knownExpiry.get(sid);
    if (known !== undefined && expires.getTime() - known < this.touchIntervalMs) {
      cb?.();
      return;
    }
    this.models.Session.update({ expires }, { where: { sid } })
      .then(() => this.remember(sid, expires))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Removes expired rows now and then, from whichever instance writes. */
  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 15 * 60 * 1000) return;
    this.lastPrune = Date.now();
    await this.models.Session.destroy({ where: { expires: { [Op.lt]: new Date() } } });
  }
}
