// Reads and checks every input before anything is sent. Each error names the input and what was
// expected; secrets are never part of a message.
import { parseCredentials, secretsInCredentials, type Credentials } from './credentials.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_RETRIES,
  DEFAULT_SERVER_URL,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_CONCURRENCY,
  MAX_RETRIES,
  MAX_TIMEOUT_SECONDS,
} from '../defaults.js';
import { parseExtraHeaders, secretsInExtraHeaders } from './extra-headers.js';
import { InputError } from './error.js';
import { boolean, oneOf, wholeNumber, type ReadInput } from './readers.js';

import { parseSelection, secretsInSelection, type Selection } from './selection.js';
import { parseServerUrl, secretsInServerUrl, type Server } from './server-url.js';
import { parseTokenIds, secretsInTokenIds } from './token-ids.js';
import type { NamedTokens } from '../revoke/target.js';
import { secretVariants } from '../text/redact.js';

export type { ReadInput };
export { emptyCredentials, type Credentials } from './credentials.js';
export { InputError } from './error.js';
export type { Selection } from './selection.js';

export type RevokeAt = 'now' | 'job-end';

export interface Inputs {
  /** The tokens token-id names: ids (lower case, each once) and `self`. */
  named: NamedTokens;
  /** Where the access token comes from: given, or a login of the action's own. */
  credentials: Credentials;
  /** Tokens to choose from Infisical's list (tokens-of-identity and its filters). */
  selection?: Selection;
  /** List what would be revoked (tokens named in token-id included), revoke nothing. */
  dryRun: boolean;
  /** Extra request headers for every call to Infisical (lower-case names). */
  extraHeaders: Record<string, string>;
  server: Server;
  retries: number;
  timeoutSeconds: number;
  concurrency: number;
  ignoreNotFound: boolean;
  /** Read every revoke back before reporting it (`verify`, default true). */
  verify: boolean;
  revokeAt: RevokeAt;
}

/** Every value among the inputs that must be masked before anything is printed. */
export function secretsIn(read: ReadInput): string[] {
  const accessToken = read('access-token');
  const secrets = [
    ...secretVariants(accessToken),
    // "Bearer <token>" pasted whole: the token alone must be masked too.
    accessToken.trim().replace(/^bearer\s+/i, ''),
    ...secretsInTokenIds(read('token-id')),
    ...secretsInServerUrl(read('server-url')),
    ...secretsInCredentials(read),
    ...secretsInExtraHeaders(read('extra-headers')),
    ...secretsInSelection(read),
  ];
  return [...new Set(secrets)].filter((secret) => secret.trim() !== '');
}

/**
 * Reads every input. `phase` matters for `revoke-at: job-end`: the main step only checks, and the
 * runner evaluates `with:` again for the post step, so values that come from later steps may be
 * empty in the main step (an empty token-id or access-token is read again at job end).
 */
export function parseInputs(
  read: ReadInput,
  phase: 'main' | 'post' = 'main',
): { inputs: Inputs; warnings: string[] } {
  const revokeAt = oneOf(read, 'revoke-at', ['now', 'job-end'] as const, 'now');
  const named = parseTokenIds(read('token-id'));
  const credentials = parseCredentials(read, {
    deferEmpty: phase === 'main' && revokeAt === 'job-end',
  });
  if (named.self && credentials.method !== 'access-token') {
    throw new InputError(
      `Input token-id names self, but with method: ${credentials.method} the access token is the action's own login, which it revokes when the step ends anyway. Remove self.`,
    );
  }
  const { server, warnings } = parseServerUrl(read('server-url').trim() || DEFAULT_SERVER_URL);
  const inputs: Inputs = {
    named,
    credentials,
    selection: parseSelection(read),
    dryRun: boolean(read, 'dry-run', false),
    extraHeaders: parseExtraHeaders(read('extra-headers')),
    server,
    retries: wholeNumber(read, 'retries', DEFAULT_RETRIES, 0, MAX_RETRIES),
    timeoutSeconds: wholeNumber(
      read,
      'timeout-seconds',
      DEFAULT_TIMEOUT_SECONDS,
      1,
      MAX_TIMEOUT_SECONDS,
    ),
    concurrency: wholeNumber(read, 'concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
    ignoreNotFound: boolean(read, 'ignore-not-found', false),
    verify: boolean(read, 'verify', true),
    revokeAt,
  };
  return { inputs, warnings };
}

/** No token is named: token-id is empty (blank, only separators, or an empty JSON array). */
export function namesNoToken(inputs: Pick<Inputs, 'named' | 'selection'>): boolean {
  const { named, selection } = inputs;
  return named.tokenIds.length === 0 && !named.self && !selection?.identityIds.length;
}

/**
 * An empty token-id never revokes anything. It usually means an upstream output came out empty
 * (a job that failed before making its token, a typo in an expression); it used to mean "the
 * access token itself", which revoked the admin credential of a cleanup job.
 */
export function emptyTokenIdError(): InputError {
  return new InputError(
    'Input token-id is empty, so no token is named and nothing is revoked. Name the ids of the ' +
      'tokens to revoke, or self to revoke the access token itself. If an empty list means there is ' +
      'nothing to do (a cleanup job whose upstream jobs made no token), set ignore-not-found: true.',
  );
}
