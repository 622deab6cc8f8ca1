// Revokes one token and reads it back: attempts, retries, and what the answers mean together. No
// runner I/O here: the caller passes a logger, the HTTP function, the pacers and a stop signal, and
// gets a result back. What is reported as revoked is what the server shows after the revoke
// (docs/infisical-api.md, "Read back"): a 200 proves nothing on a current server, and something
// in front of Infisical can answer 200 too.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import type { Verdict } from '../infisical/answers.js';
import {
  detailsRequest,
  judgeTokenRead,
  judgeTokenUse,
  tokenRequest,
  type Shown,
} from '../infisical/read-back.js';
import { describeServer, type Server } from '../infisical/server.js';
import { judgeRevoke, revokeRequest } from '../infisical/token-auth.js';
import { judgeSelfRevoke, selfRevokeRequest } from '../infisical/token.js';
import type { ReadBack, Result } from './result.js';
import { describeTarget, type Target } from './target.js';

export interface RevokeContext extends AttemptContext {
  server: Server;
  accessToken: string;
  /** Read-backs: their own pacer (Infisical budgets reads apart from writes); undefined: `verify: false`. */
  reads?: AttemptContext;
}

const IN_FRONT_HINT =
  'Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.';

export const LOST_ANSWER_NOTE =
  'an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it';

/** A revoke's answer, waiting for its read-back. */
export interface Sent {
  target: Target;
  /** Settled already: nothing to read back (no answer, a plain failure, stopped). */
  result?: Result;
  verdict?: Verdict;
  attempts: number;
  mayHaveLanded: boolean;
}

export async function revokeToken(target: Target, ctx: RevokeContext): Promise<Result> {
  return confirm(await sendRevoke(target, ctx), ctx);
}

/** Sends the revoke (with its retries); the read-back is `confirm`'s. */
export async function sendRevoke(target: Target, ctx: RevokeContext): Promise<Sent> {
  const request = target.self
    ? selfRevokeRequest(ctx.server, ctx.accessToken)
    : revokeRequest(ctx.server, target.tokenId, ctx.accessToken);
  const judge = target.self ? judgeSelfRevoke : judgeRevoke;
  const base = { tokenId: target.tokenId, self: target.self };
  const done = await attempt(request, `revoke ${describeTarget(target)}`, ctx);

  if (done.kind === 'stopped') {
    const result: Result =
      done.attempts === 0
        ? {
            ...base,
            outcome: 'not-attempted',
            message: 'not attempted: the run stopped before it',
            attempts: 0,
          }
        : done.mayHaveLanded
          ? {
              ...base,
              outcome: 'failed',
              message: `an earlier attempt may have reached the server without its answer coming back (${done.lastReason}), and the run stopped before a retry`,
              attempts: done.attempts,
              outcomeUnknown: true,
            }
          : {
              ...base,
              outcome: 'failed',
              message: `${done.lastReason}; not retried: the run stopped`,
              attempts: done.attempts,
            };
    return { target, result, attempts: done.attempts, mayHaveLanded: done.mayHaveLanded };
  }
  if (done.kind === 'no-answer' && done.error.code === 'ECANCELED') {
    // Cut off by the cancel while in flight: it may have reached the server and revoked the token.
    const result: Result = {
      ...base,
      outcome: 'failed',
      message:
        'the revoke was in flight when the run was cancelled, and was cut off before its answer came',
      attempts: done.attempts,
      outcomeUnknown: true,
    };
    return { target, result, attempts: done.attempts, mayHaveLanded: true };
  }
  if (done.kind === 'no-answer') {
    const result: Result = {
      ...base,
      outcome: 'failed',
      message: `no answer from Infisical at ${describeServer(ctx.server)}: ${done.error.message}`,
      attempts: done.attempts,
      unreachable: !done.heard && done.error.code !== 'ECANCELED',
    };
    return { target, result, attempts: done.attempts, mayHaveLanded: done.mayHaveLanded };
  }
  const verdict = judge(done.answer);
  const sent = { target, verdict, attempts: done.attempts, mayHaveLanded: done.mayHaveLanded };
  if (verdict.kind === 'failed') {
    const { message, status, errorName, reqId, hint, refused } = verdict;
    const result: Result = {
      ...base,
      ...{ outcome: 'failed', status, errorName, reqId, hint, refused, message },
      attempts: done.attempts,
    };
    return { ...sent, result };
  }
  if (verdict.kind === 'expired') {
    const { status, errorName, reqId, message } = verdict;
    const result: Result = {
      ...base,
      ...{ outcome: 'expired', status, errorName, reqId, message },
      attempts: done.attempts,
    };
    return { ...sent, result };
  }
  return sent;
}

/** Reads back what the revoke answered, and decides its outcome from what the server shows. */
export async function confirm(sent: Sent, ctx: RevokeContext): Promise<Result> {
  if (sent.result) return sent.result;
  const { target, attempts, mayHaveLanded } = sent;
  const verdict = sent.verdict as Exclude<Verdict, { kind: 'failed' } | { kind: 'expired' }>;
  const base = { tokenId: target.tokenId, self: target.self, attempts };
  const said =
    verdict.kind === 'gone'
      ? {
          status: verdict.status,
          errorName: verdict.errorName,
          reqId: verdict.reqId,
          message: verdict.message,
        }
      : { status: verdict.kind === 'unconfirmed' ? verdict.status : 200, message: verdict.message };
  const shown = ctx.reads ? await readBack(target, ctx, ctx.reads) : undefined;
  const checked: ReadBack =
    shown === undefined
      ? { kind: 'off' }
      : shown.kind === 'unreadable'
        ? { kind: 'unverified', why: whyUnread(shown) }
        : { kind: 'shown' };
  const dead = shown?.kind === 'revoked' || shown?.kind === 'expired';
  const live = shown?.kind === 'live';
  // The pruned row right after Infisical's own success answer: revoked, then cleaned up.
  const pruned = shown?.kind === 'no-row';

  if (live) {
    // The status is the line's own prefix: the message says what came with it, and that the
    // token still works.
    return {
      ...base,
      ...said,
      outcome: 'failed',
      readBack: checked,
      message: `${verdict.message}, but the token still works: the read-back shows it live`,
      hint:
        verdict.kind === 'gone'
          ? undefined
          : verdict.kind === 'unconfirmed' && verdict.hint
            ? verdict.hint
            : IN_FRONT_HINT,
    };
  }
  if (verdict.kind === 'revoked') {
    // Infisical's own success answer, and the read-back does not show the token live.
    return { ...base, ...said, outcome: 'revoked', readBack: checked };
  }
  if (verdict.kind === 'unconfirmed') {
    if (dead) {
      return {
        ...base,
        ...said,
        outcome: 'revoked',
        readBack: checked,
        note: `the answer was not Infisical's success answer (${verdict.message}), but the read-back shows the token revoked`,
      };
    }
    if (pruned && !target.self) {
      return {
        ...base,
        ...said,
        outcome: 'not-found',
        readBack: checked,
        message: `${verdict.message}; and no Token Auth token with this id is visible to the access token`,
      };
    }
    return {
      ...base,
      ...said,
      outcome: 'failed',
      readBack: checked,
      hint: verdict.hint,
      message: `${verdict.message}; the token could not be shown revoked (${checked.kind === 'unverified' ? checked.why : 'verify is false'}), so it may still work`,
    };
  }
  // The token lookup's own "not found or already revoked" (or a self-revoke's "already revoked").
  if (dead) {
    return mayHaveLanded
      ? { ...base, ...said, outcome: 'revoked', readBack: checked, note: LOST_ANSWER_NOTE }
      : { ...base, ...said, outcome: 'already-revoked', readBack: checked };
  }
  // Unread: a self-revoke's 401 is Infisical's own word that the token is gone; a lookup's 404
  // cannot tell a revoked token from one that is not a Token Auth token (a live login token).
  return {
    ...base,
    ...said,
    outcome: target.self ? 'already-revoked' : 'not-found',
    readBack: checked,
  };
}

/** One read-back: the row of a Token Auth token by id, or the access token used itself. */
async function readBack(target: Target, ctx: RevokeContext, reads: AttemptContext): Promise<Shown> {
  const request = target.self
    ? detailsRequest(ctx.server, ctx.accessToken)
    : tokenRequest(ctx.server, target.tokenId, ctx.accessToken);
  const done = await attempt(request, `read back ${describeTarget(target)}`, reads);
  if (done.kind === 'stopped') {
    return { kind: 'unreadable', status: 0, message: 'the run stopped before the read-back' };
  }
  if (done.kind === 'no-answer') {
    return { kind: 'unreadable', status: 0, message: `no answer: ${done.error.message}` };
  }
  return target.self ? judgeTokenUse(done.answer) : judgeTokenRead(done.answer);
}

function whyUnread(shown: Extract<Shown, { kind: 'unreadable' }>): string {
  const permission =
    shown.status === 403 && shown.errorName === 'PermissionDenied'
      ? ' (reading a token back needs Identity → Read on its identity)'
      : shown.status === 404
        ? ' (an older server without this route?)'
        : '';
  const reqId = shown.reqId ? ` (reqId: ${shown.reqId})` : '';
  return `${shown.message.replace(/\.$/, '')}${reqId}${permission}`;
}
