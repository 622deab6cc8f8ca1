// Revoking tokens named by id, end to end (the built dist/ run as a runner runs it, against the fake
// Infisical on loopback): the request to the Token Auth route under server-url (prefixes, /api,
// IPv6 literals), the errors Infisical documents, what counts as "already gone" and
// ignore-not-found, and the forms token-id takes (any case, JSON arrays, outputs fed back).
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { FakeInfisical, Generation } from '../testbed/fake-infisical.js';
import { answer, offContract } from '../testbed/faults.js';
import { permissionDenied } from './support/fixtures.js';
import {
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  TOKEN_ID,
  answerById,
  commands,
  expectNoLeak,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

const GENERATIONS: Generation[] = ['legacy', 'current'];

describe('a revoke that succeeds', () => {
  test.each(GENERATIONS)(
    '%s server: revokes the token, reads it back, sets the outputs and writes the job summary',
    async (generation) => {
      const fake = await startFake({ generation });
      const id = fake.addToken(TOKEN_ID);
      const run = await revokeStep(fake, { 'token-id': `  ${id}\n` });

      expect(run.code).toBe(0);
      expect(fake.isRevoked(id)).toBe(true);
      expect(run.stdout).toContain(`Revoked token ${id}: Successfully revoked access token.`);
      expect(commands(run, 'error')).toEqual([]);
      expect(run.outputs).toMatchObject({
        message: 'Successfully revoked access token',
        'request-id': '',
        revoked: JSON.stringify([id]),
        'revoked-count': '1',
        'failed-count': '0',
      });
      expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
        'POST revoke',
        'GET get-token',
      ]);
      expect(run.summary).toMatch(
        new RegExp(`^\\| ${id} \\| ✅ revoked \\| shown by the server \\| 200 \\|`, 'm'),
      );
      expectNoLeak(run);
    },
  );

  test.each(GENERATIONS)(
    '%s server: sends one POST to the revoke route, then one GET to read it back, with the headers Infisical expects',
    async (generation) => {
      const fake = await startFake({ prefix: '/infisical', generation });
      const id = fake.addToken();
      const run = await revokeStep(fake, { 'token-id': id, 'server-url': `${fake.url}/api/` });

      expect(run.code).toBe(0);
      expect(fake.requests).toHaveLength(2);
      const [request, readBack] = fake.requests;
      expect(request?.method).toBe('POST');
      expect(request?.route).toBe('revoke');
      expect(request?.path).toBe(`/infisical/api/v1/auth/token-auth/tokens/${id}/revoke`);
      expect(readBack?.method).toBe('GET');
      expect(readBack?.route).toBe('get-token');
      expect(readBack?.path).toBe(`/infisical/api/v1/auth/token-auth/tokens/${id}`);
      for (const sent of [request, readBack]) {
        expect(sent?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
        expect(sent?.headers.accept).toBe('application/json');
        expect(sent?.headers['user-agent']).toMatch(
          /^infisical-revoke-token-action\/\d+\.\d+\.\d+$/,
        );
      }
    },
  );
});

describe('each documented error fails the step with one line carrying the reqId', () => {
  const rows: Array<{
    name: string;
    status: number;
    error: string;
    message: unknown;
    expect: RegExp;
  }> = [
    {
      name: 'bad request',
      status: 400,
      error: 'BadRequest',
      message: 'Bad request state',
      expect: /400 BadRequest — Bad request state \(reqId: req-\w{14}\)\.$/,
    },
    {
      name: 'unauthorized',
      status: 401,
      error: 'UnauthorizedError',
      message: 'Token missing',
      expect:
        /401 UnauthorizedError — Token missing \(reqId: req-\w{14}\)\. The access token is missing, expired or revoked/,
    },
    {
      name: 'expired access token',
      status: 403,
      error: 'TokenError',
      message: 'Your token has expired. Please re-authenticate.',
      expect:
        /403 TokenError — Your token has expired\. Please re-authenticate \(reqId: req-\w{14}\)\. The access token is missing, expired or revoked/,
    },
    {
      name: 'no permission',
      status: 403,
      error: 'PermissionDenied',
      message: 'You are not allowed to edit on identity',
      expect:
        /403 PermissionDenied — You are not allowed to edit on identity \(reqId: req-\w{14}\)\. The identity behind access-token may not edit the token's identity: it needs Identity → Edit/,
    },
    {
      name: 'validation failure',
      status: 422,
      error: 'ValidationFailure',
      message: [{ code: 'invalid_string', path: ['tokenId'], message: 'Invalid uuid' }],
      expect: /422 ValidationFailure — tokenId: Invalid uuid \(reqId: req-\w{14}\)\.$/,
    },
    {
      name: 'server error',
      status: 500,
      error: 'InternalServerError',
      message: 'Something went wrong',
      expect: /500 InternalServerError — Something went wrong \(reqId: req-\w{14}\)\.$/,
    },
  ];
  test.each(rows)('$status $name', async (row) => {
    const fake = await startFake();
    const id = fake.addToken();
    fake.inject(
      answer(row.status, {
        reqId: 'req-Ab12Cd34Ef56Gh',
        statusCode: row.status,
        message: row.message,
        error: row.error,
      }),
    );
    const run = await revokeStep(fake, { 'token-id': id, retries: '0' });

    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^Could not revoke token ${id}: `));
    expect(errors[0]).toMatch(row.expect);
    expect(errors[0]).not.toContain('[object Object]');
    expect(run.outputs['request-id']).toBe('req-Ab12Cd34Ef56Gh');
    expect(fake.isRevoked(id)).toBe(false);
    expectNoLeak(run);
  });

  test('404 for a token that is gone says so and names ignore-not-found', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': TOKEN_ID });
    const [error] = commands(run, 'error');
    expect(run.code).toBe(1);
    expect(error).toMatch(
      new RegExp(
        `^Could not revoke token ${TOKEN_ID}: 404 NotFound — Token with ID ${TOKEN_ID} not found or already revoked \\(reqId: req-\\w{14}\\)\\. .*ignore-not-found`,
      ),
    );
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      { id: TOKEN_ID, status: 404, reqId: run.outputs['request-id'] },
    ]);
    expectNoLeak(run);
  });

  test('the real server rejects an unknown access token, and a denied one, by itself', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const denied = fake.addAccessToken(makeJwt({ sub: 'denied' }), 'denied');
    const run = await revokeStep(fake, { 'token-id': id, 'access-token': denied });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(/403 PermissionDenied .*Identity → Edit/);
    expectNoLeak(run, denied);
  });
});

describe('ignore-not-found', () => {
  test.each(GENERATIONS)(
    '%s server, true: an already-revoked token (the read-back shows it revoked) counts as done, as already revoked',
    async (generation) => {
      const fake = await startFake({ generation });
      const id = fake.addToken();
      await revokeStep(fake, { 'token-id': id });
      const run = await revokeStep(fake, { 'token-id': id, 'ignore-not-found': 'true' });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(
          `^Token ${id} was already revoked \\(404 NotFound — Token with ID ${id} not found or already revoked \\(reqId: req-\\w{14}\\)\\); counted as done because ignore-not-found is true\\.$`,
          'm',
        ),
      );
      expect(run.outputs['already-revoked-count']).toBe('1');
      expect(JSON.parse(run.outputs['already-revoked'] ?? '')).toEqual([
        { id, status: 404, reqId: expect.stringMatching(/^req-\w{14}$/) },
      ]);
      expect(run.outputs['not-found-count']).toBe('0');
      expect(run.outputs['revoked-count']).toBe('0');
      expect(commands(run, 'error')).toEqual([]);
    },
  );
  test('true never hides a wrong server-url: a gateway 404 still fails', async () => {
    const fake = await startFake();
    fake.inject(offContract(404, { message: 'no Route matched with those values' }));
    const run = await revokeStep(fake, { 'token-id': fake.addToken(), 'ignore-not-found': 'true' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /: 404 no Route matched with those values\. Check server-url/,
    );
    expect(run.outputs['not-found-count']).toBe('0');
  });

  test('false (the default): it fails the step', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, {
      'token-id': '00000000-0000-4000-8000-000000000000',
      'ignore-not-found': 'false',
    });
    expect(run.code).toBe(1);
  });
});

describe('only the token lookup 404 is "already revoked" or "not found"', () => {
  test('"Failed to find identity" (a token of another organization) fails even with ignore-not-found, and the token stays live', async () => {
    const fake = await startFake();
    const foreign = fake.addToken(undefined, { orgId: 'other' });
    const gone = randomUUID();
    const run = await revokeStep(fake, {
      'token-id': `${foreign}\n${gone}`,
      'ignore-not-found': 'true',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    expect(fake.isRevoked(foreign)).toBe(false);
    expect(fake.token(foreign)).toBeDefined();
    const line = new RegExp(
      `^Could not revoke token ${foreign}: 404 NotFound — Failed to find identity with ID [0-9a-f-]{36} \\(reqId: req-\\w{14}\\)\\. The token was NOT revoked: .*another organization, or to another region`,
    );
    expect(commands(run, 'error')).toEqual([expect.stringMatching(line)]);
    expect(run.outputs.message).toMatch(line);
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: foreign, status: 404, error: 'NotFound', reqId: expect.stringMatching(/^req-/) },
    ]);
    // The token lookup's own 404 is still gone under ignore-not-found.
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      { id: gone, status: 404, reqId: expect.stringMatching(/^req-/) },
    ]);
    expect(run.outputs['revoked-count']).toBe('0');
  });

  test.each([
    ['an id that never existed', (_: FakeInfisical) => randomUUID()],
    [
      'a revoked row the server has since pruned',
      (fake: FakeInfisical) => {
        const id = fake.addToken(undefined, { revoked: true });
        expect(fake.prune()).toContain(id);
        return id;
      },
    ],
  ])(
    'the token lookup 404 (%s), the read-back 404 too, is not found: fails without ignore-not-found, is done with it',
    async (_, make) => {
      const fake = await startFake();
      const id = make(fake);
      const strict = await revokeStep(fake, { 'token-id': id });
      expect(strict.code).toBe(1);
      expect(commands(strict, 'error')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not revoke token ${id}: 404 NotFound — Token with ID ${id} not found or already revoked \\(reqId: req-\\w{14}\\)\\. To count a token that is already revoked or not found as done, set ignore-not-found: true\\. \\(Infisical says the same of a token of another login method, .*\\)$`,
          ),
        ),
      ]);
      expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
        'POST revoke',
        'GET get-token',
      ]);
      expect(strict.outputs['not-found-count']).toBe('1');
      expect(strict.outputs['already-revoked-count']).toBe('0');
      const lenient = await revokeStep(fake, { 'token-id': id, 'ignore-not-found': 'true' });
      expect(lenient.code).toBe(0);
      expect(lenient.stdout).toMatch(
        new RegExp(
          `^Token ${id} was not found \\(404 NotFound — Token with ID ${id} not found or already revoked \\(reqId: req-\\w{14}\\)\\); counted as done because ignore-not-found is true\\. \\(Infisical says the same of a token of another login method, .*\\)$`,
          'm',
        ),
      );
      expect(lenient.outputs['not-found-count']).toBe('1');
      expect(lenient.outputs['already-revoked-count']).toBe('0');
      expect(commands(lenient, 'error')).toEqual([]);
    },
  );
});

describe('ids are compared without case and sent in lower case', () => {
  test('an id in upper case: one request, in lower case, the token revoked', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id.toUpperCase() });
    expect(run.code).toBe(0);
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${id}/revoke`,
    ]);
    expect(fake.isRevoked(id)).toBe(true);
    expect(run.outputs.revoked).toBe(JSON.stringify([id]));
  });

  test('the same id in two cases is one token: revoked once, no 404', async () => {
    const fake = await startFake();
    const [a, b] = [fake.addToken(), fake.addToken()];
    const mixed = a.slice(0, 9).toUpperCase() + a.slice(9);
    const run = await revokeStep(fake, {
      'token-id': `${a.toUpperCase()}\n${a}, ${mixed} ${b} ${b.toUpperCase()}`,
      concurrency: '1',
    });
    expect(run.code).toBe(0);
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${a}/revoke`,
      `/api/v1/auth/token-auth/tokens/${b}/revoke`,
    ]);
    expect(run.outputs).toMatchObject({
      revoked: JSON.stringify([a, b]),
      'revoked-count': '2',
      'not-found-count': '0',
      'failed-count': '0',
    });
  });
});

describe('token-id takes a JSON array', () => {
  test('pretty-printed, as toJSON(...) writes it over several lines', async () => {
    const fake = await startFake();
    const [a, b] = [fake.addToken(), fake.addToken()];
    const value = JSON.stringify([a, b.toUpperCase()], null, 2);
    expect(value.split('\n').length).toBeGreaterThan(2);
    const run = await revokeStep(fake, { 'token-id': value });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(a) && fake.isRevoked(b)).toBe(true);
    expect(run.outputs.revoked).toBe(JSON.stringify([a, b]));
  });

  test('the outputs of a run fed back: revoked (then already revoked), failed and not-found ([{"id":…}])', async () => {
    const fake = await startFake();
    const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
    const unknown = randomUUID();
    answerById(fake, { [c]: permissionDenied() }, 4);
    const first = await revokeStep(fake, {
      'token-id': [a, b, c, unknown].join('\n'),
      concurrency: '1',
    });
    expect(first.code).toBe(1);
    expect(first.outputs.revoked).toBe(JSON.stringify([a, b]));
    expect(first.outputs.failed).toMatch(/^\[\{"id":/);

    const again = await revokeStep(fake, {
      'token-id': first.outputs.revoked ?? '',
      'ignore-not-found': 'true',
    });
    expect(again.code).toBe(0);
    expect(again.outputs['already-revoked-count']).toBe('2');
    expect(again.outputs['not-found-count']).toBe('0');

    const retry = await revokeStep(fake, { 'token-id': first.outputs.failed ?? '' });
    expect(retry.code).toBe(0);
    expect(fake.isRevoked(c)).toBe(true);
    expect(retry.outputs.revoked).toBe(JSON.stringify([c]));

    const gone = await revokeStep(fake, {
      'token-id': first.outputs['not-found'] ?? '',
      'ignore-not-found': 'true',
    });
    expect(gone.code).toBe(0);
    expect(fake.revokeRequests().at(-1)?.path).toContain(unknown);
  });

  test('a hand-written [{"id": …}] with self', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const a = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': `[{"id": "${a}"}, "self"]` });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(a) && fake.isRevoked(SELF_TOKEN_ID)).toBe(true);
    // self goes last, then is read back with its own (now dead) token.
    expect(fake.requests.slice(-2).map((r) => r.route)).toEqual([
      'token-revoke',
      'identity-details',
    ]);
  });
});

describe('IPv6 literal servers', () => {
  test('a fake on ::1, server-url http://[::1]:PORT: revokes', async () => {
    const fake = await startFake({ host: '::1' });
    expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const [a, b] = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, { 'token-id': `${a} ${b}` });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(a) && fake.isRevoked(b)).toBe(true);
    expect(run.stdout).toContain(`at ${fake.url}.`);
  });

  test('https://[2001:db8::1] is accepted as server-url (checked at main with revoke-at: job-end)', async () => {
    const run = await revokeStep(undefined, {
      'token-id': TOKEN_ID,
      'server-url': 'https://[2001:db8::1]',
      'revoke-at': 'job-end',
    });
    expect(run.code).toBe(0);
    expect(commands(run, 'error')).toEqual([]);
    expect(commands(run, 'warning')).toEqual([]);
    expect(run.state).toEqual({ 'revoke-at-job-end': 'true' });
  });

  test('with a trailing /api/ and self', async () => {
    const fake = await startFake({ host: '::1' });
    const { token, id } = fake.issueAccessToken();
    const run = await revokeStep(fake, {
      'token-id': 'self',
      'access-token': token,
      'server-url': `${fake.url}/api/`,
    });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
  });
});
