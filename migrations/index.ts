import type { QueryInterface } from 'sequelize';
import * as m0001 from './20261126-0001-initial-schema.js';
import * as m0004 from './20261126-0004-audit-login-index.js';
import * as m20261201_0101 from './20261201-0101-auth-throttles.js';
import * as m20261201_0102 from './20261201-0102-redact-audit-secrets.js';
import * as m0301 from './20261201-0301-employee-placements.js';
import * as m0302 from './20261201-0302-report-delivery-keys.js';
import * as m20261202_0301 from './20261202-0301-notices.js';
import * as m20261202_0302 from './20261202-0302-report-delivery-ledger.js';
import * as m20261202_0501 from './20261202-0501-opd-reports-and-guides.js';
import * as m0601 from './20261202-0601-consultations.js';
import * as m0602 from './20261202-0602-helpdesk-ticket-links.js';
import * as m0401 from './20261202-0401-holidays-and-escalations.js';
import * as m20261202_0801 from './20261202-0801-list-indexes.js';
import * as m20261202_0101 from './20261202-0101-siasn-imports.js';
import * as m20261202_0901 from './20261202-0901-awaiting-bkpsdm-index.js';
import * as m20261202_1601 from './20261202-1601-dashboard-snapshots.js';

/**
 * The ordered list of migrations. Explicit imports (not a glob) so the same list works under
 * tsx, the compiled build and jest. Add new migrations at the end; never edit a landed one.
 */
export interface MigrationModule {
  up(p: { context: QueryInterface }): Promise<void>;
  down(p: { context: QueryInterface }): Promise<void>;
}

export const migrations: Array<{ name: string; module: MigrationModule }> = [
  { name: '20261126-0001-initial-schema', module: m0001 },
  { name: '20261126-0004-audit-login-index', module: m0004 },
  { name: '20261201-0101-auth-throttles', module: m20261201_0101 },
  { name: '20261201-0102-redact-audit-secrets', module: m20261201_0102 },
  { name: '20261201-0301-employee-placements', module: m0301 },
  { name: '20261201-0302-report-delivery-keys', module: m0302 },
  { name: '20261202-0301-notices', module: m20261202_0301 },
  { name: '20261202-0302-report-delivery-ledger', module: m20261202_0302 },
  { name: '20261202-0501-opd-reports-and-guides', module: m20261202_0501 },
  { name: '20261202-0601-consultations', module: m0601 },
  { name: '20261202-0602-helpdesk-ticket-links', module: m0602 },
  { name: '20261202-0401-holidays-and-escalations', module: m0401 },
  { name: '20261202-0801-list-indexes', module: m20261202_0801 },
  { name: '20261202-0101-siasn-imports', module: m20261202_0101 },
  { name: '20261202-0901-awaiting-bkpsdm-index', module: m20261202_0901 },
  { name: '20261202-1601-dashboard-snapshots', module: m20261202_1601 },
];
