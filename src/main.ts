import type { Server } from 'node:http';
import { loadConfig, ConfigError } from '../config/env.js';
import { createLogger } from './logger.js';
import { openDatabase, seedDemoData } from './bootstrap.js';
import { createApp } from './app.js';
import { dropStaleComponentBundle } from './admin/component-loader.js';

/** Composition root: config → db → http → scheduler; signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  process.env.TZ ??= config.timezone;
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger, { seed: false });
  // The demo seed of a first start runs after the port opens; until it is done the login form
  // says so instead of refusing the demo accounts.
  const needsSeed = config.seedDemo && (await db.models.Opd.count()) === 0;
  const startup = { ready: !needsSeed };
  if (config.env !== 'production') dropStaleComponentBundle();
  const { app, admin, services } = createApp({ config, db, logger, startup });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  logger.info({ url: `${config.appBaseUrl}/admin`, db: config.dialect }, 'PDM Monitor siap');

  // The component bundle: built by `npm run build` for production; in development built
  // in the background now (while a first start seeds) so the first page load does not wait.
  if (config.env !== 'production') {
    void fetch(`http://127.0.0.1:${config.port}${admin.options.rootPath}/frontend/assets/components.bundle.js`).catch(() => undefined);
  }
  if (!startup.ready) {
    await seedDemoData(db, config, logger);
    startup.ready = true;
  }

  let scheduler: { stop(): void | Promise<void> } | null = null;
  if (config.jobsEnabled) {
    const { startJobs } = await import('./jobs/index.js');
    scheduler = await startJobs({ config, db, logger, reports: services.reports });
  }

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await scheduler?.stop();
    await services.reports.close();
    server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
