// Revokes the action's own login at the end of the phase, whatever happened before: a login left
// live is a credential nobody watches. The caller gives it a client of its own (the batch's may
// have been cut off by a cancel), stopped by the runner's second signal or, after a cancel, by the
// wrap-up deadline (src/stop/wrap-up.ts), so that the step still ends before the runner kills it.
import { describeTimeLeft } from '../text/words.js';
import { revokeToken, type RevokeContext } from './one.js';
import { settle } from './settle.js';
import { UNNAMED_SELF } from './target.js';

export interface Login {
  /** "OIDC as identity …", for the log. */
  as: string;
  expiresAt?: Date;
}

export interface Logout {
  done: boolean;
  line: string;
}

export async function logOut(
  login: Login,
  ownTokenId: string | undefined,
  ctx: RevokeContext,
): Promise<Logout> {
  const result = await revokeToken({ tokenId: ownTokenId ?? UNNAMED_SELF, self: true }, ctx);
  // The login's token is ours: already revoked or expired is as good as revoked.
  const { done } = settle(result, { ignoreNotFound: true });
  if (done) return { done, line: `Revoked the login token (${login.as}).` };
  const { expiresAt } = login;
  const until = expiresAt
    ? `until it expires at ${expiresAt.toISOString()} (in ${describeTimeLeft(expiresAt.getTime() - Date.now())})`
    : 'until it expires';
  return {
    done,
    line: `Could not revoke the login token (${login.as}): ${result.status === undefined ? '' : `${result.status} `}${result.message.replace(/\.$/, '')}. It stays live ${until}: revoke it in Infisical (the identity's access tokens), or let it expire.`,
  };
}
