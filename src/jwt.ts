// Reading a JWT's claims, without checking its signature: the action reads only its own
// credentials (the access token it holds, the GitHub ID token it asked for), and the server checks
// them when they are used.

import { isUuid } from './ids.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(value: string): boolean {
  return value.startsWith('eyJ') && JWT.test(value);
}

/** The payload's claims; empty when the value is not a JWT or its payload is not a JSON object. */
export function claimsOf(jwt: string): Record<string, unknown> {
  if (!looksLikeJwt(jwt)) return {};
  try {
    const payload: unknown = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The id of the token that an Infisical access token was issued as (`identityAccessTokenId`, or
 * `jti` on newer tokens), lower case; undefined when it names none.
 */
export function tokenIdOfAccessToken(accessToken: string): string | undefined {
  const claims = claimsOf(accessToken);
  if (claims.authTokenType !== undefined && claims.authTokenType !== 'identityAccessToken') {
    return undefined;
  }
  const id = claims.identityAccessTokenId ?? claims.jti;
  // Only an id of Infisical's form: a claim is text a server wrote, and it ends up in log lines.
  return typeof id === 'string' && isUuid(id) ? id.toLowerCase() : undefined;
}

/** A claim that is an Infisical id (a UUID), lower case; undefined otherwise. */
function idClaim(accessToken: string, name: string): string | undefined {
  const value = claimsOf(accessToken)[name];
  return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined;
}

/** The organization a current access token acts in (its `orgId` claim), lower case. */
export function orgIdOfAccessToken(accessToken: string): string | undefined {
  return idClaim(accessToken, 'orgId');
}

/**
 * The Universal Auth client secret an access token was issued from (its `clientSecretId` claim),
 * lower case: revoking that secret would end the access token too, on current servers.
 */
export function clientSecretIdOfAccessToken(accessToken: string): string | undefined {
  return idClaim(accessToken, 'clientSecretId');
}
