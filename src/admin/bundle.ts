/**
 * Builds the AdminJS component bundle into .adminjs/ for production (`npm run build`).
 * In development the bundle is built on first request instead. Only the AdminJS instance is
 * built here (no router: @adminjs/express would start a second, concurrent bundling).
 * bundleConfig() switches NODE_ENV to production before AdminJS is loaded.
 */
const { bundleConfig } = await import('../../config/env.js');
const config = bundleConfig();
const { connect } = await import('../db/index.js');
const { createContainer } = await import('../container.js');
const { createLogger } = await import('../logger.js');
const { buildAdmin } = await import('./admin.js');

const db = connect(config.databaseUrl);
const container = createContainer({ config, db, logger: createLogger('silent') });
const { records, workflow, documents, reports, notices, dashboard, opdReports, guides, consultations } = container.services;
const admin = buildAdmin({
  models: db.models,
  records,
  workflow,
  documents,
  reports,
  notices,
  dashboard,
  opdReports,
  guides,
  consultations,
  regencyName: config.regencyName,
});
const started = Date.now();
await admin.initialize();
console.log(`AdminJS bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await container.close();
await db.close();
