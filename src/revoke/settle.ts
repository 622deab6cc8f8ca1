// Decides, for each token, whether the step counts it as done, and says so in one line.
import { describeTarget, type Result } from './one.js';

export interface Policy {
  /** A token that is not found or already revoked counts as done. */
  ignoreNotFound: boolean;
}

export interface Settled {
  result: Result;
  done: boolean;
  line: string;
}

export function settle(result: Result, policy: Policy): Settled {
  const name = describeTarget(result);
  const Name = capitalise(name);
  switch (result.outcome) {
    case 'revoked':
      return {
        result,
        done: true,
        line: `Revoked ${name}: ${sentence(result.message)}${result.note ? ` Note: ${sentence(result.note)}` : ''}`,
      };
    case 'not-found': {
      const said = `${result.status} ${result.error ?? ''} — ${sentence(result.message, result.reqId)}`;
      // The Token Auth route says the same for a live token of another login method.
      const caveat = result.self
        ? ''
        : ' (Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)';
      return policy.ignoreNotFound
        ? {
            result,
            done: true,
            line: `${Name} is already gone (${said.replace(/\.$/, '')}); counted as done because ignore-not-found is true.${caveat}`,
          }
        : {
            result,
            done: false,
            line: `Could not revoke ${name}: ${said} To count a token that is already gone as done, set ignore-not-found: true.`,
          };
    }
    case 'expired':
      return {
        result,
        done: true,
        line: `${Name} has already expired, so there is nothing left to revoke (${result.status} ${result.error ?? ''} — ${sentence(result.message, result.reqId).replace(/\.$/, '')}).`,
      };
    case 'not-attempted':
      return { result, done: false, line: `${Name} was not attempted: the run stopped before it.` };
    case 'failed': {
      const after = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
      const status = result.status === undefined ? '' : `${result.status} `;
      const hint = result.hint ? ` ${result.hint}` : '';
      return {
        result,
        done: false,
        line: `Could not revoke ${name}${after}: ${status}${sentence(result.message, result.reqId)}${hint}`,
      };
    }
  }
}

/** Ends a server's words as one sentence, with the reqId that support asks for. */
export function sentence(text: string, reqId?: string): string {
  const body = text.trim().replace(/[.\s]+$/, '');
  return reqId ? `${body} (reqId: ${reqId}).` : `${body}.`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
