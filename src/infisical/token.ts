// The access-token routes: revoking the access token that the action holds ("self"). What
// Infisical's backend does (server/routes/v1/identity-access-token-router.ts, POST
// /api/v1/auth/token/revoke): it takes the token in the body, needs no Authorization header and no
// permission, and works for an access token of every login method (Token Auth, Universal Auth,
// OIDC…), unlike the Token Auth route, which finds only TOKEN_AUTH rows. A token already revoked
// gets 401 "No identity access token found" from older servers; current ones answer 200 again (an
// upsert of its revocation marker), or 401 "Cannot renew revoked or unknown access token" for a token
// issued before their redesign; an expired one gets 403 TokenError (it is dead either way). A 200
// proves nothing by itself: revoke/one.ts reads the token back.
import type { Request } from '../http/index.js';
import { apiUrl, type Server } from './server.js';
import {
  failure,
  goneVerdict,
  HINTS,
  isMessageAnswer,
  judgeRevokeSuccess,
  readAnswer,
  type Answer,
  type Verdict,
} from './answers.js';

const NOT_AN_IDENTITY_TOKEN =
  'access-token is not an Infisical identity access token that this server issued (a token of another server or region, or not an access token).';

export function selfRevokeRequest(server: Server, accessToken: string): Request {
  return {
    method: 'POST',
    url: apiUrl(server, '/api/v1/auth/token/revoke'),
    json: { accessToken },
  };
}

/** Decides what an answer to the access-token revoke route means. */
export function judgeSelfRevoke(answer: Answer): Verdict {
  const success = judgeRevokeSuccess(answer);
  if (success) return success;
  const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
  if (reading.kind !== 'error') return reading as Verdict;
  const { status, error } = reading;
  // Already revoked: older servers' words, and current servers' for a token issued before the
  // redesign whose row is revoked or pruned (identity-access-token-service.ts, revokeAccessToken).
  if (
    status === 401 &&
    /no identity access token found|cannot renew revoked or unknown access token/i.test(
      error.message,
    )
  ) {
    return goneVerdict('gone', status, error);
  }
  if (status === 403 && error.error === 'TokenError' && /expired/i.test(error.message)) {
    return goneVerdict('expired', status, error);
  }
  if (status === 401 || status === 400 || status === 403) {
    return { kind: 'failed', ...failure(status, error, NOT_AN_IDENTITY_TOKEN) };
  }
  if (status === 404) return { kind: 'failed', ...failure(status, error, HINTS.serverUrl) };
  return { kind: 'failed', ...failure(status, error) };
}
