// The access token the workflow passes in `access-token`: used as it is, and never revoked by the
// action unless token-id names it (`self`).
import type { Session } from './session.js';

export function givenAccessToken(accessToken: string): () => Promise<Session> {
  return async () => ({ accessToken });
}
