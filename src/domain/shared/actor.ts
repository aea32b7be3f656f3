import type { Role } from './constants.js';

/**
 * Who is acting. Built from the session by the panel, from `--as` by the CLI, and as the
 * `system` actor by jobs and imports. Every service takes one.
 */
export interface Actor {
  id: number | null;
  email: string;
  role: Role | 'system';
  opdId: number | null;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, email: 'system', role: 'system', opdId: null };

/**
 * Someone not signed in (a login attempt, a request refused before any session): audited under
 * the e-mail they typed, else 'anonymous', and the client IP.
 */
export function anonymousActor(email: string | null | undefined, ip: string | null | undefined): Actor {
  return { id: null, email: email || 'anonymous', role: 'system', opdId: null, ip: ip ?? null };
}
