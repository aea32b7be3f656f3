/**
 * Times a full demo seed on a fresh database and prints a summary.
 *   npx tsx seeders/bench-demo-seed.ts [employees=9000] [databaseUrl=sqlite:<tmp>]
 * A MySQL/MariaDB URL is created if missing and dropped afterwards; a temp SQLite file is removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, dropDatabase, ensureDatabase, migrateUp } from '../src/db/index.js';
import { AuditService } from '../src/domain/audit/audit.service.js';
import { seedDemo } from './demo.seeder.js';

const employees = Number(process.argv[2] ?? 9000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdm-seed-bench-'));
const url = process.argv[3] ?? `sqlite:${path.join(tmp, 'bench.sqlite')}`;

await ensureDatabase(url);
const db = connect(url);
try {
  await migrateUp(db);
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await seedDemo(db, {
    audit: new AuditService(db.models),
    password: 'DemoPdm2026!',
    uploadDir: path.join(tmp, 'uploads'),
    employees,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time of this process (Node side); SQLite runs in-process too, MySQL's own work is not counted.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const [statuses] = await db.sequelize.query('SELECT status, COUNT(*) AS n FROM submissions GROUP BY status ORDER BY status');
  const [events] = await db.sequelize.query('SELECT COUNT(*) AS n FROM submission_events');
  const [types] = await db.sequelize.query('SELECT employee_type AS type, COUNT(*) AS n FROM employees GROUP BY employee_type');
  const [act] = await db.sequelize.query(
    'SELECT SUM(CASE WHEN mysapk_activated_at IS NOT NULL THEN 1 ELSE 0 END) AS activated, SUM(CASE WHEN password_changed_at IS NOT NULL THEN 1 ELSE 0 END) AS pw, COUNT(*) AS n FROM employees',
  );
  console.log(
    JSON.stringify(
      {
        url: url.replace(/\/\/[^@]*@/, '//'),
        employees,
        seconds: Number(seconds.toFixed(2)),
        cpuSeconds: Number(cpuSeconds.toFixed(2)),
        result,
        statuses,
        events,
        types,
        act,
      },
      null,
      1,
    ),
  );
} finally {
  await db.close();
  if (!process.argv[3]) fs.rmSync(tmp, { recursive: true, force: true });
  else {
    await dropDatabase(url);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
