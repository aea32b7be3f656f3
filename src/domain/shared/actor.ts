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
