/**
 * Typed errors thrown by services: a stable `code` (for clients, logs and tests) and a message in
 * Bahasa Indonesia that the user reads as it is. Services never know about HTTP, AdminJS or exit
 * codes: each surface translates these errors in one function (the panel and the HTTP routes in
 * src/admin/error-edge.ts, the command line in src/cli/error-edge.ts). `status` is the HTTP status
 * the web edge answers with.
 */
export class DomainError extends Error {
  readonly code: string = 'domain_error';
  readonly status: number = 400;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input. `fields` maps a field name to its message; `row` is set for imports. */
export class ValidationError extends DomainError {
  override readonly code: string = 'validation';
  override readonly status = 422;
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
    readonly row?: number,
  ) {
    super(message);
  }
}

/**
 * An action outside its campaign phase: the message names the phase, its dates and today.
 * `phase` is the phase of the day (null before the first window), `allowedPhases` those the
 * action belongs to, `today` the regency's calendar date (YYYY-MM-DD).
 */
export class PhaseClosedError extends ValidationError {
  override readonly code = 'phase_closed';
  constructor(
    message: string,
    readonly phase: string | null,
    readonly allowedPhases: readonly string[],
    readonly today: string,
  ) {
    super(message, { phase: message });
  }
}

/** The actor may not do this (role, OPD, or a rule about who acts). */
export class ForbiddenError extends DomainError {
  override readonly code = 'forbidden';
  override readonly status = 403;
}

export class NotFoundError extends DomainError {
  override readonly code = 'not_found';
  override readonly status = 404;
}

/** The state does not allow it now (a stale page, a duplicate, a row still in use). */
export class ConflictError extends DomainError {
  override readonly code = 'conflict';
  override readonly status = 409;
}
