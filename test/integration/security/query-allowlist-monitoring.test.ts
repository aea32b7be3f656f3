import { describeQueryGuards, OTHER_ROLES } from './query-allowlist.shared.js';

/** Query guards generated from the policy (see query-allowlist.shared.ts): every other role (Kanreg BKN, the monitoring roles). */
describeQueryGuards('query guards: every other role', OTHER_ROLES);
