// The retry policy, in one place: what is worth another attempt and how long to wait first.
// @actions/http-client never retries a POST, so the revoke call's retries are ours.
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, RETRY_AFTER_MAX_MS } from '../defaults.js';

/**
 * How long to wait before retry number `retry` (1 for the first): exponential with "equal jitter",
 * half of the window fixed and half random, so that parallel jobs do not retry in step.
 * A server's Retry-After wins, up to a cap, so that a rate limit is obeyed rather than guessed.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, RETRY_AFTER_MAX_MS);
  const window = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return Math.round(window / 2 + random() * (window / 2));
}

export function describeWait(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sleep that ends early, once `signal` is aborted: a stopped batch does not wait out its backoff.
 * Also once `wake` is, for one sleep (the pacer wakes a waiter when an answer comes back).
 */
export function sleepUnless(
  signal: AbortSignal,
): (ms: number, wake?: AbortSignal) => Promise<void> {
  return (ms, wake) =>
    new Promise((resolve) => {
      if (signal.aborted || wake?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wake?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      wake?.addEventListener('abort', done);
    });
}
