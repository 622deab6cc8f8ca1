// Picks the way to get an access token that the inputs name. Adding a way adds a file here and a
// line below, and touches nothing else.
import type { Credentials } from '../inputs/credentials.js';
import { awsIamAuth } from './aws-iam.js';
import { givenAccessToken } from './given.js';
import { kubernetesAuth } from './kubernetes.js';
import { oidcAuth } from './oidc.js';
import type { LoginContext, Session } from './session.js';
import { universalAuth } from './universal.js';

export { LoginError, type LoginContext, type Session } from './session.js';
export { type AwsEnvironment } from './aws-iam.js';
export { IMDS_TIMEOUT_MS } from './imds.js';
export { githubIdToken, NO_ID_TOKEN_SOURCE, type IdTokenSource } from './github-id-token.js';

export function logIn(credentials: Credentials): (ctx: LoginContext) => Promise<Session> {
  switch (credentials.method) {
    case 'access-token':
      return givenAccessToken(credentials.accessToken);
    case 'oidc':
      return oidcAuth(credentials.identityId, credentials.audience);
    case 'universal':
      return universalAuth(credentials.clientId, credentials.clientSecret);
    case 'aws-iam':
      return awsIamAuth(credentials.identityId);
    case 'kubernetes':
      return kubernetesAuth(credentials.identityId, credentials.tokenPath);
  }
}
