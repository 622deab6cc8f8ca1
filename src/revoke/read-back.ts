// One read-back of a credential after its revoke, and what it showed: a Token Auth token's row by
// id, the access token used itself (`self`), or a client secret's absence from its identity's live
// list. A read that shows the credential live is made once more, a second later: Infisical may read
// from a replica that lags behind the revoke.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import { judgeSecretReadBack, secretListRequest } from '../infisical/client-secrets.js';
import {
  detailsRequest,
  judgeTokenRead,
  judgeTokenUse,
  tokenRequest,
  type Shown,
} from '../infisical/read-back.js';
import type { Server } from '../infisical/server.js';
import type { ReadBack } from './result.js';
import { describeTarget, type Target } from './target.js';

/** A read-back that shows a credential live is read once more after this long: a replica may lag. */
export const READ_AGAIN_MS = 1000;

interface ReadContext {
  server: Server;
  accessToken: string;
}

// A read-back that shows a token live is read once more: a replica may lag behind the revoke.
export async function readBackTwiceIfLive(
  target: Target,
  ctx: ReadContext,
  reads: AttemptContext,
): Promise<Shown> {
  const first = await readBack(target, ctx, reads);
  if (first.kind !== 'live' || reads.stop.aborted) return first;
  await reads.sleep(READ_AGAIN_MS);
  return reads.stop.aborted ? first : readBack(target, ctx, reads);
}

export function readBackOf(shown: Shown | undefined, noun = 'token'): ReadBack {
  if (shown === undefined) return { kind: 'off' };
  if (shown.kind === 'unreadable') return { kind: 'unverified', why: whyUnread(shown, noun) };
  return { kind: 'shown' };
}

/** One read-back: the row of a Token Auth token by id, or the access token used itself. */
async function readBack(target: Target, ctx: ReadContext, reads: AttemptContext): Promise<Shown> {
  const secretOf = target.clientSecretOf;
  const request =
    secretOf !== undefined
      ? secretListRequest(ctx.server, secretOf, ctx.accessToken)
      : target.self
        ? detailsRequest(ctx.server, ctx.accessToken)
        : tokenRequest(ctx.server, target.tokenId, ctx.accessToken);
  const done = await attempt(request, `read back ${describeTarget(target)}`, reads);
  if (done.kind === 'stopped') {
    return { kind: 'unreadable', status: 0, message: 'the run stopped before the read-back' };
  }
  if (done.kind === 'no-answer') {
    return { kind: 'unreadable', status: 0, message: `no answer: ${done.error.message}` };
  }
  if (secretOf !== undefined) return judgeSecretReadBack(done.answer, secretOf, target.tokenId);
  return target.self ? judgeTokenUse(done.answer) : judgeTokenRead(done.answer, target.tokenId);
}

function whyUnread(shown: Extract<Shown, { kind: 'unreadable' }>, noun: string): string {
  const permission =
    shown.status === 403 && shown.errorName === 'PermissionDenied'
      ? ` (reading a ${noun} back needs Identity → Read on its identity)`
      : shown.status === 404 && shown.errorName === 'Not Found'
        ? ' (an older server without this route?)'
        : '';
  const reqId = shown.reqId ? ` (reqId: ${shown.reqId})` : '';
  return `${shown.message.replace(/\.$/, '')}${reqId}${permission}`;
}
