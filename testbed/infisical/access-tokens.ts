// Infisical's access tokens: checking one (as jwt.verify would, for tokens the fake registered),
// issuing one for a login, and authenticating the bearer of a request (verifyAuth).
import { randomUUID } from 'node:crypto';
import {
  error,
  tokenError,
  TOKEN_BAD_SIGNATURE,
  TOKEN_EXPIRED,
  TOKEN_MALFORMED,
  type Reply,
} from './answers.js';
import { decodeJwt, unsignedJwt, type Claims } from './jwt.js';
import {
  type AccessTokenGrant,
  type AccessTokenRole,
  type AuthMethod,
  type Identity,
  type Store,
  type TokenRow,
} from './store.js';

export interface VerifiedToken {
  grant: AccessTokenGrant;
  claims: Claims;
}

/** The token id a JWT carries, as the bearer check reads it (older tokens lack `jti`). */
export const namedRowId = (claims: Claims): string | undefined => {
  const id = claims.identityAccessTokenId ?? claims.jti;
  return typeof id === 'string' ? id : undefined;
};

const isPast = (claims: Claims, now: number) =>
  typeof claims.exp === 'number' && claims.exp * 1000 <= now;

/**
 * jwt.verify(token, AUTH_SECRET) for a token in the body: only tokens the fake registered carry a
 * valid signature; a token that is not a JWT is "malformed".
 */
export function verifyBodyToken(
  store: Store,
  token: string,
  now = Date.now(),
): VerifiedToken | Reply {
  const decoded = decodeJwt(token);
  if (!decoded) return tokenError(TOKEN_MALFORMED);
  const grant = store.accessTokens.get(token);
  if (!grant || grant.role === 'foreign') return tokenError(TOKEN_BAD_SIGNATURE);
  if (grant.role === 'expired' || isPast(decoded.claims, now)) return tokenError(TOKEN_EXPIRED);
  return { grant, claims: decoded.claims };
}

export interface Caller {
  identity: Identity;
  orgId: string;
  role: AccessTokenRole;
  /** The caller's own identity-access-token row, when its JWT names one the fake knows. */
  row?: TokenRow;
}

/**
 * The checks before any bearer route runs: a header, a token the fake accepts, not expired, and
 * (when its JWT names a row) a row that still exists and is not revoked. The caller's organization
 * is its identity's.
 */
export function authenticate(
  store: Store,
  authorization: string | undefined,
  now = Date.now(),
): Caller | Reply {
  if (!authorization) return error(401, 'UnauthorizedError', 'Token missing');
  const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
  const grant = bearer === undefined ? undefined : store.accessTokens.get(bearer);
  // Kept from the first fake: an unknown token is a 401. (The real server sends 403 TokenError
  // "invalid signature" for a JWT it did not sign: register such a token with role 'foreign'.)
  if (bearer === undefined || grant === undefined) {
    return error(401, 'UnauthorizedError', 'Invalid token');
  }
  const claims = decodeJwt(bearer)?.claims ?? {};
  if (grant.role === 'foreign') return tokenError(TOKEN_BAD_SIGNATURE);
  if (grant.role === 'expired' || isPast(claims, now)) return tokenError(TOKEN_EXPIRED);
  const rowId = namedRowId(claims);
  const row = store.row(rowId);
  // fnValidateIdentityAccessToken looks the row up "not revoked": a revoked or pruned one is gone.
  if (row?.isAccessTokenRevoked || (rowId !== undefined && store.pruned.has(rowId.toLowerCase()))) {
    return error(401, 'UnauthorizedError', 'No identity access token found');
  }
  const claimed =
    typeof claims.identityId === 'string' ? store.identity(claims.identityId) : undefined;
  const identity =
    store.identity(grant.identityId) ??
    store.identity(row?.identityId) ??
    claimed ??
    (store.identity(store.defaultIdentityId) as Identity);
  return { identity, orgId: grant.orgId ?? identity.orgId, role: grant.role, row };
}

export const isCaller = (value: Caller | Reply): value is Caller => 'identity' in value;

export interface IssueOptions {
  authMethod?: AuthMethod;
  identityId?: string;
  /** Without identityId: a new identity in this organization. */
  orgId?: string;
  /** TTL in seconds (0 = no exp claim, as Infisical signs never-expiring tokens). */
  ttl?: number;
  maxTtl?: number;
  /** Issued long enough ago that its TTL has passed: the JWT's exp is in the past. */
  expired?: boolean;
  name?: string | null;
  role?: AccessTokenRole;
  identityUAClientSecretId?: string | null;
}

/**
 * A new row and the JWT that names it, registered as an accepted access token of the row's
 * identity. The claims are those of Infisical's newer tokens (older ones lack jti and authMethod).
 */
export function issue(store: Store, options: IssueOptions = {}): { token: string; row: TokenRow } {
  const ttl = options.ttl ?? (options.expired ? 3600 : undefined);
  const createdAt = options.expired
    ? new Date(Date.now() - ((ttl ?? 3600) + 60) * 1000)
    : store.tick();
  const row = store.addRow(randomUUID(), {
    identityId: options.identityId,
    orgId: options.orgId,
    authMethod: options.authMethod ?? 'TOKEN_AUTH',
    name: options.name,
    ttl,
    maxTtl: options.maxTtl,
    createdAt,
    identityUAClientSecretId: options.identityUAClientSecretId,
  });
  const iat = Math.floor(createdAt.getTime() / 1000);
  const token = unsignedJwt({
    identityId: row.identityId,
    identityAccessTokenId: row.id,
    jti: row.id,
    authTokenType: 'identityAccessToken',
    authMethod: row.authMethod,
    iat,
    ...(row.accessTokenTTL > 0 ? { exp: iat + row.accessTokenTTL } : {}),
  });
  store.accessTokens.set(token, {
    role: options.role ?? (options.expired ? 'expired' : 'allowed'),
    identityId: row.identityId,
  });
  return { token, row };
}
