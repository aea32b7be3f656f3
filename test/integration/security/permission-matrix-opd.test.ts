import { describePermissionMatrix } from './permission-matrix.shared.js';

/**
 * The permission matrix over real HTTP (see permission-matrix.shared.ts): the verifier and the
 * secretary of OPD A; OPD B's identifying strings must not appear in any answer they get.
 */
describePermissionMatrix('permission matrix: verifier and secretary of OPD A', ['verifier', 'secretary']);
