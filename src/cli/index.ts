import { runCli } from './cli.js';

/** `npm run cli -- <command> …` (node dist/src/cli/index.js in production). */
process.exit(await runCli(process.argv.slice(2)));
