// Every default and limit of the action, named once. action.yml repeats the input defaults
// for the runner; a unit test keeps the two in step.

export const DEFAULT_SERVER_URL = 'https://app.infisical.com';
export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 600;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 32;

/** First retry waits 250–500 ms, then the window doubles (with jitter) up to the cap. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 10_000;
/** A server may ask us to wait (Retry-After); we wait at most this long per retry. */
export const RETRY_AFTER_MAX_MS = 60_000;

/** How much of an answer we keep: Infisical's JSON is a few hundred bytes; anything this large is a page. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** How much of a non-JSON answer an error message quotes. */
export const EXCERPT_CHARS = 200;

/**
 * After a cancel signal, how long requests already in flight may still finish before they are cut
 * off: well inside the 7.5 s before the runner's SIGTERM, leaving time to write the outputs.
 */
export const CANCEL_GRACE_MS = 4_000;
