// Decides, for each token, whether the step counts it as done, and says so in one line.
import type { Result } from './revoke.js';

export interface Policy {
  /** A 404 "not found or already revoked" counts as done. */
  ignoreNotFound: boolean;
  /** A self-revoke at job end whose access token already expired counts as done. */
  expiredIsDone: boolean;
}

export interface Settled {
  result: Result;
  done: boolean;
  line: string;
}

export function settle(result: Result, policy: Policy): Settled {
  const { tokenId } = result;
  switch (result.outcome) {
    case 'revoked':
      return {
        result,
        done: true,
        line: `Revoked token ${tokenId}: ${sentence(result.message)}${result.note ? ` Note: ${sentence(result.note)}` : ''}`,
      };
    case 'not-found': {
      const said = `${result.status} ${result.error} — ${sentence(result.message, result.reqId)}`;
      return policy.ignoreNotFound
        ? {
            result,
            done: true,
            line: `Token ${tokenId} is already gone (${said.replace(/\.$/, '')}); counted as done because ignore-not-found is true.`,
          }
        : {
            result,
            done: false,
            line: `Could not revoke token ${tokenId}: ${said} To count a token that is already gone as done, set ignore-not-found: true.`,
          };
    }
    case 'failed':
      if (result.expired && policy.expiredIsDone) {
        return {
          result,
          done: true,
          line: `Token ${tokenId} has already expired: there is nothing left to revoke.`,
        };
      }
      return { result, done: false, line: failureLine(result) };
  }
}

function failureLine(result: Extract<Result, { outcome: 'failed' }>): string {
  const after = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
  const status = result.status === undefined ? '' : `${result.status} `;
  const hint = result.hint ? ` ${result.hint}` : '';
  return `Could not revoke token ${result.tokenId}${after}: ${status}${sentence(result.reason, result.reqId)}${hint}`;
}

/** Ends a server's words as one sentence, with the reqId that support asks for. */
function sentence(text: string, reqId?: string): string {
  const body = text.trim().replace(/[.\s]+$/, '');
  return reqId ? `${body} (reqId: ${reqId}).` : `${body}.`;
}
