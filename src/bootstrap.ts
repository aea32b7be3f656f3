import type { AppConfig } from '../config/env.js';
import { connect, ensureDatabase, migrateUp, type Database } from './db/index.js';
import type { Logger } from './logger.js';

/** config → database: create (MySQL), connect, migrate; and on the embedded default, the demo data. */
export async function openDatabase(config: AppConfig, logger: Logger, opts: { migrate?: boolean; seed?: boolean } = {}): Promise<Database> {
  await ensureDatabase(config.databaseUrl);
  const db = connect(config.databaseUrl);
  await db.sequelize.authenticate();
  if (opts.migrate !== false) {
    const applied = await migrateUp(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  if (opts.seed ?? config.seedDemo) await seedDemoData(db, config, logger);
  return db;
}

export async function seedDemoData(db: Database, config: AppConfig, logger: Logger): Promise<void> {
  const { seedDemo } = await import('../seeders/demo.seeder.js');
  const started = Date.now();
  const result = await seedDemo(db, { password: config.demoPassword, uploadDir: config.uploadDir });
  if (result.seeded) logger.info({ ...result, ms: Date.now() - started }, 'demo data seeded');
}
