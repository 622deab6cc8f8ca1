// What became of one token: the outcome and the facts it was decided on.
import type { Target } from './target.js';

export type Outcome = 'revoked' | 'not-found' | 'expired' | 'failed' | 'not-attempted';

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
  /** Failed because the server refused the access token: every other request would be refused too. */
  refused?: boolean;
  /** Failed without any answer from the server, on every attempt. */
  unreachable?: boolean;
}
