// The action's own login, end to end: the built dist/ run as a runner runs it, with
// `method: oidc` (GitHub's ID token from the fake ID-token service) or `method: universal` (client
// id and secret), against the fake Infisical. Every run must leave no login token live: the login
// is revoked through POST /api/v1/auth/token/revoke after success, failed revokes, a stopped batch
// and a cancel, and a logout that fails says so with the token's expiry. Every revoke is read back:
// a target by GET /api/v1/auth/token-auth/tokens/{id} with the login token, the login itself by
// GET /api/v1/identities/details sent with the login token, which must answer 401 once it is dead.
import { describe, expect, test } from '@jest/globals';
import type { FakeGitHubOidc, GitHubOidcOptions } from '../testbed/fake-github-oidc.js';
import {
  reqId,
  type Fault,
  type FakeInfisical,
  type FakeOptions,
  type Generation,
  type OidcConfig,
  type RecordedRequest,
  type RouteFamily,
  type UniversalAuthConfig,
} from '../testbed/fake-infisical.js';
import { answer, neverAnswer } from '../testbed/faults.js';
import type { StepResult, StepRun } from '../testbed/runner.js';
import { loginTokens, universalLogin } from './support/fixtures.js';
import {
  ACCESS_TOKEN,
  claimsOf,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
  startGitHubOidc,
  unmasked,
} from './support/harness.js';

type Method = 'oidc' | 'universal';
type LoginRoute = 'oidc-login' | 'universal-auth-login';

const OWNER = 'octo-org';
const REPO = `${OWNER}/octo-repo`;
const SUBJECT = `repo:${REPO}:ref:refs/heads/main`;
const DEFAULT_AUDIENCE = `https://github.com/${OWNER}`;

interface Setup {
  method: Method;
  route: LoginRoute;
  /** How the step names the login in its log: "OIDC as identity …", "Universal Auth (client id …)". */
  as: string;
  fake: FakeInfisical;
  github?: FakeGitHubOidc;
  identityId: string;
  /** The inputs that select the login (`access-token` overridden to empty). */
  inputs: Record<string, string>;
  /** The runner's environment for the job (the ID-token variables for OIDC). */
  env: Record<string, string>;
  /** The client secret (universal), for leak checks. */
  clientSecret?: string;
}

interface SetupOptions {
  fake?: FakeOptions;
  github?: GitHubOidcOptions;
  oidc?: Partial<OidcConfig>;
  universal?: UniversalAuthConfig;
}

async function setUp(method: Method, options: SetupOptions = {}): Promise<Setup> {
  const fake = await startFake(options.fake);
  const identityId = fake.addIdentity({ name: 'revoker' });
  if (method === 'oidc') {
    const github = await startGitHubOidc({ owner: OWNER, repo: 'octo-repo', ...options.github });
    fake.configureOidc(identityId, {
      issuer: github.issuer,
      publicKeyPem: github.publicKeyPem,
      kid: github.kid,
      boundAudiences: DEFAULT_AUDIENCE,
      boundSubject: SUBJECT,
      ...options.oidc,
    });
    return {
      method,
      route: 'oidc-login',
      as: `OIDC as identity ${identityId}`,
      fake,
      github,
      identityId,
      inputs: { 'access-token': '', method: 'oidc', 'identity-id': identityId },
      env: github.env(),
    };
  }
  const { clientId, clientSecret } = fake.configureUniversalAuth(identityId, options.universal);
  return {
    method,
    route: 'universal-auth-login',
    as: `Universal Auth (client id ${clientId})`,
    fake,
    identityId,
    inputs: {
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': clientSecret,
    },
    env: {},
    clientSecret,
  };
}

function step(
  setup: Setup,
  inputs: Record<string, string>,
  run: Omit<StepRun, 'inputs'> = {},
): Promise<StepResult> {
  return revokeStep(setup.fake, { ...setup.inputs, ...inputs }, { env: setup.env, ...run });
}

/** The access token the fake issued to the step's login, from the fake's own records. */
function issuedLogin(setup: Setup): { token: string; rowId: string } {
  const tokens = loginTokens(setup.fake, setup.route);
  expect(tokens).toHaveLength(1);
  const token = tokens[0] as string;
  return { token, rowId: claimsOf(token).identityAccessTokenId as string };
}

/** The reqId of the fake's (only) answer on a route. */
function reqIdOf(fake: FakeInfisical, route: RouteFamily): string {
  const answers = fake.answers.filter((a) => a.route === route);
  expect(answers).toHaveLength(1);
  return (answers[0]?.body as { reqId: string }).reqId;
}

/** The lines a step may print before it has logged in: none of them can hold the login token. */
const BEFORE_LOGIN =
  /^(::add-mask::|::debug::|Revoking |Attempt \d+ of \d+ to (get a GitHub ID token|log in with) )/;

/**
 * A secret the step learned while running (the login token, the ID token): its add-mask line
 * comes before any line that could carry it (only lines printed before the login precede it),
 * and it appears nowhere else, in any stream or file the step wrote.
 */
function expectMaskedBeforeUse(run: StepResult, secret: string): void {
  expect(secret.length).toBeGreaterThan(20);
  const lines = run.stdout.split('\n');
  const maskAt = lines.indexOf(`::add-mask::${secret}`);
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(lines.slice(0, maskAt).filter((line) => !BEFORE_LOGIN.test(line))).toEqual([]);
  expect(unmasked(run)).not.toContain(secret);
}

/**
 * The login is revoked, by exactly one POST to /api/v1/auth/token/revoke carrying it, then read
 * back by one GET /api/v1/identities/details sent with it, answered 401: the last two requests of
 * the run. Legacy: the login's row is revoked. Current: a login has no row until it is revoked;
 * the revoke writes a revocation marker and a revoked row for it.
 */
function expectLoginRevoked(setup: Setup, run: StepResult): void {
  const { token, rowId } = issuedLogin(setup);
  const row = setup.fake.token(rowId);
  expect(row?.authMethod).toBe(setup.method === 'oidc' ? 'OIDC_AUTH' : 'UNIVERSAL_AUTH');
  expect(row?.identityId).toBe(setup.identityId);
  expect(row?.isAccessTokenRevoked).toBe(true);
  // A current server decides by its revocation marker (the row is written only for it).
  if (setup.fake.generation === 'current') expect(setup.fake.hasRevocationMarker(rowId)).toBe(true);
  expect(setup.fake.isLive(token)).toBe(false);
  const logouts = setup.fake.requestsTo('token-revoke');
  expect(logouts).toHaveLength(1);
  expect(logouts[0]?.method).toBe('POST');
  expect(logouts[0]?.path).toBe('/api/v1/auth/token/revoke');
  expect(JSON.parse(logouts[0]?.body ?? '')).toEqual({ accessToken: token });
  expect(logouts[0]?.headers.authorization).toBeUndefined();
  // The logout's read-back: who the login token is, asked with the login token itself.
  const readBacks = setup.fake.requestsTo('identity-details');
  expect(readBacks).toHaveLength(1);
  expect(readBacks[0]?.method).toBe('GET');
  expect(readBacks[0]?.path).toBe('/api/v1/identities/details');
  expect(readBacks[0]?.headers.authorization).toBe(`Bearer ${token}`);
  expect(setup.fake.answers.filter((a) => a.route === 'identity-details')).toEqual([
    expect.objectContaining({ status: 401 }),
  ]);
  // The logout and its read-back are the last two requests of the run.
  expect(setup.fake.requests.at(-2)).toBe(logouts[0]);
  expect(setup.fake.requests.at(-1)).toBe(readBacks[0]);
  expect(run.stdout).toContain(`Revoked the login token (${setup.as}).`);
  expectMaskedBeforeUse(run, token);
}

/**
 * The requests of a login run that revokes `ids`: the login (once), then for each id its revoke
 * (POST …/tokens/{id}/revoke) and, after it, its read-back (GET …/tokens/{id}), both with the
 * login token as bearer; then the logout and its read-back. With concurrency above 1 the targets
 * may interleave: only each read-back's place after its own revoke is fixed.
 */
function expectLoginRunRequests(setup: Setup, ids: string[], logins = 1): void {
  const { token } = issuedLogin(setup);
  const requests = setup.fake.requests;
  expect(requests.map((r) => r.route)).toEqual([
    ...Array.from({ length: logins }, () => setup.route),
    ...requests.slice(logins, -2).map(() => expect.stringMatching(/^(revoke|get-token)$/)),
    'token-revoke',
    'identity-details',
  ]);
  const middle = requests.slice(logins, -2);
  expect(middle).toHaveLength(2 * ids.length);
  const at = (request: RecordedRequest | undefined) => middle.indexOf(request as RecordedRequest);
  for (const id of ids) {
    const revokes = middle.filter((r) => r.route === 'revoke' && r.path.includes(id));
    const reads = middle.filter((r) => r.route === 'get-token' && r.path.includes(id));
    expect(revokes.map((r) => [r.method, r.path])).toEqual([
      ['POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`],
    ]);
    expect(reads.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/api/v1/auth/token-auth/tokens/${id}`],
    ]);
    expect(at(reads[0])).toBeGreaterThan(at(revokes[0]));
  }
  for (const request of middle) expect(request.headers.authorization).toBe(`Bearer ${token}`);
}

/** A refused login: nothing revoked, nothing else sent, every named token not attempted. */
function expectLoginRefused(setup: Setup, run: StepResult, ids: string[]): string {
  expect(run.code).toBe(1);
  expect(setup.fake.requestsTo(setup.route)).toHaveLength(1);
  expect(setup.fake.requestsTo('revoke')).toEqual([]);
  expect(setup.fake.requestsTo('get-token')).toEqual([]);
  expect(setup.fake.requestsTo('token-revoke')).toEqual([]);
  expect(setup.fake.requestsTo('identity-details')).toEqual([]);
  expect(ids.every((id) => !setup.fake.isRevoked(id))).toBe(true);
  expect(run.outputs).toMatchObject({
    'revoked-count': '0',
    'failed-count': '0',
    'not-attempted-count': String(ids.length),
    'not-attempted': JSON.stringify(ids),
  });
  expect(run.stdout).not.toContain('Revoked the login token');
  const errors = commands(run, 'error');
  expect(errors).toHaveLength(1);
  return errors[0] as string;
}

const forBoth = describe.each<Method>(['oidc', 'universal']);

forBoth('method: %s, success', (method) => {
  test.each<Generation>(['legacy', 'current'])(
    'revokes the targets with the login token, then revokes the login through /api/v1/auth/token/revoke (%s server)',
    async (generation) => {
      const setup = await setUp(method, { fake: { generation } });
      const [a, b] = [setup.fake.addToken(), setup.fake.addToken()];
      const run = await step(setup, { 'token-id': `${a}\n${b}` });

      expect(run.code).toBe(0);
      expect(commands(run, 'error')).toEqual([]);
      expect(commands(run, 'warning')).toEqual([]);
      expect(setup.fake.isRevoked(a)).toBe(true);
      expect(setup.fake.isRevoked(b)).toBe(true);
      const { token } = issuedLogin(setup);
      // The login first (no Authorization header), then the revokes with its token, each read back,
      // then the logout and its read-back.
      expectLoginRunRequests(setup, [a, b]);
      const [login] = setup.fake.requestsTo(setup.route);
      expect(login?.method).toBe('POST');
      expect(login?.headers.authorization).toBeUndefined();
      expect(JSON.parse(login?.body ?? '')).toEqual(
        method === 'oidc'
          ? { identityId: setup.identityId, jwt: setup.github?.issued[0] }
          : { clientId: setup.inputs['client-id'], clientSecret: setup.clientSecret },
      );
      for (const revoke of [
        ...setup.fake.requestsTo('revoke'),
        ...setup.fake.requestsTo('get-token'),
      ]) {
        expect(revoke.headers.authorization).toBe(`Bearer ${token}`);
      }
      expectLoginRevoked(setup, run);
      expect(run.stdout).toContain(
        `Logged in to Infisical with ${setup.as}; the login's access token is masked and is revoked when this step ends.`,
      );
      expect(run.outputs).toMatchObject({
        revoked: JSON.stringify([a, b]),
        'revoked-count': '2',
        'failed-count': '0',
        'not-attempted-count': '0',
      });
      expect(run.summary).toContain(`✅ Revoked the login token (${setup.as}).`);
      // The harness's default access token was not used for anything.
      expect(setup.fake.requests.some((r) => JSON.stringify(r).includes(ACCESS_TOKEN))).toBe(false);
    },
  );

  test('never shows the login token, the client secret, the ID token or an extra header value unmasked', async () => {
    const setup = await setUp(method);
    const id = setup.fake.addToken();
    const headers = { id: 'cf-id-value-4f1e2d3c', secret: 'cf-secret-value-9a8b7c6d5e' };
    const run = await step(setup, {
      'token-id': id,
      'extra-headers': `CF-Access-Client-Id: ${headers.id}\nCF-Access-Client-Secret: ${headers.secret}`,
    });

    expect(run.code).toBe(0);
    expectMaskedBeforeUse(run, issuedLogin(setup).token);
    if (method === 'oidc') {
      expect(setup.github?.issued).toHaveLength(1);
      expectMaskedBeforeUse(run, setup.github?.issued[0] as string);
    } else {
      expectNoLeak(run, setup.clientSecret);
    }
    expectNoLeak(run, headers.id);
    expectNoLeak(run, headers.secret);
  });

  test('sends extra-headers on the login, every revoke and the logout; a name given twice is one header joined with ", "', async () => {
    const setup = await setUp(method);
    const [a, b] = [setup.fake.addToken(), setup.fake.addToken()];
    const run = await step(setup, {
      'token-id': `${a} ${b}`,
      'extra-headers':
        'CF-Access-Client-Id: cf-id-value-0001\n\nX-Waf-Token: waf-one-0003\r\n  X-Waf-Token:waf-two-0004  \n',
    });

    expect(run.code).toBe(0);
    expectLoginRunRequests(setup, [a, b]);
    for (const request of setup.fake.requests) {
      expect(request.headers['cf-access-client-id']).toBe('cf-id-value-0001');
      expect(request.headers['x-waf-token']).toBe('waf-one-0003, waf-two-0004');
    }
    expectNoLeak(run, 'waf-one-0003');
    expectNoLeak(run, 'waf-two-0004');
  });

  test('a login answered 500 is retried like any write call', async () => {
    const setup = await setUp(method);
    const id = setup.fake.addToken();
    setup.fake.injectOn(
      setup.route,
      answer(500, {
        reqId: reqId(),
        statusCode: 500,
        message: 'Something went wrong',
        error: 'InternalServerError',
      }),
    );
    const run = await step(setup, { 'token-id': id });

    expect(run.code).toBe(0);
    expect(setup.fake.requestsTo(setup.route)).toHaveLength(2);
    expectLoginRunRequests(setup, [id], 2);
    expect(setup.fake.isRevoked(id)).toBe(true);
    expectLoginRevoked(setup, run);
  });
});

forBoth('method: %s, revokes that fail', (method) => {
  test('a target refused with 403 PermissionDenied fails the step, and the login is still revoked', async () => {
    const setup = await setUp(method);
    const [a, b] = [setup.fake.addToken(), setup.fake.addToken()];
    setup.fake.inject(
      answer(403, {
        reqId: 'req-Denied00000001',
        statusCode: 403,
        message: 'You are not allowed to edit on identity',
        error: 'PermissionDenied',
        details: [],
      }),
    );
    const run = await step(setup, { 'token-id': `${a}\n${b}`, concurrency: '1' });

    expect(run.code).toBe(1);
    expect(setup.fake.isRevoked(a)).toBe(false);
    expect(setup.fake.isRevoked(b)).toBe(true);
    // One at a time: a's refused revoke (nothing to read back), b's revoke and its read-back, then
    // the logout and its read-back.
    expect(setup.fake.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', setup.fake.requestsTo(setup.route)[0]?.path],
      ['POST', `/api/v1/auth/token-auth/tokens/${a}/revoke`],
      ['POST', `/api/v1/auth/token-auth/tokens/${b}/revoke`],
      ['GET', `/api/v1/auth/token-auth/tokens/${b}`],
      ['POST', '/api/v1/auth/token/revoke'],
      ['GET', '/api/v1/identities/details'],
    ]);
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: a, status: 403, error: 'PermissionDenied', reqId: 'req-Denied00000001' },
    ]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(`^Could not revoke token ${a}: 403 PermissionDenied — You are not allowed`),
      ),
    ]);
    expectLoginRevoked(setup, run);
  });

  test('a revoke that refuses the login token stops the batch, and the login is still revoked', async () => {
    const setup = await setUp(method);
    const ids = [setup.fake.addToken(), setup.fake.addToken(), setup.fake.addToken()];
    setup.fake.inject(
      answer(401, {
        reqId: 'req-Refused0000001',
        statusCode: 401,
        message: 'Token missing',
        error: 'UnauthorizedError',
      }),
    );
    const run = await step(setup, { 'token-id': ids.join('\n'), concurrency: '1' });

    expect(run.code).toBe(1);
    expect(setup.fake.requestsTo('revoke')).toHaveLength(1);
    // The refused revoke is not read back; the logout is.
    expect(setup.fake.requests.map((r) => r.route)).toEqual([
      setup.route,
      'revoke',
      'token-revoke',
      'identity-details',
    ]);
    expect(ids.some((id) => setup.fake.isRevoked(id))).toBe(false);
    expect(run.outputs).toMatchObject({
      'failed-count': '1',
      'not-attempted-count': '2',
      'not-attempted': JSON.stringify(ids.slice(1)),
    });
    expect(commands(run, 'error').at(-1)).toMatch(
      /^Infisical refused the access token \(401 UnauthorizedError\) .* 2 of 3 tokens were not attempted\./,
    );
    expectLoginRevoked(setup, run);
  });
});

forBoth('method: %s, the logout fails', (method) => {
  test('a logout answered 500 fails the step: the login stays live until the expiry the error gives', async () => {
    const setup = await setUp(method, { fake: { loginTtl: 3600 } });
    const id = setup.fake.addToken();
    setup.fake.injectOn(
      'token-revoke',
      answer(500, {
        reqId: reqId(),
        statusCode: 500,
        message: 'Something went wrong',
        error: 'InternalServerError',
      }),
    );
    const started = Date.now();
    const run = await step(setup, { 'token-id': id, retries: '0' });
    const ended = Date.now();

    expect(run.code).toBe(1);
    expect(setup.fake.isRevoked(id)).toBe(true);
    expect(setup.fake.requestsTo('token-revoke')).toHaveLength(1);
    // The target is read back; a logout answered 500 is a plain failure: nothing to read back.
    expect(setup.fake.requests.map((r) => r.route)).toEqual([
      setup.route,
      'revoke',
      'get-token',
      'token-revoke',
    ]);
    const { rowId } = issuedLogin(setup);
    expect(setup.fake.isRevoked(rowId)).toBe(false);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    const line = errors[0] as string;
    expect(line).toMatch(
      new RegExp(
        `^Could not revoke the login token \\(${escape(setup.as)}\\): 500 InternalServerError — Something went wrong\\. It stays live until it expires at (\\S+) \\(in 60 minutes\\)`,
      ),
    );
    const expiry = Date.parse(/until it expires at (\S+) /.exec(line)?.[1] ?? '');
    expect(expiry).toBeGreaterThanOrEqual(started + 3600_000 - 1000);
    expect(expiry).toBeLessThanOrEqual(ended + 3600_000 + 1000);
    expect(run.summary).toContain('❌ Could not revoke the login token');
    expect(run.stdout).not.toContain('Revoked the login token');
    expect(run.outputs['revoked-count']).toBe('1');
    expectMaskedBeforeUse(run, issuedLogin(setup).token);
  });

  test('a logout that never answers (it may have landed) is read back: the login token still works, so the step fails the same way', async () => {
    const setup = await setUp(method);
    const id = setup.fake.addToken();
    setup.fake.injectOn('token-revoke', neverAnswer);
    const run = await step(setup, { 'token-id': id, retries: '0', 'timeout-seconds': '1' });

    expect(run.code).toBe(1);
    expect(setup.fake.isRevoked(id)).toBe(true);
    expect(setup.fake.isRevoked(issuedLogin(setup).rowId)).toBe(false);
    // No answer to the logout, which may have landed: the login token is read back (twice, since
    // it shows live: a replica may lag), and still works.
    expect(setup.fake.requests.map((r) => r.route)).toEqual([
      setup.route,
      'revoke',
      'get-token',
      'token-revoke',
      'identity-details',
      'identity-details',
    ]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not revoke the login token \\(${escape(setup.as)}\\): .*timed out.*\\. It stays live until it expires at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(in 30 days\\)`,
        ),
      ),
    ]);
  });
});

forBoth('method: %s, cancellation after login', (method) => {
  test.each<NodeJS.Signals>(['SIGINT', 'SIGTERM'])(
    '%s mid-batch: the login is still revoked, the outputs are written, the step fails',
    async (signal) => {
      const setup = await setUp(method, { fake: { latencyMs: 250 } });
      const ids = Array.from({ length: 20 }, () => setup.fake.addToken());
      const run = await step(
        setup,
        { 'token-id': ids.join('\n'), concurrency: '1' },
        {
          env: setup.env,
          // Once two tokens are revoked: the batch is under way, the login long done.
          interrupt: { signal, when: (out) => (out.match(/^Revoked token /gm) ?? []).length >= 2 },
        },
      );

      expect(run.sent?.map((s) => s.signal)).toEqual([signal]);
      expect(run.killed).toBe(false);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(1);
      const revoked = JSON.parse(run.outputs.revoked ?? '') as string[];
      const skipped = JSON.parse(run.outputs['not-attempted'] ?? '') as string[];
      expect(revoked.length).toBeGreaterThanOrEqual(2);
      expect(skipped.length).toBeGreaterThanOrEqual(1);
      expect([...revoked, ...skipped].sort()).toEqual([...ids].sort());
      expect(revoked.every((id) => setup.fake.isRevoked(id))).toBe(true);
      expect(skipped.every((id) => !setup.fake.isRevoked(id))).toBe(true);
      expect(setup.fake.requestsTo('revoke')).toHaveLength(revoked.length);
      // One at a time: each revoke is read back before the next is sent, so every revoked token
      // but the one in flight when the signal came was read back (by GET …/tokens/{id}) after
      // its revoke; the one in flight may go unread (the run stopped before its read-back).
      const routes = setup.fake.requests.map((r) => r.route);
      expect(routes.slice(0, 1)).toEqual([setup.route]);
      expect(routes.slice(-2)).toEqual(['token-revoke', 'identity-details']);
      const batch = setup.fake.requests.slice(1, -2);
      const readBacks = setup.fake.requestsTo('get-token');
      expect(readBacks.length).toBeGreaterThanOrEqual(revoked.length - 1);
      expect(readBacks.length).toBeLessThanOrEqual(revoked.length);
      const expected = revoked.flatMap((id) => [
        ['POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`],
        ['GET', `/api/v1/auth/token-auth/tokens/${id}`],
      ]);
      expect(batch.map((r) => [r.method, r.path])).toEqual(
        expected.slice(0, revoked.length + readBacks.length),
      );
      const unread = revoked.length - readBacks.length;
      expect(commands(run, 'warning').filter((w) => /could not read it back/.test(w))).toEqual(
        unread === 0
          ? []
          : [
              expect.stringMatching(
                new RegExp(
                  `^Revoked token ${revoked.at(-1)}, but could not read it back to verify: `,
                ),
              ),
            ],
      );
      expect(run.outputs['not-attempted-count']).toBe(String(skipped.length));
      expect(commands(run, 'error').at(-1)).toMatch(
        new RegExp(`^Cancelled: ${skipped.length} of 20 tokens were not attempted\\.`),
      );
      expect(run.summary).toContain('not attempted');
      expect(run.summary).toContain(`✅ Revoked the login token (${setup.as}).`);
      expectLoginRevoked(setup, run);
    },
  );
});

forBoth('method: %s, revoke-at: job-end', (method) => {
  test('main sends nothing and saves no secret; post logs in, revokes and revokes the login', async () => {
    const setup = await setUp(method);
    const [a, b] = [setup.fake.addToken(), setup.fake.addToken()];
    const inputs = { 'token-id': `${a}\n${b}`, 'revoke-at': 'job-end' };
    const main = await step(setup, inputs);

    expect(main.code).toBe(0);
    expect(setup.fake.requests).toEqual([]);
    expect(setup.github?.requests ?? []).toEqual([]);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain('2 tokens will be revoked when the job ends.');
    if (setup.clientSecret) expectNoLeak(main, setup.clientSecret);

    const post = await step(setup, inputs, { entry: 'post', state: main.state });

    expect(post.code).toBe(0);
    expect(setup.fake.isRevoked(a)).toBe(true);
    expect(setup.fake.isRevoked(b)).toBe(true);
    expectLoginRunRequests(setup, [a, b]);
    expect(post.summary).toContain('at job end (post step)');
    expectLoginRevoked(setup, post);
    if (setup.clientSecret) expectNoLeak(post, setup.clientSecret);
  });

  test('token-id: self with a login method is an input error before any request', async () => {
    const setup = await setUp(method);
    const run = await step(setup, { 'token-id': 'self' });

    expect(run.code).toBe(1);
    expect(setup.fake.requests).toEqual([]);
    expect(setup.github?.requests ?? []).toEqual([]);
    expect(commands(run, 'error')).toEqual([
      `Input token-id names self, but with method: ${method} the access token is the action's own login, which it revokes when the step ends anyway. Remove self.`,
    ]);
  });
});

describe('method: oidc, the GitHub ID token', () => {
  // Behaviour changed on purpose: the action now masks the runner's request token itself (it makes
  // the request), so the token appears in its add-mask line and nowhere else.
  test('is asked for with the audience of oidc-audience, the request token as bearer (masked), Accept: application/json', async () => {
    const audience = 'https://infisical.example/revoker';
    const setup = await setUp('oidc', { oidc: { boundAudiences: audience } });
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id, 'oidc-audience': ` ${audience} ` });

    expect(run.code).toBe(0);
    const github = setup.github as FakeGitHubOidc;
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]).toMatchObject({
      audience,
      authorization: `Bearer ${github.requestToken}`,
      accept: 'application/json',
      status: 200,
    });
    expect(github.requests[0]?.path).toMatch(/^\/_apis\/distributedtask\/idtoken\?/);
    expect(setup.fake.isRevoked(id)).toBe(true);
    expectLoginRevoked(setup, run);
    // The runner's request token is never printed: only masked, before the request is made.
    expect(run.stdout.split('\n')).toContain(`::add-mask::${github.requestToken}`);
    expect(unmasked(run)).not.toContain(github.requestToken);
    expectMaskedBeforeUse(run, setup.github?.issued[0] as string);
  });

  test('is asked for without an audience when oidc-audience is empty: GitHub chooses its default', async () => {
    const setup = await setUp('oidc');
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id, 'oidc-audience': '' });

    expect(run.code).toBe(0);
    const github = setup.github as FakeGitHubOidc;
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]?.audience).toBeUndefined();
    expect(github.requests[0]?.path).not.toContain('audience');
    expect(github.requests[0]?.authorization).toBe(`Bearer ${github.requestToken}`);
    expect(setup.fake.isRevoked(id)).toBe(true);
  });

  test('is asked for with ?audience= when the runner gives a URL without a query', async () => {
    const audience = 'https://infisical.example/revoker';
    const setup = await setUp('oidc', { oidc: { boundAudiences: audience } });
    const github = setup.github as FakeGitHubOidc;
    const id = setup.fake.addToken();
    const run = await step(
      setup,
      { 'token-id': id, 'oidc-audience': audience },
      { env: github.env({ query: '' }) },
    );

    expect(run.code).toBe(0);
    expect(github.requests.map((r) => r.path)).toEqual([
      `/_apis/distributedtask/idtoken?audience=${encodeURIComponent(audience)}`,
    ]);
    expect(setup.fake.isRevoked(id)).toBe(true);
  });

  test('extra-headers go to Infisical only, never to the ID-token service', async () => {
    const setup = await setUp('oidc');
    const github = setup.github as FakeGitHubOidc;
    const id = setup.fake.addToken();
    const secret = 'cf-access-secret-0123456789abcdef';
    const run = await step(setup, {
      'token-id': id,
      'extra-headers': `CF-Access-Client-Secret: ${secret}`,
    });

    expect(run.code).toBe(0);
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]?.headers['cf-access-client-secret']).toBeUndefined();
    expect(setup.fake.requestsTo('oidc-login')[0]?.headers['cf-access-client-secret']).toBe(secret);
  });

  test('is asked for again after the ID-token service answers 500 once', async () => {
    const setup = await setUp('oidc');
    const github = setup.github as FakeGitHubOidc;
    github.inject({ status: 500, body: '{"message":"boom"}' });
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id });

    expect(run.code).toBe(0);
    expect(github.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(run.stdout).toMatch(
      /Attempt 1 of 4 to get a GitHub ID token failed \(.*500.*\); retrying in/,
    );
    expect(setup.fake.requestsTo('oidc-login')).toHaveLength(1);
    expect(setup.fake.isRevoked(id)).toBe(true);
    expectLoginRevoked(setup, run);
  });

  test('without ACTIONS_ID_TOKEN_REQUEST_URL the step names permissions: id-token: write and sends nothing', async () => {
    const setup = await setUp('oidc');
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id }, { env: {} });

    expect(run.code).toBe(1);
    expect(setup.fake.requests).toEqual([]);
    expect(setup.github?.requests).toEqual([]);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('permissions: id-token: write');
    expect(run.outputs['not-attempted']).toBe(JSON.stringify([id]));
    expect(setup.fake.isRevoked(id)).toBe(false);
  });
});

describe('method: oidc, a refused login', () => {
  test('subject not bound: one line with 403 ForbiddenError, the reqId, the deciding claims and the binding hint', async () => {
    const setup = await setUp('oidc', {
      oidc: { boundSubject: `repo:${OWNER}/another-repo:ref:refs/heads/main` },
    });
    const ids = [setup.fake.addToken(), setup.fake.addToken()];
    const run = await step(setup, { 'token-id': ids.join(',') });

    const line = expectLoginRefused(setup, run, ids);
    const claims = claimsOf(setup.github?.issued[0] ?? '');
    expect(line).toContain(
      `Could not log in to Infisical at ${setup.fake.url} with ${setup.as}: 403 ForbiddenError — Access denied: OIDC subject not allowed (reqId: ${reqIdOf(setup.fake, 'oidc-login')}).`,
    );
    expect(line).toContain(
      [
        `iss="https://token.actions.githubusercontent.com"`,
        `aud="${DEFAULT_AUDIENCE}"`,
        `sub="${SUBJECT}"`,
        `repository="${REPO}"`,
        `ref="refs/heads/main"`,
        `job_workflow_ref="${claims.job_workflow_ref as string}"`,
      ].join(', '),
    );
    expect(line).not.toContain('environment=');
    expect(line).toMatch(/bound subject/);
    expect(line).toMatch(/bound audience/);
    // The claims that decide nothing, and the token itself, stay out of the line.
    for (const name of ['jti', 'sha', 'actor', 'run_id']) expect(line).not.toContain(`${name}=`);
    expectMaskedBeforeUse(run, setup.github?.issued[0] as string);
  });

  test('the environment claim is shown when the job has one', async () => {
    const setup = await setUp('oidc', {
      github: {
        claims: { environment: 'production', sub: `repo:${REPO}:environment:production` },
      },
    });
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id });

    const line = expectLoginRefused(setup, run, [id]);
    expect(line).toContain('403 ForbiddenError');
    expect(line).toContain(`sub="repo:${REPO}:environment:production"`);
    expect(line).toContain('environment="production"');
  });

  test('audience not bound: 401 with the audience the token carries', async () => {
    const setup = await setUp('oidc', {
      oidc: { boundAudiences: 'https://github.com/someone-else' },
    });
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id });

    const line = expectLoginRefused(setup, run, [id]);
    expect(line).toContain(
      `401 UnauthorizedError — Access denied: OIDC audience not allowed (reqId: ${reqIdOf(setup.fake, 'oidc-login')}).`,
    );
    expect(line).toContain(`aud="${DEFAULT_AUDIENCE}"`);
  });

  test('an expired ID token: 401 jwt expired', async () => {
    const setup = await setUp('oidc', { github: { ttlSeconds: -60 } });
    const id = setup.fake.addToken();
    const run = await step(setup, { 'token-id': id });

    const line = expectLoginRefused(setup, run, [id]);
    expect(line).toContain(
      `401 UnauthorizedError — Access denied: jwt expired (reqId: ${reqIdOf(setup.fake, 'oidc-login')}).`,
    );
  });
});

describe('method: universal, a refused login', () => {
  test('a wrong client secret: 401 Invalid credentials, nothing revoked, the secret never shown', async () => {
    const setup = await setUp('universal');
    const ids = [setup.fake.addToken(), setup.fake.addToken()];
    const wrong = 'wrong-secret-0123456789abcdef';
    const run = await step(setup, { 'token-id': ids.join('\n'), 'client-secret': wrong });

    const line = expectLoginRefused(setup, run, ids);
    expect(line).toContain(
      `Could not log in to Infisical at ${setup.fake.url} with ${setup.as}: 401 UnauthorizedError — Invalid credentials (reqId: ${reqIdOf(setup.fake, 'universal-auth-login')}).`,
    );
    expect(line).toContain('client-secret');
    expectNoLeak(run, wrong);
  });
});

describe('method: universal, a login whose answer is lost', () => {
  /**
   * The server behind a gateway logs in (a live row, a token made), then the gateway answers 504:
   * the answer with the token never reaches the step.
   */
  const loggedInBehind504: Fault = ({ res, answerNormally }) => {
    const { writeHead, end } = res;
    res.writeHead = (() => res) as unknown as typeof res.writeHead;
    res.end = (() => res) as unknown as typeof res.end;
    answerNormally();
    res.writeHead = writeHead;
    res.end = end;
    res.writeHead(504, { 'content-type': 'text/html' });
    res.end('<html><body><h1>504 Gateway Time-out</h1></body></html>');
  };

  // The login is made, then the connection is reset before its answer: the token exists, unseen.
  const resetAfterLogin: Fault = ({ req, answerNormally, res }) => {
    res.write = () => true;
    res.end = (() => {
      req.socket.resetAndDestroy();
      return res;
    }) as typeof res.end;
    answerNormally();
  };

  test('Universal Auth answered 504 once, then 200: a warning that a token may stay live; the run succeeds and revokes its login', async () => {
    const fake = await startFake();
    const login = universalLogin(fake);
    const id = fake.addToken();
    fake.injectOn('universal-auth-login', loggedInBehind504);
    const run = await revokeStep(fake, { ...login.inputs, 'token-id': id });

    expect(run.code).toBe(0);
    expect(fake.requestsTo('universal-auth-login')).toHaveLength(2);
    expect(fake.isRevoked(id)).toBe(true);
    expect(commands(run, 'warning')).toEqual([
      `An earlier attempt to log in with Universal Auth (client id ${login.clientId}) may have reached Infisical without its answer coming back; if it did, it made a login token that the action never saw, which stays live until it expires.`,
    ]);
    expect(commands(run, 'error')).toEqual([]);
    // What the warning says is so: the lost login's token is live, the one the step saw is revoked.
    const [lost, seen] = loginTokens(fake) as [string, string];
    const lostRow = claimsOf(lost).identityAccessTokenId as string;
    const seenRow = claimsOf(seen).identityAccessTokenId as string;
    expect(fake.token(lostRow)).toMatchObject({
      authMethod: 'UNIVERSAL_AUTH',
      identityId: login.identityId,
      isAccessTokenRevoked: false,
    });
    expect(fake.isRevoked(seenRow)).toBe(true);
    const logouts = fake.requestsTo('token-revoke');
    expect(logouts).toHaveLength(1);
    expect(JSON.parse(logouts[0]?.body ?? '')).toEqual({ accessToken: seen });
    expect(run.stdout).toContain(
      `Revoked the login token (Universal Auth (client id ${login.clientId})).`,
    );
    expect(unmasked(run)).not.toContain(seen);
  });

  test('a Universal Auth login that never answers: the error says a login token may stay live', async () => {
    const fake = await startFake();
    const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
    fake.injectOn('universal-auth-login', resetAfterLogin, resetAfterLogin);
    const run = await revokeStep(fake, {
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': clientSecret,
      'token-id': fake.addToken(),
      retries: '1',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error').at(-1)).toMatch(
      /^Could not log in to Infisical .*: no answer from Infisical: .* An attempt may have reached Infisical without its answer coming back: if it did, it made a login token that the action never saw, which stays live until it expires\./,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
