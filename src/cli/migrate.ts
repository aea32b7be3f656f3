import { parseArgs } from 'node:util';
import { connect, ensureDatabase, migrateDown, migrateUp } from '../db/index.js';
import type { CliCommand } from './command.js';

export const migrate: CliCommand = {
  name: 'migrate',
  usage: 'migrate [--down] [--to-zero]     terapkan (atau batalkan) migrasi skema',
  async run(args, { config, print }) {
    const { values } = parseArgs({ args, options: { down: { type: 'boolean' }, 'to-zero': { type: 'boolean' } } });
    await ensureDatabase(config.databaseUrl);
    const db = connect(config.databaseUrl);
    try {
      const names = values.down ? await migrateDown(db, values['to-zero'] ? { to: 0 } : {}) : await migrateUp(db);
      print(names.length ? `${values.down ? 'Dibatalkan' : 'Diterapkan'}: ${names.join(', ')}` : 'Skema sudah mutakhir.');
    } finally {
      await db.close();
    }
    return 0;
  },
};
