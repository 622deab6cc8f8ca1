// The login routes: an access token for an identity, without a stored one. What Infisical's
// backend does (services/identity-oidc-auth, services/identity-ua): both routes take no
// Authorization header and answer 200 {accessToken, expiresIn, accessTokenMaxTTL, tokenType}.
// OIDC checks the GitHub ID token's signature, issuer, expiry, then the identity's bound subject
// (403 ForbiddenError), audience and claims (401); Universal Auth checks the client id and secret.
import type { Request } from '../http/index.js';
import { apiUrl, type Server } from './server.js';
import { failure, isRecord, readAnswer, type Answer, type Failure } from './answers.js';

export interface Login {
  accessToken: string;
  /** Seconds the token lives unless revoked (Infisical's configured TTL). */
  expiresIn?: number;
}

export function oidcLoginRequest(server: Server, identityId: string, jwt: string): Request {
  return {
    method: 'POST',
    url: apiUrl(server, '/api/v1/auth/oidc-auth/login'),
    json: { identityId, jwt },
  };
}

export function universalLoginRequest(
  server: Server,
  clientId: string,
  clientSecret: string,
): Request {
  return {
    method: 'POST',
    url: apiUrl(server, '/api/v1/auth/universal-auth/login'),
    json: { clientId, clientSecret },
  };
}

/**
 * AWS IAM auth (identity-aws-auth-router.ts): a signed STS GetCallerIdentity request, which the
 * server sends to STS itself (to sts.<region>.amazonaws.com, the region read from the
 * Authorization header's credential scope) and matches the caller's ARN against the identity's
 * allowed principals and accounts. Body and headers (JSON) travel base64-encoded.
 */
export function awsLoginRequest(
  server: Server,
  identityId: string,
  signed: { method: 'POST'; body: string; headers: Record<string, string> },
): Request {
  return {
    method: 'POST',
    url: apiUrl(server, '/api/v1/auth/aws-auth/login'),
    json: {
      identityId,
      iamHttpRequestMethod: signed.method,
      iamRequestBody: Buffer.from(signed.body).toString('base64'),
      iamRequestHeaders: Buffer.from(JSON.stringify(signed.headers)).toString('base64'),
    },
  };
}

/** Kubernetes auth: the pod's service account token, which the server reviews with TokenReview. */
export function kubernetesLoginRequest(server: Server, identityId: string, jwt: string): Request {
  return {
    method: 'POST',
    url: apiUrl(server, '/api/v1/auth/kubernetes-auth/login'),
    json: { identityId, jwt },
  };
}

function isLoginAnswer(json: unknown): boolean {
  return isRecord(json) && typeof json.accessToken === 'string' && json.accessToken !== '';
}

/** Decides what an answer to a login route means: an access token, or why not. */
export function judgeLogin(
  answer: Answer,
): { kind: 'ok'; login: Login } | ({ kind: 'failed' } & Failure) {
  // Never quoted: an answer of another shape may hold a new token under another name, or echo
  // the client secret or ID token in a form no redactor knows.
  const reading = readAnswer(answer, isLoginAnswer, 'a login answer', { quote: false });
  if (reading.kind === 'ok') {
    const json = reading.json as { accessToken: string; expiresIn?: unknown };
    const expiresIn =
      typeof json.expiresIn === 'number' && json.expiresIn > 0 ? json.expiresIn : undefined;
    return { kind: 'ok', login: { accessToken: json.accessToken, expiresIn } };
  }
  if (reading.kind === 'failed') return reading;
  return { kind: 'failed', ...failure(reading.status, reading.error) };
}
