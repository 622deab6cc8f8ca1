// Sends one request with the retry policy of every Infisical call (revokes, logins, list pages):
// retried after a network error or a 429/5xx answer, waiting as retry.ts says, paced by the
// request class's pacer, and never starting an attempt once the run has stopped.
import { STATUS_CODES } from 'node:http';
import {
  NetworkError,
  RETRYABLE_STATUSES,
  retryAfterMs,
  type Answer,
  type Request,
  type Send,
} from '../http/index.js';
import type { RateLimitPacer } from './pacer.js';
import { describeWait, retryDelayMs } from './backoff.js';
import { serverText } from '../text/server-text.js';

export interface AttemptContext {
  retries: number;
  send: Send;
  pacer: RateLimitPacer;
  /** Waits, or returns early once `stop` is aborted. */
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  /** Aborted when no new attempt may start. */
  stop: AbortSignal;
  random?: () => number;
}

export type Attempted =
  /** The answer that decides (not worth another attempt, or the last one). */
  | { kind: 'answer'; answer: Answer; attempts: number; mayHaveLanded: boolean }
  /** No answer on the last attempt (or one not worth repeating, such as TLS). */
  | {
      kind: 'no-answer';
      error: NetworkError;
      attempts: number;
      heard: boolean;
      mayHaveLanded: boolean;
    }
  /** The run stopped before attempt `attempts + 1`. */
  | { kind: 'stopped'; attempts: number; lastReason: string; mayHaveLanded: boolean };

/**
 * Sends `request` until an answer decides or the attempts run out. `what` names the work in the
 * retry log line ("revoke token …", "log in"). `mayHaveLanded` is set when an earlier attempt may
 * have reached the server without us hearing back (the lost-answer rule needs it).
 */
export async function attempt(
  request: Request,
  what: string,
  ctx: AttemptContext,
): Promise<Attempted> {
  const attempts = ctx.retries + 1;
  let mayHaveLanded = false;
  let heard = false;
  let lastReason = '';
  for (let n = 1; ; n += 1) {
    if (ctx.stop.aborted) return { kind: 'stopped', attempts: n - 1, lastReason, mayHaveLanded };
    const ticket = await ctx.pacer.acquire(ctx.stop);
    if (ctx.stop.aborted) {
      ctx.pacer.release(ticket, undefined);
      return { kind: 'stopped', attempts: n - 1, lastReason, mayHaveLanded };
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
      // A gateway's 502 or 504 may come after the server behind it did the work.
      mayHaveLanded ||= answer.status === 502 || answer.status === 504;
      if (!RETRYABLE_STATUSES.has(answer.status) || n === attempts) {
        return { kind: 'answer', answer, attempts: n, mayHaveLanded };
      }
      // The error name is the server's text: escaped, so that "\n::stop-commands::x\n" is data.
      const name = errorName(answer);
      const said = name === undefined ? undefined : serverText(name, ERROR_NAME_CHARS);
      lastReason = `${answer.status} ${said || (STATUS_CODES[answer.status] ?? '')}`.trim();
      waitMs = retryDelayMs(n, retryAfterMs(answer), ctx.random);
    } else {
      const error = failure as NetworkError;
      mayHaveLanded ||= error.maybeDelivered;
      if (n === attempts || !error.retryable)
        return { kind: 'no-answer', error, attempts: n, heard, mayHaveLanded };
      lastReason = error.message;
      waitMs = retryDelayMs(n, undefined, ctx.random);
    }
    ctx.log(
      `Attempt ${n} of ${attempts} to ${what} failed (${lastReason}); retrying in ${describeWait(waitMs)}.`,
    );
    await ctx.sleep(waitMs);
  }
}

/** The most of a server's error name the retry line shows (Infisical's are one short word). */
const ERROR_NAME_CHARS = 60;

// Infisical's `error` name of an answer, for the retry line ("503 ServiceUnavailable").
function errorName(answer: Answer): string | undefined {
  try {
    const json = JSON.parse(answer.body) as { error?: unknown };
    return typeof json.error === 'string' ? json.error : undefined;
  } catch {
    return undefined;
  }
}
