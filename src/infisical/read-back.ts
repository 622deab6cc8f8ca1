// The two reads that show what a revoke did (docs/infisical-api.md, "Read back"): a Token Auth
// token's own row, and whether an access token still works. Infisical's own end-to-end tests prove
// a revoke the same way (backend/e2e-test/routes/v1/identity-access-token-redesign.spec.ts).
// - GET /api/v1/auth/token-auth/tokens/{tokenId} (identity-token-auth-service.ts,
//   getTokenAuthTokenById): the row, revoked ones included until the clean-up job prunes them;
//   404 "Token with ID … not found" once pruned, or for a token of another login method.
//   Read-class; it needs Identity → Read.
// - GET /api/v1/identities/details (identity-router.ts), sent with the token itself: 200 while it
//   is live, 401 once revoked, 403 TokenError once expired. No permission needed.
import type { Answer, Request } from '../http/index.js';
import { isRecord, readAnswer, type Failure, type InfisicalError } from './answers.js';
import { apiUrl, pathSegment, type Server } from './server.js';

export function tokenRequest(server: Server, tokenId: string, accessToken: string): Request {
  return {
    method: 'GET',
    url: apiUrl(server, `/api/v1/auth/token-auth/tokens/${pathSegment(tokenId)}`),
    bearerToken: accessToken,
  };
}

export function detailsRequest(server: Server, token: string): Request {
  return { method: 'GET', url: apiUrl(server, '/api/v1/identities/details'), bearerToken: token };
}

/** What the server shows of a credential after (or instead of) a revoke. */
export type Shown =
  /** Dead: revoked (the row's flag, or the token refused as revoked). `updatedAt`: the row's. */
  | { kind: 'revoked'; updatedAt?: Date }
  /** Dead: the token has expired. */
  | { kind: 'expired' }
  /** The server shows it live. */
  | { kind: 'live'; reqId?: string }
  /** No Token Auth row with that id is visible: pruned, never one, or another login method. */
  | { kind: 'no-row'; reqId?: string }
  /** The token's identity is not in the access token's organization: this access token cannot have revoked it. */
  | { kind: 'other-organization'; reqId?: string; message: string }
  /** The read did not show anything (no permission, an older server, a page in front). */
  | ({ kind: 'unreadable' } & Failure);

interface TokenRow {
  id: string;
  isAccessTokenRevoked: boolean;
  updatedAt?: unknown;
}

// The row asked for, and no other: a cache keyed wrongly must not lend another token's state.
function isTokenAnswerFor(tokenId: string): (json: unknown) => boolean {
  return (json) =>
    isRecord(json) &&
    isRecord(json.token) &&
    typeof json.token.isAccessTokenRevoked === 'boolean' &&
    typeof json.token.id === 'string' &&
    json.token.id.toLowerCase() === tokenId.toLowerCase();
}

/** What GET …/tokens/{tokenId} shows of the Token Auth token `tokenId`. */
export function judgeTokenRead(answer: Answer, tokenId: string): Shown {
  const reading = readAnswer(answer, isTokenAnswerFor(tokenId), 'a token');
  if (reading.kind === 'ok') {
    const { token } = reading.json as { token: TokenRow };
    if (!token.isAccessTokenRevoked) return { kind: 'live' };
    const updatedAt = typeof token.updatedAt === 'string' ? new Date(token.updatedAt) : undefined;
    return {
      kind: 'revoked',
      updatedAt: updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : undefined,
    };
  }
  if (reading.kind === 'failed') return { ...reading, kind: 'unreadable' };
  const { status, error } = reading;
  if (status === 404 && error.error === 'NotFound') {
    // The lookup's own 404 ("Token with ID … not found"), exactly; "Failed to find identity" is
    // the organization check: the token's identity is elsewhere, out of this access token's reach.
    if (/^Token with ID \S+ not found\.?$/i.test(error.message)) {
      return { kind: 'no-row', reqId: error.reqId };
    }
    if (/^Failed to find identity with ID /i.test(error.message)) {
      return { kind: 'other-organization', reqId: error.reqId, message: error.message };
    }
  }
  return unreadable(status, error);
}

function isDetailsAnswer(json: unknown): boolean {
  return isRecord(json) && isRecord(json.identityDetails);
}

/** What GET /api/v1/identities/details, sent with the token itself, shows of it. */
export function judgeTokenUse(answer: Answer): Shown {
  const reading = readAnswer(answer, isDetailsAnswer, 'identity details');
  if (reading.kind === 'ok') return { kind: 'live' };
  if (reading.kind === 'failed') return { ...reading, kind: 'unreadable' };
  const { status, error } = reading;
  // Only Infisical's own refusal of the token (its error body, with a reqId) shows it dead: a
  // gateway's 401, or "Token missing" (a proxy that dropped the header), shows nothing of it.
  if (status === 401 && error.reqId !== undefined && !/token missing/i.test(error.message)) {
    return { kind: 'revoked' };
  }
  if (status === 403 && error.error === 'TokenError' && /expired/i.test(error.message)) {
    return { kind: 'expired' };
  }
  return unreadable(status, error);
}
/** An error answer that shows nothing of the credential: why, in Infisical's words. */
function unreadable(status: number, error: InfisicalError): Shown {
  return {
    kind: 'unreadable',
    status,
    reqId: error.reqId,
    errorName: error.error,
    message: `${status} ${[error.error, error.message].filter(Boolean).join(' — ')}`,
  };
}
