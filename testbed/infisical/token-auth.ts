// The Token Auth routes (identity-token-auth-service.ts): revoke one token by id, list an
// identity's tokens, read one token. Each check comes in the service's order, with its message.
// The routes read rows in both generations; a current server's revoke by id also writes a
// per-token revocation marker, since its bearer check no longer reads the row.
import {
  error,
  ok,
  permissionDenied,
  validationFailure,
  type Issue,
  type Reply,
} from './answers.js';
import { issue, type Caller } from './access-tokens.js';
import { decodeJwt } from './jwt.js';
import { can } from './permissions.js';
import { numberParam } from './query.js';
import { DEFAULT_TTL_SECONDS, rowJson, type Identity, type Store, type TokenRow } from './store.js';

/** The caller's organization must hold the identity, else the identity "does not exist". */
export function identityInCallerOrg(
  store: Store,
  caller: Caller,
  identityId: string,
): Identity | Reply {
  const identity = store.identity(identityId);
  if (!identity || identity.orgId !== caller.orgId) {
    return error(404, 'NotFound', `Failed to find identity with ID ${identityId}`);
  }
  return identity;
}

export const isReply = (value: object): value is Reply => 'status' in value && 'body' in value;

const canRead = (caller: Caller) => can(caller, 'read');
const canEdit = (caller: Caller) => can(caller, 'edit');

/**
 * POST /api/v1/auth/token-auth/tokens/{tokenId}/revoke. Only a live TOKEN_AUTH row is found: an
 * unknown, revoked, pruned or other-login token all get the same 404. A token of an identity in
 * another organization gets a different 404 and stays live.
 */
export function revokeById(store: Store, caller: Caller, tokenId: string): Reply {
  const row = store.row(tokenId);
  if (!row || row.isAccessTokenRevoked || row.authMethod !== 'TOKEN_AUTH') {
    return error(404, 'NotFound', `Token with ID ${tokenId} not found or already revoked`);
  }
  const identity = identityInCallerOrg(store, caller, row.identityId);
  if (isReply(identity)) return identity;
  if (!canEdit(caller)) return permissionDenied('edit');
  revokeRow(store, row);
  return ok({ message: 'Successfully revoked access token' });
}

/**
 * What revoking a Token Auth row by id does: flip the row (its updatedAt moves it to the top);
 * on a current server also a per-token marker, kept until the token could have expired.
 */
export function revokeRow(store: Store, row: TokenRow): void {
  store.revoke(row);
  if (store.generation !== 'current') return;
  const maxTtl = row.accessTokenMaxTTL > 0 ? row.accessTokenMaxTTL : store.maxTokenAgeSeconds;
  const lifetime = Math.min(maxTtl, store.maxTokenAgeSeconds);
  store.mark(row.id, new Date(row.createdAt.getTime() + lifetime * 1000));
}

/** GET /api/v1/auth/token-auth/tokens/{tokenId}: revoked rows are still found until pruned. */
export function getToken(
  store: Store,
  caller: Caller,
  tokenId: string,
  fields: 'older' | 'newer',
): Reply {
  const row = store.row(tokenId);
  if (!row || row.authMethod !== 'TOKEN_AUTH') {
    return error(404, 'NotFound', `Token with ID ${tokenId} not found`);
  }
  const identity = identityInCallerOrg(store, caller, row.identityId);
  if (isReply(identity)) return identity;
  if (!identity.tokenAuth) return error(400, 'BadRequest', 'The identity does not have Token Auth');
  if (!canRead(caller)) return permissionDenied('read');
  return ok({ token: rowJson(row, fields) });
}

/**
 * The query schema: `z.coerce.number().min(0).max(100).default(0)` for offset and
 * `.min(1).max(100).default(20)` for limit. There is no `.int()`: a fraction passes and knex's
 * limit/offset truncate it (parseInt).
 */
export function pageQuery(query: URLSearchParams): { offset: number; limit: number } | Issue[] {
  const issues: Issue[] = [];
  const page = {
    offset: numberParam(query, 'offset', { min: 0, max: 100, fallback: 0 }, issues),
    limit: numberParam(query, 'limit', { min: 1, max: 100, fallback: 20 }, issues),
  };
  return issues.length > 0 ? issues : page;
}

/**
 * GET /api/v1/auth/token-auth/identities/{identityId}/tokens: the identity's TOKEN_AUTH rows,
 * revoked ones included, newest updatedAt first (renaming or revoking moves a row to the top).
 */
export function listTokens(
  store: Store,
  caller: Caller,
  identityId: string,
  query: URLSearchParams,
  fields: 'older' | 'newer',
): Reply {
  const page = pageQuery(query);
  if (Array.isArray(page)) return validationFailure(page);
  const identity = identityInCallerOrg(store, caller, identityId);
  if (isReply(identity)) return identity;
  if (!identity.tokenAuth) return error(400, 'BadRequest', 'The identity does not have Token Auth');
  if (!canRead(caller)) return permissionDenied('read');
  const rows: TokenRow[] = [...store.rows.values()]
    .filter((row) => row.identityId === identity.id && row.authMethod === 'TOKEN_AUTH')
    .reverse() // equal updatedAt: the row added last first
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  return ok({
    tokens: rows.slice(page.offset, page.offset + page.limit).map((row) => rowJson(row, fields)),
  });
}

/**
 * POST /api/v1/auth/token-auth/identities/{identityId}/tokens {name?}: a new Token Auth token of
 * the identity (identity-token-auth-router.ts, createTokenAuthToken): Identity → Edit, then
 * `{accessToken, expiresIn, accessTokenMaxTTL, tokenType, tokenData}` with the row as tokenData.
 */
export function createToken(
  store: Store,
  caller: Caller,
  identityId: string,
  body: unknown,
): Reply {
  const identity = identityInCallerOrg(store, caller, identityId);
  if (isReply(identity)) return identity;
  if (!identity.tokenAuth) return error(400, 'BadRequest', 'The identity does not have Token Auth');
  if (!canEdit(caller)) return permissionDenied('edit');
  const name =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { name?: unknown }).name === 'string'
      ? (body as { name: string }).name
      : null;
  const { token, row } = issue(store, { identityId: identity.id, name });
  const jti = decodeJwt(token)?.claims.jti;
  const tokenRow = row ?? store.row(typeof jti === 'string' ? jti : undefined);
  return ok({
    accessToken: token,
    expiresIn: tokenRow?.accessTokenTTL ?? DEFAULT_TTL_SECONDS,
    accessTokenMaxTTL: tokenRow?.accessTokenMaxTTL ?? DEFAULT_TTL_SECONDS,
    tokenType: 'Bearer',
    tokenData: tokenRow ? rowJson(tokenRow, 'newer') : {},
  });
}
