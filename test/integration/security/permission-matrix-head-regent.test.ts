import { describePermissionMatrix } from './permission-matrix.shared.js';

/**
 * The permission matrix over real HTTP (see permission-matrix.shared.ts): the head of OPD A
 * (nothing of OPD B in any answer) and the regent (all OPDs, read-only).
 */
describePermissionMatrix('permission matrix: opd_head of OPD A and regent', ['opd_head', 'regent']);
