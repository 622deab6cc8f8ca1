// Paces a batch by the server's rate-limit headers, so that it runs at the allowed rate instead of
// bouncing off it. Infisical Cloud answers (as @fastify/rate-limit does) `x-ratelimit-limit`,
// `x-ratelimit-remaining`, `x-ratelimit-reset` (whole seconds until the window resets, rounded up)
// and, on 429, `retry-after`. One 429 pauses the whole batch, not only the request that got it.
// No pause is longer than RETRY_AFTER_MAX_MS, whatever a server says.
import { RETRY_AFTER_MAX_MS } from '../defaults.js';
import { headerValue, retryAfterMs, type Answer } from '../http/index.js';

/** A slot to send one request; hand it back with the answer when the request ends. */
export interface Ticket {
  sentAt: number;
  /** It holds a place in flight (not so for the one a stopped batch gets: nothing is sent). */
  held?: boolean;
}

export interface Clock {
  now: () => number;
  /** Waits `ms`, or less once `wake` is aborted. */
  sleep: (ms: number, wake?: AbortSignal) => Promise<void>;
}

// With no reset header, a spent budget is tried again after this long.
const UNKNOWN_RESET_MS = 1000;

export class RateLimitPacer {
  /**
   * The smallest x-ratelimit-remaining heard in the current window; Infinity while the server has
   * said nothing. Every request answered so far was counted no later than the one that said it,
   * so what is left once the requests in flight are counted is at least this minus those.
   * (Subtracting the requests sent after the answered one instead would count twice those that
   * reached the server first, and end windows early when answers come back out of order.)
   */
  private minRemaining = Number.POSITIVE_INFINITY;
  /** Requests sent and not answered yet. */
  private inFlight = 0;
  /** When the current window ends (ms since epoch), once a response has told us. */
  private resetAt: number | undefined;
  /** Answers to requests sent before this moment describe an earlier window. */
  private windowStart = 0;
  private pausedUntil = 0;
  /**
   * Aborted by the next answer (or slot handed back), to wake whoever waits on a budget that looks
   * spent: it may only look so because of requests in flight, already counted in `minRemaining`
   * when they reached the server before the one whose answer said it. Their answers free it.
   */
  private wake: AbortController | undefined;

  constructor(private readonly clock: Clock) {}

  /** A slot to send now; once `stop` is aborted, at once (the caller sends nothing then). */
  async acquire(stop?: AbortSignal): Promise<Ticket> {
    for (;;) {
      const now = this.clock.now();
      if (stop?.aborted) return { sentAt: now };
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      if (this.resetAt !== undefined && now >= this.resetAt) {
        // A new window: the budget is unknown again until its first answer.
        this.windowStart = now;
        this.resetAt = undefined;
        this.minRemaining = Number.POSITIVE_INFINITY;
      }
      if (this.minRemaining - this.inFlight > 0) {
        this.inFlight += 1;
        return { sentAt: now, held: true };
      }
      // Spent, and the server named no reset: try again after a while.
      this.resetAt ??= now + UNKNOWN_RESET_MS;
      // Spent, or only looks so while requests are in flight: wait for the reset, or for the next
      // answer, and look again (a wait to the reset alone left budget unspent until it).
      this.wake ??= new AbortController();
      await this.clock.sleep(Math.max(1, this.resetAt - now), this.wake.signal);
    }
  }

  /** Hands a slot back, learning what the answer (if any) says of the rate limit. */
  release(ticket: Ticket, answer: Answer | undefined): void {
    if (ticket.held) this.inFlight = Math.max(0, this.inFlight - 1);
    // The waiters look again once this is counted (they run after it, not inside the abort).
    this.wake?.abort();
    this.wake = undefined;
    if (answer === undefined || ticket.sentAt < this.windowStart) return;
    const now = this.clock.now();
    if (answer.status === 429) {
      const wait = Math.min(retryAfterMs(answer, now) ?? UNKNOWN_RESET_MS, RETRY_AFTER_MAX_MS);
      this.pausedUntil = Math.max(this.pausedUntil, now + wait);
      this.minRemaining = 0;
    }
    const remaining = numberHeader(answer, 'x-ratelimit-remaining');
    const reset = numberHeader(answer, 'x-ratelimit-reset');
    if (remaining === undefined) return;
    this.minRemaining = Math.min(this.minRemaining, remaining);
    if (reset !== undefined) {
      const resetAt = now + Math.min(resetInMs(reset, now), RETRY_AFTER_MAX_MS);
      this.resetAt = this.resetAt === undefined ? resetAt : Math.min(this.resetAt, resetAt);
    }
  }
}

// Infisical sends seconds until the reset; some gateways send the reset's time (Unix seconds).
function resetInMs(reset: number, now: number): number {
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

function numberHeader(answer: Answer, name: string): number | undefined {
  const value = Number(headerValue(answer.headers, name));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
