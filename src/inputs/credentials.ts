// Reads how the action gets its access token: `access-token` as given, or a login of its own with
// `method` (oidc: GitHub's ID token for `identity-id`; universal: `client-id` and `client-secret`;
// aws-iam: the runner's AWS identity for `identity-id`; kubernetes: the pod's service account
// token for `identity-id`). Exactly one source: two, or a method without its inputs, is an error
// before any request.
import type { InputName } from '../names.js';
import { secretVariants } from '../text/redact.js';
import type { ReadInput } from './readers.js';
import { parseAccessToken } from './access-token.js';
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';
import { EXAMPLE_ID, isUuid } from '../ids.js';

export type Credentials =
  | { method: 'access-token'; accessToken: string }
  | { method: 'oidc'; identityId: string; audience?: string }
  | { method: 'universal'; clientId: string; clientSecret: string }
  | { method: 'aws-iam'; identityId: string }
  /** tokenPath undefined: Kubernetes' standard path (login/kubernetes.ts). */
  | { method: 'kubernetes'; identityId: string; tokenPath?: string };

export type Method = Credentials['method'];

const METHODS = ['oidc', 'universal', 'aws-iam', 'kubernetes'] as const;
/** The inputs each login method uses; any of them without that method is a mistake. */
const METHOD_INPUTS: Record<(typeof METHODS)[number], readonly InputName[]> = {
  oidc: ['identity-id', 'oidc-audience'],
  universal: ['client-id', 'client-secret'],
  'aws-iam': ['identity-id'],
  kubernetes: ['identity-id', 'service-account-token-path'],
};

/** "oidc", "oidc or aws-iam", "oidc, aws-iam or kubernetes". */
function either(names: readonly string[]): string {
  return names.length < 2
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** The secrets among the credential inputs, raw, to mask before anything is printed. */
export function secretsInCredentials(read: ReadInput): string[] {
  return secretVariants(read('client-secret'));
}

export function parseCredentials(
  read: ReadInput,
  /**
   * The main step of revoke-at: job-end: a credential input that is empty now (it may come from a
   * later step) is left empty; the post step reads the inputs again and requires it then.
   */
  {
    deferEmpty = false,
    selfOnly = false,
  }: {
    deferEmpty?: boolean;
    /** token-id names only self: the access token needs no permission to revoke itself. */
    selfOnly?: boolean;
  } = {},
): Credentials {
  const text = read('method').trim().toLowerCase();
  if (text !== '' && !(METHODS as readonly string[]).includes(text)) {
    throw new InputError(
      `Input method must be empty (use access-token), oidc, universal, aws-iam or kubernetes, got ${quotePrefix(read('method').trim(), 20)}.`,
    );
  }
  const method = text as '' | (typeof METHODS)[number];
  const given = (name: InputName) => read(name).trim() !== '';
  // An input of other methods only (identity-id belongs to three): named with every method it is for.
  const own: readonly InputName[] = method === '' ? [] : METHOD_INPUTS[method];
  const strayInputs = [...new Set(Object.values(METHOD_INPUTS).flat())].filter(
    (name) => !own.includes(name) && given(name),
  );
  if (strayInputs.length > 0) {
    const methods = METHODS.filter((m) => METHOD_INPUTS[m].some((n) => strayInputs.includes(n)));
    const stray = strayInputs.join(' and ');
    const forMethods = `method: ${either(methods)}`;
    throw new InputError(
      `Input ${stray} ${strayInputs.length > 1 ? 'are' : 'is'} for ${forMethods}, but method is ${method || 'empty'}. ` +
        (method === ''
          ? `Set ${forMethods} to log in that way, or remove ${stray}.`
          : `Remove ${stray}.`),
    );
  }
  if (method === '') {
    if (deferEmpty && !given('access-token')) return { method: 'access-token', accessToken: '' };
    return {
      method: 'access-token',
      accessToken: parseAccessToken(read('access-token'), { selfOnly }),
    };
  }
  if (given('access-token')) {
    throw new InputError(
      `Inputs access-token and method: ${method} are two sources of credentials: give one. With method: ${method} the action logs in by itself and revokes its login when the step ends.`,
    );
  }
  if (method === 'oidc' || method === 'aws-iam' || method === 'kubernetes') {
    const identityId = read('identity-id').trim();
    if (identityId === '' && deferEmpty) return { method, identityId: '' };
    if (identityId === '') {
      throw new InputError(
        `Input identity-id is required with method: ${method}: the id of the Infisical machine identity to log in as (a UUID).`,
      );
    }
    if (!isUuid(identityId)) {
      throw new InputError(
        `Input identity-id: ${quotePrefix(identityId)} is not an identity id. Expected a UUID such as ${EXAMPLE_ID}.`,
      );
    }
    const id = identityId.toLowerCase();
    if (method === 'aws-iam') return { method, identityId: id };
    if (method === 'kubernetes') return { method, identityId: id, tokenPath: tokenPathOf(read) };
    const audience = read('oidc-audience').trim();
    return { method, identityId: id, audience: audience === '' ? undefined : audience };
  }
  const missing = METHOD_INPUTS.universal.filter((name) => !given(name));
  if (missing.length > 0 && deferEmpty) {
    return {
      method,
      clientId: read('client-id').trim(),
      clientSecret: read('client-secret').trim(),
    };
  }
  if (missing.length > 0) {
    throw new InputError(
      `Input ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required with method: universal: the client id and a client secret of the identity's Universal Auth.`,
    );
  }
  // Checked before it is sent: Infisical's client ids are UUIDs, and anything else (a line break,
  // the client secret pasted in the wrong input) would travel in the login request. Not echoed:
  // it may be that secret.
  const clientId = read('client-id').trim();
  if (!isUuid(clientId)) {
    throw new InputError(
      `Input client-id is not a Universal Auth client id: expected a UUID such as ${EXAMPLE_ID}, on one line. The value is not shown.`,
    );
  }
  const clientSecret = read('client-secret').trim();
  if (!/^[\x21-\x7e]+$/.test(clientSecret)) {
    throw new InputError(
      'Input client-secret must be a single word of printable characters. The value is masked and not shown.',
    );
  }
  return { method, clientId, clientSecret };
}

/**
 * The credential inputs a job-end main step left empty (they may come from later steps): the post
 * step reads them again and requires them then.
 */
export function emptyCredentials(credentials: Credentials): InputName[] {
  if (credentials.method === 'access-token') {
    return credentials.accessToken === '' ? ['access-token'] : [];
  }
  if (credentials.method !== 'universal') {
    return credentials.identityId === '' ? ['identity-id'] : [];
  }
  return [
    ...(credentials.clientId === '' ? ['client-id' as const] : []),
    ...(credentials.clientSecret === '' ? ['client-secret' as const] : []),
  ];
}

/**
 * service-account-token-path: empty is Kubernetes' standard path. A path is one line: a line
 * break here would mean the token itself was pasted (not echoed: it would be a secret).
 */
function tokenPathOf(read: ReadInput): string | undefined {
  const path = read('service-account-token-path').trim();
  if (path === '') return undefined;
  if (/[\r\n\0]/.test(path) || path.length > 4096) {
    throw new InputError(
      'Input service-account-token-path must be the path of the service account token file, on one line (empty: /var/run/secrets/kubernetes.io/serviceaccount/token). The value is not shown.',
    );
  }
  return path;
}
