// The OIDC login: its ID-token request (the HTTP client's deadline, and an end on a stop, with no
// login sent), and explain, the claims line a refused OIDC login shows.
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHttp, type Http, type Send } from '../../../src/http/index.js';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import { githubIdToken } from '../../../src/login/github-id-token.js';
import { explain, oidcAuth } from '../../../src/login/oidc.js';
import { LoginError, type LoginContext } from '../../../src/login/session.js';
import { makeJwt } from '../../support/harness.js';

const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';

describe("the OIDC login's ID-token request", () => {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });

  /** A loopback ID-token service that accepts every request and never answers. */
  async function hungService(): Promise<{ url: string; requests: () => number }> {
    const sockets = new Set<Socket>();
    let requests = 0;
    const server: HttpServer = createServer(() => {
      requests += 1;
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/idtoken?api-version=2.0`, requests: () => requests };
  }

  /**
   * A context whose getIdToken is the action's own request (github-id-token.ts over the real HTTP
   * client) to a service that never answers; `send` (Infisical's) must never be called.
   */
  async function context(stop: AbortSignal, timeoutMs: number) {
    const service = await hungService();
    const send = jest.fn<Send>(() => Promise.reject(new Error('no request may be sent')));
    const github: Http = createHttp({ timeoutMs });
    open.push(async () => github.close());
    stop.addEventListener('abort', () => github.close());
    const logged: string[] = [];
    const attempts = (via: Send) => ({
      retries: 0,
      send: via,
      pacer: new RateLimitPacer({ now: () => Date.now(), sleep: () => Promise.resolve() }),
      sleep: () => Promise.resolve(),
      log: (line: string) => logged.push(line),
      stop,
    });
    const ctx: LoginContext = {
      server: { origin: 'http://127.0.0.1:9', prefix: '' },
      attempts: attempts(send),
      getIdToken: githubIdToken(
        { url: service.url, token: 'request-token-0123456789' },
        attempts(github.send),
        () => undefined,
      ),
      mask: () => undefined,
      warn: (line) => logged.push(`warning: ${line}`),
      timeoutMs,
    };
    return { ctx, send, service, logged };
  }

  /** What `work` rejects with; fails the test when it resolves. */
  async function rejection(work: Promise<unknown>): Promise<LoginError> {
    try {
      await work;
    } catch (error) {
      expect(error).toBeInstanceOf(LoginError);
      return error as LoginError;
    }
    throw new Error('expected the login to fail, and it succeeded');
  }

  // Behaviour changed on purpose: the deadline is the HTTP client's (timeout-seconds on the whole
  // exchange), not a timer raced against core.getIDToken; so are the words of the line.
  test("times out after timeoutMs when the ID-token service never answers (the HTTP client's deadline)", async () => {
    const { ctx, send, service, logged } = await context(new AbortController().signal, 200);
    const started = performance.now();
    const error = await rejection(oidcAuth(IDENTITY, undefined)(ctx));

    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.message).toMatch(
      /^Could not get a GitHub ID token for the OIDC login: the ID-token request to http:\/\/127\.0\.0\.1:\d+ failed after 1 attempt: no complete answer within 0\.2 s \(timed out\)\.$/,
    );
    expect(error.stopped).toBe(false);
    expect(service.requests()).toBe(1);
    expect(send).not.toHaveBeenCalled();
    expect(logged).toEqual([]);
  }, 5_000);

  test('ends at once with a stopped LoginError when the stop signal aborts mid-request', async () => {
    const controller = new AbortController();
    // A deadline far past the test's own timeout: only the stop can end the wait in time.
    const { ctx, send, service } = await context(controller.signal, 600_000);
    const login = oidcAuth(IDENTITY, undefined)(ctx);
    for (let i = 0; i < 200 && service.requests() === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(service.requests()).toBe(1);
    controller.abort();
    const error = await rejection(login);

    expect(error.message).toBe('Could not get a GitHub ID token: the run was stopped first.');
    expect(error.stopped).toBe(true);
    expect(send).not.toHaveBeenCalled();
  }, 5_000);
});

describe('explain (the claims line of a refused OIDC login)', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'https://github.com/octo-org',
    sub: 'repo:octo-org/octo-repo:environment:production',
    repository: 'octo-org/octo-repo',
    ref: 'refs/heads/main',
    environment: 'production',
    job_workflow_ref: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    jti: 'jti-secret-ish-0001',
    sha: 'deadbeef',
    actor: 'octocat',
    run_id: '123',
    exp: 1_900_000_000,
  };

  test('shows the deciding claims, in order, and nothing else', () => {
    const line = explain(makeJwt(claims));
    expect(line).toMatch(
      /^The GitHub ID token has iss="https:\/\/token\.actions\.githubusercontent\.com", aud="https:\/\/github\.com\/octo-org", sub="repo:octo-org\/octo-repo:environment:production", repository="octo-org\/octo-repo", ref="refs\/heads\/main", environment="production", job_workflow_ref="octo-org\/octo-repo\/\.github\/workflows\/ci\.yml@refs\/heads\/main"\. /,
    );
    for (const other of ['jti', 'sha', 'actor', 'run_id', 'exp']) {
      expect(line).not.toContain(`${other}=`);
    }
    expect(line).not.toContain('jti-secret-ish-0001');
  });

  // The audience is now named in the hint too (the token's own, as the issuer is).
  test("gives the binding hint: the token's issuer, its audience, bound subject and claims", () => {
    const line = explain(makeJwt(claims));
    expect(line).toContain(
      'issuer and discovery URL https://token.actions.githubusercontent.com, ',
    );
    expect(line).toMatch(
      /bound audience equal to aud, https:\/\/github\.com\/octo-org \(set oidc-audience to choose it\)/,
    );
    // github.com's own issuer: nothing about GitHub Enterprise Server.
    expect(line).not.toContain('Enterprise Server');
    expect(line).toMatch(/bound subject \(and claims\) matching sub/);
    expect(line).not.toMatch(/[\r\n]/);
  });

  test('leaves out the claims the token lacks (no environment), and shows a list audience as JSON', () => {
    const rest: Record<string, unknown> = { ...claims, aud: ['a', 'b'] };
    delete rest.environment;
    const line = explain(makeJwt(rest));
    expect(line).not.toContain('environment=');
    expect(line).toContain('aud=["a","b"]');
  });

  test('a GitHub Enterprise Server token: its own issuer and audience, and that Infisical must reach the issuer', () => {
    const ghes = {
      ...claims,
      iss: 'https://ghes.example.com/_services/token',
      aud: 'https://ghes.example.com/octo-org',
    };
    const line = explain(makeJwt(ghes));
    expect(line).toContain('issuer and discovery URL https://ghes.example.com/_services/token, ');
    expect(line).toContain(
      'a bound audience equal to aud, https://ghes.example.com/octo-org (set oidc-audience to choose it)',
    );
    expect(line).not.toContain('token.actions.githubusercontent.com');
    expect(line).toMatch(
      /On GitHub Enterprise Server the issuer is https:\/\/HOST\/_services\/token, and Infisical must be able to reach it .*; if it cannot, use Universal Auth\.$/,
    );
    expect(line).not.toMatch(/[\r\n]/);
  });

  test('a token without iss or aud: the hint says which claims to read, and where github.com issues', () => {
    const line = explain(makeJwt({ sub: 'repo:o/r:ref:refs/heads/main' }));
    expect(line).toContain(
      "issuer and discovery URL the token's iss (https://token.actions.githubusercontent.com on github.com), a bound audience equal to aud (set oidc-audience to choose it)",
    );
    expect(line).toContain(
      'On GitHub Enterprise Server the issuer is https://HOST/_services/token',
    );
  });

  test('an issuer that is not a plain URL is quoted as JSON, so the hint stays one line', () => {
    const line = explain(makeJwt({ iss: 'https://x\n::error::y', aud: ['a', 'b'] }));
    expect(line).toContain('issuer and discovery URL "https://x\\n::error::y", ');
    expect(line).toContain('a bound audience equal to aud, ["a","b"] (');
    expect(line).not.toMatch(/[\r\n]/);
  });

  test('a token whose claims cannot be read says so', () => {
    expect(explain('not-a-jwt')).toMatch(/^The GitHub ID token has no readable claims\. /);
    expect(explain('a.bm90IGpzb24.c')).toMatch(/^The GitHub ID token has no readable claims\. /);
  });

  test('escapes quotes and line breaks in a claim, so the line stays one line', () => {
    const line = explain(makeJwt({ sub: 'repo:"x"\nref' }));
    expect(line).toContain('sub="repo:\\"x\\"\\nref"');
    expect(line).not.toMatch(/[\r\n]/);
  });
});
