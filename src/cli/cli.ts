import { loadConfig } from '../../config/env.js';
import { withContainer } from '../bootstrap.js';
import { ROLES } from '../domain/shared/constants.js';
import { createLogger } from '../logger.js';
import type { CliCommand, CliContext } from './command.js';
import { exitCodeOf, messageOf, UsageError } from './error-edge.js';
import { countersCommand } from './counters.js';
import { importCommand } from './import.js';
import { migrate } from './migrate.js';
import { reportSend } from './report-send.js';
import { seed } from './seed.js';
import { userCreate } from './user-create.js';

const COMMANDS: readonly CliCommand[] = [migrate, seed, userCreate, reportSend, importCommand, countersCommand];

export const HELP = `PDM Monitor — perintah baris

${COMMANDS.map((c) => `  npm run cli -- ${c.usage}`).join('\n')}

Peran: ${ROLES.join(', ')}`;

export interface CliIo {
  /** The environment to configure from (default: the process's). */
  env?: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

const STDIO: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** Runs one command and returns its exit code; every error goes through the one error edge. */
export async function runCli(argv: string[], io: CliIo = STDIO): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help') {
      io.out(HELP);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`Perintah tidak dikenal: ${name}\n\n${HELP}`);
    const config = loadConfig(io.env);
    const logger = createLogger(config.cliLogLevel);
    const ctx: CliContext = { config, logger, print: io.out, withContainer: (fn) => withContainer(config, logger, fn) };
    return await command.run(args, ctx);
  } catch (e) {
    io.err(messageOf(e));
    return exitCodeOf(e);
  }
}
