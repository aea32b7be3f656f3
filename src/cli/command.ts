import type { AppConfig } from '../../config/env.js';
import type { Container } from '../container.js';
import type { Logger } from '../logger.js';

/** One command of `npm run cli -- <name> …`: parses its arguments and calls one service. */
export interface CliCommand {
  name: string;
  /** Its line in the help text: the arguments, then what it does. */
  usage: string;
  /** Returns the exit code; what goes wrong is thrown, and the error edge (error-edge.ts) reports it. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

export interface CliContext {
  config: AppConfig;
  logger: Logger;
  /** A line for the user (stdout). */
  print: (line: string) => void;
  /** The database (created and migrated) and the container for `fn`, closed again after it. */
  withContainer<T>(fn: (container: Container) => Promise<T>): Promise<T>;
}
