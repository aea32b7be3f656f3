import type { CurrentAdmin } from 'adminjs';
import type { Actor } from '../domain/shared/actor.js';
import type { Role } from '../domain/shared/constants.js';
import { ForbiddenError } from '../domain/shared/errors.js';

/**
 * What the browser gets about the signed-in user: the minimum the panel needs.
 * No password hash, no session data.
 */
export interface PanelAdmin extends CurrentAdmin {
  id: string;
  email: string;
  title: string;
  role: Role;
  opdId: number | null;
  opdName?: string | null;
}

/**
 * The actor of a panel request: the signed-in user of the session and the client IP — taken from
 * the request itself (an Express request, or an AdminJS ActionRequest, which carries `ip` since the
 * session guard made it one of the request's own properties) or given as is. The one place that
 * turns a session into an Actor: actions, routes, the session guard and the account page use it.
 * Throws ForbiddenError without a valid session.
 */
export function actorFrom(admin: CurrentAdmin | undefined | null, request?: unknown): Actor {
  const a = admin as PanelAdmin | undefined;
  if (!a?.email || !a.role) throw new ForbiddenError('Sesi tidak valid; silakan masuk kembali');
  return { id: Number(a.id), email: a.email, role: a.role, opdId: a.opdId ?? null, ip: ipOf(request) };
}

function ipOf(request: unknown): string | null {
  const ip = typeof request === 'string' ? request : (request as { ip?: unknown } | null | undefined)?.ip;
  return typeof ip === 'string' && ip ? ip : null;
}
