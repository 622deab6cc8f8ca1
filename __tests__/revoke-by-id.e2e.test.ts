// The v1 step end to end: the built dist/index.js, run as a runner runs it, against a fake
// Infisical on loopback.
import { describe, expect, test } from '@jest/globals';
import { answer } from '../testbed/faults.js';
import {
  ACCESS_TOKEN,
  commands,
  expectNoLeak,
  freePort,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

describe('a revoke that succeeds', () => {
  test('revokes the token, sets the outputs and writes the job summary', async () => {
    const fake = await startFake();
    const id = fake.addToken(ID);
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
    expect(run.summary).toContain(id);
    expect(run.summary).toContain('revoked');
    expectNoLeak(run);
  });

  test('sends exactly one POST to the revoke route with the headers Infisical expects', async () => {
    const fake = await startFake({ prefix: '/infisical' });
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id, 'server-url': `${fake.url}/api/` });

    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/infisical/api/v1/auth/token-auth/tokens/${id}/revoke`);
    expect(request?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(
      /^infisical-revoke-token-action\/\d+\.\d+\.\d+$/,
    );
  });
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
    const run = await revokeStep(fake, { 'token-id': ID });
    const [error] = commands(run, 'error');
    expect(run.code).toBe(1);
    expect(error).toMatch(
      new RegExp(
        `^Could not revoke token ${ID}: 404 NotFound — Token with ID ${ID} not found or already revoked \\(reqId: req-\\w{14}\\)\\. .*ignore-not-found`,
      ),
    );
    expect(JSON.parse(run.outputs['not-found'] ?? '')).toEqual([
      { id: ID, status: 404, reqId: run.outputs['request-id'] },
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

describe('answers that are not a revoke', () => {
  test('a 200 HTML page (the web app behind a wrong server-url) is a failure', async () => {
    const fake = await startFake();
    fake.inject(answer(200, '<!DOCTYPE html><html><body><div id="root"></div></body></html>'));
    const run = await revokeStep(fake, { 'token-id': fake.addToken() });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /: 200 OK, but an HTML page, not Infisical's API .*Check server-url/,
    );
    expect(run.outputs['revoked-count']).toBe('0');
  });

  test('a server-url that misses the API prefix hits the web app and fails', async () => {
    const fake = await startFake({ prefix: '/infisical' });
    const run = await revokeStep(fake, {
      'token-id': fake.addToken(),
      'server-url': fake.url.replace('/infisical', '/elsewhere'),
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(/200 OK, but an HTML page/);
  });

  test('an unknown route is reported as a wrong server-url, not a missing token', async () => {
    const fake = await startFake();
    fake.inject(
      answer(404, {
        reqId: 'req-Zz99Yy88Xx77Ww',
        statusCode: 404,
        message: 'Route POST:/api/v1/auth/token-auth/tokens/x/revoke not found',
        error: 'Not Found',
      }),
    );
    const run = await revokeStep(fake, { 'token-id': fake.addToken(), 'ignore-not-found': 'true' });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /404 Not Found — Route POST:.* not found \(reqId: req-Zz99Yy88Xx77Ww\)\. Check server-url/,
    );
  });

  test('a proxy error page gives the status and a short excerpt', async () => {
    const fake = await startFake();
    fake.inject(
      answer(
        502,
        `<html><head><title>502</title></head><body><h1>Bad Gateway</h1>${'x'.repeat(5000)}</body></html>`,
      ),
    );
    const run = await revokeStep(fake, { 'token-id': fake.addToken(), retries: '0' });
    const [error] = commands(run, 'error');
    expect(error).toMatch(/502 Bad Gateway \(not Infisical's JSON\): "502 Bad Gateway x+…"/);
    expect((error ?? '').length).toBeLessThan(400);
  });
});

describe('network failures', () => {
  test('connection refused fails with one plain sentence and no stack trace', async () => {
    const port = await freePort();
    const run = await revokeStep(undefined, {
      'token-id': ID,
      'server-url': `http://127.0.0.1:${port}`,
      retries: '0',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${ID}: no answer from Infisical at http://127.0.0.1:${port}: connection refused (ECONNREFUSED).`,
    ]);
    expect(run.everything).not.toMatch(/\n\s+at /);
    expectNoLeak(run);
  });

  test('with step debug logging on, still no secret anywhere', async () => {
    const fake = await startFake();
    const run = await revokeStep(
      fake,
      { 'token-id': fake.addToken() },
      { env: { RUNNER_DEBUG: '1' } },
    );
    expect(run.code).toBe(0);
    expectNoLeak(run);
  });
});

describe('bad input is refused before any request', () => {
  const rows: Array<{
    name: string;
    inputs: Record<string, string>;
    error: RegExp;
    warning?: RegExp;
  }> = [
    {
      name: 'empty token-id with a non-JWT access token',
      inputs: { 'token-id': '', 'access-token': 'plain-token' },
      error: /^Input token-id is empty, so no token is named and nothing is revoked\. .*self/,
    },
    {
      name: 'token-id that is not a UUID',
      inputs: { 'token-id': 'abc/../x' },
      error: /^Input token-id: "abc\/\.\.\/x" is not a token id\. Expected the UUID/,
    },
    {
      name: 'a JWT pasted as token-id',
      inputs: { 'token-id': makeJwt({ sub: 'oops' }) },
      error:
        /^Input token-id holds an access token \(a JWT\), not a token id.*masked and not shown/,
    },
    {
      name: 'missing access-token',
      inputs: { 'token-id': ID, 'access-token': '' },
      error: /^Input access-token is required/,
    },
    {
      name: 'access-token with a line break',
      inputs: { 'token-id': ID, 'access-token': 'abc\ndef' },
      error: /^Input access-token must be a single token/,
    },
    {
      name: 'server-url not a URL',
      inputs: { 'token-id': ID, 'server-url': 'app.infisical.com' },
      error: /^Input server-url: "app\.infisical\.com" is not a URL/,
    },
    {
      name: 'server-url with ftp',
      inputs: { 'token-id': ID, 'server-url': 'ftp://example.com' },
      error: /^Input server-url must start with https:\/\//,
    },
    {
      name: 'server-url with credentials',
      inputs: { 'token-id': ID, 'server-url': 'https://admin:hunter2@example.com' },
      error: /^Input server-url must not contain credentials/,
    },
    {
      name: 'server-url with a query',
      inputs: { 'token-id': ID, 'server-url': 'https://example.com/?x=1' },
      error: /^Input server-url must not contain a query/,
    },
    {
      name: 'server-url with a fragment',
      inputs: { 'token-id': ID, 'server-url': 'https://example.com/#top' },
      error: /^Input server-url must not contain a fragment \(the part from #; not shown\)\./,
    },
    {
      name: 'negative retries',
      inputs: { 'token-id': ID, retries: '-1' },
      error: /^Input retries must be a whole number from 0 to 10, got "-1"\.$/,
    },
    {
      name: 'timeout-seconds that is not a whole number',
      inputs: { 'token-id': ID, 'timeout-seconds': '2.5' },
      error: /^Input timeout-seconds must be a whole number from 1 to 600, got "2\.5"\.$/,
    },
    {
      name: 'concurrency too high',
      inputs: { 'token-id': ID, concurrency: '64' },
      error: /^Input concurrency must be a whole number from 1 to 32, got "64"\.$/,
    },
    {
      name: 'ignore-not-found not a boolean',
      inputs: { 'token-id': ID, 'ignore-not-found': 'sometimes' },
      error: /^Input ignore-not-found must be true or false, got "sometimes"\.$/,
    },
    {
      name: 'revoke-at unknown',
      inputs: { 'token-id': ID, 'revoke-at': 'tomorrow' },
      error: /^Input revoke-at must be one of now, job-end, got "tomorrow"\.$/,
    },
  ];
  test.each(rows)('$name', async (row) => {
    const fake = await startFake();
    const run = await revokeStep(fake, row.inputs);
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toHaveLength(1);
    expect(commands(run, 'error')[0]).toMatch(row.error);
    expect(fake.requests).toHaveLength(0);
    const accessToken = row.inputs['access-token'] ?? ACCESS_TOKEN;
    if (accessToken.trim()) expectNoLeak(run, accessToken);
  });

  test('the JWT pasted as token-id is masked and never echoed', async () => {
    const pasted = makeJwt({ sub: 'pasted' });
    const run = await revokeStep(undefined, { 'token-id': pasted });
    expect(run.code).toBe(1);
    expectNoLeak(run, pasted);
  });

  test('the password of a server-url is masked and never echoed', async () => {
    const run = await revokeStep(undefined, {
      'token-id': ID,
      'server-url': 'https://admin:s3cr3t-pw@example.com',
    });
    expect(run.code).toBe(1);
    expectNoLeak(run, 's3cr3t-pw');
  });

  test('plain http to a host other than loopback warns that the token travels unencrypted', async () => {
    // revoke-at: job-end checks the inputs and sends nothing: no name is looked up, nothing leaves
    // the machine.
    const run = await revokeStep(undefined, {
      'token-id': ID,
      'server-url': 'http://infisical.internal.example:8080',
      'revoke-at': 'job-end',
    });
    expect(run.code).toBe(0);
    expect(commands(run, 'warning')).toEqual([
      'server-url uses plain http:// to infisical.internal.example:8080: the access token travels unencrypted. Use https://.',
    ]);
  });
});

describe('the job summary', () => {
  test('a summary that cannot be written is a warning, not a failed revoke', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary' } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(commands(run, 'warning')).toEqual([
      expect.stringMatching(/^Could not write the job summary: /),
    ]);
  });
});
