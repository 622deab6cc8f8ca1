// Revokes one token: attempts, retries and what the outcome means. No runner I/O here: the
// caller passes a logger, the HTTP function and the pacer, and gets a result back.
import { STATUS_CODES } from 'node:http';
import { NetworkError, type Post } from './http.js';
import {
  judgeAnswer,
  revokeUrl,
  retryAfterMs,
  RETRYABLE_STATUSES,
  type Answer,
} from './infisical.js';
import type { RateLimitPacer } from './rate-limit.js';
import { describeWait, retryDelayMs } from './retry.js';
import { describeServer, type Server } from './server-url.js';

export type Result =
  | {
      tokenId: string;
      outcome: 'revoked';
      status: number;
      message: string;
      attempts: number;
      note?: string;
    }
  | {
      tokenId: string;
      outcome: 'not-found';
      status: 404;
      error: string;
      message: string;
      reqId?: string;
      attempts: number;
    }
  | {
      tokenId: string;
      outcome: 'failed';
      /** Undefined when no answer came (a network failure). */
      status?: number;
      error?: string;
      /** One sentence of what happened, without the token id. */
      reason: string;
      reqId?: string;
      hint?: string;
      expired?: boolean;
      attempts: number;
    };

export interface RevokeContext {
  server: Server;
  accessToken: string;
  retries: number;
  post: Post;
  pacer: RateLimitPacer;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  random?: () => number;
}

export const LOST_ANSWER_NOTE =
  'an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it';

export async function revokeToken(tokenId: string, ctx: RevokeContext): Promise<Result> {
  const url = revokeUrl(ctx.server, tokenId);
  const attempts = ctx.retries + 1;
  // Set once an attempt may have reached the server without us hearing back.
  let mayHaveLanded = false;
  for (let attempt = 1; ; attempt += 1) {
    const ticket = await ctx.pacer.acquire();
    let answer: Answer | undefined;
    let failure: NetworkError | undefined;
    try {
      answer = await ctx.post({ url, bearerToken: ctx.accessToken });
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    } finally {
      ctx.pacer.release(ticket, answer);
    }

    let reason: string;
    let waitMs: number;
    if (answer !== undefined) {
      const verdict = judgeAnswer(answer);
      if (verdict.kind === 'revoked') {
        return {
          tokenId,
          outcome: 'revoked',
          status: 200,
          message: verdict.message,
          attempts: attempt,
        };
      }
      if (verdict.kind === 'not-found') {
        if (mayHaveLanded) {
          return {
            tokenId,
            outcome: 'revoked',
            status: 404,
            message: verdict.message,
            attempts: attempt,
            note: LOST_ANSWER_NOTE,
          };
        }
        return { tokenId, ...verdict, outcome: 'not-found', attempts: attempt };
      }
      const { detail, status, error, reqId, hint, expired } = verdict;
      const result: Result = {
        tokenId,
        outcome: 'failed',
        status,
        error,
        reqId,
        hint,
        expired,
        reason: detail,
        attempts: attempt,
      };
      if (!RETRYABLE_STATUSES.has(answer.status) || attempt === attempts) return result;
      reason = `${answer.status} ${verdict.error ?? STATUS_CODES[answer.status] ?? ''}`.trim();
      waitMs = retryDelayMs(attempt, retryAfterMs(answer), ctx.random);
    } else {
      const error = failure as NetworkError;
      mayHaveLanded ||= error.maybeDelivered;
      if (attempt === attempts || !error.retryable) {
        return {
          tokenId,
          outcome: 'failed',
          reason: `no answer from Infisical at ${describeServer(ctx.server)}: ${error.message}`,
          attempts: attempt,
        };
      }
      reason = error.message;
      waitMs = retryDelayMs(attempt, undefined, ctx.random);
    }
    ctx.log(
      `Attempt ${attempt} of ${attempts} to revoke token ${tokenId} failed (${reason}); retrying in ${describeWait(waitMs)}.`,
    );
    await ctx.sleep(waitMs);
  }
}
