// Who revoked, for the audit record (the revoke route writes no audit event in Infisical): the
// identity the access token acts as, read from its own claims, or else what the login was asked
// to log in as. Only ids are shown: a claim or an input that is not a UUID is never echoed.
import { isUuid } from '../ids.js';
import type { Credentials } from '../inputs/credentials.js';
import { claimsOf } from '../jwt.js';

export type Acting =
  /** The access token's own `identityId` claim. */
  | { from: 'claims'; identityId: string }
  /** A login of the action's own as identity-id (OIDC, AWS IAM, Kubernetes). */
  | { from: 'oidc' | 'aws-iam' | 'kubernetes'; identityId: string }
  /** A Universal Auth login of the action's own, with this client id. */
  | { from: 'universal'; clientId: string }
  /** Nothing tells: an access token that is not a JWT naming an identity. */
  | { from: 'unknown' };

export function actingOf(credentials: Credentials, accessToken?: string): Acting {
  const claimed = accessToken === undefined ? undefined : claimsOf(accessToken).identityId;
  if (typeof claimed === 'string' && isUuid(claimed)) {
    return { from: 'claims', identityId: claimed.toLowerCase() };
  }
  if (
    (credentials.method === 'oidc' ||
      credentials.method === 'aws-iam' ||
      credentials.method === 'kubernetes') &&
    isUuid(credentials.identityId)
  ) {
    return { from: credentials.method, identityId: credentials.identityId.toLowerCase() };
  }
  if (credentials.method === 'universal' && isUuid(credentials.clientId)) {
    return { from: 'universal', clientId: credentials.clientId.toLowerCase() };
  }
  return { from: 'unknown' };
}

/** "identity 1f2e… (from the access token's claims)", for the summary. */
export function describeActing(acting: Acting): string {
  switch (acting.from) {
    case 'claims':
      return `identity ${acting.identityId} (from the access token's claims)`;
    case 'oidc':
      return `identity ${acting.identityId} (the OIDC login's identity-id)`;
    case 'aws-iam':
      return `identity ${acting.identityId} (the AWS IAM login's identity-id)`;
    case 'kubernetes':
      return `identity ${acting.identityId} (the Kubernetes login's identity-id)`;
    case 'universal':
      return `the identity of Universal Auth client id ${acting.clientId} (the login's client-id)`;
    case 'unknown':
      return 'unknown (the access token is not a JWT that names its identity)';
  }
}
