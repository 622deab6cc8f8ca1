import { describe, expect, test } from '@jest/globals';
import { NetworkError, type Request, type Send } from '../../src/http/index.js';
import type { Answer } from '../../src/infisical/answers.js';
import { LIST_ANSWER_MAX_BYTES, LIST_HINTS, type ListedToken } from '../../src/infisical/list.js';
import { InputError } from '../../src/inputs/error.js';
import { RateLimitPacer } from '../../src/calls/pacer.js';
import { describeDuration, parseDuration } from '../../src/inputs/duration.js';
import { isGlob, nameMatcher } from '../../src/select/glob.js';
import {
  choose,
  fullListWarning,
  listAll,
  type ListContext,
  type Listed,
  type Selection,
} from '../../src/select/index.js';
import { parseSelection, secretsInSelection } from '../../src/inputs/selection.js';
import { parseInputs } from '../../src/inputs/index.js';
import { thrown } from '../support/inputs.js';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const ID_A = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546a';
const ID_B = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546b';
const ID_C = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546c';

// ---------------------------------------------------------------------------------------------
// Inputs

/** A reader over the given inputs; every other input is empty, as the runner gives it. */
const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';
const parse = (values: Record<string, string>) => parseSelection(inputs(values));
const errorOf = (values: Record<string, string>): string => {
  try {
    parse(values);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('durations', () => {
  test.each([
    ['30s', 30 * SECOND],
    ['90m', 90 * 60 * SECOND],
    ['12h', 12 * HOUR],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
    ['0s', 0],
    ['0d', 0],
    ['007d', 7 * DAY],
    ['999999w', 999_999 * 7 * DAY],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  test.each(['', '7', 'd', '7 d', '1h30m', '7D', '-1d', '1.5h', '7days', '1M', '1000000s', '+7d'])(
    'not a duration: %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
  test('described in the largest unit that divides it', () => {
    expect(describeDuration(0)).toBe('0s');
    expect(describeDuration(7 * DAY)).toBe('1w');
    expect(describeDuration(90 * 60 * SECOND)).toBe('90m');
    expect(describeDuration(36 * HOUR)).toBe('36h');
    expect(describeDuration(1500)).toBe('1.5s');
  });
});

describe('the selection inputs', () => {
  test('nothing asked: no selection', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ 'dry-run': 'false' })).toBeUndefined();
  });
  test('identity ids as token-id takes them: lower case, each once, in order', () => {
    expect(
      parse({
        'tokens-of-identity': `${ID_B.toUpperCase()}, ${ID_A}\n${ID_B} ${ID_C}`,
        'older-than': '7d',
      }),
    ).toEqual({
      identityIds: [ID_B, ID_A, ID_C],
      olderThanMs: 7 * DAY,
      tokenName: undefined,
      keepNewest: undefined,
    });
    expect(parse({ 'tokens-of-identity': `["${ID_A}", "${ID_B}"]`, 'keep-newest': '2' })).toEqual({
      identityIds: [ID_A, ID_B],
      olderThanMs: undefined,
      tokenName: undefined,
      keepNewest: 2,
    });
  });
  test('every input at once, values trimmed', () => {
    expect(
      parse({
        'tokens-of-identity': ` ${ID_A} `,
        'older-than': ' 0s ',
        'token-name': ' ci-* ',
        'keep-newest': ' 3 ',
      }),
    ).toEqual({
      identityIds: [ID_A],
      olderThanMs: 0,
      tokenName: 'ci-*',
      keepNewest: 3,
    });
  });
  test('an empty JSON array names no identity, and is not an error', () => {
    expect(parse({ 'tokens-of-identity': '[]', 'older-than': '1d' })?.identityIds).toEqual([]);
  });
  test.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['FALSE', false],
  ])('dry-run: %s (YAML 1.2 core spellings) is a property of the run', (text, dryRun) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': text };
    const { inputs: parsed } = parseInputs(inputs({ ...values, 'access-token': 'tok' }));
    expect(parsed.dryRun).toBe(dryRun);
    expect(parsed.selection).toEqual({
      identityIds: [ID_A],
      olderThanMs: DAY,
      tokenName: undefined,
      keepNewest: undefined,
    });
  });
  test('dry-run alone (with token-id) is allowed: list what would be revoked, revoke nothing', () => {
    expect(parse({ 'dry-run': 'true' })).toBeUndefined();
    const { inputs: parsed } = parseInputs(
      inputs({ 'token-id': ID_B, 'access-token': 'tok', 'dry-run': 'true' }),
    );
    expect(parsed).toMatchObject({ dryRun: true, named: { tokenIds: [ID_B], self: false } });
    expect(parsed.selection).toBeUndefined();
  });
  test('an access token pasted into tokens-of-identity is masked', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(secretsInSelection(inputs({ 'tokens-of-identity': `${ID_A}\n${jwt}` }))).toEqual([jwt]);
    expect(secretsInSelection(inputs({ 'tokens-of-identity': ID_A }))).toEqual([]);
  });
});

describe('selection input errors', () => {
  test('an identity id that is not a UUID: the input named, only a prefix echoed', () => {
    const message = errorOf({
      'tokens-of-identity': `${ID_A},my-identity-with-a-long-name`,
      'older-than': '1d',
    });
    expect(message).toBe(
      'Input tokens-of-identity: "my-identity-…" (28 characters) is not an identity id. Expected the UUID of a machine identity, such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f.',
    );
    expect(message).not.toContain('long-name');
  });
  test('a JSON array that is broken, or not of strings', () => {
    for (const value of [`["${ID_A}"`, '[1, 2]']) {
      expect(errorOf({ 'tokens-of-identity': value, 'older-than': '1d' })).toMatch(
        /^Input tokens-of-identity starts with \[ but is not a JSON array of strings\./,
      );
    }
  });
  test.each(['7', '1h30m', '7D', '-1d', 'forever', '1000000s'])(
    'older-than: %j names the input and the expected form',
    (value) => {
      const message = errorOf({ 'tokens-of-identity': ID_A, 'older-than': value });
      expect(message).toMatch(
        /^Input older-than must be a whole number and one unit: s \(seconds\)/,
      );
      expect(message).toContain('such as 90m, 12h, 7d or 2w; 0s for every token');
      expect(message).toContain(`got "${value}"`);
    },
  );
  test.each(['-1', '1001', '1.5', 'two', '1e3'])('keep-newest: %j', (value) => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'keep-newest': value })).toBe(
      `Input keep-newest must be a whole number from 0 to 1000, got "${value}".`,
    );
  });
  test.each(['yes', '1', 'on'])('dry-run: %j', (value) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': value };
    expect(thrown(() => parseInputs(inputs({ ...values, 'access-token': 'tok' })))).toBe(
      `Input dry-run must be true or false, got "${value}".`,
    );
  });
  test('token-name on several lines', () => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'token-name': 'a\nb' })).toMatch(
      /^Input token-name must be one token name, or one glob/,
    );
  });
  test('tokens-of-identity without a filter: revoking every token must be asked for', () => {
    const message = errorOf({ 'tokens-of-identity': ID_A, 'dry-run': 'true' });
    expect(message).toMatch(
      /^Input tokens-of-identity needs a filter: older-than, token-name or keep-newest/,
    );
    expect(message).toContain('ask for it with older-than: 0s');
  });
  test('keep-newest: 0 alone keeps nothing: it is no filter', () => {
    expect(errorOf({ 'tokens-of-identity': ID_A, 'keep-newest': '0' })).toContain('older-than: 0s');
    expect(
      parse({ 'tokens-of-identity': ID_A, 'keep-newest': '0', 'token-name': 'x' }),
    ).toMatchObject({ keepNewest: 0, tokenName: 'x' });
  });
  test('filters without tokens-of-identity name the inputs given', () => {
    expect(errorOf({ 'older-than': '7d' })).toBe(
      'Input older-than chooses among the tokens of the identities in tokens-of-identity, which is empty. Name the identity ids in tokens-of-identity, or remove older-than.',
    );
    expect(errorOf({ 'token-name': 'ci-*', 'keep-newest': '2', 'dry-run': 'true' })).toBe(
      'Input token-name, keep-newest choose among the tokens of the identities in tokens-of-identity, which is empty. Name the identity ids in tokens-of-identity, or remove token-name, keep-newest.',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Names

describe('token-name globs', () => {
  test('an exact name: the whole name, case-sensitive', () => {
    const is = nameMatcher('ci-deploy');
    expect(is('ci-deploy')).toBe(true);
    expect(is('CI-deploy')).toBe(false);
    expect(is('ci-deploy-2')).toBe(false);
    expect(is('my-ci-deploy')).toBe(false);
    expect(isGlob('ci-deploy')).toBe(false);
  });
  test('* is any run, the empty one included, across / too', () => {
    const is = nameMatcher('ci-*');
    expect(is('ci-')).toBe(true);
    expect(is('ci-deploy/prod')).toBe(true);
    expect(is('ci')).toBe(false);
    expect(nameMatcher('*')('')).toBe(true);
    expect(nameMatcher('a*b*c')('abc')).toBe(true);
    expect(nameMatcher('a*b*c')('a-b-c-d')).toBe(false);
    expect(isGlob('ci-*')).toBe(true);
  });
  test('? is exactly one character', () => {
    const is = nameMatcher('run-?');
    expect(is('run-1')).toBe(true);
    expect(is('run-')).toBe(false);
    expect(is('run-12')).toBe(false);
    expect(is('run-🚀')).toBe(true);
    expect(isGlob('run-?')).toBe(true);
  });
  test('regex specials match themselves', () => {
    const name = 'a.b+c(d)[e]{f}^$|\\/-';
    expect(nameMatcher(name)(name)).toBe(true);
    expect(nameMatcher('a.b')('axb')).toBe(false);
    expect(nameMatcher('[ab]')('a')).toBe(false);
    expect(nameMatcher('x{2}')('xx')).toBe(false);
    expect(nameMatcher('deploy (prod)*')('deploy (prod) 2026')).toBe(true);
  });
  test('a token without a name never matches, not even *', () => {
    expect(nameMatcher('*')(null)).toBe(false);
    expect(nameMatcher('')(null)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Listing

const answerOf = (status: number, body: unknown, headers: Answer['headers'] = {}): Answer => ({
  status,
  headers,
  body: JSON.stringify(body),
  truncated: false,
});
const errorBody = (
  status: number,
  error: string,
  message: string,
  reqId = 'req-abcdefghijklmn',
) => ({
  reqId,
  statusCode: status,
  message,
  error,
});

/** Token n of an identity: ids that differ per identity and sort by n. */
const tokenId = (identityId: string, n: number): string =>
  `${identityId.slice(-1).repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An identity's rows as a server would serialize them; updated in the reverse of creation. */
function population(identityId: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => ({
    id: tokenId(identityId, n),
    name: `token-${n}`,
    identityId,
    isAccessTokenRevoked: false,
    accessTokenTTL: 0,
    accessTokenNumUses: 0,
    accessTokenNumUsesLimit: 0,
    accessTokenLastRenewedAt: null,
    createdAt: new Date(NOW - (count - n) * HOUR).toISOString(),
    updatedAt: new Date(NOW - n * SECOND).toISOString(),
  }));
}

/**
 * A list route with the server's semantics (updatedAt descending, offset/limit), recording each
 * request; `answer` may take over any request (by identity and offset).
 */
function fakeServer(
  rows: Record<string, Record<string, unknown>[]>,
  answer?: (identityId: string, offset: number, nth: number) => Answer | undefined,
) {
  const requests: Request[] = [];
  const seen: string[] = [];
  let inFlight = 0;
  let most = 0;
  const send: Send = async (request) => {
    requests.push(request);
    const url = new URL(request.url);
    const identityId = /\/identities\/([^/]+)\/tokens$/.exec(url.pathname)?.[1] ?? '';
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    seen.push(`${identityId.slice(-1)}@${offset}/${limit}`);
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight -= 1;
    const taken = answer?.(identityId, offset, requests.length);
    if (taken) return taken;
    const sorted = [...(rows[identityId] ?? [])].sort(
      (a, b) => Date.parse(b.updatedAt as string) - Date.parse(a.updatedAt as string),
    );
    return answerOf(200, { tokens: sorted.slice(offset, offset + limit) });
  };
  return { send, requests, seen, most: () => most };
}

function contextOf(send: Send, stop = new AbortController().signal) {
  const clock = {
    t: NOW,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  const log: string[] = [];
  const ctx: ListContext = {
    retries: 2,
    send,
    pacer: new RateLimitPacer(clock),
    sleep: async () => {},
    log: (line) => log.push(line),
    stop,
    random: () => 0,
    server: { origin: 'https://infisical.test', prefix: '' },
    accessToken: 'the-access-token',
    now: () => NOW,
  };
  return { ctx, log };
}

describe('listing every identity', () => {
  test('offset 0 then offset 100, limit 100, GET with the bearer and the list cap', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 150) });
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(server.requests.map((r) => r.url)).toEqual([
      `https://infisical.test/api/v1/auth/token-auth/identities/${ID_A}/tokens?offset=0&limit=100`,
      `https://infisical.test/api/v1/auth/token-auth/identities/${ID_A}/tokens?offset=100&limit=100`,
    ]);
    for (const request of server.requests) {
      expect(request).toMatchObject({
        method: 'GET',
        bearerToken: 'the-access-token',
        maxBytes: LIST_ANSWER_MAX_BYTES,
      });
    }
    expect(listed?.tokens).toHaveLength(150);
    expect(new Set(listed?.tokens.map((t) => t.id)).size).toBe(150);
    expect(listed).toMatchObject({ identityId: ID_A, full: false });
    expect(listed?.error).toBeUndefined();
  });
  test('a page of fewer than 100 rows is the last: no second page', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 99), [ID_B]: [] });
    const listed = await listAll([ID_A, ID_B], contextOf(server.send).ctx);
    expect(server.seen).toEqual(['a@0/100', 'b@0/100']);
    expect(listed.map((l) => l.tokens.length)).toEqual([99, 0]);
  });
  test('exactly 100 rows: the second page is read, and comes back empty', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 100) });
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(server.seen).toEqual(['a@0/100', 'a@100/100']);
    expect(listed).toMatchObject({ full: false });
    expect(listed?.tokens).toHaveLength(100);
  });
  test('more than 200 tokens: 200 rows read, the list flagged full', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 250) });
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(server.seen).toEqual(['a@0/100', 'a@100/100']);
    expect(listed?.tokens).toHaveLength(200);
    expect(listed?.full).toBe(true);
    // The 200 most recently updated: in this population the 200 oldest, so the newest are missed.
    expect(listed?.tokens.map((t) => t.id)).toContain(tokenId(ID_A, 0));
    expect(listed?.tokens.map((t) => t.id)).not.toContain(tokenId(ID_A, 200));
    expect(fullListWarning(ID_A)).toBe(
      `Identity ${ID_A} has 200 or more tokens: Infisical lists only the 200 most recently updated (revoked ones included until it prunes them), so older tokens may be out of reach for this run. A later run reaches further once Infisical has pruned the revoked rows; token-id revokes any token by its id.`,
    );
  });
  test('every page of every identity is read, one at a time, before anything is returned', async () => {
    const server = fakeServer({
      [ID_A]: population(ID_A, 120),
      [ID_B]: population(ID_B, 3),
      [ID_C]: population(ID_C, 200),
    });
    const listed = await listAll([ID_A, ID_B, ID_C], contextOf(server.send).ctx);
    expect(server.seen).toEqual(['a@0/100', 'a@100/100', 'b@0/100', 'c@0/100', 'c@100/100']);
    expect(server.most()).toBe(1);
    expect(listed.map((l) => [l.identityId, l.tokens.length, l.full])).toEqual([
      [ID_A, 120, false],
      [ID_B, 3, false],
      [ID_C, 200, true],
    ]);
  });
  test.each([
    ['the second page', 100],
    ['the first page', 0],
  ])('a row read twice is kept once, in its later state (read on %s)', async (_, newerAt) => {
    const rows = population(ID_A, 150);
    const renamed = {
      ...rows[0],
      name: 'renamed',
      updatedAt: new Date(NOW + SECOND).toISOString(),
    };
    const pages: Record<number, unknown[]> = {
      0: rows.slice(0, 100),
      100: [rows[0], ...rows.slice(100, 150)],
    };
    pages[newerAt] = [renamed, ...(pages[newerAt] ?? []).slice(1)];
    const server = fakeServer({ [ID_A]: rows }, (__, offset) =>
      answerOf(200, { tokens: pages[offset] }),
    );
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(listed?.tokens).toHaveLength(150);
    expect(listed?.tokens.find((t) => t.id === tokenId(ID_A, 0))?.name).toBe('renamed');
  });
  test('a list error: one line with status, words, reqId and hint; no tokens; the others listed', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 2), [ID_C]: population(ID_C, 1) }, (id) =>
      id === ID_B
        ? answerOf(404, errorBody(404, 'NotFound', `Failed to find identity with ID ${ID_B}`))
        : undefined,
    );
    const listed = await listAll([ID_A, ID_B, ID_C], contextOf(server.send).ctx);
    expect(listed[1]).toEqual({
      identityId: ID_B,
      tokens: [],
      full: false,
      error: `Could not list the tokens of identity ${ID_B}: 404 NotFound — Failed to find identity with ID ${ID_B} (reqId: req-abcdefghijklmn). ${LIST_HINTS.identity}`,
    });
    expect(listed.map((l) => l.tokens.length)).toEqual([2, 0, 1]);
  });
  test('a failing second page leaves no tokens of that identity', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 150) }, (_, offset) =>
      offset === 100
        ? answerOf(
            403,
            errorBody(403, 'PermissionDenied', 'You are not allowed to read on identity'),
          )
        : undefined,
    );
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(listed?.tokens).toEqual([]);
    expect(listed?.error).toBe(
      `Could not list the tokens of identity ${ID_A} (rows 101–200): 403 PermissionDenied — You are not allowed to read on identity (reqId: req-abcdefghijklmn). ${LIST_HINTS.permission}`,
    );
    expect(listed?.refused).toBeUndefined();
  });
  test('a refused access token stops the listing: the others get the same reason', async () => {
    const server = fakeServer({}, () =>
      answerOf(401, errorBody(401, 'UnauthorizedError', 'Token missing')),
    );
    const listed = await listAll([ID_A, ID_B, ID_C], contextOf(server.send).ctx);
    expect(server.seen).toEqual(['a@0/100']);
    expect(listed.map((l) => l.refused)).toEqual([true, true, true]);
    expect(listed[0]?.error).toMatch(
      /^Could not list the tokens of identity .*: 401 UnauthorizedError — Token missing \(reqId: req-abcdefghijklmn\)\. The access token is missing/,
    );
    expect(listed[1]?.error).toBe(
      `Did not list the tokens of identity ${ID_B}: Infisical refused the access token (401 UnauthorizedError) when listing identity ${ID_A}: every other request would be refused too, so no other identity was listed.`,
    );
    expect(listed.every((l) => l.tokens.length === 0)).toBe(true);
  });
  test('retried like every call: a 503 then the page', async () => {
    const server = fakeServer({ [ID_A]: population(ID_A, 5) }, (_, __, nth) =>
      nth === 1 ? answerOf(503, errorBody(503, 'ServiceUnavailable', 'busy')) : undefined,
    );
    const { ctx, log } = contextOf(server.send);
    const [listed] = await listAll([ID_A], ctx);
    expect(listed?.tokens).toHaveLength(5);
    expect(log).toEqual([
      `Attempt 1 of 3 to list the tokens of identity ${ID_A} failed (503 ServiceUnavailable); retrying in 0.3 s.`,
    ]);
  });
  test('an error after every attempt says how many', async () => {
    const server = fakeServer({}, () =>
      answerOf(500, errorBody(500, 'InternalServerError', 'Something went wrong', 'req-x')),
    );
    const [listed] = await listAll([ID_A], contextOf(server.send).ctx);
    expect(listed?.error).toBe(
      `Could not list the tokens of identity ${ID_A} after 3 attempts: 500 InternalServerError — Something went wrong (reqId: req-x).`,
    );
  });
  test('a server never reached: the other identities are not tried', async () => {
    let sent = 0;
    const send: Send = async () => {
      sent += 1;
      throw new NetworkError('connection refused (ECONNREFUSED)', false, 'ECONNREFUSED');
    };
    const listed = await listAll([ID_A, ID_B], contextOf(send).ctx);
    expect(sent).toBe(3);
    expect(listed[0]?.error).toBe(
      `Could not list the tokens of identity ${ID_A} after 3 attempts: no answer from Infisical at https://infisical.test: connection refused (ECONNREFUSED).`,
    );
    expect(listed[1]?.error).toMatch(
      /could not be reached when listing identity .*a, so no other identity was listed\.$/,
    );
  });
  test('a stopped run lists nothing more; the identities left say so', async () => {
    const stop = new AbortController();
    const server = fakeServer({ [ID_A]: population(ID_A, 1) }, (id) => {
      if (id === ID_A) stop.abort();
      return undefined;
    });
    const listed = await listAll([ID_A, ID_B, ID_C], contextOf(server.send, stop.signal).ctx);
    expect(server.seen).toEqual(['a@0/100']);
    expect(listed[0]?.tokens).toHaveLength(1);
    expect(listed.slice(1).map((l) => l.error)).toEqual([
      `Did not list the tokens of identity ${ID_B}: the run stopped before it.`,
      `Did not list the tokens of identity ${ID_C}: the run stopped before it.`,
    ]);
    const none = fakeServer({});
    const stopped = new AbortController();
    stopped.abort();
    expect((await listAll([ID_A], contextOf(none.send, stopped.signal).ctx))[0]?.error).toBe(
      `Did not list the tokens of identity ${ID_A}: the run stopped before it.`,
    );
    expect(none.seen).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Choosing

let serial = 0;
/** A listed token created `ageDays` ago; updatedAt independent of creation unless given. */
function token(ageDays: number, fields: Partial<ListedToken> = {}): ListedToken {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    identityId: ID_A,
    name: `t${serial}`,
    createdAt: new Date(NOW - ageDays * DAY),
    updatedAt: new Date(NOW - ((serial * 7919) % 1000) * SECOND),
    revoked: false,
    expired: false,
    ...fields,
  };
}
const listedOf = (identityId: string, tokens: ListedToken[]): Listed => ({
  identityId,
  tokens: tokens.map((t) => ({ ...t, identityId })),
  full: false,
});
const selection = (fields: Partial<Selection>): Selection => ({
  identityIds: [ID_A],
  ...fields,
});
const ids = (tokens: readonly ListedToken[]) => tokens.map((t) => t.id);

describe('choosing the tokens to revoke', () => {
  test('keep-newest follows creation, not the list order (updatedAt)', () => {
    const oldest = token(40);
    const old = token(30);
    const newer = token(20);
    const newest = token(10);
    // Listed by updatedAt: the oldest token was renamed last, so it comes first.
    const list = [
      { ...oldest, updatedAt: new Date(NOW) },
      { ...newest, updatedAt: new Date(NOW - DAY) },
      { ...old, updatedAt: new Date(NOW - 2 * DAY) },
      { ...newer, updatedAt: new Date(NOW - 3 * DAY) },
    ];
    const result = choose([listedOf(ID_A, list)], selection({ keepNewest: 2 }), { now: NOW });
    expect(ids(result.chosen)).toEqual([oldest.id, old.id]);
    expect(result.identities[0]?.kept.map((k) => [k.token.id, k.why])).toEqual([
      [newer.id, 'one of the 2 newest'],
      [newest.id, 'one of the 2 newest'],
    ]);
  });
  test('keep-newest counts only the live tokens that pass the other filters', () => {
    const a = token(40, { name: 'ci-1' });
    const b = token(30, { name: 'ci-2' });
    const c = token(20, { name: 'other' });
    const d = token(10, { name: 'ci-3', revoked: true });
    const e = token(5, { name: 'ci-4', expired: true });
    const f = token(1, { name: 'ci-5' });
    const result = choose(
      [listedOf(ID_A, [f, e, d, c, b, a])],
      selection({ tokenName: 'ci-*', olderThanMs: 2 * DAY, keepNewest: 1 }),
      { now: NOW },
    );
    expect(ids(result.chosen)).toEqual([a.id]);
    expect(result.identities[0]?.kept.map((k) => [k.token.id, k.why])).toEqual([
      [b.id, 'the newest'],
      [c.id, 'name does not match "ci-*"'],
      [f.id, 'created less than 2d ago'],
    ]);
  });
  test('keep-newest above the count keeps them all', () => {
    const result = choose([listedOf(ID_A, [token(3), token(2)])], selection({ keepNewest: 5 }), {
      now: NOW,
    });
    expect(result.chosen).toEqual([]);
  });
  test('revoked and expired rows are skipped, counted in the notes', () => {
    const live = token(9);
    const result = choose(
      [
        listedOf(ID_A, [
          token(8, { revoked: true }),
          token(7, { revoked: true, expired: true }),
          token(6, { expired: true }),
          live,
        ]),
      ],
      selection({ olderThanMs: 0 }),
      { now: NOW },
    );
    expect(ids(result.chosen)).toEqual([live.id]);
    expect(result.identities[0]?.kept).toEqual([]);
    expect(result.identities[0]?.notes).toEqual([
      'Skipped 2 rows of tokens already revoked (Infisical lists them until it prunes them).',
      'Skipped 1 expired token: it no longer works, and Infisical prunes it.',
    ]);
  });
  test("the access token's own token is never chosen, and a note says so", () => {
    const own = token(30);
    const other = token(20);
    const result = choose([listedOf(ID_A, [other, own])], selection({ olderThanMs: 0 }), {
      now: NOW,
      ownTokenId: own.id.toUpperCase(),
    });
    expect(ids(result.chosen)).toEqual([other.id]);
    expect(result.identities[0]?.kept).toEqual([
      { token: { ...own, identityId: ID_A }, why: "the access token's own token" },
    ]);
    expect(result.identities[0]?.notes).toEqual([
      `Kept token ${own.id}: it is the access token's own token, and revoking it would cut off this run's credential; token-id: self revokes it.`,
    ]);
  });
  test('the own token among the newest is kept as one of them, with no note', () => {
    const own = token(1);
    const result = choose(
      [listedOf(ID_A, [token(3), token(2), own])],
      selection({ keepNewest: 1 }),
      { now: NOW, ownTokenId: own.id },
    );
    expect(result.chosen).toHaveLength(2);
    expect(result.identities[0]?.kept.map((k) => k.why)).toEqual(['the newest']);
    expect(result.identities[0]?.notes).toEqual([]);
  });
  test('older-than: a token exactly that old counts; a millisecond younger does not', () => {
    const exactly = token(0, { createdAt: new Date(NOW - 7 * DAY) });
    const younger = token(0, { createdAt: new Date(NOW - 7 * DAY + 1) });
    const result = choose(
      [listedOf(ID_A, [younger, exactly])],
      selection({ olderThanMs: 7 * DAY }),
      {
        now: NOW,
      },
    );
    expect(ids(result.chosen)).toEqual([exactly.id]);
    expect(result.identities[0]?.kept).toEqual([
      { token: { ...younger, identityId: ID_A }, why: 'created less than 1w ago' },
    ]);
  });
  test('older-than: 0s takes every live token, even one dated ahead of this clock', () => {
    const ahead = token(0, { createdAt: new Date(NOW + 5 * SECOND) });
    const result = choose([listedOf(ID_A, [ahead, token(1)])], selection({ olderThanMs: 0 }), {
      now: NOW,
    });
    expect(result.chosen).toHaveLength(2);
  });
  test('token-name: exact or glob; a token without a name is never chosen', () => {
    const exact = token(5, { name: 'deploy' });
    const unnamed = token(4, { name: null });
    const similar = token(3, { name: 'deploy-2' });
    const list = [listedOf(ID_A, [exact, unnamed, similar])];
    const exactly = choose(list, selection({ tokenName: 'deploy' }), { now: NOW });
    expect(ids(exactly.chosen)).toEqual([exact.id]);
    expect(exactly.identities[0]?.kept.map((k) => k.why)).toEqual([
      'has no name',
      'name is not "deploy"',
    ]);
    expect(ids(choose(list, selection({ tokenName: '*' }), { now: NOW }).chosen)).toEqual([
      exact.id,
      similar.id,
    ]);
  });
  test('several identities: their union, oldest first, each once; a failed list chooses nothing', () => {
    const a1 = token(10);
    const a2 = token(2);
    const b1 = token(5);
    const b2 = token(1);
    const failed: Listed = { identityId: ID_C, tokens: [], full: false, error: 'Could not list' };
    const result = choose(
      [listedOf(ID_A, [a2, a1]), listedOf(ID_B, [b2, b1]), failed],
      selection({ identityIds: [ID_A, ID_B, ID_C], olderThanMs: 0 }),
      { now: NOW },
    );
    expect(ids(result.chosen)).toEqual([a1.id, b1.id, a2.id, b2.id]);
    expect(result.chosen.map((t) => t.identityId)).toEqual([ID_A, ID_B, ID_A, ID_B]);
    expect(result.identities.map((c) => [c.identityId, c.chosen.length])).toEqual([
      [ID_A, 2],
      [ID_B, 2],
      [ID_C, 0],
    ]);
  });
  test('the order is deterministic: ties on createdAt by id, whatever the list order', () => {
    const at = new Date(NOW - DAY);
    const tied = [
      token(0, { createdAt: at }),
      token(0, { createdAt: at }),
      token(0, { createdAt: at }),
    ];
    const forward = choose([listedOf(ID_A, tied)], selection({ olderThanMs: 0 }), { now: NOW });
    const backward = choose([listedOf(ID_A, [...tied].reverse())], selection({ olderThanMs: 0 }), {
      now: NOW,
    });
    expect(ids(forward.chosen)).toEqual(ids(tied).sort());
    expect(ids(backward.chosen)).toEqual(ids(forward.chosen));
    const kept = choose([listedOf(ID_A, [...tied].reverse())], selection({ keepNewest: 1 }), {
      now: NOW,
    });
    expect(kept.identities[0]?.kept.map((k) => k.token.id)).toEqual([ids(tied).sort()[2]]);
  });
  test('a listed population end to end: list, then choose', async () => {
    // 150 tokens updated in the reverse of their creation: the list shows the oldest first.
    const server = fakeServer({ [ID_A]: population(ID_A, 150) });
    const listed = await listAll([ID_A], contextOf(server.send).ctx);
    const result = choose(listed, selection({ keepNewest: 10 }), { now: NOW });
    expect(result.chosen).toHaveLength(140);
    expect(result.identities[0]?.kept.map((k) => k.token.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `token-${140 + i}`),
    );
  });
});
