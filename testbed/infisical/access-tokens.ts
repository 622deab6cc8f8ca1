// Infisical's access tokens: checking one (as jwt.verify would, for tokens the fake registered),
// issuing one for a login, and authenticating the bearer of a request (verifyAuth), in either
// server generation. Legacy servers read the identity_access_tokens row on every check
// (fnValidateIdentityAccessToken); current ones (identity-access-token-service.ts and
// identity-access-token-fns.ts after PR #6234) decide a current-format token by its own claims,
// its exp and the revocation markers, and read the row only for a token issued before the redesign.
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
  DEFAULT_TTL_SECONDS,
  MAX_AGE_ENFORCED_FROM,
  uuidKey,
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

/**
 * A token in the current format carries its own id (`jti`) and organization: the row is not read
 * for it. Anything else (legacy tokens, tokens issued before the redesign) is checked by its row.
 */
export const isCurrentFormat = (claims: Claims): boolean =>
  typeof claims.jti === 'string' && typeof claims.orgId === 'string';

export const UNKNOWN_OR_REVOKED = 'Cannot renew revoked or unknown access token';
export const TOKEN_REVOKED = 'Failed to authorize: token has been revoked';
export const IDENTITY_REVOKED = 'Failed to authorize: identity tokens have been revoked';
export const CLIENT_SECRET_REVOKED = 'Failed to authorize: client secret has been revoked';
export const USAGE_LIMIT_REACHED = 'Failed to authorize: token usage limit reached';
export const MAX_AGE_EXCEEDED = 'Identity access token exceeded max age, please re-authenticate';

/** When a current-format token was created, in ms (creationEpoch, else iat). */
export const createdAtMs = (claims: Claims): number =>
  typeof claims.creationEpoch === 'number'
    ? claims.creationEpoch
    : typeof claims.iat === 'number'
      ? claims.iat * 1000
      : 0;

/**
 * assertTokenIsNotRevoked (evaluateRevocationMarkers): a marker for the token's id, a "revoke all"
 * after its creation, or a marker scoped to the client secret it names (`clientSecretId`; empty
 * for other logins) written after its creation.
 */
export function revocationOf(store: Store, claims: Claims, now = Date.now()): Reply | undefined {
  const id = typeof claims.jti === 'string' ? claims.jti : undefined;
  if (store.isMarked(id, now)) return error(401, 'UnauthorizedError', TOKEN_REVOKED);
  const identityId = typeof claims.identityId === 'string' ? uuidKey(claims.identityId) : '';
  const revokedAt = store.identityMarkers.get(identityId);
  if (revokedAt !== undefined && createdAtMs(claims) < revokedAt) {
    return error(401, 'UnauthorizedError', IDENTITY_REVOKED);
  }
  const secretId = typeof claims.clientSecretId === 'string' ? uuidKey(claims.clientSecretId) : '';
  const secretRevokedAt = secretId ? store.clientSecretMarkers.get(secretId) : undefined;
  if (secretRevokedAt !== undefined && createdAtMs(claims) < secretRevokedAt) {
    return error(401, 'UnauthorizedError', CLIENT_SECRET_REVOKED);
  }
  return undefined;
}

/**
 * A token issued before the redesign, on a current server: its row must still be there and live
 * (else "Cannot renew revoked or unknown access token", on every route), and one without `exp`
 * is refused once the enforcement date plus the max age has passed. Tokens a test registered
 * (not issued by the fake) whose row the fake never knew are accepted, as on legacy fakes.
 */
export function preRedesignRefusal(
  store: Store,
  grant: AccessTokenGrant,
  claims: Claims,
  now = Date.now(),
): Reply | undefined {
  if (
    grant.issued &&
    claims.exp === undefined &&
    now >= MAX_AGE_ENFORCED_FROM.getTime() + store.maxTokenAgeSeconds * 1000
  ) {
    return error(401, 'UnauthorizedError', MAX_AGE_EXCEEDED);
  }
  const rowId = namedRowId(claims);
  const row = store.row(rowId);
  const gone =
    row?.isAccessTokenRevoked === true ||
    (rowId !== undefined && store.pruned.has(uuidKey(rowId))) ||
    (grant.issued === true && rowId !== undefined && row === undefined);
  return gone ? error(401, 'UnauthorizedError', UNKNOWN_OR_REVOKED) : undefined;
}

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
  /** The JWT's claims (empty for a registered token that is not a JWT). */
  claims: Claims;
}

/**
 * The checks before any bearer route runs: a header, a token the fake accepts, not expired, then
 * by generation. Legacy: (when its JWT names a row) a row that still exists and is not revoked;
 * the use is written into the row. Current: for a current-format token the revocation markers
 * and the use counter (never the row); for an older one its row. The caller's organization is
 * its identity's (or, for a current-format token, its `orgId` claim).
 */
export function authenticate(
  store: Store,
  authorization: string | undefined,
  now = Date.now(),
  /** Count the use (a real request); false for a probe of the fake's own. */
  countUse = true,
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
  if (store.generation === 'current') {
    if (isCurrentFormat(claims)) {
      const revoked = revocationOf(store, claims, now);
      if (revoked) return revoked;
      // The use counter lives in Redis on current servers, seeded from the JWT's limit.
      const limit = Number(claims.accessTokenNumUsesLimit ?? 0);
      const id = uuidKey(String(claims.jti));
      const used = store.uses.get(id) ?? 0;
      if (limit > 0 && used >= limit) return error(401, 'UnauthorizedError', USAGE_LIMIT_REACHED);
      if (countUse) store.uses.set(id, used + 1);
    } else {
      const refused = preRedesignRefusal(store, grant, claims, now);
      if (refused) return refused;
    }
  } else {
    // fnValidateIdentityAccessToken looks the row up "not revoked": a revoked or pruned one is gone.
    if (
      row?.isAccessTokenRevoked ||
      (rowId !== undefined && store.pruned.has(rowId.toLowerCase()))
    ) {
      return error(401, 'UnauthorizedError', 'No identity access token found');
    }
    // Legacy servers count the use in the row (the queue's update; the fake leaves updatedAt, so
    // using a token never reorders the list in tests).
    if (row && countUse) {
      row.accessTokenNumUses += 1;
      row.accessTokenLastUsedAt = new Date(now);
    }
  }
  const claimed =
    typeof claims.identityId === 'string' ? store.identity(claims.identityId) : undefined;
  const identity =
    store.identity(grant.identityId) ??
    store.identity(row?.identityId) ??
    claimed ??
    (store.identity(store.defaultIdentityId) as Identity);
  const claimedOrg =
    store.generation === 'current' && isCurrentFormat(claims) ? String(claims.orgId) : undefined;
  return {
    identity,
    orgId: grant.orgId ?? claimedOrg ?? identity.orgId,
    role: grant.role,
    row,
    claims,
  };
}

export const isCaller = (value: Caller | Reply): value is Caller => 'identity' in value;

export interface IssueOptions {
  authMethod?: AuthMethod;
  identityId?: string;
  /** Without identityId: a new identity in this organization. */
  orgId?: string;
  /** TTL in seconds (0 = no exp claim on legacy; on current, exp is capped by the max age). */
  ttl?: number;
  maxTtl?: number;
  /** Issued long enough ago that its TTL has passed: the JWT's exp is in the past. */
  expired?: boolean;
  /** Issued this many seconds ago (createdAt, iat and exp move back with it). */
  ageSeconds?: number;
  name?: string | null;
  role?: AccessTokenRole;
  identityUAClientSecretId?: string | null;
  /** accessTokenNumUsesLimit (0 = unlimited). */
  numUsesLimit?: number;
  /**
   * On a current fake: a token issued before the redesign (legacy claims, no jti or org claims,
   * and a row whatever its auth method), checked against its row.
   */
  preRedesign?: boolean;
}

/** The lifetime a current server signs into exp: the TTL, capped by the max age (TTL 0 too). */
export const cappedLifetime = (store: Store, ttl: number): number =>
  Math.min(ttl > 0 ? ttl : store.maxTokenAgeSeconds, store.maxTokenAgeSeconds);

/**
 * A new access token, registered as an accepted bearer of its identity. Legacy (and pre-redesign
 * tokens on a current fake): a row of any auth method, and a JWT naming it (legacy tokens of the
 * newer kind carry jti and authMethod; pre-redesign ones on a current fake do not). Current: a row
 * for Token Auth only, and a JWT carrying its own claims.
 */
export function issue(
  store: Store,
  options: IssueOptions = {},
): { token: string; id: string; row?: TokenRow } {
  const ttl = options.ttl ?? (options.expired ? 3600 : undefined);
  const createdAt = options.expired
    ? new Date(Date.now() - ((ttl ?? 3600) + 60) * 1000)
    : options.ageSeconds !== undefined
      ? new Date(Date.now() - options.ageSeconds * 1000)
      : store.tick();
  const authMethod = options.authMethod ?? 'TOKEN_AUTH';
  const current = store.generation === 'current' && !options.preRedesign;
  const role = options.role ?? (options.expired ? 'expired' : 'allowed');
  const iat = Math.floor(createdAt.getTime() / 1000);
  if (!current) {
    const row = store.addRow(randomUUID(), {
      identityId: options.identityId,
      orgId: options.orgId,
      authMethod,
      name: options.name,
      ttl,
      maxTtl: options.maxTtl,
      createdAt,
      numUsesLimit: options.numUsesLimit,
      identityUAClientSecretId: options.identityUAClientSecretId,
    });
    // The legacy Universal Auth login signs the secret's id too (identity-ua-service.ts login()).
    const secretId = authMethod === 'UNIVERSAL_AUTH' ? row.identityUAClientSecretId : null;
    const token = unsignedJwt({
      identityId: row.identityId,
      ...(secretId ? { clientSecretId: secretId } : {}),
      identityAccessTokenId: row.id,
      ...(options.preRedesign ? {} : { jti: row.id }),
      authTokenType: 'identityAccessToken',
      ...(options.preRedesign ? {} : { authMethod: claimOfAuthMethod(row.authMethod) }),
      iat,
      ...(row.accessTokenTTL > 0 ? { exp: iat + row.accessTokenTTL } : {}),
    });
    store.accessTokens.set(token, { role, identityId: row.identityId, issued: true });
    return { token, id: row.id, row };
  }
  const identity = store.identityFor(options);
  const accessTokenTTL = ttl ?? DEFAULT_TTL_SECONDS;
  const accessTokenMaxTTL = options.maxTtl ?? Math.max(accessTokenTTL, DEFAULT_TTL_SECONDS);
  const id = randomUUID();
  // Only Token Auth still writes a row at issuance (its list and revoke-by-id need one).
  const row =
    authMethod === 'TOKEN_AUTH'
      ? store.addRow(id, {
          identityId: identity.id,
          authMethod,
          name: options.name,
          ttl: accessTokenTTL,
          maxTtl: accessTokenMaxTTL,
          createdAt,
          numUsesLimit: options.numUsesLimit,
        })
      : undefined;
  // signIdentityAccessToken signs `clientSecretId: input.clientSecretId ?? ""`: every current
  // token carries the claim, empty unless a Universal Auth login issued it.
  const clientSecretId =
    (authMethod === 'UNIVERSAL_AUTH' ? options.identityUAClientSecretId : undefined) ?? '';
  const token = unsignedJwt({
    identityId: identity.id,
    identityAccessTokenId: id,
    jti: id,
    authTokenType: 'identityAccessToken',
    // The claim is IdentityAuthMethod's value ("universal-auth"), not the enum's key.
    authMethod: claimOfAuthMethod(authMethod),
    orgId: identity.orgId,
    rootOrgId: identity.orgId,
    parentOrgId: identity.orgId,
    accessTokenTTL,
    accessTokenMaxTTL,
    accessTokenPeriod: 0,
    creationEpoch: createdAt.getTime(),
    iat,
    exp: iat + cappedLifetime(store, accessTokenTTL),
    ...(options.numUsesLimit ? { accessTokenNumUsesLimit: options.numUsesLimit } : {}),
    clientSecretId,
  });
  store.accessTokens.set(token, { role, identityId: identity.id, issued: true });
  return { token, id, row };
}

const CLAIMS_OF_AUTH_METHODS: Record<AuthMethod, string> = {
  TOKEN_AUTH: 'token-auth',
  OIDC_AUTH: 'oidc-auth',
  UNIVERSAL_AUTH: 'universal-auth',
  AWS_IAM_AUTH: 'aws-auth',
  KUBERNETES_AUTH: 'kubernetes-auth',
};

/** IdentityAuthMethod's values, as a server signs them into `authMethod` ("universal-auth"). */
export function claimOfAuthMethod(method: AuthMethod): string {
  return CLAIMS_OF_AUTH_METHODS[method];
}

/** The fake's name of the method a token's `authMethod` claim names (undefined when none). */
export function authMethodOfClaim(claim: unknown): AuthMethod | undefined {
  return (Object.keys(CLAIMS_OF_AUTH_METHODS) as AuthMethod[]).find(
    (method) => CLAIMS_OF_AUTH_METHODS[method] === claim,
  );
}
