// GET /api/v1/identities/details (identity-router.ts): who the bearer is. Identity access tokens
// only (verifyAuth([IDENTITY_ACCESS_TOKEN])), no permission, read-class; both generations answer
// it, and Infisical's own end-to-end spec (identity-access-token-redesign.spec.ts) reads it back to
// prove a revoke: 200 while the token is live, 401 once it is revoked.
import { error, ok, type Reply } from './answers.js';
import type { Caller } from './access-tokens.js';
import type { Store } from './store.js';

export function identityDetails(store: Store, caller: Caller, path: string): Reply {
  const kind = caller.claims.authTokenType;
  // Another kind of bearer (a user session, a service token) is refused by verifyAuth itself.
  if (kind !== undefined && kind !== 'identityAccessToken') {
    return error(403, 'ForbiddenError', `Forbidden access to ${path}`);
  }
  return ok({ identityDetails: { organization: store.organization(caller.orgId) } });
}
