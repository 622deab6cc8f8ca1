// Revokes one token: attempts, retries, and what the answers mean together. No runner I/O here: the
// caller passes a logger, the HTTP function, the pacer and a stop signal, and gets a result back.
import { STATUS_CODES } from 'node:http';
import { NetworkError, type Send } from './http.js';
import {
  RETRYABLE_STATUSES,
  retryAfterMs,
  type Answer,
  type Verdict,
} from './infisical/answers.js';
import { judgeRevoke, revokeRequest } from './infisical/token-auth.js';
import { judgeSelfRevoke, selfRevokeRequest } from './infisical/token.js';
import type { RateLimitPacer } from './rate-limit.js';
import { describeWait, retryDelayMs } from './retry.js';
import { describeServer, type Server } from './server-url.js';

/** A token the workflow named: by its id, or the access token itself (`self`). */
export interface Target {
  /** The id, lower case; for `self`, the access token's own token id when it names one, else 'self'. */
  tokenId: string;
  self: boolean;
}

export type Outcome = 'revoked' | 'not-found' | 'expired' | 'failed' | 'not-attempted';

export interface Result {
  tokenId: string;
  self: boolean;
  outcome: Outcome;
  /** The HTTP status of the deciding answer; undefined when none came. */
  status?: number;
  error?: string;
  /** Infisical's message, or (failed, not attempted) one sentence of what happened, without the id. */
  message: string;
  reqId?: string;
  hint?: string;
  /** Something the reader of the log and the summary must know about how this was decided. */
  note?: string;
  attempts: number;
  /** Failed because the server refused the access token: every other request would be refused too. */
  refused?: boolean;
  /** Failed without any answer from the server, on every attempt. */
  unreachable?: boolean;
}

export interface RevokeContext {
  server: Server;
  accessToken: string;
  retries: number;
  send: Send;
  pacer: RateLimitPacer;
  /** Waits, or returns early once `stop` is aborted. */
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  /** Aborted when no new request may start (cancellation, or a batch that cannot go on). */
  stop: AbortSignal;
  random?: () => number;
}

export const LOST_ANSWER_NOTE =
  'an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it';

export async function revokeToken(target: Target, ctx: RevokeContext): Promise<Result> {
  const request = target.self
    ? selfRevokeRequest(ctx.server, ctx.accessToken)
    : revokeRequest(ctx.server, target.tokenId, ctx.accessToken);
  const judge = target.self ? judgeSelfRevoke : judgeRevoke;
  const base = { tokenId: target.tokenId, self: target.self };
  const attempts = ctx.retries + 1;
  // Set once an attempt may have reached the server without us hearing back.
  let mayHaveLanded = false;
  let heard = false;
  let lastReason = '';
  for (let attempt = 1; ; attempt += 1) {
    if (ctx.stop.aborted) return stopped(base, attempt, lastReason);
    const ticket = await ctx.pacer.acquire(ctx.stop);
    if (ctx.stop.aborted) {
      ctx.pacer.release(ticket, undefined);
      return stopped(base, attempt, lastReason);
    }
    let answer: Answer | undefined;
    let failure: NetworkError | undefined;
    try {
      answer = await ctx.send(request);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    } finally {
      ctx.pacer.release(ticket, answer);
    }

    let waitMs: number;
    if (answer !== undefined) {
      heard = true;
      const verdict: Verdict = judge(answer);
      if (verdict.kind === 'revoked') {
        return {
          ...base,
          outcome: 'revoked',
          status: 200,
          message: verdict.message,
          attempts: attempt,
        };
      }
      if (verdict.kind === 'gone' || verdict.kind === 'expired') {
        const { status, error, reqId, message } = verdict;
        if (verdict.kind === 'gone' && mayHaveLanded) {
          return {
            ...base,
            outcome: 'revoked',
            status,
            error,
            reqId,
            message,
            attempts: attempt,
            note: LOST_ANSWER_NOTE,
          };
        }
        const outcome = verdict.kind === 'gone' ? 'not-found' : 'expired';
        return { ...base, outcome, status, error, reqId, message, attempts: attempt };
      }
      const { detail, status, error, reqId, hint, refused } = verdict;
      if (!RETRYABLE_STATUSES.has(answer.status) || attempt === attempts) {
        return {
          ...base,
          outcome: 'failed',
          status,
          error,
          reqId,
          hint,
          refused,
          message: detail,
          attempts: attempt,
        };
      }
      lastReason = `${answer.status} ${verdict.error ?? STATUS_CODES[answer.status] ?? ''}`.trim();
      waitMs = retryDelayMs(attempt, retryAfterMs(answer), ctx.random);
    } else {
      const error = failure as NetworkError;
      mayHaveLanded ||= error.maybeDelivered;
      if (attempt === attempts || !error.retryable) {
        return {
          ...base,
          outcome: 'failed',
          message: `no answer from Infisical at ${describeServer(ctx.server)}: ${error.message}`,
          attempts: attempt,
          unreachable: !heard && error.code !== 'ECANCELED',
        };
      }
      lastReason = error.message;
      waitMs = retryDelayMs(attempt, undefined, ctx.random);
    }
    ctx.log(
      `Attempt ${attempt} of ${attempts} to revoke ${describeTarget(target)} failed (${lastReason}); retrying in ${describeWait(waitMs)}.`,
    );
    await ctx.sleep(waitMs);
  }
}

/** How a token is named in a sentence. */
export function describeTarget(target: Pick<Target, 'tokenId' | 'self'>): string {
  if (!target.self) return `token ${target.tokenId}`;
  return target.tokenId === 'self'
    ? 'the access token itself'
    : `the access token itself (token ${target.tokenId})`;
}

// No new attempt may start: before the first, the token was not attempted; after a failed one, it
// failed with that attempt's reason.
function stopped(
  base: Pick<Result, 'tokenId' | 'self'>,
  attempt: number,
  lastReason: string,
): Result {
  if (attempt === 1) {
    return {
      ...base,
      outcome: 'not-attempted',
      message: 'not attempted: the run stopped before it',
      attempts: 0,
    };
  }
  return {
    ...base,
    outcome: 'failed',
    message: `${lastReason}; not retried: the run stopped`,
    attempts: attempt - 1,
  };
}
