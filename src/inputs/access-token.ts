import { InputError } from './error.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(value: string): boolean {
  return value.startsWith('eyJ') && JWT.test(value);
}

/**
 * Checks `access-token`. It becomes an HTTP header, so it must be one printable word; the message
 * never repeats the value.
 */
export function parseAccessToken(raw: string): string {
  const token = raw.trim();
  if (token === '') {
    throw new InputError(
      'Input access-token is required: an Infisical access token of an identity allowed to edit ' +
        "the token's identity (identity:edit).",
    );
  }
  if (/^bearer\s/i.test(token)) {
    throw new InputError(
      'Input access-token starts with "Bearer ": pass the access token alone, without the "Bearer " ' +
        'prefix (the action adds it). The value is masked and not shown.',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      'Input access-token must be a single token of printable characters, without spaces or line ' +
        'breaks. The value is masked and not shown.',
    );
  }
  return token;
}

/**
 * The id of the Token Auth token that an access token was issued as, read from its JWT payload
 * (`identityAccessTokenId`, or `jti` on newer tokens). The signature is not checked: this is our
 * own credential, and the server checks it when we use it.
 */
export function tokenIdOfAccessToken(accessToken: string): string | undefined {
  if (!looksLikeJwt(accessToken)) return undefined;
  const payloadPart = accessToken.split('.')[1] ?? '';
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const claims = payload as Record<string, unknown>;
  if (claims.authTokenType !== undefined && claims.authTokenType !== 'identityAccessToken') {
    return undefined;
  }
  const id = claims.identityAccessTokenId ?? claims.jti;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
