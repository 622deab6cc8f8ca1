// The client secret the action's access token was issued from, which is never chosen: on current
// servers, revoking a secret ends every token issued from it, this run's own credential included.
// It is the access token's `clientSecretId` claim; with method: universal, also any secret whose
// listed prefix (its first characters) starts the client secret this run logged in with, for a
// token that carries no such claim. A prefix may match another secret by chance: that one is kept
// too, which errs on the side of revoking less.
import type { ListedSecret } from '../infisical/client-secrets.js';
import type { Credentials } from '../inputs/credentials.js';
import { clientSecretIdOfAccessToken } from '../jwt.js';

export function ownSecretOf(
  accessToken: string,
  credentials: Credentials,
): (secret: ListedSecret) => boolean {
  const claimed = clientSecretIdOfAccessToken(accessToken);
  const loggedInWith = credentials.method === 'universal' ? credentials.clientSecret : undefined;
  return (secret) =>
    secret.id === claimed ||
    (loggedInWith !== undefined &&
      secret.prefix !== undefined &&
      secret.prefix !== '' &&
      loggedInWith.startsWith(secret.prefix));
}
