import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/env.js';
import { createLogger } from './logger.js';
import { connect, ensureDatabase, migrateDown, migrateUp } from './db/index.js';
import { openDatabase, seedDemoData } from './bootstrap.js';
import { UserService } from './domain/users/user.service.js';
import { ROLES, type Role } from './domain/shared/constants.js';
import { SYSTEM_ACTOR } from './domain/shared/actor.js';
import { DomainError, ValidationError } from './domain/shared/errors.js';

const HELP = `PDM Monitor — perintah baris

  npm run cli -- migrate [--down] [--to-zero]     terapkan (atau batalkan) migrasi skema
  npm run cli -- seed --demo                      isi data demo (hanya bila basis data kosong)
  npm run cli -- user:create --email E --name N --role R [--opd KODE]
                                                  buat pengguna; kata sandi dari PDM_PASSWORD
  npm run cli -- report:send --schedule <id|nama|all> [--opd KODE] [--dry-run] [--resend] [--at "YYYY-MM-DD HH:MM"] [--test email]

Peran: ${ROLES.join(', ')}`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  switch (command) {
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { down: { type: 'boolean' }, 'to-zero': { type: 'boolean' } } });
      await ensureDatabase(config.databaseUrl);
      const db = connect(config.databaseUrl);
      try {
        const names = values.down ? await migrateDown(db, values['to-zero'] ? { to: 0 } : {}) : await migrateUp(db);
        console.log(names.length ? `${values.down ? 'Dibatalkan' : 'Diterapkan'}: ${names.join(', ')}` : 'Skema sudah mutakhir.');
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
      if (!values.demo) {
        console.error('Gunakan: seed --demo');
        return 64;
      }
      const db = await openDatabase(config, logger, { seed: false });
      try {
        await seedDemoData(db, config, createLogger('info'));
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'user:create': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, opd: { type: 'string' } },
      });
      const password = process.env.PDM_PASSWORD;
      if (!values.email || !values.name || !values.role || !password) {
        console.error('Wajib: --email, --name, --role, dan kata sandi di variabel PDM_PASSWORD');
        return 64;
      }
      if (!ROLES.includes(values.role as Role)) {
        console.error(`Peran tidak dikenal: ${values.role}. Pilihan: ${ROLES.join(', ')}`);
        return 64;
      }
      const db = await openDatabase(config, logger, { seed: false });
      try {
        const user = await new UserService(db.models).createUser(SYSTEM_ACTOR, {
          email: values.email,
          name: values.name,
          role: values.role as Role,
          opdCode: values.opd ?? null,
          password,
        });
        console.log(`Pengguna dibuat: #${user.id} ${user.email} (${user.role})`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'report:send': {
      const { reportSendCommand } = await import('./jobs/report-send.command.js');
      return reportSendCommand(rest, config, logger);
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
    default:
      console.error(`Perintah tidak dikenal: ${command}\n\n${HELP}`);
      return 64;
  }
}

runCli(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    if (e instanceof ConfigError) console.error(e.message);
    else if (e instanceof ValidationError) console.error(`${e.message}${Object.keys(e.fields).length ? `\n${Object.entries(e.fields).map(([k, v]) => `  ${k}: ${v}`).join('\n')}` : ''}`);
    else if (e instanceof DomainError) console.error(e.message);
    else console.error(e);
    process.exit(1);
  });
