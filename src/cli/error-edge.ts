import { ConfigError } from '../../config/env.js';
import { DomainError, ValidationError } from '../domain/shared/errors.js';
import { text } from '../domain/shared/text.js';

/**
 * The command line's one error edge: every error a command throws becomes an exit code and a
 * message in Bahasa Indonesia here, and nowhere else.
 *
 *   0 done · 1 failed (unexpected error, a broken store, a send that failed) · 2 refused by a
 *   service (bad input, not found, not allowed, conflict, closed phase: nothing changed) ·
 *   3 nothing to do (a period already sent) · 64 usage · 78 config
 */
export const EXIT = { ok: 0, failed: 1, refused: 2, alreadySent: 3, usage: 64, config: 78 } as const;

/** Wrong use of the command line itself (unknown command or option, missing argument). */
export class UsageError extends Error {}

/** node:util parseArgs refuses an unknown option or a missing value with an error coded ERR_PARSE_ARGS_*. */
const isParseArgsError = (e: unknown): e is Error =>
  typeof e === 'object' && e !== null && text((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || isParseArgsError(error)) return EXIT.usage;
  if (error instanceof ConfigError) return EXIT.config;
  // A 5xx domain error (a damaged stored file) is a failure, not a refusal of the input.
  if (error instanceof DomainError) return error.status < 500 ? EXIT.refused : EXIT.failed;
  return EXIT.failed;
}

/** What the user reads: the rule's own message (with the row and the fields of bad input), or the crash. */
export function messageOf(error: unknown): string {
  if (error instanceof ValidationError) {
    const lines = Object.entries(error.fields).map(([field, message]) => `  ${field}: ${message}`);
    return [error.row !== undefined ? `Baris ${error.row}: ${error.message}` : error.message, ...lines].join('\n');
  }
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DomainError) return error.message;
  if (isParseArgsError(error)) return `Argumen tidak valid: ${error.message}`;
  return `Terjadi kesalahan yang tidak terduga:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
