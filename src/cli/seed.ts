import { parseArgs } from 'node:util';
import { seedDemoData } from '../bootstrap.js';
import { createLogger } from '../logger.js';
import { UsageError } from './error-edge.js';
import type { CliCommand } from './command.js';

export const seed: CliCommand = {
  name: 'seed',
  usage: 'seed --demo                      isi data demo (hanya bila basis data kosong)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { demo: { type: 'boolean' } } });
    if (!values.demo) throw new UsageError('Gunakan: seed --demo');
    // Says what it wrote (an info line), whatever the CLI's log level.
    await ctx.withContainer((c) => seedDemoData(c, createLogger('info')));
    return 0;
  },
};
