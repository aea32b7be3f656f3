import { Op } from 'sequelize';
import type { Models } from '../../db/models.js';

/**
 * Login throttling from the audit trail itself: failed logins are audit rows, so the limit
 * holds across restarts and across app instances without another store.
 */
export interface ThrottlePolicy {
  windowMs: number;
  maxPerAccount: number;
  maxPerIp: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60 * 1000, maxPerAccount: 5, maxPerIp: 30 };

export class LoginThrottle {
  constructor(
    private readonly models: Models,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  async blocked(email: string, ip: string | null, now = new Date()): Promise<boolean> {
    const since = new Date(now.getTime() - this.policy.windowMs);
    const failures = (where: object) =>
      this.models.AuditLog.count({ where: { action: 'login_failed', createdAt: { [Op.gte]: since }, ...where } });
    const [byAccount, byIp] = await Promise.all([
      failures({ userEmail: email.trim().toLowerCase() }),
      ip ? failures({ ip }) : Promise.resolve(0),
    ]);
    return byAccount >= this.policy.maxPerAccount || byIp >= this.policy.maxPerIp;
  }
}
