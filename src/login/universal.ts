// Universal Auth: a client id and secret of the identity (Infisical's machine-identity login for
// places without OIDC). The secret is masked before anything runs.
import { universalLoginRequest } from '../infisical/login.js';
import { logInWith, type LoginContext, type Session } from './session.js';

export function universalAuth(
  clientId: string,
  clientSecret: string,
): (ctx: LoginContext) => Promise<Session> {
  return (ctx) =>
    logInWith(
      universalLoginRequest(ctx.server, clientId, clientSecret),
      `Universal Auth (client id ${clientId})`,
      ctx,
      (status) =>
        status === 401
          ? "Check client-id and client-secret against the identity's Universal Auth client secrets (a secret may have expired, reached its usage limit, or be locked after failed attempts)."
          : status === 429
            ? 'Infisical locks Universal Auth after repeated attempts: wait a minute before trying again.'
            : '',
    );
}
