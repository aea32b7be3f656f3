import { describePermissionMatrix } from './permission-matrix.shared.js';

/** The permission matrix over real HTTP (see permission-matrix.shared.ts): helpdesk and the Kanreg BKN validator. */
describePermissionMatrix('permission matrix: helpdesk and bkn_validator', ['helpdesk', 'bkn_validator']);
