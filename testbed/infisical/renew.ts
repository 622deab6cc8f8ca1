// POST /api/v1/auth/token/renew {accessToken}: no Authorization header, write-class. Legacy servers
// (identity-access-token-service.ts renewAccessToken) find the row "not revoked", check its TTL
// and max TTL, set accessTokenLastRenewedAt and sign a new JWT naming the same row. Current servers
// (after PR #6234) re-sign the JWT with the same id and a new exp and write nothing to the row: a
// renewed Token Auth token then looks expired by its row while it is live, and the clean-up job
// may delete that row.
import { bodyIssue, error, ok, stringIssue, validationFailure, type Reply } from './answers.js';
import {
  cappedLifetime,
  claimOfAuthMethod,
  createdAtMs,
  isCurrentFormat,
  namedRowId,
  preRedesignRefusal,
  revocationOf,
  verifyBodyToken,
} from './access-tokens.js';
import { unsignedJwt, type Claims } from './jwt.js';
import { isExpired, type AccessTokenGrant, type Store, type TokenRow } from './store.js';

const denied = (message: string) => error(401, 'UnauthorizedError', message);
const TTL_EXPIRED = 'Failed to renew MI access token due to TTL expiration';
const MAX_TTL_EXPIRED = 'Failed to renew MI access token due to Max TTL expiration';
const PAST_MAX_TTL = 'Failed to renew MI access token past its Max TTL expiration';

interface Lifetime {
  createdAt: number;
  ttl: number;
  maxTtl: number;
  period: number;
}

/** The max TTL checks of renewAccessToken (periodic tokens have none). */
function maxTtlRefusal({ createdAt, ttl, maxTtl, period }: Lifetime, now: number) {
  if (maxTtl <= 0 || period > 0) return undefined;
  const end = createdAt + maxTtl * 1000;
  if (now > end) return MAX_TTL_EXPIRED;
  if (now + ttl * 1000 > end) return PAST_MAX_TTL;
  return undefined;
}

function deleteRow(store: Store, row: TokenRow): void {
  store.rows.delete(row.id);
  store.pruned.add(row.id);
}

export function renewAccessToken(store: Store, body: unknown, now = Date.now()): Reply {
  const issue =
    bodyIssue(body) ?? stringIssue((body as { accessToken?: unknown }).accessToken, 'accessToken');
  if (issue) return validationFailure([issue]);
  const accessToken = (body as { accessToken: string }).accessToken.trim();
  const verified = verifyBodyToken(store, accessToken, now);
  if ('status' in verified) return verified;
  const { claims, grant } = verified;
  if (claims.authTokenType !== 'identityAccessToken') {
    return error(400, 'BadRequest', 'Only identity access tokens can be renewed');
  }
  if (store.generation === 'current') {
    if (isCurrentFormat(claims)) return renewCurrent(store, grant, claims, now);
    const refused = preRedesignRefusal(store, grant, claims, now);
    if (refused) return refused;
    const row = store.row(namedRowId(claims));
    if (!row) return denied('Cannot renew revoked or unknown access token');
    // A live pre-redesign token comes back in the current format, still without touching its row.
    return renewCurrent(store, grant, currentClaimsOf(store, row), now);
  }
  const row = store.row(namedRowId(claims));
  if (!row || row.isAccessTokenRevoked) return denied('No identity access token found');
  if (isExpired(row, now)) {
    deleteRow(store, row);
    return denied(TTL_EXPIRED);
  }
  const tooLate = maxTtlRefusal(
    {
      createdAt: row.createdAt.getTime(),
      ttl: row.accessTokenTTL,
      maxTtl: row.accessTokenMaxTTL,
      period: row.accessTokenPeriod,
    },
    now,
  );
  if (tooLate) {
    deleteRow(store, row);
    return denied(tooLate);
  }
  row.accessTokenLastRenewedAt = store.tick();
  row.updatedAt = row.accessTokenLastRenewedAt;
  const iat = Math.floor(now / 1000);
  const token = unsignedJwt({
    identityId: row.identityId,
    ...(typeof claims.clientSecretId === 'string' ? { clientSecretId: claims.clientSecretId } : {}),
    identityAccessTokenId: row.id,
    authTokenType: 'identityAccessToken',
    iat,
    ...(row.accessTokenTTL > 0 ? { exp: iat + row.accessTokenTTL } : {}),
  });
  store.accessTokens.set(token, { ...grant, identityId: row.identityId, issued: true });
  return renewed(token, row.accessTokenTTL, row.accessTokenMaxTTL);
}

/** The claims a current server would have signed for a pre-redesign token's row. */
function currentClaimsOf(store: Store, row: TokenRow): Claims {
  const orgId = store.identity(row.identityId)?.orgId ?? store.defaultOrgId;
  return {
    identityId: row.identityId,
    identityAccessTokenId: row.id,
    jti: row.id,
    authTokenType: 'identityAccessToken',
    authMethod: claimOfAuthMethod(row.authMethod),
    orgId,
    rootOrgId: orgId,
    parentOrgId: orgId,
    accessTokenTTL: row.accessTokenTTL,
    accessTokenMaxTTL: row.accessTokenMaxTTL,
    accessTokenPeriod: row.accessTokenPeriod,
    creationEpoch: row.createdAt.getTime(),
    ...(row.identityUAClientSecretId ? { clientSecretId: row.identityUAClientSecretId } : {}),
  };
}

function renewCurrent(store: Store, grant: AccessTokenGrant, claims: Claims, now: number): Reply {
  const revoked = revocationOf(store, claims, now);
  if (revoked) return revoked;
  const lifetime: Lifetime = {
    createdAt: createdAtMs(claims),
    ttl: Number(claims.accessTokenTTL ?? 0),
    maxTtl: Number(claims.accessTokenMaxTTL ?? 0),
    period: Number(claims.accessTokenPeriod ?? 0),
  };
  const tooLate = maxTtlRefusal(lifetime, now);
  if (tooLate) return denied(tooLate);
  const iat = Math.floor(now / 1000);
  // exp never passes the max age counted from creation, whatever the TTL.
  const ageEnd = Math.floor(lifetime.createdAt / 1000) + store.maxTokenAgeSeconds;
  const exp = Math.min(iat + cappedLifetime(store, lifetime.ttl), ageEnd);
  const token = unsignedJwt({ ...claims, iat, exp });
  store.accessTokens.set(token, { ...grant, issued: true });
  return renewed(token, lifetime.ttl, lifetime.maxTtl);
}

const renewed = (accessToken: string, expiresIn: number, accessTokenMaxTTL: number): Reply =>
  ok({ accessToken, expiresIn, accessTokenMaxTTL, tokenType: 'Bearer' });
