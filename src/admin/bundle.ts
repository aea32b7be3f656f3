/**
 * Builds the AdminJS component bundle into .adminjs/ for production (`npm run build`).
 * In development the bundle is built on first request instead. Only the AdminJS instance is
 * built here (no router: @adminjs/express would start a second, concurrent bundling).
 */
process.env.NODE_ENV = 'production';
const { loadConfig } = await import('../../config/env.js');
const { connect } = await import('../db/index.js');
const { createServices } = await import('../app.js');
const { buildAdmin } = await import('./admin.js');
const { DashboardService } = await import('../domain/dashboard/dashboard.service.js');

const config = loadConfig({ ...process.env, NODE_ENV: 'production', SESSION_SECRET: process.env.SESSION_SECRET ?? 'b'.repeat(48), DATABASE_URL: 'sqlite::memory:' });
const db = connect('sqlite::memory:');
const { records, workflow, documents, reports } = createServices(config, db);
const admin = buildAdmin({ models: db.models, records, workflow, documents, reports, dashboard: new DashboardService(db.models), regencyName: config.regencyName });
const started = Date.now();
await admin.initialize();
console.log(`AdminJS bundle built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await reports.close();
await db.close();
