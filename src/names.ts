// Every name the runner knows the action by, once: its inputs and outputs (as in action.yml, which
// a unit test keeps equal to these lists) and the state the main step leaves for the post step.
// Reading an input or writing an output by any other name is a type error.

export const INPUT_NAMES = [
  'token-id',
  'access-token',
  'method',
  'identity-id',
  'oidc-audience',
  'client-id',
  'client-secret',
  'service-account-token-path',
  'tokens-of-identity',
  'client-secrets-of-identity',
  'identity-name',
  'older-than',
  'token-name',
  'keep-newest',
  'dry-run',
  'extra-headers',
  'server-url',
  'retries',
  'timeout-seconds',
  'concurrency',
  'ignore-not-found',
  'verify',
  'revoke-at',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export const OUTPUT_NAMES = [
  'message',
  'request-id',
  'revoked',
  'already-revoked',
  'not-found',
  'failed',
  'not-attempted',
  'selected',
  'revoked-count',
  'already-revoked-count',
  'not-found-count',
  'failed-count',
  'not-attempted-count',
  'client-secrets',
  'revoked-client-secret-count',
  'failed-client-secret-count',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];
export type Outputs = Record<OutputName, string>;

/** The main step saves this when it leaves the revoke to the post step at job end. */
export const REVOKE_AT_JOB_END = 'revoke-at-job-end';
