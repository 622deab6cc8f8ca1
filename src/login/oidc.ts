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

/** github.com's issuer; a GitHub Enterprise Server's is https://HOST/_services/token. */
const GITHUB_COM_ISSUER = 'https://token.actions.githubusercontent.com';

/** A claim as the hint names it: a plain URL-like string as it is, anything else as JSON (one line). */
function named(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value) && !value.includes('"')
    ? value
    : JSON.stringify(value);
}

/**
 * What the identity's OIDC auth must accept, from the ID token that was refused: its own issuer
 * and audience (a GitHub Enterprise Server issues its own, not github.com's).
 */
export function explain(jwt: string): string {
  const claims = claimsOf(jwt);
  const shown = DECIDING_CLAIMS.filter((name) => claims[name] !== undefined)
    .map((name) => `${name}=${JSON.stringify(claims[name])}`)
    .join(', ');
  const issuer = named(claims.iss);
  const audience = named(claims.aud);
  const ghes =
    issuer === GITHUB_COM_ISSUER
      ? ''
      : ' On GitHub Enterprise Server the issuer is https://HOST/_services/token, and Infisical must be ' +
        'able to reach it (its discovery document and signing keys); if it cannot, use Universal Auth.';
  return (
    `The GitHub ID token has ${shown || 'no readable claims'}. The identity's OIDC auth in Infisical must ` +
    `accept them: issuer and discovery URL ${issuer ?? `the token's iss (${GITHUB_COM_ISSUER} on github.com)`}, ` +
    `a bound audience equal to aud${audience ? `, ${audience}` : ''} (set oidc-audience to choose it), ` +
    'and a bound subject (and claims) matching sub; ' +
    "GitHub's newer sub format with numeric ids does not match bindings written for the older one." +
    ghes
  );
}
