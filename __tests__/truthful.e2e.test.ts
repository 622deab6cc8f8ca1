// Issue 7, "Behaviour to deliver", bullet by bullet, end to end: the built dist/ run as a runner
// runs it, against the fake Infisical that follows the real backend. Never green while a token is
// live; never revoke what nobody named; every id accounted for; outputs that agree; echoes that are
// safe.
import { afterEach, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer, neverAnswer, resetAfterRevoke } from '../testbed/faults.js';
import { ENTRIES, type StepResult } from '../testbed/runner.js';
import {
  answerById,
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  freePort,
  makeJwt,
  revokeStep,
  startFake,
} from './support/harness.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

const permissionDenied = (reqId = 'req-Denied00000001') =>
  answer(403, {
    reqId,
    statusCode: 403,
    message: 'You are not allowed to edit on identity',
    error: 'PermissionDenied',
  });

/** The counts in a tally (`5 tokens: 2 revoked, 1 not found or already gone, 2 failed.`). */
function tallyOf(text: string): Counts | undefined {
  const m =
    /(\d+) tokens?: (\d+) revoked, (\d+) not found or already gone, (\d+) failed(?:, (\d+) not attempted)?\./.exec(
      text,
    );
  if (!m) return undefined;
  return {
    total: Number(m[1]),
    revoked: Number(m[2]),
    gone: Number(m[3]),
    failed: Number(m[4]),
    notAttempted: Number(m[5] ?? 0),
  };
}

interface Counts {
  revoked: number;
  gone: number;
  failed: number;
  notAttempted: number;
  total: number;
}

/** The outputs' own counts, checked against the lengths of their arrays. */
function countsOf(run: StepResult): Counts {
  const o = run.outputs;
  const counts = {
    revoked: Number(o['revoked-count']),
    gone: Number(o['not-found-count']),
    failed: Number(o['failed-count']),
    notAttempted: Number(o['not-attempted-count']),
  };
  expect(JSON.parse(o.revoked ?? '')).toHaveLength(counts.revoked);
  expect(JSON.parse(o['not-found'] ?? '')).toHaveLength(counts.gone);
  expect(JSON.parse(o.failed ?? '')).toHaveLength(counts.failed);
  expect(JSON.parse(o['not-attempted'] ?? '')).toHaveLength(counts.notAttempted);
  return { ...counts, total: counts.revoked + counts.gone + counts.failed + counts.notAttempted };
}

/** No line of the log is a piece of a longer one, and none quotes OpenSSL or a stack. */
function expectPlainLog(run: StepResult): void {
  expect(run.stdout).not.toContain('%0A'); // a workflow command's escaped line break
  expect(run.stdout).not.toMatch(/routines|SSL_|ssl3_|openssl|deps\/|0A0001/i);
  expect(run.stdout).not.toMatch(/^\s+(at |\S)/m);
  expect(run.stderr).toBe('');
}

describe('an empty token-id names no token: it never revokes anything', () => {
  const empties: Array<[string, string]> = [
    ['blank', ''],
    ['white space only', '  \t '],
    ['only separators', ' , ,\n, '],
    ['an empty JSON array', '[]'],
    ['a JSON array of empty strings (toJSON of empty outputs)', '["", ""]'],
    ["a typo'd expression (steps.tokn.outputs.token-id evaluates to '')", ''],
    ['only new lines (the README cleanup example with every upstream output empty)', '\n\n\n'],
  ];

  test.each(empties)(
    '%s: fails naming token-id, sends nothing, revokes nothing',
    async (_, value) => {
      const fake = await startFake();
      fake.addToken(SELF_TOKEN_ID);
      const run = await revokeStep(fake, { 'token-id': value });

      expect(run.code).toBe(1);
      expect(commands(run, 'error')).toEqual([
        expect.stringMatching(
          /^Input token-id is empty, so no token is named and nothing is revoked\. .*\bself to revoke the access token itself\b/,
        ),
      ]);
      expect(fake.requests).toHaveLength(0);
      expect(fake.token(SELF_TOKEN_ID)?.isAccessTokenRevoked).toBe(false);
      expectNoLeak(run);
    },
  );

  test.each(empties)(
    '%s, with ignore-not-found: a warning "nothing to revoke", exit 0, counts 0',
    async (_, value) => {
      const fake = await startFake();
      fake.addToken(SELF_TOKEN_ID);
      const run = await revokeStep(fake, { 'token-id': value, 'ignore-not-found': 'true' });

      expect(run.code).toBe(0);
      expect(commands(run, 'error')).toEqual([]);
      expect(commands(run, 'warning')).toEqual([
        expect.stringMatching(/^Nothing to revoke: token-id is empty\./),
      ]);
      expect(run.outputs).toMatchObject({
        revoked: '[]',
        'not-found': '[]',
        failed: '[]',
        'not-attempted': '[]',
        'revoked-count': '0',
        'not-found-count': '0',
        'failed-count': '0',
        'not-attempted-count': '0',
      });
      expect(fake.requests).toHaveLength(0);
      expect(fake.token(SELF_TOKEN_ID)?.isAccessTokenRevoked).toBe(false);
    },
  );

  test('at job end too: main saves the revoke, the post step with an empty token-id revokes nothing', async () => {
    const fake = await startFake();
    fake.addToken(SELF_TOKEN_ID);
    const inputs = { 'token-id': '\n\n', 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs);
    expect(main.code).toBe(0);
    const post = await revokeStep(fake, inputs, { entry: 'post', state: main.state });
    expect(post.code).toBe(1);
    expect(commands(post, 'error')[0]).toMatch(/^Input token-id is empty/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(false);
  });
});

describe('only the token lookup 404 is "already gone"', () => {
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
    'the token lookup 404 (%s) fails without ignore-not-found, is done with it',
    async (_, make) => {
      const fake = await startFake();
      const id = make(fake);
      const strict = await revokeStep(fake, { 'token-id': id });
      expect(strict.code).toBe(1);
      expect(commands(strict, 'error')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Could not revoke token ${id}: 404 NotFound — Token with ID ${id} not found or already revoked .*set ignore-not-found: true\\.$`,
          ),
        ),
      ]);
      const lenient = await revokeStep(fake, { 'token-id': id, 'ignore-not-found': 'true' });
      expect(lenient.code).toBe(0);
      expect(lenient.outputs['not-found-count']).toBe('1');
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

describe('the lost-answer rule', () => {
  test('self: revoked, the answer lost, then an older server says 401 "No identity access token found": counted as revoked, with the note', async () => {
    const fake = await startFake({ tokenRevoke: 'older' });
    fake.addToken(SELF_TOKEN_ID);
    fake.injectOn('token-revoke', resetAfterRevoke);
    const run = await revokeStep(fake, { 'token-id': 'self' });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(SELF_TOKEN_ID)).toBe(true);
    expect(fake.requestsTo('token-revoke')).toHaveLength(2);
    expect(run.outputs).toMatchObject({
      revoked: JSON.stringify([SELF_TOKEN_ID]),
      'revoked-count': '1',
      'not-found-count': '0',
      'failed-count': '0',
    });
    expect(run.stdout).toMatch(
      /Revoked the access token itself \(token [0-9a-f-]{36}\): No identity access token found\. Note: an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it\./,
    );
    expect(run.summary).toMatch(
      new RegExp(
        `\\| ${SELF_TOKEN_ID} \\(self\\) \\| ✅ revoked \\| 401 \\| req-\\w{14} \\| an earlier attempt reached the server but its answer was lost`,
      ),
    );
    expect(commands(run, 'error')).toEqual([]);
  });
});

describe('a batch stops when going on cannot help', () => {
  const BIG = 3000;
  const refusals: Array<[string, (fake: FakeInfisical) => string, RegExp]> = [
    [
      '401 (an access token the server does not know)',
      (fake) =>
        makeJwt({ identityAccessTokenId: randomUUID(), identityId: fake.identityId, iat: 1 }),
      /401 UnauthorizedError — Invalid token/,
    ],
    [
      '401 (an access token whose own row is revoked)',
      (fake) => {
        const { token, id } = fake.issueAccessToken();
        fake.addToken(id, { revoked: true });
        return token;
      },
      /401 UnauthorizedError — No identity access token found/,
    ],
    [
      '403 TokenError (expired)',
      (fake) => fake.issueAccessToken({ expired: true }).token,
      /403 TokenError — Your token has expired/,
    ],
    [
      '403 TokenError (signed by another server)',
      (fake) => fake.issueAccessToken({ role: 'foreign' }).token,
      /403 TokenError — invalid signature/,
    ],
  ];

  test.each(refusals)(
    `a refused access token, %s, on ${BIG} ids: stops after the first wave, one error says why`,
    async (_, accessToken, said) => {
      const fake = await startFake();
      const token = accessToken(fake);
      const ids = Array.from({ length: BIG }, () => fake.addToken());
      const run = await revokeStep(fake, {
        'token-id': ids.join('\n'),
        'access-token': token,
        concurrency: '4',
      });

      expect(run.code).toBe(1);
      const sent = fake.revokeRequests().length;
      expect(sent).toBeGreaterThanOrEqual(1);
      expect(sent).toBeLessThanOrEqual(4); // the first wave: what was in flight
      expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
      const counts = countsOf(run);
      expect(counts).toEqual({
        revoked: 0,
        gone: 0,
        failed: sent,
        notAttempted: BIG - sent,
        total: BIG,
      });
      const notAttempted = JSON.parse(run.outputs['not-attempted'] ?? '') as string[];
      const failed = (JSON.parse(run.outputs.failed ?? '') as Array<{ id: string }>).map(
        (f) => f.id,
      );
      expect(new Set([...notAttempted, ...failed])).toEqual(new Set(ids));
      const errors = commands(run, 'error');
      expect(errors.length).toBeLessThanOrEqual(5);
      const why = errors.filter((line) => /Infisical refused the access token/.test(line));
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(
        new RegExp(`\\(${said.source.split(' —')[0]}\\) when revoking token `),
      );
      // The server's own words, in the failed tokens' (grouped) line.
      expect(errors.filter((line) => said.test(line))).toHaveLength(1);
      expect(why[0]).toContain(`${BIG - sent} of ${BIG} tokens were not attempted.`);
      expect(tallyOf(run.outputs.message ?? '')).toEqual(counts);
      expect(run.summary).toContain('> **Stopped:** Infisical refused the access token');
      expectNoLeak(run, token);
    },
  );

  test(`${BIG} ids that all fail the same 403 PermissionDenied way: every id tried and in failed, at most 5 error annotations, grouped`, async () => {
    const fake = await startFake();
    const denied = fake.addAccessToken(
      makeJwt({ identityId: fake.identityId, authTokenType: 'identityAccessToken', iat: 1 }),
      'denied',
    );
    const ids = Array.from({ length: BIG }, () => fake.addToken());
    const run = await revokeStep(fake, {
      'token-id': ids.join(' '),
      'access-token': denied,
      concurrency: '32',
    });

    expect(run.code).toBe(1);
    expect(fake.revokeRequests()).toHaveLength(BIG); // a permission problem does not stop a batch
    const failed = JSON.parse(run.outputs.failed ?? '') as Array<Record<string, unknown>>;
    expect(failed.map((f) => f.id)).toEqual(ids);
    expect(failed.every((f) => f.status === 403 && f.error === 'PermissionDenied')).toBe(true);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${BIG} tokens \\(${ids.slice(0, 5).join(', ')} and ${BIG - 5} more\\): could not be revoked: 403 PermissionDenied — You are not allowed to edit on identity\\. .*Identity → Edit`,
        ),
      ),
      `${BIG} of ${BIG} tokens could not be revoked (see the errors above). ${BIG} tokens: 0 revoked, 0 not found or already gone, ${BIG} failed.`,
    ]);
    expect(run.summary.match(/^\| [0-9a-f-]{36} \| ❌ failed \| 403 \|/gm)).toHaveLength(BIG);
    expectNoLeak(run, denied);
  });

  test('eight different failures: at most 5 error annotations, the rest counted in one, every id in failed', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 8 }, () => fake.addToken());
    fake.inject(
      ...ids.map((_, i) =>
        answer(400, {
          reqId: `req-Distinct00000${i}`,
          statusCode: 400,
          message: `Reason number ${i}`,
          error: 'BadRequest',
        }),
      ),
    );
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      retries: '0',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(5);
    expect(errors.at(-2)).toMatch(
      /^\d+ more tokens could not be revoked for \d+ other reasons: see the log and the job summary\.$/,
    );
    expect(errors.at(-1)).toBe(
      '8 of 8 tokens could not be revoked (see the errors above). 8 tokens: 0 revoked, 0 not found or already gone, 8 failed.',
    );
    const shown = errors.slice(0, -2).length;
    const more = Number(/^(\d+) more/.exec(errors.at(-2) ?? '')?.[1]);
    expect(shown + more).toBe(8);
    expect(
      (JSON.parse(run.outputs.failed ?? '') as Array<{ id: string }>).map((f) => f.id),
    ).toEqual(ids);
    // Every token's own line is still in the log.
    for (const id of ids)
      expect(run.stdout).toContain(`Could not revoke token ${id}: 400 BadRequest`);
  });

  test('a server that cannot be reached (connection refused) stops the batch; the rest is listed not attempted', async () => {
    const port = await freePort();
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const run = await revokeStep(undefined, {
      'token-id': ids.join('\n'),
      'server-url': `http://127.0.0.1:${port}`,
      retries: '1',
      concurrency: '4',
    });

    expect(run.code).toBe(1);
    const counts = countsOf(run);
    expect(counts.total).toBe(40);
    expect(counts.revoked + counts.gone).toBe(0);
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBeLessThanOrEqual(4);
    expect(counts.notAttempted).toBe(40 - counts.failed);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(errors.filter((line) => /could not be reached/.test(line))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Infisical at http://127\\.0\\.0\\.1:${port} could not be reached .*so the batch stopped\\. ${counts.notAttempted} of 40 tokens were not attempted\\.`,
        ),
      ),
    ]);
    expect(run.summary.match(/⏹️ not attempted/g)).toHaveLength(counts.notAttempted);
    expectPlainLog(run);
  });
  test('a server that never answers (every attempt times out) stops the batch the same way', async () => {
    const fake = await startFake();
    const ids = Array.from({ length: 30 }, () => fake.addToken());
    fake.inject(...Array.from({ length: 30 }, () => neverAnswer));
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      'timeout-seconds': '1',
      retries: '0',
      concurrency: '2',
    });

    expect(run.code).toBe(1);
    const counts = countsOf(run);
    expect(counts.total).toBe(30);
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBeLessThanOrEqual(2);
    expect(counts.notAttempted).toBe(30 - counts.failed);
    expect(fake.revokeRequests()).toHaveLength(counts.failed);
    expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
    const errors = commands(run, 'error');
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(
      errors.filter((line) => /could not be reached .*so the batch stopped/.test(line)),
    ).toHaveLength(1);
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
      'token-id': ID,
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

describe('TLS failures are one plain sentence, one connection', () => {
  let proxy: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
    proxy = undefined;
  });

  /** A TCP relay to the fake that counts the connections made to it. */
  async function countingRelay(
    fake: FakeInfisical,
  ): Promise<{ port: number; connections: () => number }> {
    const target = new URL(fake.url);
    let connections = 0;
    const relay = createServer((client: Socket) => {
      connections += 1;
      const upstream = connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    proxy = relay;
    await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
    const { port } = relay.address() as { port: number };
    return { port, connections: () => connections };
  }

  test('https:// to a port that speaks plain http: "may not speak https", exactly one connection, no OpenSSL text', async () => {
    const fake = await startFake();
    const relay = await countingRelay(fake);
    const id = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': id,
      'server-url': `https://127.0.0.1:${relay.port}`,
      retries: '3',
    });

    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${id}: no answer from Infisical at https://127.0.0.1:${relay.port}: the server did not answer in TLS (EPROTO): it may not speak https on that port; try http:// if it is a local server, or the port that serves https.`,
    ]);
    expect(relay.connections()).toBe(1);
    expect(run.stdout).not.toMatch(/retrying|Attempt \d/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);
    expectPlainLog(run);
    expectNoLeak(run);
  });
});

describe('echoes are safe', () => {
  const urls: Array<[string, string, RegExp, string[]]> = [
    [
      'a query and a fragment',
      'https://infisical.example.com/?token=S3CRETQUERY#fragSECRET',
      /^Input server-url must not contain a query \(the part from \?; not shown\)\./,
      ['S3CRETQUERY', 'fragSECRET', 'token='],
    ],
    [
      'a fragment',
      'https://infisical.example.com/api#fragSECRET',
      /^Input server-url must not contain a fragment \(the part from #; not shown\)\./,
      ['fragSECRET'],
    ],
    [
      'credentials',
      'https://alice-USER:pw-S3CRET@infisical.example.com',
      /^Input server-url must not contain credentials \(user:password@\)\..*The URL is not shown\./,
      ['alice-USER', 'pw-S3CRET'],
    ],
    [
      'no scheme, and a query',
      'infisical.example.com/?token=S3CRETQUERY',
      /^Input server-url: the value \(not shown: it holds @, \? or #\) is not a URL\./,
      ['S3CRETQUERY', 'infisical.example.com'],
    ],
  ];

  test.each(urls)(
    'a server-url with %s: says which part is wrong, never repeats it',
    async (_, url, error, hidden) => {
      const run = await revokeStep(undefined, { 'token-id': ID, 'server-url': url });
      expect(run.code).toBe(1);
      expect(commands(run, 'error')).toEqual([expect.stringMatching(error)]);
      const shown = run.everything
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      for (const part of hidden) expect(shown).not.toContain(part);
    },
  );

  test('a token-id with a zero-width space is shown as \\u200b, in a short prefix', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'token-id': `${ID}\u200b` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input token-id: "6f1c2a0e-8b7…" \(37 characters\), containing \\u200b is not a token id\./,
      ),
    ]);
    expect(run.everything).not.toContain('\u200b');
    expect(fake.requests).toHaveLength(0);
  });

  test('an invisible character inside the prefix is escaped in place', async () => {
    const run = await revokeStep(undefined, { 'token-id': `6f1c\u200b2a0e-8b7d` });
    expect(commands(run, 'error')[0]).toMatch(
      /^Input token-id: "6f1c\\u200b2a0e-8b…" \(14 characters\) is not a token id\./,
    );
    expect(run.everything).not.toContain('\u200b');
  });

  test('a long secret-looking token-id value shows at most a short prefix', async () => {
    const secret = `sk_live_${'Zq9XwY2vB7nR4tL0'.repeat(4)}`;
    const run = await revokeStep(undefined, { 'token-id': `${ID}\n${secret}` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toMatch(
      /^Input token-id: "sk_live_Zq9X…" \(72 characters\) is not a token id/,
    );
    for (let i = 0; i + 13 <= secret.length; i++) {
      expect(run.everything).not.toContain(secret.slice(i, i + 13));
    }
  });

  test('"Bearer eyJ…" pasted into access-token: a hint to drop "Bearer ", and the JWT is masked', async () => {
    const fake = await startFake();
    const jwt = ACCESS_TOKEN;
    const run = await revokeStep(fake, { 'token-id': ID, 'access-token': `Bearer ${jwt}` });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input access-token starts with "Bearer ": pass the access token alone, without the "Bearer " prefix/,
      ),
    ]);
    expect(fake.requests).toHaveLength(0);
    expectNoLeak(run, jwt);
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

  test('the outputs of a run fed back: revoked (already gone), failed and not-found ([{"id":…}])', async () => {
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
    expect(again.outputs['not-found-count']).toBe('2');

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
    expect(fake.requests.at(-1)?.route).toBe('token-revoke');
  });
});

describe('outputs agree with each other', () => {
  test('a mixed batch: the message tally, the counts, the arrays and the summary say the same', async () => {
    const fake = await startFake();
    const [a, b, c, d] = [fake.addToken(), fake.addToken(), fake.addToken(), fake.addToken()];
    const unknown = randomUUID();
    answerById(
      fake,
      {
        [c]: permissionDenied(),
        [d]: answer(500, {
          reqId: 'req-Broken00000001',
          statusCode: 500,
          message: 'Something went wrong',
          error: 'InternalServerError',
        }),
      },
      5,
    );
    const run = await revokeStep(fake, {
      'token-id': [a, b, c, d, unknown].join('\n'),
      retries: '0',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    const counts = countsOf(run);
    expect(counts).toEqual({ revoked: 2, gone: 1, failed: 2, notAttempted: 0, total: 5 });
    expect(tallyOf(run.outputs.message ?? '')).toEqual(counts);
    expect(run.outputs.message).toBe(
      '3 of 5 tokens could not be revoked (see the errors above). 5 tokens: 2 revoked, 1 not found or already gone, 2 failed.',
    );
    expect(run.summary).toContain('5 tokens: 2 revoked, 1 not found or already gone, 2 failed.');
    const closing = commands(run, 'error').at(-1) ?? '';
    expect(tallyOf(closing)).toEqual(counts);
    expect(closing).toMatch(/^3 of 5 tokens could not be revoked/);
  });

  test('a single token that fails: message is its error line', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    answerById(fake, { [id]: permissionDenied('req-Denied00000009') }, 1);
    const run = await revokeStep(fake, { 'token-id': id });
    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^Could not revoke token ${id}: 403 PermissionDenied`));
    expect(run.outputs.message).toBe(errors[0]);
    expect(run.outputs['request-id']).toBe('req-Denied00000009');
    expect(run.outputs['failed-count']).toBe('1');
  });

  test('one failing token in a batch: message is its error line, counts still agree', async () => {
    const fake = await startFake();
    const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
    answerById(fake, { [b]: permissionDenied() }, 3);
    const run = await revokeStep(fake, { 'token-id': `${a} ${b} ${c}` });
    expect(run.code).toBe(1);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(run.outputs.message).toBe(errors[0]);
    expect(run.outputs.message).toMatch(new RegExp(`^Could not revoke token ${b}: 403`));
    expect(countsOf(run)).toEqual({ revoked: 2, gone: 0, failed: 1, notAttempted: 0, total: 3 });
  });

  test('GITHUB_OUTPUT cannot be written after revokes that worked: a warning that says they worked', async () => {
    const fake = await startFake();
    const [a, b] = [fake.addToken(), fake.addToken()];
    const run = await revokeStep(fake, { 'token-id': `${a} ${b}` }, { outputFile: 'missing' });
    expect(fake.isRevoked(a) && fake.isRevoked(b)).toBe(true);
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({});
    expect(commands(run, 'warning')).toEqual([
      expect.stringMatching(
        /^Could not write the step's outputs \(.*\); the revokes still took effect: 2 of 2 tokens revoked/,
      ),
    ]);
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run);
  });
});

describe('the summary is the audit record', () => {
  test('names the run, the actor, the server, and per token the result, status and reqId; says when a lost answer decided', async () => {
    const fake = await startFake();
    const [a, b, c] = [fake.addToken(), fake.addToken(), fake.addToken()];
    const unknown = randomUUID();
    answerById(fake, { [b]: resetAfterRevoke, [c]: permissionDenied('req-Denied00000042') }, 6);
    const run = await revokeStep(
      fake,
      // b first: its answer is lost on a fresh connection (a reset on a reused keep-alive one is
      // taken for a socket the server closed while idle, never delivered).
      { 'token-id': [b, a, c, unknown].join('\n'), 'ignore-not-found': 'true', concurrency: '1' },
      {
        env: {
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'octo-org/octo-repo',
          GITHUB_RUN_ID: '9876543210',
          GITHUB_RUN_ATTEMPT: '2',
          GITHUB_ACTOR: 'octocat',
          GITHUB_WORKFLOW: 'Cleanup',
          GITHUB_JOB: 'cleanup',
        },
      },
    );

    expect(run.code).toBe(1);
    const { summary } = run;
    expect(summary).toContain(
      '[octo-org/octo-repo run 9876543210 (attempt 2)](https://github.com/octo-org/octo-repo/actions/runs/9876543210)',
    );
    expect(summary).toContain('actor @octocat');
    expect(summary).toContain(`server ${fake.url}`);
    expect(summary).toContain(`| ${a} | ✅ revoked | 200 | — |`);
    expect(summary).toMatch(
      new RegExp(
        `\\| ${b} \\| ✅ revoked \\| 404 \\| req-\\w{14} \\| an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it \\|`,
      ),
    );
    expect(summary).toContain(`| ${c} | ❌ failed | 403 | req-Denied00000042 |`);
    expect(summary).toMatch(
      new RegExp(`\\| ${unknown} \\| ➖ already gone \\| 404 \\| req-\\w{14} \\|`),
    );
    expect(fake.isRevoked(b)).toBe(true);
    expect(JSON.parse(run.outputs.revoked ?? '')).toEqual([b, a]);
    expectNoLeak(run);
  });
});

describe('the entry points export run, and importing one runs nothing', () => {
  const importing = (file: string, then: string) => [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(file)}); ${then}`,
  ];

  test.each([
    ['dist/index.js', 'main' as const, {}],
    ['dist/post/index.js', 'post' as const, { 'revoke-at-job-end': 'true' }],
  ])('%s exports run (a function), and importing it sends no request', async (_, entry, state) => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end' },
      { state, nodeArgs: importing(ENTRIES[entry], 'console.log(typeof m.run);') },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function\n');
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.state).toEqual({});
  });

  test("the main entry's run() with revoke-at: job-end saves state and revokes nothing; the post entry's run() then revokes", async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs, {
      nodeArgs: importing(ENTRIES.main, 'await m.run();'),
    });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(`Token ${id} will be revoked when the job ends.`);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);

    const post = await revokeStep(fake, inputs, {
      state: main.state,
      nodeArgs: importing(ENTRIES.post, 'await m.run();'),
    });
    expect(post.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
  });
});
