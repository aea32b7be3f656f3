import session from 'express-session';
import { Op } from 'sequelize';
import type { Models } from './models/index.js';

/**
 * express-session store on the `sessions` table: shared by every app instance, survives
 * restarts, and lets a user's sessions be ended by deleting their rows (deactivation).
 */
export class SequelizeSessionStore extends session.Store {
  private lastPrune = 0;
  constructor(
    private readonly models: Models,
    private readonly ttlMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(Date.now() + this.ttlMs);
  }

  override get(sid: string, cb: (err: unknown, sess?: session.SessionData | null) => void): void {
    this.models.Session.findByPk(sid)
      .then((row) => {
        if (!row || !row.data || (row.expires && row.expires.getTime() < Date.now())) return cb(null, null);
        cb(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch((e) => cb(e));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const userId = (sess as unknown as { adminUser?: { id?: string } }).adminUser?.id;
    this.models.Session.upsert({ sid, data: JSON.stringify(sess), expires: this.expiry(sess), userId: userId ? Number(userId) : null })
      .then(() => this.prune())
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.models.Session.destroy({ where: { sid } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    this.models.Session.update({ expires: this.expiry(sess) }, { where: { sid } })
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
