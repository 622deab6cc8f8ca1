// The fault suite: one row per way a network or server misbehaves, each run through the built
// action as a runner runs it. Every row checks the exit code, the error line, how many requests
// were sent, the waits, and that the access token appears nowhere and went nowhere else. Then the
// answers that are not a revoke (an HTML page, a gateway's error page, an unknown route) and a
// server that refuses the connection.
import { describe, expect, test } from '@jest/globals';
import type { AuthMethod, FakeInfisical, Fault } from '../testbed/fake-infisical.js';
import * as f from '../testbed/faults.js';
import {
  ACCESS_TOKEN,
  TOKEN_ID,
  commands,
  expectNoLeak,
  freePort,
  revokeStep,
  startFake,
} from './support/harness.js';

const json = (status: number, error: string, message = 'Something went wrong') => ({
  reqId: 'req-Fault0000000001',
  statusCode: status,
  message,
  error,
});
const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

interface Row {
  name: string;
  faults: Fault[] | ((other: string) => Fault[]);
  inputs?: Record<string, string>;
  code: 0 | 1;
  /** The error line (code 1), or a line of the log (code 0). */
  line: RegExp;
  requests: number;
  /** The waits announced by retry lines, in seconds, each [min, max]. */
  waits: Array<[number, number]>;
  revoked: boolean;
}

const backoff1: [number, number] = [0.2, 0.5];
const backoff2: [number, number] = [0.5, 1.0];

const rows: Row[] = [
  {
    name: 'reset before the answer, then a normal answer',
    faults: [f.resetBeforeAnswer],
    code: 0,
    line: /^Attempt 1 of 4 to revoke token .* failed \(the connection was reset before an answer arrived \(ECONNRESET\)\); retrying in 0\.\d s\.$/,
    requests: 2,
    waits: [backoff1],
    revoked: true,
  },
  {
    name: 'reset after the revoke took effect, then 404',
    faults: [f.resetAfterRevoke],
    code: 0,
    line: /^Revoked token .*: Token with ID .* not found or already revoked\. Note: an earlier attempt reached the server but its answer was lost/,
    requests: 2,
    waits: [backoff1],
    revoked: true,
  },
  {
    name: 'reset on every attempt',
    faults: [f.resetBeforeAnswer, f.resetBeforeAnswer, f.resetBeforeAnswer],
    inputs: { retries: '2' },
    code: 1,
    line: /^Could not revoke token .* after 3 attempts: no answer from Infisical at http:\/\/127\.0\.0\.1:\d+: the connection was reset before an answer arrived \(ECONNRESET\)\.$/,
    requests: 3,
    waits: [backoff1, backoff2],
    revoked: false,
  },
  {
    name: 'never answers',
    faults: [f.neverAnswer],
    inputs: { retries: '0', 'timeout-seconds': '1' },
    code: 1,
    line: /^Could not revoke token .*: no answer from Infisical at .*: no complete answer within 1 s \(timed out\)\.$/,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: 'slow body',
    faults: [f.slowBody(150), f.slowBody(150)],
    inputs: { retries: '1', 'timeout-seconds': '1' },
    code: 1,
    line: /after 2 attempts: no answer .*: no complete answer within 1 s \(timed out\)\.$/,
    requests: 2,
    waits: [backoff1],
    revoked: false,
  },
  {
    name: '429 with Retry-After, then 200',
    faults: [
      f.answer(
        429,
        json(429, 'RateLimitExceeded', 'Rate limit exceeded. Please try again in 1 seconds'),
        { 'retry-after': '1' },
      ),
    ],
    code: 0,
    line: /^Attempt 1 of 4 .* failed \(429 RateLimitExceeded\); retrying in 1\.0 s\.$/,
    requests: 2,
    waits: [[1, 1]],
    revoked: true,
  },
  ...[500, 502, 503, 504].flatMap((status): Row[] => [
    {
      name: `${status} with HTML, then 200`,
      faults: [f.answer(status, HTML_502)],
      code: 0,
      line: new RegExp(`failed \\(${status} [A-Z]`),
      requests: 2,
      waits: [backoff1],
      revoked: true,
    },
    {
      name: `${status} empty, then 200`,
      faults: [f.answer(status, '')],
      code: 0,
      line: new RegExp(`failed \\(${status} `),
      requests: 2,
      waits: [backoff1],
      revoked: true,
    },
    {
      name: `${status} JSON, then 200`,
      faults: [f.answer(status, json(status, 'InternalServerError'))],
      code: 0,
      line: new RegExp(`failed \\(${status} InternalServerError\\)`),
      requests: 2,
      waits: [backoff1],
      revoked: true,
    },
  ]),
  {
    name: '503 on every attempt',
    faults: Array(4).fill(f.answer(503, HTML_502)),
    code: 1,
    line: /after 4 attempts: 503 Service Unavailable \(not Infisical's JSON\): "502 Bad Gateway 502 Bad Gateway nginx"\.$/,
    requests: 4,
    waits: [backoff1, backoff2, [1, 2]],
    revoked: false,
  },
  {
    name: 'truncated JSON (the revoke took effect)',
    faults: [f.truncatedJson],
    code: 0,
    line: /answer was lost/,
    requests: 2,
    waits: [backoff1],
    revoked: true,
  },
  {
    // The answer was cut off after the revoke took effect: the read-back shows it revoked.
    name: 'truncated JSON, no retries: the answer is lost, the read-back shows the token revoked',
    faults: [f.truncatedJson],
    inputs: { retries: '0' },
    code: 0,
    line: /^Revoked token .*: the server shows it revoked\. Note: an attempt reached the server but its answer was lost; the read-back shows the token revoked, so that attempt revoked it \(the last attempt: no answer from Infisical at .*: the connection closed before the whole answer arrived\)\.$/,
    requests: 1,
    waits: [],
    revoked: true,
  },
  {
    name: 'non-JSON 400 is not retried',
    faults: [f.answer(400, 'Bad Request')],
    code: 1,
    line: /: 400 Bad Request \(not Infisical's JSON\): "Bad Request"\.$/,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '403 is not retried',
    faults: [f.answer(403, json(403, 'PermissionDenied', 'no'))],
    code: 1,
    line: /: 403 PermissionDenied — no \(reqId: req-Fault0000000001\)\. The identity behind access-token may not edit/,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '3xx to another origin is not followed',
    faults: (other) => [
      f.redirectTo(`${other}/api/v1/auth/token-auth/tokens/x/revoke?from=redirect`, 307),
    ],
    code: 1,
    line: /: 307 Temporary Redirect: redirected to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/auth\/token-auth\/tokens\/x\/revoke\. Redirects are not followed/,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: 'http→https redirect is named',
    faults: [
      f.redirectTo('https://infisical.example.com/api/v1/auth/token-auth/tokens/x/revoke', 301),
    ],
    code: 1,
    line: /: 301 Moved Permanently: redirected to https:\/\/infisical\.example\.com\/api\//,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '200 HTML (the read-back shows the token live)',
    faults: [f.answer(200, '<!DOCTYPE html><html></html>')],
    code: 1,
    line: /: 200 OK, but an HTML page, not Infisical's API \(a wrong server-url reaches its web app\), but the token still works: the read-back shows it live\./,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '200 JSON of the wrong shape (the read-back shows the token live)',
    faults: [f.offContract(200, { ok: true })],
    code: 1,
    line: /: 200 OK, but JSON that is not a revoke answer: "\{"ok":true\}", but the token still works: the read-back shows it live\./,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '200 with a body of megabytes (the read-back shows the token live)',
    faults: [f.hugeBody(200, 8 * 1024 * 1024)],
    code: 1,
    line: /: 200 OK, but an answer larger than a revoke answer can be \(cut off\), but the token still works: the read-back shows it live\./,
    requests: 1,
    waits: [],
    revoked: false,
  },
  {
    name: '500 with a body of megabytes',
    faults: [f.hugeBody(500, 8 * 1024 * 1024)],
    inputs: { retries: '0' },
    code: 1,
    line: /: 500 Internal Server Error \(not Infisical's JSON\): "error error/,
    requests: 1,
    waits: [],
    revoked: false,
  },
];

describe('faults', () => {
  test.each(rows)('$name', async (row) => {
    const fake = await startFake();
    const other = await startFake(); // another origin: only the port differs
    const id = fake.addToken();
    fake.inject(...(typeof row.faults === 'function' ? row.faults(other.url) : row.faults));
    const run = await revokeStep(fake, { 'token-id': id, ...row.inputs });

    expect(run.code).toBe(row.code);
    const errors = commands(run, 'error');
    if (row.code === 1) {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(row.line);
      expect((errors[0] ?? '').length).toBeLessThan(600);
    } else {
      expect(errors).toEqual([]);
      expect(run.stdout.split('\n').some((line) => row.line.test(line))).toBe(true);
    }
    expect(fake.revokeRequests()).toHaveLength(row.requests);
    const waits = [...run.stdout.matchAll(/retrying in (\d+\.\d) s\./g)].map((m) => Number(m[1]));
    expect(waits).toHaveLength(row.waits.length);
    waits.forEach((wait, i) => {
      const [min, max] = row.waits[i] as [number, number];
      expect(wait).toBeGreaterThanOrEqual(min);
      expect(wait).toBeLessThanOrEqual(max);
    });
    expect(fake.isRevoked(id)).toBe(row.revoked);
    expect(other.requests).toHaveLength(0);
    for (const request of fake.requests)
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expectNoLeak(run);
  });

  test('refused on every attempt: retried, then one plain error line', async () => {
    const fake = await startFake();
    const url = fake.url;
    await fake.close();
    const run = await revokeStep(undefined, {
      'token-id': TOKEN_ID,
      'server-url': url,
      retries: '1',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /after 2 attempts: no answer from Infisical at .*: connection refused \(ECONNREFUSED\)\.$/,
      ),
    ]);
    expect(run.stdout).toMatch(
      /failed \(connection refused \(ECONNREFUSED\)\); retrying in 0\.\d s\./,
    );
  });

  test('a server that hangs is bounded by attempts × timeout plus backoff', async () => {
    const fake = await startFake();
    fake.inject(f.neverAnswer, f.neverAnswer);
    const run = await revokeStep(fake, {
      'token-id': fake.addToken(),
      retries: '1',
      'timeout-seconds': '1',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(/after 2 attempts: .*timed out/);
    // 2 attempts × 1 s + at most 0.5 s of backoff, plus process start.
    expect(run.ms).toBeLessThan(2 * 1000 + 500 + 1500);
  });
});

// Answers that do not mean what they say, and lost answers: the read-back (GET tokens/{id}) decides
// what happened, on both server generations. A 200 that revoked nothing fails; a lost answer then
// the route's 404 is revoked only when the row shows it revoked, else not found (a live login token
// answers the same 404 and is left working).
const UNKNOWN_ID = '3c9e1b7a-5d2f-4a8e-9b6c-0d1e2f3a4b5c';

interface ReadBackRow {
  name: string;
  /** The token to name in token-id: a row, an id that never existed, or a login token's id. */
  target: (fake: FakeInfisical) => { id: string; token?: string };
  faults: Fault[];
  code: 0 | 1;
  /** The error line (code 1), or a line of the log (code 0); `<id>` stands for the token id. */
  line: string;
  outcome: 'revoked' | 'failed' | 'not-found';
  requests: number;
  waits: Array<[number, number]>;
  revoked: boolean;
  inputs?: Record<string, string>;
  /**
   * Read-backs sent (GET tokens/{id}); 1 unless verify is false, 2 when the first shows the token
   * live (it is read once more after a pause: a replica may lag behind the revoke).
   */
  reads?: 0 | 1 | 2;
}

/** A 200 web-app page, after the revoke took effect (something in front answered for it). */
const htmlAfterRevoke: Fault = (exchange) => {
  exchange.revoke();
  return f.answer(200, '<!DOCTYPE html><html></html>')(exchange);
};

const loginToken =
  (authMethod: AuthMethod) =>
  (fake: FakeInfisical): { id: string; token: string } =>
    fake.issueAccessToken({ authMethod });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lineOf = (line: string, id: string) =>
  new RegExp(
    line
      .split('<id>')
      .map(escape)
      .join(id)
      .replace(/<any>/g, '.*')
      .replace(/<reqId>/g, 'req-[A-Za-z0-9]{14}'),
  );

const NOT_FOUND_LINE =
  'Could not revoke token <id>: 404 NotFound — Token with ID <id> not found or already revoked (reqId: <reqId>). To count a token that is already revoked or not found as done, set ignore-not-found: true. (Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)';

const readBackRows: ReadBackRow[] = [
  {
    name: 'a 200 exact success answer that revoked nothing: the read-back shows it live, failed',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [f.successWithoutRevoking],
    code: 1,
    line: 'Could not revoke token <id>: 200 Successfully revoked access token, but the token still works: the read-back shows it live. Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.',
    outcome: 'failed',
    requests: 1,
    waits: [],
    revoked: false,
    reads: 2,
  },
  {
    name: 'a 200 "Token not found" that revoked nothing: failed',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [f.okTokenNotFoundWithoutRevoking],
    code: 1,
    line: 'Could not revoke token <id>: 200 OK, but not Infisical\'s success answer (JSON with another message: "{"message":"Token not found"}"), but the token still works: the read-back shows it live. Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.',
    outcome: 'failed',
    requests: 1,
    waits: [],
    revoked: false,
    reads: 2,
  },
  {
    name: 'the success JSON as text/plain that revoked nothing: failed',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [f.successAsTextPlainWithoutRevoking],
    code: 1,
    line: "Could not revoke token <id>: 200 OK, but not Infisical's success answer (Successfully revoked access token sent as text/plain; charset=utf-8, not JSON), but the token still works: the read-back shows it live. Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.",
    outcome: 'failed',
    requests: 1,
    waits: [],
    revoked: false,
    reads: 2,
  },
  {
    name: 'a 502 without the revoke, then the 404 for an id that never existed: not found, not revoked',
    target: () => ({ id: UNKNOWN_ID }),
    faults: [f.gatewayErrorWithoutRevoke(502)],
    code: 1,
    line: NOT_FOUND_LINE,
    outcome: 'not-found',
    requests: 2,
    waits: [backoff1],
    revoked: false,
  },
  ...(['OIDC_AUTH', 'UNIVERSAL_AUTH'] as const).map((authMethod): ReadBackRow => ({
    name: `a 502 without the revoke, then the 404 for a live ${authMethod} login token: not found, and the login token still works`,
    target: loginToken(authMethod),
    faults: [f.gatewayErrorWithoutRevoke(502)],
    code: 1,
    line: NOT_FOUND_LINE,
    outcome: 'not-found',
    requests: 2,
    waits: [backoff1],
    revoked: false,
  })),
  {
    name: 'a 502 after the revoke took effect, then the 404: revoked, with the lost-answer note',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [f.gatewayErrorAfterRevoke(502)],
    code: 0,
    line: 'Revoked token <id>: Token with ID <any> not found or already revoked. Note: an earlier attempt reached the server but its answer was lost',
    outcome: 'revoked',
    requests: 2,
    waits: [backoff1],
    revoked: true,
  },
  {
    name: 'a 200 HTML page, but the revoke took effect: revoked, because the read-back shows it',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [htmlAfterRevoke],
    code: 0,
    line: "Revoked token <id>: OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app). Note: the answer was not Infisical's success answer, but the read-back shows the token revoked.",
    outcome: 'revoked',
    requests: 1,
    waits: [],
    revoked: true,
  },
  {
    name: 'a 200 HTML page with verify: false: failed, the token could not be shown revoked',
    target: (fake) => ({ id: fake.addToken() }),
    faults: [f.answer(200, '<!DOCTYPE html><html></html>')],
    inputs: { verify: 'false' },
    reads: 0,
    code: 1,
    line: "Could not revoke token <id>: 200 OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app); the token could not be shown revoked (verify is false), so it may still work.<any>",
    outcome: 'failed',
    requests: 1,
    waits: [],
    revoked: false,
  },
];

describe.each(['legacy', 'current'] as const)('read back on a %s server', (generation) => {
  test.each(readBackRows)('$name', async (row) => {
    const fake = await startFake({ generation });
    const { id, token } = row.target(fake);
    fake.inject(...row.faults);
    const run = await revokeStep(fake, { 'token-id': id, ...row.inputs });

    expect(run.code).toBe(row.code);
    const errors = commands(run, 'error');
    const line = lineOf(row.line, id);
    if (row.code === 1) {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^${line.source}$`));
    } else {
      expect(errors).toEqual([]);
      expect(run.stdout.split('\n').some((l) => line.test(l))).toBe(true);
    }
    expect(fake.revokeRequests()).toHaveLength(row.requests);
    // One read-back after the last revoke attempt: GET tokens/{id}.
    const reads = row.reads ?? 1;
    expect(fake.requestsTo('get-token').map((r) => r.path)).toEqual(
      Array(reads).fill(`/api/v1/auth/token-auth/tokens/${id}`),
    );
    expect(fake.requests.at(-1)?.route).toBe(reads ? 'get-token' : 'revoke');
    const waits = [...run.stdout.matchAll(/retrying in (\d+\.\d) s\./g)].map((m) => Number(m[1]));
    expect(waits).toHaveLength(row.waits.length);
    waits.forEach((wait, i) => {
      const [min, max] = row.waits[i] as [number, number];
      expect(wait).toBeGreaterThanOrEqual(min);
      expect(wait).toBeLessThanOrEqual(max);
    });
    expect(fake.isRevoked(id)).toBe(row.revoked);
    if (token !== undefined) expect(fake.isLive(token)).toBe(true);
    expect(run.outputs).toMatchObject({
      revoked: JSON.stringify(row.outcome === 'revoked' ? [id] : []),
      'revoked-count': row.outcome === 'revoked' ? '1' : '0',
      'failed-count': row.outcome === 'failed' ? '1' : '0',
      'not-found-count': row.outcome === 'not-found' ? '1' : '0',
      'already-revoked-count': '0',
    });
    for (const request of fake.requests)
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expectNoLeak(run);
  });
});

describe('answers that are not a revoke', () => {
  test('a 200 HTML page (the web app behind a wrong server-url) is a failure: the read-back shows the token live', async () => {
    const fake = await startFake();
    fake.inject(f.answer(200, '<!DOCTYPE html><html><body><div id="root"></div></body></html>'));
    const run = await revokeStep(fake, { 'token-id': fake.addToken() });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /: 200 OK, but an HTML page, not Infisical's API \(a wrong server-url reaches its web app\), but the token still works: the read-back shows it live\./,
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
      f.answer(404, {
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
      f.answer(
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
      'token-id': TOKEN_ID,
      'server-url': `http://127.0.0.1:${port}`,
      retries: '0',
    });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${TOKEN_ID}: no answer from Infisical at http://127.0.0.1:${port}: connection refused (ECONNREFUSED).`,
    ]);
    expect(run.everything).not.toMatch(/\n\s+at /);
    expectNoLeak(run);
  });
});
