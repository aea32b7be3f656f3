/**
 * Typed errors thrown by services. The edges (AdminJS actions, Express routes, the CLI)
 * translate them into a clear Indonesian message; services never know about HTTP.
 */
export class DomainError extends Error {
  readonly status: number = 400;
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input. `fields` maps a field name to its message; `row` is set for imports. */
export class ValidationError extends DomainError {
  override readonly status = 422;
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
    readonly row?: number,
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly status = 403;
}

export class NotFoundError extends DomainError {
  override readonly status = 404;
}

export class ConflictError extends DomainError {
  override readonly status = 409;
}
