// Revokes one token: attempts, retries, and what the answers mean together. No runner I/O here: the
// caller passes a logger, the HTTP function, the pacer and a stop signal, and gets a result back.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import type { Verdict } from '../infisical/answers.js';
import { judgeRevoke, revokeRequest } from '../infisical/token-auth.js';
import { judgeSelfRevoke, selfRevokeRequest } from '../infisical/token.js';
import { describeServer, type Server } from '../inputs/server-url.js';

/** A token the workflow named: by its id, or the access token itself (`self`). */
export interface Target {
  /** The id, lower case; for `self`, the access token's own token id when it names one, else UNNAMED_SELF. */
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

export interface RevokeContext extends AttemptContext {
  server: Server;
  accessToken: string;
}

export const LOST_ANSWER_NOTE =
  'an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it';

export async function revokeToken(target: Target, ctx: RevokeContext): Promise<Result> {
  const request = target.self
    ? selfRevokeRequest(ctx.server, ctx.accessToken)
    : revokeRequest(ctx.server, target.tokenId, ctx.accessToken);
  const judge = target.self ? judgeSelfRevoke : judgeRevoke;
  const base = { tokenId: target.tokenId, self: target.self };
  const done = await attempt(request, `revoke ${describeTarget(target)}`, ctx);

  if (done.kind === 'stopped') {
    if (done.attempts === 0) {
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
      message: `${done.lastReason}; not retried: the run stopped`,
      attempts: done.attempts,
    };
  }
  if (done.kind === 'no-answer') {
    return {
      ...base,
      outcome: 'failed',
      message: `no answer from Infisical at ${describeServer(ctx.server)}: ${done.error.message}`,
      attempts: done.attempts,
      unreachable: !done.heard && done.error.code !== 'ECANCELED',
    };
  }
  const { attempts, mayHaveLanded } = done;
  const verdict: Verdict = judge(done.answer);
  switch (verdict.kind) {
    case 'revoked':
      return { ...base, outcome: 'revoked', status: 200, message: verdict.message, attempts };
    case 'gone':
    case 'expired': {
      const { status, error, reqId, message } = verdict;
      // The lost-answer rule: an earlier attempt reached the server, and now the token is gone.
      if (verdict.kind === 'gone' && mayHaveLanded) {
        return {
          ...base,
          outcome: 'revoked',
          status,
          error,
          reqId,
          message,
          attempts,
          note: LOST_ANSWER_NOTE,
        };
      }
      const outcome = verdict.kind === 'gone' ? 'not-found' : 'expired';
      return { ...base, outcome, status, error, reqId, message, attempts };
    }
    case 'failed': {
      const { detail, status, error, reqId, hint, refused } = verdict;
      return {
        ...base,
        outcome: 'failed',
        status,
        error,
        reqId,
        hint,
        refused,
        message: detail,
        attempts,
      };
    }
  }
}

/** How a token is named in a sentence. */
/**
 * How outputs and the summary name an access token that carries no id of its own. Not `self` on
 * purpose: fed back into token-id (as the README suggests for outputs), it must not mean "revoke
 * whatever access token that run has", which may be another credential.
 */
export const UNNAMED_SELF = '(the access token)';

export function describeTarget(target: Pick<Target, 'tokenId' | 'self'>): string {
  if (!target.self) return `token ${target.tokenId}`;
  return target.tokenId === UNNAMED_SELF
    ? 'the access token itself'
    : `the access token itself (token ${target.tokenId})`;
}
