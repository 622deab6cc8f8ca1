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
import { boolean, given, oneOf, wholeNumberGiven, type ReadInput } from './readers.js';
import {
  claimsOf,
  clientSecretIdOfAccessToken,
  looksLikeJwt,
  tokenIdOfAccessToken,
} from '../jwt.js';

import { parseSelection, secretsInSelection, type Selection } from './selection.js';
import { parseServerUrl, secretsInServerUrl, type Server } from './server-url.js';
import { parseTokenIds, secretsInTokenIds } from './token-ids.js';
import type { NamedTokens } from '../revoke/target.js';
import { secretVariants } from '../text/redact.js';

export type { ReadInput };
export { emptyCredentials, type Credentials } from './credentials.js';
export { parseTokenIds } from './token-ids.js';
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
/** What the runner gave the job, read by main.ts (undefined: not known, not checked). */
export interface RunnerFacts {
  /** ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are set: the job may ask for a GitHub ID token. */
  canRequestIdToken?: boolean;
}

/**
 * Reads every input. `phase` matters for `revoke-at: job-end`: the main step only checks, and the
 * runner evaluates `with:` again for the post step, so values that come from later steps may be
 * empty in the main step (an empty token-id or access-token is read again at job end). Every other
 * input has a default in action.yml, which the runner gives when the step leaves it out: given
 * empty, it is refused (see readers.ts).
 */
export function parseInputs(
  read: ReadInput,
  phase: 'main' | 'post' = 'main',
  runner: RunnerFacts = {},
): { inputs: Inputs; warnings: string[] } {
  const revokeAt = oneOf(read, 'revoke-at', ['now', 'job-end'] as const, 'now');
  const named = parseTokenIds(read('token-id'));
  const jobEndMain = phase === 'main' && revokeAt === 'job-end';
  const credentials = parseCredentials(read, {
    deferEmpty: jobEndMain,
    selfOnly: named.self && named.tokenIds.length === 0 && read('tokens-of-identity').trim() === '',
  });
  if (named.self && credentials.method !== 'access-token') {
    throw new InputError(
      `Input token-id names self, but with method: ${credentials.method} the access token is the action's own login, which it revokes when the step ends anyway. Remove self.`,
    );
  }
  // The post step gets the runner's variables the main step gets: without them now, the login
  // at job end cannot happen, and saying so then is after the steps the revoke guards have run.
  if (jobEndMain && credentials.method === 'oidc' && runner.canRequestIdToken === false) {
    throw new InputError(
      'Input method: oidc needs a GitHub ID token at job end, and this job cannot ask for one (it will not be able to later either): give the job (or the workflow) permissions: id-token: write. Pull requests from forks never get one.',
    );
  }
  const { server, warnings } = parseServerUrl(
    given(
      read,
      'server-url',
      'the base URL of your Infisical server, such as https://eu.infisical.com',
      `Infisical Cloud (${DEFAULT_SERVER_URL})`,
    ),
  );
  const selection = parseSelection(read);
  refuseUnreadableOwnToken(selection, credentials);
  refuseUnreadableOwnSecret(selection, credentials);
  const inputs: Inputs = {
    named,
    credentials,
    selection,
    dryRun: boolean(read, 'dry-run', false),
    extraHeaders: parseExtraHeaders(read('extra-headers')),
    server,
    retries: wholeNumberGiven(read, 'retries', DEFAULT_RETRIES, 0, MAX_RETRIES),
    timeoutSeconds: wholeNumberGiven(
      read,
      'timeout-seconds',
      DEFAULT_TIMEOUT_SECONDS,
      1,
      MAX_TIMEOUT_SECONDS,
    ),
    concurrency: wholeNumberGiven(read, 'concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
    ignoreNotFound: boolean(read, 'ignore-not-found', false),
    verify: boolean(read, 'verify', true),
    revokeAt,
  };
  return { inputs, warnings };
}

/**
 * A rotation keeps the access token's own token out by its id (select/choose.ts). An identity
 * access token whose id cannot be read could be among the tokens listed and be revoked midway:
 * refused before any request. What cannot be a Token Auth token of a listed identity passes: a
 * value that is not a JWT (Infisical issues every identity access token as one, and refuses
 * anything else), a JWT of another kind (a user's session), and a login of the action's own
 * (OIDC and Universal Auth logins are never Token Auth tokens).
 */
function refuseUnreadableOwnToken(
  selection: Selection | undefined,
  credentials: Credentials,
): void {
  const listsTokens = (selection?.identityIds.length ?? 0) > 0 || selection?.allIdentities;
  if (!listsTokens || credentials.method !== 'access-token') return;
  const token = credentials.accessToken;
  if (!looksLikeJwt(token) || tokenIdOfAccessToken(token) !== undefined) return;
  const kind = claimsOf(token).authTokenType;
  if (kind !== undefined && kind !== 'identityAccessToken') return;
  throw new InputError(
    "Input tokens-of-identity needs an access token whose own token id the action can read (identityAccessTokenId in the token), so that it never revokes the access token itself among the identity's tokens; this access-token names none. Use an access token Infisical issued for an identity, or method: oidc or universal (the action's own login is never among the tokens listed).",
  );
}

/**
 * The client secret an access token was issued from is kept out by its `clientSecretId` claim
 * (select/own-secret.ts), which every Universal Auth token Infisical issues carries. A Universal
 * Auth token without it could be issued from one of the secrets listed, and revoking that secret
 * ends the token on current servers: refused before any request.
 */
function refuseUnreadableOwnSecret(
  selection: Selection | undefined,
  credentials: Credentials,
): void {
  if (!selection?.clientSecrets || credentials.method !== 'access-token') return;
  const token = credentials.accessToken;
  const claims = claimsOf(token);
  // IdentityAuthMethod's value ("universal-auth"), whatever the spelling.
  const method = typeof claims.authMethod === 'string' ? claims.authMethod : '';
  const universal = method.toLowerCase().replace(/_/g, '-') === 'universal-auth';
  if (!universal || clientSecretIdOfAccessToken(token) !== undefined) {
    return;
  }
  throw new InputError(
    'Input client-secrets-of-identity needs to know which client secret the access token was issued from (clientSecretId in the token), so that it never revokes it; this Universal Auth access-token names none. Use a token Infisical issued, or method: universal (the action then keeps the secret it logged in with).',
  );
}

/** No token is named: token-id is empty (blank, only separators, or an empty JSON array). */
export function namesNoToken(inputs: Pick<Inputs, 'named' | 'selection'>): boolean {
  const { named, selection } = inputs;
  // A selection is there only when tokens-of-identity or client-secrets-of-identity names whose.
  return named.tokenIds.length === 0 && !named.self && selection === undefined;
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
