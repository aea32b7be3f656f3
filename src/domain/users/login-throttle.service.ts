import crypto from 'node:crypto';
import { Op, UniqueConstraintError, literal } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/**
 * Throttles for password guesses: logins (per account and per client IP) and the current-password
 * check of the change-password form (per user).
 *
 * The attempt is claimed BEFORE the password is checked, by one conditional UPDATE of a counter
 * row in the database (`auth_throttles`), so the limit holds under parallel requests and across
 * app instances and restarts: of N simultaneous requests at most `max` get a claim, whatever the
 * order in which they reach the database (a row lock on MySQL/MariaDB, the single writer on SQLite).
 * Counting failures after the check (as audit rows) let a burst through: every request of the
 * burst was checked before the first failure was written.
 *
 * Windows: a key's window starts with its first attempt and lasts `windowMs`; the first attempt
 * after it has ended starts a new one. A request refused by one key takes nothing from the others.
 *
 * A success gives its own attempt back (release), so the counters count failed attempts (plus
 * those being checked right now): many users logging in from one office IP never block it, and
 * a right password does not count against the account. It does NOT wipe the failures before it:
 * a guessing run on an account stays counted until its window ends, and an attacker holding one
 * valid account cannot reset the per-IP count by logging in with it between guesses.
 */
export interface ThrottlePolicy {
  windowMs: number;
  maxPerAccount: number;
  maxPerIp: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60 * 1000, maxPerAccount: 5, maxPerIp: 30 };

/** Wrong "current password" guesses on the change-password form, per user. */
export const PASSWORD_CHANGE_THROTTLE = { windowMs: 15 * 60 * 1000, max: 5 };

export interface ThrottleKey {
  scope: 'login_account' | 'login_ip' | 'password_change';
  subject: string;
  max: number;
}

/** Attempts claimed by one request: give them back with `release` when the password was right. */
export interface ThrottleClaim {
  keys: readonly ThrottleKey[];
}

const PRUNE_EVERY_MS = 15 * 60 * 1000;

export class AttemptThrottle {
  private lastPrune = 0;
  constructor(
    private readonly models: Models,
    private readonly windowMs: number,
  ) {}

  static keyOf(k: Pick<ThrottleKey, 'scope' | 'subject'>): string {
    return crypto.createHash('sha256').update(`${k.scope}\n${k.subject}`).digest('hex');
  }

  /**
   * Claims one attempt on every key, all or nothing: null when one of them is at its limit (the
   * keys claimed before it are given back, so a refused request counts nowhere).
   */
  async claim(keys: readonly ThrottleKey[], now = new Date()): Promise<ThrottleClaim | null> {
    await this.prune(now);
    const taken: ThrottleKey[] = [];
    for (const key of keys) {
      if (await this.claimOne(key, now)) {
        taken.push(key);
        continue;
      }
      if (taken.length) await this.release({ keys: taken });
      return null;
    }
    return { keys: taken };
  }

  /** Gives the claimed attempts back (the password was right). */
  async release(claim: ThrottleClaim): Promise<void> {
    for (const key of claim.keys) {
      await this.models.AuthThrottle.update(
        { attempts: literal('attempts - 1') },
        { where: { key: AttemptThrottle.keyOf(key), attempts: { [Op.gt]: 0 } } },
      );
    }
  }

  /** Attempts counted on a key in its current window (0 when it has none or it has ended). */
  async count(key: Pick<ThrottleKey, 'scope' | 'subject'>, now = new Date()): Promise<number> {
    const row = await this.models.AuthThrottle.findByPk(AttemptThrottle.keyOf(key));
    if (!row || row.windowStart.getTime() <= now.getTime() - this.windowMs) return 0;
    return row.attempts;
  }

  private async claimOne(key: ThrottleKey, now: Date): Promise<boolean> {
    const T = this.models.AuthThrottle;
    const id = AttemptThrottle.keyOf(key);
    const windowEnded = new Date(now.getTime() - this.windowMs);
    for (let round = 0; round < 3; round++) {
      // Inside the current window and under the limit: one more. The condition and the increment
      // are one statement, so two requests can never both take the last attempt.
      const [counted] = await T.update(
        { attempts: literal('attempts + 1') },
        { where: { key: id, windowStart: { [Op.gt]: windowEnded }, attempts: { [Op.lt]: key.max } } },
      );
      if (counted) return true;
      // The window has ended: this attempt opens the next one (only one request can match).
      const [reopened] = await T.update({ attempts: 1, windowStart: now }, { where: { key: id, windowStart: { [Op.lte]: windowEnded } } });
      if (reopened) return true;
      // Neither matched: the key is at its limit, or it had no row yet (it may have one now:
      // another request created it since the first UPDATE; then count against it).
      const row = await T.findByPk(id);
      if (row) {
        if (row.attempts >= key.max && row.windowStart.getTime() > windowEnded.getTime()) return false;
        continue;
      }
      try {
        await T.create({ key: id, scope: key.scope, subject: key.subject.slice(0, 150), attempts: 1, windowStart: now });
        return true;
      } catch (e) {
        // Another request created the row first: count against it.
        if (!(e instanceof UniqueConstraintError)) throw e;
      }
    }
    return false;
  }

  /** Drops counters whose window has ended (now and then, from whichever instance claims). */
  private async prune(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.models.AuthThrottle.destroy({ where: { windowStart: { [Op.lt]: new Date(now.getTime() - this.windowMs) } } });
  }
}

/** The login and change-password policies on top of the counters. */
export class LoginThrottle {
  private readonly login: AttemptThrottle;
  private readonly passwordChange: AttemptThrottle;
  constructor(
    models: Models,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {
    this.login = new AttemptThrottle(models, policy.windowMs);
    this.passwordChange = new AttemptThrottle(models, PASSWORD_CHANGE_THROTTLE.windowMs);
  }

  static accountOf(email: string): string {
    return String(email ?? '')
      .trim()
      .toLowerCase();
  }

  /** One login attempt for the account (e-mail, any case) and the client IP; null: blocked. */
  claimLogin(email: string, ip: string | null, now = new Date()): Promise<ThrottleClaim | null> {
    const keys: ThrottleKey[] = [];
    // The IP first: an address at its limit takes nothing from the account it tries.
    if (ip) keys.push({ scope: 'login_ip', subject: ip, max: this.policy.maxPerIp });
    keys.push({ scope: 'login_account', subject: LoginThrottle.accountOf(email), max: this.policy.maxPerAccount });
    return this.login.claim(keys, now);
  }

  /** One check of the current password of a signed-in user; null: blocked. */
  claimPasswordChange(userId: number, now = new Date()): Promise<ThrottleClaim | null> {
    return this.passwordChange.claim([{ scope: 'password_change', subject: String(userId), max: PASSWORD_CHANGE_THROTTLE.max }], now);
  }

  /** The password was right: the attempt does not count. */
  release(claim: ThrottleClaim): Promise<void> {
    return claim.keys[0]?.scope === 'password_change' ? this.passwordChange.release(claim) : this.login.release(claim);
  }

  /** Failed attempts counted now on an account (for the administrator and the tests). */
  accountAttempts(email: string, now = new Date()): Promise<number> {
    return this.login.count({ scope: 'login_account', subject: LoginThrottle.accountOf(email) }, now);
  }
}
