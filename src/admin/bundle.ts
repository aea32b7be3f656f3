/**
 * Builds the AdminJS component bundle into .adminjs/ for production (`npm run build`).
 * In development the bundle is built on first request instead.
 */
process.env.NODE_ENV = 'production';
const { loadConfig } = await import('../../config/env.js');
const { connect } = await import('../db/index.js');
const { createApp } = await import('../app.js');
const { createLogger } = await import('../logger.js');

const config = loadConfig({ ...process.env, NODE_ENV: 'production', SESSION_SECRET: process.env.SESSION_SECRET ?? 'b'.repeat(48), DATABASE_URL: 'sqlite::memory:' });
const db = connect('sqlite::memory:');
const { admin } = createApp({ config, db, logger: createLogger('warn') });
const started = Date.now();
await admin.initialize();
console.log(`AdminJS bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await db.close();
