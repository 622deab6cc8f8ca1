// Revokes one token: attempts, retries, and what the answers mean together. No runner I/O here: the
// caller passes a logger, the HTTP function, the pacer and a stop signal, and gets a result back.
import { attempt, type AttemptContext } from '../calls/attempt.js';
import type { Verdict } from '../infisical/answers.js';
import { describeServer, type Server } from '../infisical/server.js';
import { judgeRevoke, revokeRequest } from '../infisical/token-auth.js';
import { judgeSelfRevoke, selfRevokeRequest } from '../infisical/token.js';
import type { Result } from './result.js';
import { describeTarget, type Target } from './target.js';

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
      const { status, errorName, reqId, message } = verdict;
      // The lost-answer rule: an earlier attempt reached the server, and now the token is gone.
      if (verdict.kind === 'gone' && mayHaveLanded) {
        return {
          ...base,
          outcome: 'revoked',
          status,
          errorName,
          reqId,
          message,
          attempts,
          note: LOST_ANSWER_NOTE,
        };
      }
      const outcome = verdict.kind === 'gone' ? 'not-found' : 'expired';
      return { ...base, outcome, status, errorName, reqId, message, attempts };
    }
    case 'failed': {
      const { message, status, errorName, reqId, hint, refused } = verdict;
      return {
        ...base,
        outcome: 'failed',
        status,
        errorName,
        reqId,
        hint,
        refused,
        message,
        attempts,
      };
    }
  }
}
