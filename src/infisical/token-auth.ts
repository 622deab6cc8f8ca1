// Token Auth routes: revoking a token by its id. What Infisical's backend does here
// (backend/src/services/identity-token-auth/identity-token-auth-service.ts, revokeTokenAuthToken):
// it looks up a live TOKEN_AUTH row with that id and answers 404 "Token with ID … not found or
// already revoked" when there is none (unknown, revoked, pruned, or a token of another login
// method); only then does it check that the token's identity is in the caller's organization,
// answering 404 "Failed to find identity with ID …" when not, with the token still live.
import type { Request } from '../http/index.js';
import { apiUrl, pathSegment, type Server } from './server.js';
import {
  failure,
  HINTS,
  isPermissionBoundary,
  goneVerdict,
  isMessageAnswer,
  judgeRevokeSuccess,
  readAnswer,
  refusal,
  type Answer,
  type Verdict,
} from './answers.js';

export const TOKEN_AUTH_HINTS = {
  kindOfToken:
    "access-token is not an identity access token (a service token, or another kind of token): the revoke route takes only access tokens of machine identities (or a user session). Pass an access token of an identity allowed to edit the tokens' identity.",
  permission:
    "The identity behind access-token may not edit the token's identity: it needs Identity → Edit in its organization role (or, for a project-scoped identity, in the project's role).",
  otherOrganization:
    "The token was NOT revoked: its identity is not in the access token's organization. The access token may belong to another organization, or to another region (https://eu.infisical.com and https://app.infisical.com are separate); a 404 of this kind never counts as already gone.",
} as const;

/**
 * The revoke route for one token. The id is a single path segment whatever it holds: it is
 * percent-encoded, dots included, so no value can climb out of the route.
 */
export function revokeUrl(server: Server, tokenId: string): string {
  return apiUrl(server, `/api/v1/auth/token-auth/tokens/${pathSegment(tokenId)}/revoke`);
}

export function revokeRequest(server: Server, tokenId: string, accessToken: string): Request {
  return { method: 'POST', url: revokeUrl(server, tokenId), bearerToken: accessToken };
}

/** The token lookup's own 404: the only answer that means "already gone". */
function isTokenNotFound(message: string): boolean {
  // The sentence exactly (identity-token-auth-service.ts, revokeTokenAuthToken): a route miss
  // through a proxy prefix, or any other NotFound, is no word on the token.
  return /^Token with ID \S+ not found or already revoked\.?$/i.test(message);
}

/** Decides what an answer to the Token Auth revoke route means. */
export function judgeRevoke(answer: Answer): Verdict {
  const success = judgeRevokeSuccess(answer);
  if (success) return success;
  const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
  if (reading.kind !== 'error') return reading as Verdict;
  const { status, error } = reading;
  if (status === 404 && isTokenNotFound(error.message)) return goneVerdict('gone', status, error);
  if (status === 404) {
    return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.otherOrganization) };
  }
  const refused = refusal(status, error);
  if (refused) return { kind: 'failed', ...refused };
  // A bearer that is not an identity access token (a service token `st.…`): a wrong kind of
  // token, not a missing permission (verify-auth.ts: "Forbidden access to <url>").
  if (
    status === 403 &&
    /forbidden access to|ForbiddenRequest/i.test(`${error.error} ${error.message}`)
  ) {
    return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.kindOfToken) };
  }
  if (isPermissionBoundary(status, error)) {
    return { kind: 'failed', ...failure(status, error, HINTS.permissionBoundary) };
  }
  if (status === 403)
    return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.permission) };
  return { kind: 'failed', ...failure(status, error) };
}
