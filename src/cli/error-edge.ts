import { DomainError, ValidationError } from '../domain/shared/errors.js';

/**
 * The error edge of the command line: the one mapping of an error to the process's exit code and
 * to what the command prints. A refusal by a service (any DomainError: bad input, a rule, a
 * missing row, a closed phase) changed nothing and exits EXIT.refused; anything else is a failure.
 */

export const EXIT = {
  ok: 0,
  /** Something broke (a bug, the database, the network): see the error. */
  failed: 1,
  /** A service refused: the input or the state does not allow it; nothing changed. */
  refused: 2,
  /** Nothing to do (e.g. a period already sent). */
  nothingToDo: 3,
  /** The command line itself is wrong (sysexits EX_USAGE). */
  usage: 64,
} as const;

export function exitCodeOf(error: unknown): number {
  return error instanceof DomainError && error.status < 500 ? EXIT.refused : EXIT.failed;
}

/** What the command prints for an error: a refusal's Indonesian message, with its fields (and row) one per line. */
export function cliMessageOf(error: unknown): string {
  if (!(error instanceof DomainError)) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (!(error instanceof ValidationError)) return error.message;
  const lines = Object.entries(error.fields).map(([field, message]) => `  ${field}: ${message}`);
  return [error.row !== undefined ? `Baris ${error.row}: ${error.message}` : error.message, ...lines].join('\n');
}
