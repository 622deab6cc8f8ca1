// What a client secret's revoke did, decided from what the server shows after it: the secret must
// be gone from its identity's live list (Infisical lists live secrets only). The same rules as for
// tokens (revoke/one.ts): Infisical's own success answer with a read-back that cannot be made is
// revoked, unverified; any other 200 counts only when the read-back shows the secret gone; a lost
// answer is decided by the read-back alone.
import { answeredOf, IN_FRONT_HINT, type RevokeContext, type Sent } from './one.js';
import { readBackOf, readBackTwiceIfLive } from './read-back.js';
import type { Result } from './result.js';

const GONE = 'the read-back shows it gone from the live list';

export async function confirmSecret(sent: Sent, ctx: RevokeContext): Promise<Result> {
  if (sent.result) return sent.result;
  const { target, attempts } = sent;
  const base = {
    tokenId: target.tokenId,
    self: false,
    clientSecretOf: target.clientSecretOf,
    attempts,
  };
  const shown = ctx.reads ? await readBackTwiceIfLive(target, ctx, ctx.reads) : undefined;
  const readBack = readBackOf(shown, 'client secret');
  const lost = sent.lost;
  if (lost) {
    // It was in the live list when chosen, so gone now means revoked by this run's lost attempt.
    if (shown?.kind === 'revoked') {
      return {
        ...base,
        outcome: 'revoked',
        message: GONE,
        readBack,
        note: `an attempt reached the server but its answer was lost; ${GONE}, so that attempt revoked it`,
      };
    }
    if (shown?.kind === 'live') return { ...lost, readBack, unreachable: false };
    return { ...lost, readBack, outcomeUnknown: true };
  }
  const { verdict, said } = answeredOf(sent);
  if (shown?.kind === 'live') {
    return {
      ...base,
      ...said,
      outcome: 'failed',
      readBack,
      message: `${verdict.message}; yet the read-back lists it: the client secret is still live`,
      hint: verdict.kind === 'unconfirmed' ? (verdict.hint ?? IN_FRONT_HINT) : undefined,
    };
  }
  // Infisical's 404 for a secret it does not find under the identity (a revoked one answers 200).
  if (verdict.kind === 'gone') return { ...base, ...said, outcome: 'not-found', readBack };
  if (verdict.kind === 'revoked') return { ...base, ...said, outcome: 'revoked', readBack };
  if (shown?.kind === 'revoked') {
    return {
      ...base,
      ...said,
      outcome: 'revoked',
      readBack,
      note: `the answer was not Infisical's success answer, but ${GONE}`,
    };
  }
  return {
    ...base,
    ...said,
    outcome: 'failed',
    readBack,
    hint: verdict.hint,
    message: `${verdict.message}; the client secret could not be shown revoked (${readBack.kind === 'unverified' ? readBack.why : 'verify is false'}), so it may still work`,
  };
}
