import type { AppConfig } from '../config/env.js';
import { createContainer, type Container } from './container.js';
import { connect, ensureDatabase, migrateUp, type Database } from './db/index.js';
import type { Logger } from './logger.js';

/** config → database: create (MySQL), connect, migrate. */
export async function openDatabase(config: AppConfig, logger: Logger, opts: { migrate?: boolean } = {}): Promise<Database> {
  await ensureDatabase(config.databaseUrl);
  const db = connect(config.databaseUrl);
  await db.sequelize.authenticate();
  if (opts.migrate !== false) {
    const applied = await migrateUp(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  return db;
}

/** For one-shot tools (the CLI): the database (migrated) and the container, closed again after `fn`. */
export async function withContainer<T>(config: AppConfig, logger: Logger, fn: (container: Container) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, logger);
  try {
    const container = createContainer({ config, db, logger });
    try {
      return await fn(container);
    } finally {
      await container.close();
    }
  } finally {
    await db.close();
  }
}

/** The demo regency (seeders/demo.seeder.ts), when the database has no OPD yet. */
export async function seedDemoData(
  container: Pick<Container, 'db' | 'config' | 'services'>,
  logger: Logger,
  opts: { employees?: number } = {},
): Promise<{ seeded: boolean; ms: number }> {
  const { db, config, services } = container;
  const { seedDemo } = await import('../seeders/demo.seeder.js');
  const started = Date.now();
  const result = await seedDemo(db, {
    audit: services.audit,
    password: config.demoPassword,
    uploadDir: config.uploadDir,
    employees: opts.employees,
  });
  const ms = Date.now() - started;
  if (result.seeded) logger.info({ ...result, ms }, 'demo data seeded');
  return { seeded: result.seeded, ms };
}
