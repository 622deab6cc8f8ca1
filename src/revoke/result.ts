// What became of one token: the outcome and the facts it was decided on.
import type { Target } from './target.js';

/**
 * - revoked: this run revoked it, and the server shows it (or, unread, said so in its own words);
 * - already-revoked: the server shows it revoked, not by this run;
 * - not-found: no Token Auth token with that id is visible to the access token (never one, pruned,
 *   or a token of another login method, which may well be live);
 * - expired: dead already, nothing to revoke;
 * - failed, not-attempted.
 */
export type Outcome =
  'revoked' | 'already-revoked' | 'not-found' | 'expired' | 'failed' | 'not-attempted';

/** How the outcome was read back: shown by the server, not readable (why), or not asked for. */
export type ReadBack = { kind: 'shown' } | { kind: 'unverified'; why: string } | { kind: 'off' };

export interface Result extends Target {
  outcome: Outcome;
  /** The HTTP status of the deciding answer; undefined when none came. */
  status?: number;
  /** Infisical's error name (`NotFound`, `PermissionDenied`…) of the deciding answer. */
  errorName?: string;
  /** Infisical's message, or (failed, not attempted) one sentence of what happened, without the id. */
  message: string;
  reqId?: string;
  hint?: string;
  /** Something the reader of the log and the summary must know about how this was decided. */
  note?: string;
  attempts: number;
  /** What the read-back showed; undefined when nothing was read (no answer, a plain failure). */
  readBack?: ReadBack;
  /** Failed because the server refused the access token: every other request would be refused too. */
  refused?: boolean;
  /** Failed without any answer from the server, on every attempt. */
  unreachable?: boolean;
  /**
   * Failed with its outcome unknown: the request was cut off by a cancel while in flight (or the
   * run stopped after an attempt whose answer was lost), so it may have revoked the token. It
   * stays `failed` in the counts and outputs (nobody may take it as done), and every line and the
   * summary say "outcome unknown", never "failed".
   */
  outcomeUnknown?: boolean;
}
