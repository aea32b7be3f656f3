import type { Server } from 'node:http';
import { applyProcessSettings, ConfigError, loadConfig, SQLITE_THREADPOOL_SIZE } from '../config/env.js';
import { createLogger } from './logger.js';
import { openDatabase, seedDemoData } from './bootstrap.js';
import { createContainer } from './container.js';
import { createApp } from './app.js';
import { dropStaleComponentBundle } from './admin/component-loader.js';

/** Composition root: config → db → container → http → scheduler; signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  applyProcessSettings(config);
  const logger = createLogger(config.logLevel);
  if (config.dialect === 'sqlite' && config.threadpoolSize < SQLITE_THREADPOOL_SIZE) {
    logger.warn(
      { UV_THREADPOOL_SIZE: config.threadpoolSize },
      `SQLite: start with UV_THREADPOOL_SIZE=${SQLITE_THREADPOOL_SIZE} (npm start does) — with fewer threads, concurrent writes stall up to 15 s`,
    );
  }
  const db = await openDatabase(config, logger);
  const container = createContainer({ config, db, logger });
  // The demo seed of a first start runs after the port opens; until it is done the login form
  // says so instead of refusing the demo accounts.
  const needsSeed = config.seedDemo && (await db.models.Opd.count()) === 0;
  const startup = { ready: !needsSeed };
  if (config.env !== 'production') dropStaleComponentBundle(config.adminTmpDir);
  const { app, admin } = createApp(container, { startup });

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
    await seedDemoData(container, logger);
    startup.ready = true;
  }

  const jobs = config.jobsEnabled ? await (await import('./jobs/index.js')).startJobs(container) : null;

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // The jobs' runs in progress finish first (the scheduler awaits them), then the mailer and the database close.
    await jobs?.stop();
    await container.close();
    server.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  // Bad configuration (an environment variable, or the CATEGORIES_FILE the container loads): what to fix, no stack.
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  console.error(e);
  process.exit(1);
});
