// OIDC with GitHub's ID token: no stored credential at all. The job asks GitHub for an ID token
// (it needs `permissions: id-token: write`), and Infisical checks it against the identity's OIDC
// auth: issuer, bound audience, bound subject, bound claims. A refused login is the most common
// support question of OIDC, and its answer is in the token's claims: the error line shows them.
import { claimsOf } from '../jwt.js';
import { oidcLoginRequest } from '../infisical/login.js';
import { logInWith, type LoginContext, type Session } from './session.js';

/** The ID token's claims that decide a login; none of them is secret. */
const DECIDING_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'repository',
  'ref',
  'environment',
  'job_workflow_ref',
];

export function oidcAuth(
  identityId: string,
  audience: string | undefined,
): (ctx: LoginContext) => Promise<Session> {
  return async (ctx) => {
    // Masked the moment it was read, retried and cut off by its deadline or a cancel like any
    // other request: github-id-token.ts, which step.ts hands in as getIdToken.
    const jwt = await ctx.getIdToken(audience);
    return logInWith(
      oidcLoginRequest(ctx.server, identityId, jwt),
      `OIDC as identity ${identityId}`,
      ctx,
      (status) =>
        status === 401 || status === 403
          ? explain(jwt)
          : status === 404
            ? 'Check identity-id: the identity must exist on this server (and region) and have OIDC auth configured.'
            : '',
    );
  };
}

/** What the identity's OIDC auth must accept, from the ID token that was refused. */
export function explain(jwt: string): string {
  const claims = claimsOf(jwt);
  const shown = DECIDING_CLAIMS.filter((name) => claims[name] !== undefined)
    .map((name) => `${name}=${JSON.stringify(claims[name])}`)
    .join(', ');
  return (
    `The GitHub ID token has ${shown || 'no readable claims'}. The identity's OIDC auth in Infisical must ` +
    'accept them: issuer and discovery URL https://token.actions.githubusercontent.com, a bound audience ' +
    'equal to aud (set oidc-audience to choose it), and a bound subject (and claims) matching sub; ' +
    "GitHub's newer sub format with numeric ids does not match bindings written for the older one."
  );
}
