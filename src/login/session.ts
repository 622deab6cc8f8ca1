// What every way of getting an access token shares: the context it runs in, the session it
// returns, and the one-line error a refused login ends in. One file a way: given.ts (access-token),
// oidc.ts (GitHub's ID token), universal.ts (client id and secret), aws-iam.ts (a signed STS
// request), kubernetes.ts (the pod's service account token).
import { attempt, type AttemptContext } from '../calls/attempt.js';
import { judgeLogin, type Login } from '../infisical/login.js';
import type { Request, Send } from '../http/index.js';
import type { AwsEnvironment } from './aws-iam.js';
import { sentence } from '../text/words.js';
import { describeServer, type Server } from '../infisical/server.js';

export interface LoginContext {
  server: Server;
  /** Retries, pacing (logins are write-class on Infisical Cloud), the stop signal. */
  attempts: AttemptContext;
  /** GitHub's ID token for this job, with the audience asked for (GitHub's default when undefined). */
  getIdToken: (audience: string | undefined) => Promise<string>;
  /** Masks a secret the step learns while it runs (an ID token, a login's access token). */
  mask: (secret: string) => void;
  /** A warning annotation. */
  warn: (line: string) => void;
  /** How long one attempt may take (timeout-seconds), for calls the HTTP layer does not make. */
  timeoutMs: number;
  /** method: aws-iam: the runner's AWS variables (read by main.ts). */
  aws?: AwsEnvironment;
  /** method: aws-iam: a client of its own for the instance metadata service (short deadline). */
  imds?: Send;
  /** method: kubernetes: reads the service account token's file (main.ts hands in the reader). */
  readTextFile?: (path: string) => Promise<string>;
}

export interface Session {
  accessToken: string;
  /** The action logged in itself: this login's token must be revoked when the step ends. */
  login?: {
    /** "OIDC as identity …", for the log. */
    as: string;
    /** When the login token expires unless revoked, when the server said. */
    expiresAt?: Date;
  };
}

/** A login that did not give an access token: its one line says why, and what helps. */
export class LoginError extends Error {
  override name = 'LoginError';
  /** The run was stopped (cancelled) before the login could finish. */
  constructor(
    message: string,
    readonly stopped = false,
  ) {
    super(message);
  }
}

/**
 * Sends a login request with the retry policy of every call, and returns its access token, masked
 * at once. `describe` names the login in errors; `explain` adds what helps for a refusal.
 */
export async function logInWith(
  request: Request,
  as: string,
  ctx: LoginContext,
  explain: (status: number) => string,
): Promise<Session> {
  const done = await attempt(request, `log in with ${as}`, ctx.attempts);
  const lead = `Could not log in to Infisical at ${describeServer(ctx.server)} with ${as}`;
  // A login is not idempotent: an attempt whose answer never came may have made a token.
  const unseen = done.mayHaveLanded
    ? ' An attempt may have reached Infisical without its answer coming back: if it did, it made a login token that the action never saw, which stays live until it expires.'
    : '';
  if (done.kind === 'stopped') {
    throw new LoginError(`${lead}: the run was stopped first.${unseen}`, true);
  }
  if (done.kind === 'no-answer') {
    throw new LoginError(`${lead}: no answer from Infisical: ${done.error.message}.${unseen}`);
  }
  const verdict = judgeLogin(done.answer);
  if (verdict.kind === 'failed') {
    const hint = verdict.hint ?? explain(verdict.status);
    throw new LoginError(
      `${lead}: ${verdict.status} ${sentence(verdict.message, verdict.reqId)}${hint ? ` ${hint}` : ''}${unseen}`,
    );
  }
  ctx.mask(verdict.login.accessToken);
  if (done.mayHaveLanded) {
    // A login is not idempotent: the attempt whose answer was lost may have made a token too.
    ctx.warn(
      `An earlier attempt to log in with ${as} may have reached Infisical without its answer coming back; if it did, it made a login token that the action never saw, which stays live until it expires.`,
    );
  }
  return {
    accessToken: verdict.login.accessToken,
    login: { as, expiresAt: expiry(verdict.login) },
  };
}

function expiry(login: Login): Date | undefined {
  return login.expiresIn === undefined ? undefined : new Date(Date.now() + login.expiresIn * 1000);
}
