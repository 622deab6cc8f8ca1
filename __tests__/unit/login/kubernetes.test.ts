// The Kubernetes login: the service account token read from its file (the standard path unless
// service-account-token-path names another), masked at once, and the errors that end it before
// any request; explain, the claims line a refused login shows.
import { describe, expect, jest, test } from '@jest/globals';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import type { Answer, Send } from '../../../src/http/index.js';
import {
  explain,
  kubernetesAuth,
  SERVICE_ACCOUNT_TOKEN_PATH,
} from '../../../src/login/kubernetes.js';
import { LoginError, type LoginContext } from '../../../src/login/session.js';
import { makeJwt } from '../../support/harness.js';

const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const SA = makeJwt({
  iss: 'https://kubernetes.default.svc',
  sub: 'system:serviceaccount:ci:runner',
  aud: ['api'],
});

function context(readTextFile: (path: string) => Promise<string>) {
  const answer: Answer = {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken: 'login.jwt.token', expiresIn: 60 }),
    truncated: false,
  };
  const infisical = jest.fn<Send>(async () => answer);
  const masked: string[] = [];
  const ctx: LoginContext = {
    server: { origin: 'https://infisical.example', prefix: '' },
    attempts: {
      retries: 0,
      send: infisical,
      pacer: new RateLimitPacer({ now: () => Date.now(), sleep: () => Promise.resolve() }),
      sleep: () => Promise.resolve(),
      log: () => undefined,
      stop: new AbortController().signal,
    },
    getIdToken: () => Promise.reject(new Error('not used')),
    mask: (secret) => masked.push(secret),
    warn: () => undefined,
    timeoutMs: 30_000,
    readTextFile,
  };
  return { ctx, infisical, masked };
}

const failing = (code: string) => () => Promise.reject(Object.assign(new Error(code), { code }));

describe('kubernetesAuth', () => {
  test('reads the standard path by default, masks the token before sending it, sends {identityId, jwt}', async () => {
    const read = jest.fn(async (_path: string) => `${SA}\n`);
    const { ctx, infisical, masked } = context(read);
    const session = await kubernetesAuth(IDENTITY, undefined)(ctx);

    expect(read).toHaveBeenCalledWith(SERVICE_ACCOUNT_TOKEN_PATH);
    expect(SERVICE_ACCOUNT_TOKEN_PATH).toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
    expect(session.login?.as).toBe(`Kubernetes as identity ${IDENTITY}`);
    const request = infisical.mock.calls[0]?.[0];
    expect(request?.url).toBe('https://infisical.example/api/v1/auth/kubernetes-auth/login');
    expect(request?.json).toEqual({ identityId: IDENTITY, jwt: SA });
    expect(masked[0]).toBe(SA);
  });

  test('service-account-token-path is read instead', async () => {
    const read = jest.fn(async (_path: string) => SA);
    await kubernetesAuth(IDENTITY, '/projected/token')(context(read).ctx);
    expect(read).toHaveBeenCalledWith('/projected/token');
  });

  test.each([
    [
      'ENOENT',
      'there is no such file: the pod must mount its service account token (automountServiceAccountToken), or set service-account-token-path to where it is',
    ],
    ['EACCES', 'the step may not read it'],
    ['EISDIR', 'it is a folder: service-account-token-path names the token file itself'],
    ['EIO', 'it could not be read (EIO)'],
  ])(
    'a file that cannot be read (%s) is one line naming the path, before any request',
    async (code, why) => {
      const { ctx, infisical } = context(failing(code));
      const error = await kubernetesAuth(IDENTITY, '/sa/token')(ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LoginError);
      expect((error as Error).message).toBe(
        `Could not log in with method: kubernetes: the service account token at /sa/token: ${why}.`,
      );
      expect(infisical).not.toHaveBeenCalled();
    },
  );

  test('an empty file, or one that is not a JWT, is refused before any request; the content masked, not shown', async () => {
    const empty = context(async () => '  \n');
    await expect(kubernetesAuth(IDENTITY, '/t')(empty.ctx)).rejects.toThrow('is empty');
    const garbage = context(async () => 'hunter2-not-a-jwt\nsecond line');
    const error = (await kubernetesAuth(
      IDENTITY,
      '/t',
    )(garbage.ctx).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'Could not log in with method: kubernetes: /t does not hold a service account token (a JWT). Its content is not shown.',
    );
    expect(garbage.masked).toEqual(['hunter2-not-a-jwt', 'second line']);
    expect(garbage.infisical).not.toHaveBeenCalled();
  });
});

describe('explain', () => {
  test('shows the claims that decide the login, and what the identity must accept', () => {
    const line = explain(SA);
    expect(line).toContain(
      'iss="https://kubernetes.default.svc", aud=["api"], sub="system:serviceaccount:ci:runner"',
    );
    expect(line).toContain('allowed namespaces and service account names');
    expect(explain('not-a-jwt')).toContain('has no readable claims');
  });
});
