// POST /api/v1/auth/token/revoke {accessToken}: revokes the access token given in the body, from
// any login method, with no Authorization header and no permission. Two server generations are
// deployed (identity-access-token-service.ts): the older one looks the row up "not revoked" and
// refuses a missing one; the newer one writes a revocation marker for the JWT's id and always
// answers 200.
import { bodyIssue, error, ok, stringIssue, validationFailure, type Reply } from './answers.js';
import { verifyBodyToken } from './access-tokens.js';
import type { Store } from './store.js';

export type TokenRevokeGeneration = 'older' | 'newer';

/** The id of the row the body's token names, for faults and records (empty when none). */
export function bodyTokenRowId(body: unknown): string {
  const token = (body as { accessToken?: unknown } | undefined)?.accessToken;
  if (typeof token !== 'string') return '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    const id = claims.jti ?? claims.identityAccessTokenId;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

export function revokeAccessToken(
  store: Store,
  body: unknown,
  generation: TokenRevokeGeneration,
): Reply {
  const issue =
    bodyIssue(body) ?? stringIssue((body as { accessToken?: unknown }).accessToken, 'accessToken');
  if (issue) return validationFailure([issue]);
  const accessToken = (body as { accessToken: string }).accessToken.trim();
  const verified = verifyBodyToken(store, accessToken);
  if ('status' in verified) return verified;
  const { claims } = verified;
  if (claims.authTokenType !== 'identityAccessToken') {
    return generation === 'older'
      ? error(401, 'UnauthorizedError', 'Only identity access tokens can be revoked')
      : error(400, 'BadRequest', 'Token is not an identity access token');
  }
  if (generation === 'older') {
    // Older servers read identityAccessTokenId only and find the row "not revoked".
    const row = store.row(
      typeof claims.identityAccessTokenId === 'string' ? claims.identityAccessTokenId : undefined,
    );
    if (!row || row.isAccessTokenRevoked) {
      return error(401, 'UnauthorizedError', 'No identity access token found');
    }
    store.revoke(row);
    return ok({ message: 'Successfully revoked access token' });
  }
  // Newer servers need the core claims, then revoke `jti ?? identityAccessTokenId` idempotently.
  if (typeof claims.iat !== 'number' || !claims.identityId || !claims.identityAccessTokenId) {
    return error(
      401,
      'UnauthorizedError',
      'Invalid identity access token claims, please re-authenticate',
    );
  }
  const id = claims.jti ?? claims.identityAccessTokenId;
  const row = store.row(typeof id === 'string' ? id : undefined);
  if (row && !row.isAccessTokenRevoked) store.revoke(row);
  return ok({ message: 'Successfully revoked access token' });
}
