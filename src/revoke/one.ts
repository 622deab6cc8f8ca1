// Revokes one token and reads it back: attempts, retries, and what the answers mean together. No
// runner I/O here: the caller passes a logger, the HTTP function, the pacers and a stop signal, and
// gets a result back. What is reported as revoked is what the server shows after the revoke
// (docs/infisical-api.md, "Read back"): a 200 proves nothing on a current server, and something
// in front of Infisical can answer 200 too.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import type { Answer, Verdict } from '../infisical/answers.js';
import type { Request } from '../http/index.js';
import type { Shown } from '../infisical/read-back.js';
import { judgeSecretRevoke, secretRevokeRequest } from '../infisical/client-secrets.js';
import { describeServer, type Server } from '../infisical/server.js';
import { judgeRevoke, revokeRequest, TOKEN_AUTH_HINTS } from '../infisical/token-auth.js';
import { judgeSelfRevoke, selfRevokeRequest } from '../infisical/token.js';
import { confirmSecret } from './client-secret.js';
import { readBackOf, readBackTwiceIfLive } from './read-back.js';
import type { ReadBack, Result } from './result.js';
import { describeTarget, type Target } from './target.js';

export interface RevokeContext extends AttemptContext {
  server: Server;
  accessToken: string;
  /** Read-backs: their own pacer (Infisical budgets reads apart from writes); undefined: `verify: false`. */
  reads?: AttemptContext;
}

/** A last answer that says nothing of what an earlier attempt did. */
const SERVER_TROUBLE: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export const IN_FRONT_HINT =
  'Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.';

export const LOST_READ_BACK_NOTE =
  'an attempt reached the server but its answer was lost; the read-back shows the token revoked, so that attempt revoked it';

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
  /**
   * A failure whose request may have reached the server (its answer was lost, or a gateway said
   * 502/504 on the last attempt): the read-back decides whether it revoked the token.
   */
  lost?: Result;
  /** When the first attempt was sent (ms since epoch), to tell a revoke of this run from an older one. */
  startedAt: number;
}

/** How far the server's clock may be behind the runner's when a row's updatedAt is compared. */
const CLOCK_MARGIN_MS = 60_000;

export async function revokeToken(target: Target, ctx: RevokeContext): Promise<Result> {
  return confirm(await sendRevoke(target, ctx), ctx);
}

/** Sends the revoke (with its retries); the read-back is `confirm`'s. */
export async function sendRevoke(target: Target, ctx: RevokeContext): Promise<Sent> {
  const { request, judge } = routeOf(target, ctx);
  const base = {
    tokenId: target.tokenId,
    self: target.self,
    ...(target.clientSecretOf !== undefined ? { clientSecretOf: target.clientSecretOf } : {}),
  };
  const startedAt = Date.now();
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
    return {
      target,
      result,
      attempts: done.attempts,
      mayHaveLanded: done.mayHaveLanded,
      startedAt,
    };
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
    return { target, result, attempts: done.attempts, mayHaveLanded: true, startedAt };
  }
  if (done.kind === 'no-answer') {
    const result: Result = {
      ...base,
      outcome: 'failed',
      message: `no answer from Infisical at ${describeServer(ctx.server)}: ${done.error.message}`,
      attempts: done.attempts,
      unreachable: !done.heard && done.error.code !== 'ECANCELED',
    };
    const sent = { target, attempts: done.attempts, mayHaveLanded: done.mayHaveLanded, startedAt };
    // An attempt may have landed: what the server shows decides, not the missing answer.
    return done.mayHaveLanded ? { ...sent, lost: result } : { ...sent, result };
  }
  const verdict = judge(done.answer);
  const sent = {
    target,
    verdict,
    attempts: done.attempts,
    mayHaveLanded: done.mayHaveLanded,
    startedAt,
  };
  if (verdict.kind === 'failed') {
    const { message, status, errorName, reqId, hint, refused } = verdict;
    const result: Result = {
      ...base,
      ...{ outcome: 'failed', status, errorName, reqId, hint, refused, message },
      attempts: done.attempts,
    };
    // The last attempt's gateway trouble after one that may have landed: the read-back decides.
    const lost = done.mayHaveLanded && !refused && SERVER_TROUBLE.has(status);
    return lost ? { ...sent, lost: result } : { ...sent, result };
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

/** The route that revokes a target, and what its answers mean. */
function routeOf(
  target: Target,
  ctx: RevokeContext,
): { request: Request; judge: (answer: Answer) => Verdict } {
  const identityId = target.clientSecretOf;
  if (identityId !== undefined) {
    return {
      request: secretRevokeRequest(ctx.server, identityId, target.tokenId, ctx.accessToken),
      judge: (answer) => judgeSecretRevoke(answer, target.tokenId, identityId),
    };
  }
  if (target.self)
    return { request: selfRevokeRequest(ctx.server, ctx.accessToken), judge: judgeSelfRevoke };
  return {
    request: revokeRequest(ctx.server, target.tokenId, ctx.accessToken),
    judge: judgeRevoke,
  };
}

/** An answer that a read-back decides on: Infisical's success, another 200, or "gone". */
type Answered = Exclude<Verdict, { kind: 'failed' } | { kind: 'expired' }>;

/** A sent revoke's verdict, and what the server said in it, as a result's fields. */
export function answeredOf(sent: Sent): {
  verdict: Answered;
  said: Pick<Result, 'status' | 'errorName' | 'reqId' | 'message'>;
} {
  const verdict = sent.verdict as Answered;
  const said =
    verdict.kind === 'gone'
      ? {
          status: verdict.status,
          errorName: verdict.errorName,
          reqId: verdict.reqId,
          message: verdict.message,
        }
      : { status: verdict.kind === 'unconfirmed' ? verdict.status : 200, message: verdict.message };
  return { verdict, said };
}

/** Reads back what the revoke answered, and decides its outcome from what the server shows. */
export async function confirm(sent: Sent, ctx: RevokeContext): Promise<Result> {
  if (sent.result) return sent.result;
  if (sent.target.clientSecretOf !== undefined) return confirmSecret(sent, ctx);
  if (sent.lost) return confirmLost(sent, sent.lost, ctx);
  const { target, attempts, mayHaveLanded } = sent;
  const { verdict, said } = answeredOf(sent);
  const base = { tokenId: target.tokenId, self: target.self, attempts };
  const shown = ctx.reads ? await readBackTwiceIfLive(target, ctx, ctx.reads) : undefined;
  const checked = readBackOf(shown);
  const dead = shown?.kind === 'revoked' || shown?.kind === 'expired';

  if (shown?.kind === 'live') {
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
  if (shown?.kind === 'other-organization' && verdict.kind !== 'gone') {
    // The organization check the revoke route makes too: this access token cannot have revoked it.
    return {
      ...base,
      ...said,
      outcome: 'failed',
      readBack: checked,
      message: `${verdict.message}, but the read-back answers ${shown.message}: the token's identity is not in the access token's organization, so this access token cannot have revoked it`,
      hint: TOKEN_AUTH_HINTS.otherOrganization,
    };
  }
  if (verdict.kind === 'revoked') {
    // Infisical's own success answer. A row gone right after it was pruned, or was never a Token
    // Auth row (a login token, which the route cannot revoke): say so, unverified.
    const gone: ReadBack | undefined =
      shown?.kind === 'no-row'
        ? {
            kind: 'unverified',
            why: 'no Token Auth row answers to this id any more: pruned right after the revoke, or never a Token Auth token (a login token, which stays live)',
          }
        : undefined;
    return { ...base, ...said, outcome: 'revoked', readBack: gone ?? checked };
  }
  if (verdict.kind === 'unconfirmed') {
    if (dead) {
      return {
        ...base,
        ...said,
        outcome: 'revoked',
        readBack: checked,
        note: "the answer was not Infisical's success answer, but the read-back shows the token revoked",
      };
    }
    if (shown?.kind === 'no-row' && !target.self) {
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
    return mayHaveLanded && !revokedBefore(shown, sent.startedAt)
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

/**
 * A failure whose request may have landed: revoked when the server shows the token dead (and
 * not revoked before this run), a plain failure when it shows it live, else "outcome unknown".
 */
async function confirmLost(sent: Sent, lost: Result, ctx: RevokeContext): Promise<Result> {
  if (!ctx.reads) return { ...lost, outcomeUnknown: true, readBack: { kind: 'off' } };
  const shown = await readBackTwiceIfLive(sent.target, ctx, ctx.reads);
  const readBack = readBackOf(shown);
  if (shown.kind === 'revoked' || shown.kind === 'expired') {
    const base = { tokenId: lost.tokenId, self: lost.self, attempts: lost.attempts, readBack };
    return revokedBefore(shown, sent.startedAt)
      ? {
          ...base,
          outcome: 'already-revoked',
          message: 'the server shows it revoked before this run',
        }
      : {
          ...base,
          outcome: 'revoked',
          message: 'the server shows it revoked',
          note: `${LOST_READ_BACK_NOTE} (the last attempt: ${lost.status === undefined ? '' : `${lost.status} `}${lost.message.replace(/\.$/, '')})`,
        };
  }
  if (shown.kind === 'live') return { ...lost, readBack, unreachable: false };
  return { ...lost, readBack, outcomeUnknown: true };
}

// A row revoked well before this run's first attempt was revoked by someone else.
function revokedBefore(shown: Shown | undefined, startedAt: number): boolean {
  return (
    shown?.kind === 'revoked' &&
    shown.updatedAt !== undefined &&
    shown.updatedAt.getTime() < startedAt - CLOCK_MARGIN_MS
  );
}
