// JWTs as the fake needs them: Infisical's own access tokens (shape only: the fake trusts the ones
// it registered instead of checking an HMAC), and RS256 ID tokens from an OIDC provider, checked
// with node:crypto in the order and with the messages of the `jsonwebtoken` package Infisical uses.
import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

export interface DecodedJwt {
  header: Claims;
  claims: Claims;
  signingInput: string;
  signature: string;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An access token shaped like the ones Infisical signs (HS256 with its AUTH_SECRET): the signature
 * is random bytes, so two tokens with the same claims still differ.
 */
export function unsignedJwt(claims: Claims): string {
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, claims, signature] = parts as [string, string, string];
  try {
    const decoded = {
      header: JSON.parse(Buffer.from(header, 'base64url').toString()) as unknown,
      claims: JSON.parse(Buffer.from(claims, 'base64url').toString()) as unknown,
    };
    if (!isObject(decoded.header) || !isObject(decoded.claims)) return undefined;
    return {
      header: decoded.header,
      claims: decoded.claims,
      signingInput: `${header}.${claims}`,
      signature,
    };
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Claims =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function signRs256(claims: Claims, privateKey: KeyObject, header: Claims = {}): string {
  const signingInput = `${part({ typ: 'JWT', alg: 'RS256', ...header })}.${part(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The algorithms jsonwebtoken accepts for an RSA public key when none are configured. */
const RSA_ALGORITHMS: Record<string, string> = {
  RS256: 'RSA-SHA256',
  RS384: 'RSA-SHA384',
  RS512: 'RSA-SHA512',
};

/**
 * jsonwebtoken's verify with an RSA public key and an expected issuer: the error message it would
 * throw, or the claims. Order: signature present, algorithm, signature, nbf, exp, issuer.
 */
export function verifyRsaJwt(
  token: string,
  key: KeyObject,
  issuer: string | undefined,
  now = Date.now(),
): { claims: Claims } | { error: string } {
  if (token.split('.').length !== 3) return { error: 'jwt malformed' };
  const decoded = decodeJwt(token);
  if (!decoded) return { error: 'invalid token' };
  if (decoded.signature.trim() === '') return { error: 'jwt signature is required' };
  const algorithm = RSA_ALGORITHMS[String(decoded.header.alg)];
  if (!algorithm) return { error: 'invalid algorithm' };
  const valid = createVerify(algorithm)
    .update(decoded.signingInput)
    .verify(key, Buffer.from(decoded.signature, 'base64url'));
  if (!valid) return { error: 'invalid signature' };
  const { claims } = decoded;
  const seconds = Math.floor(now / 1000);
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number') return { error: 'invalid nbf value' };
    if (claims.nbf > seconds) return { error: 'jwt not active' };
  }
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') return { error: 'invalid exp value' };
    if (seconds >= claims.exp) return { error: 'jwt expired' };
  }
  if (issuer && claims.iss !== issuer) return { error: `jwt issuer invalid. expected: ${issuer}` };
  return { claims };
}
