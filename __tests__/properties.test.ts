// Property tests (fast-check, 1,000 runs each) of what no input and no answer may break: the
// request goes to the revoke route under server-url or nowhere (then, at most, one read-back of the
// same token under the same prefix); any answer ends in one clear line.
// token-id names ids only: an empty one never revokes anything (an input error, or with
// ignore-not-found a success that sends nothing).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { namesNoToken, parseInputs } from '../src/inputs/index.js';
import { InputError } from '../src/inputs/error.js';
import { revokeUrl } from '../src/infisical/token-auth.js';
import { tokenRequest } from '../src/infisical/read-back.js';
import { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer } from '../testbed/faults.js';
import { DEFAULT_SERVER_URL } from '../src/defaults.js';
import { ACCESS_TOKEN, SELF_TOKEN_ID } from './support/harness.js';
import { runInProcess } from './support/in-process.js';
import { runnerReader, withDefaults } from './support/inputs.js';

const RUNS = 1000;
const ROUTE = /^(.*)\/api\/v1\/auth\/token-auth\/tokens\/([^/?#]+)\/revoke$/;
/** The read-back of a revoke by id: GET of the same token's route. */
const READ_ROUTE = /^(.*)\/api\/v1\/auth\/token-auth\/tokens\/([^/?#]+)$/;

const tokenIdArb = fc.oneof(
  fc.uuid(),
  // Infisical's ids are case-insensitive: upper case is sent in lower case, once.
  fc.uuid().map((u) => u.toUpperCase()),
  fc
    .tuple(
      fc.array(
        fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
        ),
        { maxLength: 4 },
      ),
      fc.constantFrom(' ', '\n', ', ', '\r\n'),
    )
    .map(([ids, separator]) => ids.join(separator)),
  // A JSON array (the revoked output of another run, toJSON(...) pretty-printed, [] when empty).
  fc
    .tuple(fc.array(fc.uuid(), { maxLength: 3 }), fc.constantFrom(undefined, 2))
    .map(([ids, indent]) => JSON.stringify(ids, null, indent)),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('..', '.', 'a/b', '%2e%2e', '../../admin', '?x=1', '#x', ' ', '\n', 'a,b'),
  fc
    .tuple(fc.uuid(), fc.constantFrom('/', '/../', '%2F', '?', '#', '\\', '\u0000'))
    .map(([u, s]) => u + s),
);
const suffixArb = fc
  .array(
    fc.constantFrom(
      '',
      'api',
      'API',
      'infisical',
      '..',
      '.',
      '%2e%2e',
      'a%2Fb',
      'x y',
      '@',
      ':',
      ';',
      '~',
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.map((p) => `/${p}`).join(''));
const serverUrlArb = fc.oneof(
  fc.string(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'ftp://', 'HTTPS://', ' https://'),
      fc.domain(),
      suffixArb,
    )
    .map((p) => p.join('')),
);

/**
 * What token-id names, read independently of the action: a JSON array or separated values, ids
 * compared without case (lower case, each once), `self` apart. Only for a value the action accepted.
 */
function named(tokenId: string): { ids: string[]; self: boolean } {
  const text = tokenId.trim();
  const values: string[] = text.startsWith('[') ? JSON.parse(text) : text.split(/[\s,]+/);
  const all = values.map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  return { ids: [...new Set(all.filter((v) => v !== 'self'))], self: all.includes('self') };
}

/** The path prefix a user meant: what is left of the URL's path without trailing slashes and /api. */
function meantPrefix(serverUrl: string): string {
  return new URL(effective(serverUrl)).pathname.replace(/\/+$/, '');
}

/** An empty server-url means the default. */
function effective(serverUrl: string): string {
  return serverUrl.trim() || DEFAULT_SERVER_URL;
}

/** The route (the revoke route unless told) for tokenId under server-url; returns its prefix. */
function expectRevokeRouteUnder(
  url: URL,
  serverUrl: string,
  tokenId: string,
  route: RegExp = ROUTE,
): string {
  const server = new URL(effective(serverUrl));
  expect(url.origin).toBe(server.origin);
  expect(url.search).toBe('');
  const match = route.exec(url.pathname);
  expect(match).not.toBeNull();
  const [, prefix, segment] = match as unknown as [string, string, string];
  expect(decodeURIComponent(segment)).toBe(tokenId);
  // Compared with runs of slashes folded: `https://host//api` means the same server as `/api`.
  const fold = (path: string) =>
    path
      .replace(/\/{2,}/g, '/')
      .replace(/\/$/, '')
      .toLowerCase();
  expect([prefix, `${prefix}/api`].map(fold)).toContain(fold(meantPrefix(serverUrl)));
  return prefix;
}

describe('any token-id and server-url', () => {
  test('is refused before any request, or names exactly the revoke route under server-url', () => {
    fc.assert(
      fc.property(tokenIdArb, serverUrlArb, (tokenId, serverUrl) => {
        let inputs;
        try {
          // As a runner reads them: every input left out is its action.yml default.
          inputs = parseInputs(
            runnerReader({ 'token-id': tokenId, 'access-token': 't', 'server-url': serverUrl }),
          ).inputs;
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        // Accepted: exactly the ids named, in lower case, each once, and self only when named.
        expect({ ids: inputs.named.tokenIds, self: inputs.named.self }).toEqual(named(tokenId));
        // An empty token-id names no token: the step refuses it (or, with ignore-not-found,
        // sends nothing); it is never read as "revoke the access token itself".
        expect(namesNoToken(inputs)).toBe(inputs.named.tokenIds.length === 0 && !inputs.named.self);
        for (const id of inputs.named.tokenIds) {
          const prefix = expectRevokeRouteUnder(
            new URL(revokeUrl(inputs.server, id)),
            serverUrl,
            id,
          );
          // Its read-back: the same token's route, under the same prefix.
          const read = new URL(tokenRequest(inputs.server, id, 't').url);
          expect(expectRevokeRouteUnder(read, serverUrl, id, READ_ROUTE)).toBe(prefix);
        }
      }),
      { numRuns: RUNS },
    );
  });

  describe('sent for real to a fake Infisical', () => {
    let fake: FakeInfisical;
    beforeAll(async () => {
      fake = await new FakeInfisical().start();
      fake.addAccessToken(ACCESS_TOKEN);
    });
    afterAll(() => fake.close());

    test('either nothing reaches the server, or per id one request to the revoke route under its prefix, then at most one read-back of that token under the same prefix', async () => {
      // `self` would revoke the fake's access token for every later run: left out here.
      const idsOnlyArb = tokenIdArb.filter((tokenId) => !/self/i.test(tokenId));
      await fc.assert(
        fc.asyncProperty(idsOnlyArb, suffixArb, fc.boolean(), async (tokenId, suffix, ignore) => {
          fake.requests.length = 0;
          const serverUrl = `${fake.url}${suffix}`;
          const result = await runInProcess(
            withDefaults({
              'token-id': tokenId,
              'access-token': ACCESS_TOKEN,
              'server-url': serverUrl,
              'ignore-not-found': String(ignore),
              retries: '0',
            }),
          );
          if (fake.requests.length === 0) {
            const empty = /::error::Input token-id is empty/.test(result.stdout);
            if (ignore && result.code === 0) {
              // Only an empty token-id succeeds without a request: nothing to revoke.
              expect(named(tokenId)).toEqual({ ids: [], self: false });
              expect(result.stdout).toMatch(/::warning::Nothing to revoke: token-id is empty/);
              expect(result.stdout).not.toMatch(/::error::/);
              return;
            }
            expect(result.code).toBe(1);
            expect(result.stdout).toMatch(/::error::Input (token-id|server-url)/);
            if (empty) expect(ignore).toBe(false);
            return;
          }
          const { ids } = named(tokenId);
          // Never the access token's own id unless named: an empty token-id revokes nothing.
          expect(ids.length).toBeGreaterThan(0);
          expect(ids).not.toContain(SELF_TOKEN_ID);
          // Each request is a revoke (POST …/tokens/{id}/revoke) or a read-back (GET …/tokens/{id}),
          // under the prefix; each id is revoked once and read back at most once, after its revoke
          // and under the same prefix. Nothing else reaches the server.
          const revokes = new Map<string, { at: number; prefix: string }>();
          const reads = new Map<string, { at: number; prefix: string }>();
          fake.requests.forEach((request, at) => {
            expect(['POST', 'GET']).toContain(request.method);
            const route = request.method === 'POST' ? ROUTE : READ_ROUTE;
            const url = new URL(`${fake.url}${request.path}`);
            const match = route.exec(url.pathname);
            expect(match).not.toBeNull();
            const id = decodeURIComponent((match as RegExpExecArray)[2] as string);
            const prefix = expectRevokeRouteUnder(url, serverUrl, id, route);
            const seen = request.method === 'POST' ? revokes : reads;
            expect(seen.has(id)).toBe(false);
            seen.set(id, { at, prefix });
          });
          // One revoke per id named, in lower case, whatever case it was given in.
          expect([...revokes.keys()].sort()).toEqual([...ids].sort());
          for (const [id, read] of reads) {
            const revoke = revokes.get(id);
            expect(revoke).toBeDefined();
            expect(read.at).toBeGreaterThan(revoke?.at ?? Infinity);
            expect(read.prefix).toBe(revoke?.prefix);
          }
        }),
        { numRuns: RUNS },
      );
    });

    // Any status, and often the ones Infisical really sends (docs/infisical-api.md).
    const statusArb = fc.oneof(
      fc.integer({ min: 200, max: 599 }),
      fc.constantFrom(200, 400, 401, 403, 404, 410, 422, 429, 500, 502, 503, 504),
    );
    const bodyArb = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constant(''),
      fc.record(
        {
          reqId: fc.string(),
          statusCode: fc.integer(),
          message: fc.anything(),
          error: fc.anything(),
          details: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      // Infisical's own error bodies (docs/infisical-api.md), any status they come with.
      fc.constantFrom(
        {
          reqId: 'req-a',
          statusCode: 404,
          message:
            'Token with ID 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f not found or already revoked',
          error: 'NotFound',
        },
        {
          reqId: 'req-b',
          statusCode: 404,
          message: 'Failed to find identity with ID 1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
          error: 'NotFound',
        },
        { statusCode: 404, message: 'Route POST:/api/x not found', error: 'Not Found' },
        { reqId: 'req-c', statusCode: 401, message: 'Token missing', error: 'UnauthorizedError' },
        { reqId: 'req-d', statusCode: 403, message: 'jwt expired', error: 'TokenError' },
        {
          reqId: 'req-e',
          statusCode: 403,
          message: 'You are not allowed to edit on identity',
          error: 'PermissionDenied',
          details: [],
        },
        {
          reqId: 'req-f',
          statusCode: 422,
          message: [{ path: ['tokenId'], message: 'Invalid uuid' }],
          error: 'ValidationFailure',
        },
        { status: 'unavailable', message: 'Server is starting up' },
      ),
      // A hostile server that echoes the credential back.
      fc.constantFrom(
        {
          reqId: 'req-x',
          statusCode: 401,
          message: `Bad token ${ACCESS_TOKEN}`,
          error: 'UnauthorizedError',
        },
        `<html>${ACCESS_TOKEN}</html>`,
        { message: ACCESS_TOKEN },
      ),
    );
    const headersArb = fc.dictionary(
      fc.constantFrom(
        'retry-after',
        'location',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'x-custom',
      ),
      fc.oneof(
        fc.constantFrom('0', '1', 'soon', ACCESS_TOKEN, 'http://elsewhere/'),
        fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
      ),
    );

    test('any status and body ends in one line, no unexpected error, and no unmasked token', async () => {
      const id = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
      await fc.assert(
        fc.asyncProperty(statusArb, bodyArb, headersArb, async (status, body, headers) => {
          fake.inject(answer(status, body, headers));
          const result = await runInProcess(
            withDefaults({
              'token-id': id,
              'access-token': ACCESS_TOKEN,
              'server-url': fake.url,
              retries: '0',
            }),
          );
          const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
          expect(result.stdout).not.toMatch(/Unexpected error/);
          if (result.code === 0) {
            expect(status).toBe(200);
            expect(errors).toEqual([]);
          } else {
            expect(result.code).toBe(1);
            expect(errors).toHaveLength(1);
            // A gateway's 502 or 504 may come after the server did the work: the read-back then
            // decides, and what it cannot show is "outcome unknown", not a plain failure.
            expect(errors[0]).toMatch(
              new RegExp(
                `^::error::(Could not revoke token ${id}${status === 502 || status === 504 ? `|Outcome unknown for token ${id}` : ''})`,
              ),
            );
          }
          const rest = result.everything
            .split('\n')
            .filter((l) => !l.startsWith('::add-mask::'))
            .join('\n');
          expect(rest).not.toContain(ACCESS_TOKEN);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
