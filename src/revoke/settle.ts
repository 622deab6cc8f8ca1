// Decides, for each token, whether the step counts it as done, and says so: one line for the log,
// and, for a token that is not done, its reason as data (the same for every token that failed the
// same way), which the report groups on. Rewording a line never regroups failures.
import { capitalise, sentence } from '../text/words.js';
import type { Result } from './result.js';
import { describeTarget } from './target.js';

export interface Policy {
  /** A token that is not found or already revoked counts as done. */
  ignoreNotFound: boolean;
}

export interface Settled {
  result: Result;
  done: boolean;
  line: string;
  /**
   * For a token that is not done and was attempted: what went wrong, without the token's name,
   * its reqId or the number of attempts ("could not be revoked: 403 PermissionDenied — …").
   */
  reason?: string;
}

export function settle(result: Result, policy: Policy): Settled {
  const name = describeTarget(result);
  const Name = capitalise(name);
  // What the server said, with and without the reqId (the reason leaves it out, and the id too).
  const said = (withReqId = true) =>
    `${result.status} ${result.errorName ?? ''} — ${sentence(result.message, withReqId ? result.reqId : undefined)}`;
  switch (result.outcome) {
    case 'revoked': {
      const unverified =
        result.readBack?.kind === 'unverified'
          ? ` Not verified: the read-back could not be made (${result.readBack.why}).`
          : '';
      return {
        result,
        done: true,
        line: `Revoked ${name}: ${sentence(result.message)}${result.note ? ` Note: ${sentence(result.note)}` : ''}${unverified}`,
      };
    }
    case 'already-revoked': {
      if (policy.ignoreNotFound) {
        return {
          result,
          done: true,
          line: `${Name} was already revoked (${said().replace(/\.$/, '')}); counted as done because ignore-not-found is true.`,
        };
      }
      return {
        result,
        done: false,
        line: `Could not revoke ${name}: it was already revoked (${said().replace(/\.$/, '')}). ${ADVICE}`,
        reason: withoutId(
          `could not be revoked: it was already revoked (${said(false).replace(/\.$/, '')}). ${ADVICE}`,
          result.tokenId,
        ),
      };
    }
    case 'not-found': {
      // The Token Auth route says the same for a live token of another login method.
      const caveat =
        result.self || result.clientSecretOf !== undefined
          ? ''
          : ' (Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)';
      if (policy.ignoreNotFound) {
        return {
          result,
          done: true,
          line: `${Name} was not found (${said().replace(/\.$/, '')}); counted as done because ignore-not-found is true.${caveat}`,
        };
      }
      return {
        result,
        done: false,
        line: `Could not revoke ${name}: ${said()} ${ADVICE}${caveat}`,
        reason: withoutId(
          `could not be revoked: ${said(false)} ${ADVICE}${caveat}`,
          result.tokenId,
        ),
      };
    }
    case 'expired':
      return {
        result,
        done: true,
        line: `${Name} has already expired, so there is nothing left to revoke (${said().replace(/\.$/, '')}).`,
      };
    case 'not-attempted':
      return { result, done: false, line: `${Name} was not attempted: the run stopped before it.` };
    case 'failed': {
      if (result.outcomeUnknown) {
        // Not "could not revoke": the request may have landed, and the reader must check it.
        const unknown = `${sentence(result.message)} ${UNKNOWN_ADVICE}`;
        return {
          result,
          done: false,
          line: `Outcome unknown for ${name}: ${unknown}`,
          reason: withoutId(`outcome unknown: ${unknown}`, result.tokenId),
        };
      }
      const after = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
      const status = result.status === undefined ? '' : `${result.status} `;
      const hint = result.hint ? ` ${result.hint}` : '';
      return {
        result,
        done: false,
        line: `Could not revoke ${name}${after}: ${status}${sentence(result.message, result.reqId)}${hint}`,
        reason: withoutId(
          `could not be revoked: ${status}${sentence(result.message)}${hint}`,
          result.tokenId,
        ),
      };
    }
  }
}

const UNKNOWN_ADVICE =
  'It may or may not be revoked: check it in Infisical, or run the revoke again for it.';

const ADVICE =
  'To count a token that is already revoked or not found as done, set ignore-not-found: true.';

// The token's own id, wherever the server's words repeat it, as <id>: the same failure of two
// tokens is one reason.
function withoutId(text: string, tokenId: string): string {
  if (!/^[0-9a-f-]+$/.test(tokenId)) return text;
  return text.replace(new RegExp(tokenId, 'gi'), '<id>');
}
