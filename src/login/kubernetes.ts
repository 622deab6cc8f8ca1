// Kubernetes auth: the pod's own service account token (Actions Runner Controller pods mount one),
// no stored Infisical credential. Infisical reviews the token with the cluster's TokenReview API
// and matches its namespace, service account name and audience against the identity's Kubernetes
// Auth. The token is a credential of the pod: masked the moment it is read, never quoted.
import { claimsOf, looksLikeJwt } from '../jwt.js';
import { kubernetesLoginRequest } from '../infisical/login.js';
import { LoginError, logInWith, type LoginContext, type Session } from './session.js';

/** Where Kubernetes mounts a pod's service account token. */
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const LEAD = 'Could not log in with method: kubernetes';

export function kubernetesAuth(
  identityId: string,
  tokenPath: string | undefined,
): (ctx: LoginContext) => Promise<Session> {
  return async (ctx) => {
    const path = tokenPath || SERVICE_ACCOUNT_TOKEN_PATH;
    const jwt = await serviceAccountToken(path, ctx);
    return logInWith(
      kubernetesLoginRequest(ctx.server, identityId, jwt),
      `Kubernetes as identity ${identityId}`,
      ctx,
      (status) =>
        status === 401 || status === 403
          ? explain(jwt)
          : status === 404
            ? 'Check identity-id: the identity must exist on this server (and region) and have Kubernetes Auth configured.'
            : '',
    );
  };
}

async function serviceAccountToken(path: string, ctx: LoginContext): Promise<string> {
  if (ctx.readTextFile === undefined) throw new LoginError(`${LEAD}: no way to read ${path}.`);
  let text: string;
  try {
    text = await ctx.readTextFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file: the pod must mount its service account token (automountServiceAccountToken), or set service-account-token-path to where it is'
        : code === 'EACCES'
          ? 'the step may not read it'
          : code === 'EISDIR'
            ? 'it is a folder: service-account-token-path names the token file itself'
            : `it could not be read (${code ?? 'unknown error'})`;
    throw new LoginError(`${LEAD}: the service account token at ${path}: ${why}.`);
  }
  const token = text.trim();
  // Whatever the file holds is masked, line by line (the runner masks whole lines only).
  for (const line of token.split(/\r?\n/)) if (line.trim() !== '') ctx.mask(line.trim());
  if (token === '')
    throw new LoginError(`${LEAD}: the service account token file ${path} is empty.`);
  if (!looksLikeJwt(token)) {
    throw new LoginError(
      `${LEAD}: ${path} does not hold a service account token (a JWT). Its content is not shown.`,
    );
  }
  return token;
}

/** What the identity's Kubernetes Auth must accept, from the token's claims (none is secret). */
export function explain(jwt: string): string {
  const claims = claimsOf(jwt);
  const shown = ['iss', 'aud', 'sub']
    .filter((name) => claims[name] !== undefined)
    .map((name) => `${name}=${JSON.stringify(claims[name])}`)
    .join(', ');
  return (
    `The service account token has ${shown || 'no readable claims'}. The identity's Kubernetes Auth in Infisical must ` +
    'accept it: allowed namespaces and service account names matching sub (system:serviceaccount:NAMESPACE:NAME), ' +
    "an allowed audience equal to aud if one is set, and a token reviewer that can reach the cluster's TokenReview API."
  );
}
