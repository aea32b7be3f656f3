import { describePermissionMatrix } from './permission-matrix.shared.js';

/**
 * The permission matrix over real HTTP (table and driver: permission-matrix.shared.ts), split
 * over four files to keep each well under a minute on MariaDB: BKPSDM administrator and approver.
 */
describePermissionMatrix('permission matrix: admin and approver', ['admin', 'approver']);
