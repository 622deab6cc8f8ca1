// OIDC with GitHub's ID token: no stored credential at all. The job asks GitHub for an ID token
// (it needs `permissions: id-token: write`), and Infisical checks it against the identity's OIDC
// auth: issuer, bound audience, bound subject, bound claims. A refused login is the most common
// support question of OIDC, and its answer is in the token's claims: the error line shows them.
import { claimsOf, looksLikeJwt } from '../jwt.js';
import { oneLine } from '../text/words.js';
import { describeWait, retryDelayMs } from '../calls/backoff.js';
import { oidcLoginRequest } from '../infisical/login.js';
import { LoginError, logInWith, type LoginContext, type Session } from './session.js';

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
    const jwt = await idToken(audience, ctx);
    ctx.mask(jwt);
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

// Asking GitHub for the ID token is a network call like any other: retried the same way.
async function idToken(audience: string | undefined, ctx: LoginContext): Promise<string> {
  const { retries, sleep, log, stop, random } = ctx.attempts;
  for (let n = 1; ; n += 1) {
    if (stop.aborted)
      throw new LoginError('Could not get a GitHub ID token: the run was stopped first.', true);
    try {
      const jwt = await withDeadline(ctx.getIdToken(audience), ctx.timeoutMs, stop);
      if (!looksLikeJwt(jwt)) throw new Error('the answer is not a JWT');
      return jwt;
    } catch (error) {
      if (error instanceof LoginError) throw error;
      const reason = oneLine((error as Error).message).replace(/\.$/, '');
      if (n > retries) {
        throw new LoginError(
          `Could not get a GitHub ID token for the OIDC login after ${n} attempts: ${reason}.`,
        );
      }
      const waitMs = retryDelayMs(n, undefined, random);
      log(
        `Attempt ${n} of ${retries + 1} to get a GitHub ID token failed (${reason}); retrying in ${describeWait(waitMs)}.`,
      );
      await sleep(waitMs);
    }
  }
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

// @actions/core's request for the ID token has no deadline of its own and cannot be stopped: give
// it timeout-seconds, and let a cancel end the wait.
function withDeadline<T>(work: Promise<T>, timeoutMs: number, stop: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const ended = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs / 1000} s (timed out)`)),
      timeoutMs,
    );
    onStop = () =>
      reject(new LoginError('Could not get a GitHub ID token: the run was stopped first.', true));
    stop.addEventListener('abort', onStop);
  });
  return Promise.race([work, ended]).finally(() => {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop as () => void);
  });
}
