import { BKPSDM_ROLES, describeQueryGuards } from './query-allowlist.shared.js';

/** Query guards generated from the policy (see query-allowlist.shared.ts): the BKPSDM roles and the OPD verifier. */
describeQueryGuards('query guards: admin, approver, helpdesk, verifier', BKPSDM_ROLES);
