// The reviewer's findings fixed in 26e1abb, end to end: the built dist/ run as a runner runs it (its
// own node process, the runner's files and variables), against the fake Infisical on loopback.
// Each test states what happened (the fake's rows, the requests it got, the outputs, the
// annotations, the summary), never how fast, and fails on the build before that commit.
import { afterEach, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Fault, FakeInfisical } from '../testbed/fake-infisical.js';
import { answer, resetBeforeAnswer } from '../testbed/faults.js';
import { ENTRIES, type StepResult } from '../testbed/runner.js';
import {
  answerById,
  ACCESS_TOKEN,
  SELF_TOKEN_ID,
  commands,
  expectNoLeak,
  revokeStep,
  startFake,
} from './support/harness.js';

const DAY = 24 * 3_600_000;

/** A token of this identity created `ago` ms before now, never expiring (TTL 0). */
function oldToken(fake: FakeInfisical, identityId: string, ago = 30 * DAY): string {
  return fake.addToken(randomUUID(), {
    identityId,
    name: null,
    createdAt: new Date(Date.now() - ago),
    ttl: 0,
  });
}

/** The claims of an access token (a JWT), unchecked. */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** Universal Auth for a new identity of the fake: the inputs that log in with it. */
function universalLogin(fake: FakeInfisical): {
  identityId: string;
  clientId: string;
  inputs: Record<string, string>;
} {
  const identityId = fake.addIdentity({ name: 'revoker' });
  const { clientId, clientSecret } = fake.configureUniversalAuth(identityId);
  return {
    identityId,
    clientId,
    inputs: {
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': clientSecret,
    },
  };
}

/** The access tokens the fake's Universal Auth route answered 200 with, in order. */
function loginTokens(fake: FakeInfisical): string[] {
  return fake.answers
    .filter((a) => a.route === 'universal-auth-login' && a.status === 200)
    .map((a) => (a.body as { accessToken: string }).accessToken);
}

/** Every line of everything the step wrote, but its add-mask lines. */
const unmasked = (run: StepResult): string =>
  run.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('1. the entry points run when started through a symlinked path', () => {
  // The runner's work folder is often behind a symlink: node then resolves import.meta.url to the
  // real file while process.argv[1] keeps the link.
  const dist = dirname(ENTRIES.main);
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  /** A temp folder with `link` pointing at dist/; returns the link. */
  function linkToDist(): string {
    folder = mkdtempSync(join(tmpdir(), 'dist-link-'));
    const link = join(folder, 'link');
    symlinkSync(dist, link, 'dir');
    return link;
  }

  test('<link>/index.js, revoke-at: now: revokes the token', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const run = await revokeStep(fake, { 'token-id': id }, { nodeArgs: [join(link, 'index.js')] });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${id}/revoke`,
    ]);
    expect(run.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
    expect(run.stdout).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run);
  });

  test('<link>/index.js with revoke-at: job-end saves state; <link>/post/index.js then revokes', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };

    const main = await revokeStep(fake, inputs, { nodeArgs: [join(link, 'index.js')] });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(`Token ${id} will be revoked when the job ends.`);
    expect(fake.requests).toEqual([]);

    const post = await revokeStep(fake, inputs, {
      state: main.state,
      nodeArgs: [join(link, 'post', 'index.js')],
    });
    expect(post.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(post.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
    expect(post.summary).toContain('at job end (post step)');
  });

  test.each([
    ['index.js', {}],
    ['post/index.js', { 'revoke-at-job-end': 'true' }],
  ])('importing <link>/%s through the link still runs nothing', async (file, state) => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      {
        state,
        nodeArgs: [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(link, file))}); console.log(typeof m.run);`,
        ],
      },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function\n');
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.outputs).toEqual({});
    expect(run.state).toEqual({});
  });
});

describe("2. token-id naming the access token's own id goes through the access-token route", () => {
  test.each(['OIDC_AUTH', 'UNIVERSAL_AUTH'] as const)(
    'a %s login token naming its own id, with ignore-not-found: revoked through POST /api/v1/auth/token/revoke, reported as revoked',
    async (authMethod) => {
      const fake = await startFake();
      const own = fake.issueAccessToken({ authMethod });
      expect(fake.token(own.id)?.authMethod).toBe(authMethod);
      const run = await revokeStep(fake, {
        'access-token': own.token,
        'token-id': own.id,
        'ignore-not-found': 'true',
      });

      expect(run.code).toBe(0);
      expect(fake.isRevoked(own.id)).toBe(true);
      // Only the body-token route: the Token Auth route finds no login token and would say 404.
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /api/v1/auth/token/revoke',
      ]);
      expect(JSON.parse(fake.requests[0]?.body ?? '')).toEqual({ accessToken: own.token });
      expect(fake.revokeRequests()).toEqual([]);
      expect(run.outputs).toMatchObject({
        revoked: JSON.stringify([own.id]),
        'revoked-count': '1',
        'not-found': '[]',
        'not-found-count': '0',
        'failed-count': '0',
      });
      expect(run.stdout).toContain(
        `Revoked the access token itself (token ${own.id}): Successfully revoked access token.`,
      );
      expect(run.stdout).not.toMatch(/already gone/);
      expect(run.summary).toContain(`| ${own.id} (self) | ✅ revoked | 200 |`);
      expect(commands(run, 'error')).toEqual([]);
      expect(commands(run, 'warning')).toEqual([]);
      expectNoLeak(run, own.token);
    },
  );
});

describe('3. tokens-of-identity: every chosen token has its line; a lone revoke failure beside list errors is annotated', () => {
  test("every chosen token's own line is in the log", async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    const chosen = [oldToken(fake, identity), oldToken(fake, identity), oldToken(fake, identity)];
    const run = await revokeStep(fake, { 'tokens-of-identity': identity, 'older-than': '7d' });

    expect(run.code).toBe(0);
    expect(chosen.every((id) => fake.isRevoked(id))).toBe(true);
    const lines = run.stdout.split('\n');
    for (const id of chosen) {
      expect(lines).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    }
    expect(run.outputs['revoked-count']).toBe('3');
    expect(commands(run, 'error')).toEqual([]);
  });

  test('two identities, one list 404, one chosen revoke 409: the 409 line is an ::error:: annotation, and message is the closing failure line', async () => {
    const fake = await startFake();
    const unknown = randomUUID(); // no identity: its list is a 404
    const identity = fake.addIdentity();
    const chosen = [oldToken(fake, identity), oldToken(fake, identity), oldToken(fake, identity)];
    const failing = chosen[1] as string;
    answerById(
      fake,
      {
        [failing]: answer(409, {
          reqId: 'req-Conflict000001',
          statusCode: 409,
          message: 'The token is being rotated',
          error: 'Conflict',
        }),
      },
      chosen.length,
    );
    const run = await revokeStep(fake, {
      'tokens-of-identity': `${unknown}\n${identity}`,
      'older-than': '7d',
    });

    expect(run.code).toBe(1);
    expect(fake.requestsTo('list-tokens')).toHaveLength(2);
    expect(fake.revokeRequests()).toHaveLength(3);
    expect(chosen.map((id) => fake.isRevoked(id))).toEqual([true, false, true]);
    const failedLine = `Could not revoke token ${failing}: 409 Conflict — The token is being rotated (reqId: req-Conflict000001).`;
    const closing =
      '1 of 2 identities could not be listed, so none of their tokens were revoked (see the errors above). 3 tokens: 2 revoked, 0 not found or already gone, 1 failed.';
    const errors = commands(run, 'error');
    expect(errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not list the tokens of identity ${unknown}: 404 NotFound — Failed to find identity with ID ${unknown} \\(reqId: req-[A-Za-z0-9]{14}\\)\\. Check tokens-of-identity`,
        ),
      ),
      failedLine,
      closing,
    ]);
    expect(run.outputs.message).toBe(closing);
    expect(run.outputs.message).toBe(errors.at(-1));
    // Every chosen token's line is in the log too, the failing one included.
    const lines = run.stdout.split('\n');
    expect(lines).toContain(failedLine);
    for (const id of [chosen[0], chosen[2]]) {
      expect(lines).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    }
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: failing, status: 409, error: 'Conflict', reqId: 'req-Conflict000001' },
    ]);
    expect(run.outputs['revoked-count']).toBe('2');
  });
});

describe('4. revoke-at: job-end with an access-token that comes from a later step', () => {
  test.each([
    [
      'access-token empty',
      true,
      'access-token is empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).',
    ],
    [
      'token-id and access-token empty',
      false,
      'token-id and access-token are empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).',
    ],
  ])(
    '%s in the main step: state saved, nothing sent; the post step with them filled revokes',
    async (_, tokenIdKnown, notice) => {
      const fake = await startFake();
      const id = fake.addToken();
      const main = await revokeStep(fake, {
        'access-token': '',
        'token-id': tokenIdKnown ? id : '',
        'revoke-at': 'job-end',
      });

      expect(main.code).toBe(0);
      expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
      expect(main.stdout.split('\n')).toContain(notice);
      expect(commands(main, 'error')).toEqual([]);
      expect(fake.requests).toEqual([]);
      expect(fake.isRevoked(id)).toBe(false);

      const post = await revokeStep(
        fake,
        { 'access-token': ACCESS_TOKEN, 'token-id': id, 'revoke-at': 'job-end' },
        { entry: 'post', state: main.state },
      );
      expect(post.code).toBe(0);
      expect(fake.isRevoked(id)).toBe(true);
      expect(fake.revokeRequests()).toHaveLength(1);
      expect(fake.revokeRequests()[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(post.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
      expectNoLeak(post);
    },
  );
});

describe('5. a short extra-headers value does not garble the outputs', () => {
  test('extra-headers "X-Env: 1": revoked, revoked-count, message and summary exact; the header on every request', async () => {
    const fake = await startFake();
    // Ids full of 1s, and 11 of them: every output and the summary would hold a "1".
    const ids = Array.from(
      { length: 11 },
      (_, i) => `1111${String(i).padStart(4, '0')}-1111-4111-8111-11111111111${i % 10}`,
    );
    for (const id of ids) fake.addToken(id);
    const run = await revokeStep(fake, {
      'token-id': ids.join('\n'),
      'extra-headers': 'X-Env: 1',
      concurrency: '1',
    });

    expect(run.code).toBe(0);
    expect(ids.every((id) => fake.isRevoked(id))).toBe(true);
    expect(fake.requests).toHaveLength(11);
    for (const request of fake.requests) expect(request.headers['x-env']).toBe('1');
    expect(run.outputs).toMatchObject({
      message: '11 tokens: 11 revoked, 0 not found or already gone, 0 failed.',
      revoked: JSON.stringify(ids),
      'revoked-count': '11',
      'not-found-count': '0',
      'failed-count': '0',
      'not-attempted-count': '0',
    });
    expect(run.summary).toContain('### Infisical token revocation: 11 of 11 done');
    expect(run.summary).toContain('11 tokens: 11 revoked, 0 not found or already gone, 0 failed.');
    for (const id of ids) expect(run.summary).toContain(`| ${id} | ✅ revoked | 200 | — |`);
    expect(unmasked(run)).not.toContain('***');
    // The runner is still told to mask it.
    expect(run.stdout.split('\n')).toContain('::add-mask::1');
  });
});

describe('6. a login retried after a gateway lost its answer warns', () => {
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
});

describe('7. unreachable means no revoke was answered, whatever the login got', () => {
  test('the login answered, then every revoke reset before an answer (retries 0): the batch stops as unreachable', async () => {
    const fake = await startFake();
    const login = universalLogin(fake);
    const ids = Array.from({ length: 20 }, () => fake.addToken());
    fake.inject(...ids.map(() => resetBeforeAnswer));
    const run = await revokeStep(fake, {
      ...login.inputs,
      'token-id': ids.join('\n'),
      retries: '0',
      concurrency: '1',
    });

    expect(run.code).toBe(1);
    expect(fake.requestsTo('universal-auth-login')).toHaveLength(1);
    expect(loginTokens(fake)).toHaveLength(1);
    const [first, ...rest] = ids as [string, ...string[]];
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${first}/revoke`,
    ]);
    expect(ids.some((id) => fake.isRevoked(id))).toBe(false);
    expect(run.outputs).toMatchObject({
      'revoked-count': '0',
      'failed-count': '1',
      'not-attempted-count': '19',
      'not-attempted': JSON.stringify(rest),
    });
    expect(JSON.parse(run.outputs.failed ?? '')).toEqual([
      { id: first, status: null, error: null, reqId: null },
    ]);
    const closing = `Infisical at ${fake.url} could not be reached for the revokes (every attempt for token ${first} failed on the network), so the batch stopped. 19 of 20 tokens were not attempted. 20 tokens: 0 revoked, 0 not found or already gone, 1 failed, 19 not attempted.`;
    expect(commands(run, 'error').at(-1)).toBe(closing);
    expect(run.outputs.message).toBe(closing);
    expect(run.summary).toContain(
      `> **Stopped:** Infisical at ${fake.url} could not be reached for the revokes`,
    );
    // The login itself is still revoked at the end.
    const [seen] = loginTokens(fake) as [string];
    expect(fake.isRevoked(claimsOf(seen).identityAccessTokenId as string)).toBe(true);
  });
});

describe('the second review', () => {
  test('a dry run logs every token it would revoke, and counts the own token named twice once', async () => {
    const fake = await startFake();
    const a = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': `${a}\nself\n${SELF_TOKEN_ID.toUpperCase()}`,
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([]);
    expect(run.stdout).toContain(`Dry run: would revoke token ${a}.`);
    expect(run.stdout).toContain(
      `Dry run: would revoke the access token itself (token ${SELF_TOKEN_ID}).`,
    );
    expect(run.outputs.message).toBe('Dry run: 2 tokens would be revoked; nothing was revoked.');
    expect(run.summary).toContain(`Named in token-id, would be revoked: token ${a}`);
  });

  test('job-end with method: oidc and an identity-id from a later step: main saves state; post logs in', async () => {
    const fake = await startFake();
    const main = await revokeStep(fake, {
      'access-token': '',
      method: 'oidc',
      'identity-id': '',
      'token-id': fake.addToken(),
      'revoke-at': 'job-end',
    });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(
      'identity-id is empty now; the inputs are read again when the job ends',
    );
    expect(fake.requests).toEqual([]);
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

  test('a named id that the Token Auth route does not find says it may be a live login token', async () => {
    const fake = await startFake();
    const login = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    const run = await revokeStep(fake, { 'token-id': login.id, 'ignore-not-found': 'true' });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(login.id)).toBe(false);
    expect(run.stdout).toContain('Infisical says the same of a token of another login method');
  });
});

// The login is made, then the connection is reset before its answer: the token exists, unseen.
const resetAfterLogin: Fault = ({ req, answerNormally, res }) => {
  res.write = () => true;
  res.end = (() => {
    req.socket.resetAndDestroy();
    return res;
  }) as typeof res.end;
  answerNormally();
};
