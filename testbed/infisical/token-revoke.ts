// POST /api/v1/auth/token/revoke {accessToken}: revokes the access token given in the body, from
// any login method, with no Authorization header and no permission. On legacy fakes two versions
// of the route are served (identity-access-token-service.ts): the older one looks the row up "not
// revoked" and refuses a missing one; the newer one revokes the JWT's id idempotently (the fake
// flips the row) and always answers 200. A current fake (after PR #6234) writes a revocation
// marker instead and leaves a Token Auth row as it was; a token issued before the redesign is
// still found by its row, and one whose row is revoked or pruned is "unknown".
import { bodyIssue, error, ok, stringIssue, validationFailure, type Reply } from './answers.js';
import {
  authMethodOfClaim,
  createdAtMs,
  isCurrentFormat,
  namedRowId,
  UNKNOWN_OR_REVOKED,
  verifyBodyToken,
} from './access-tokens.js';
import type { Claims } from './jwt.js';
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
  if (store.generation === 'current') return revokeOnCurrent(store, claims);
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

const REVOKED = { message: 'Successfully revoked access token' };

function revokeOnCurrent(store: Store, claims: Claims): Reply {
  if (claims.authTokenType !== 'identityAccessToken') {
    return error(400, 'BadRequest', 'Token is not an identity access token');
  }
  if (!isCurrentFormat(claims)) {
    // Legacy grace: a pre-redesign token is revoked through its row, which must still be live.
    const row = store.row(namedRowId(claims));
    if (!row || row.isAccessTokenRevoked)
      return error(401, 'UnauthorizedError', UNKNOWN_OR_REVOKED);
    store.revoke(row);
    store.mark(row.id);
    return ok(REVOKED);
  }
  if (typeof claims.iat !== 'number' || !claims.identityId || typeof claims.jti !== 'string') {
    return error(
      401,
      'UnauthorizedError',
      'Invalid identity access token claims, please re-authenticate',
    );
  }
  const id = claims.jti;
  const expiresAt =
    typeof claims.exp === 'number'
      ? new Date(claims.exp * 1000)
      : new Date(Date.now() + store.maxTokenAgeSeconds * 1000);
  // An upsert: revoking twice answers 200 twice. A Token Auth row is left as it was.
  store.mark(id, expiresAt);
  const authMethod = authMethodOfClaim(claims.authMethod);
  if (!store.row(id) && authMethod !== undefined && authMethod !== 'TOKEN_AUTH') {
    // A login token has no row until it is revoked: one is written then, for the marker.
    store.addRow(id, {
      identityId: String(claims.identityId),
      authMethod,
      ttl: Number(claims.accessTokenTTL ?? 0),
      maxTtl: Number(claims.accessTokenMaxTTL ?? 0),
      createdAt: new Date(createdAtMs(claims)),
      revoked: true,
      identityUAClientSecretId:
        typeof claims.clientSecretId === 'string' ? claims.clientSecretId : null,
    });
  }
  return ok(REVOKED);
}
