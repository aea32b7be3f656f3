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

export function actorFrom(admin: CurrentAdmin | undefined | null, ip?: string | null): Actor {
  const a = admin as PanelAdmin | undefined;
  if (!a?.email || !a.role) throw new ForbiddenError('Sesi tidak valid; silakan masuk kembali');
  return { id: Number(a.id), email: a.email, role: a.role, opdId: a.opdId ?? null, ip: ip ?? null };
}
