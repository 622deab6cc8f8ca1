// Property tests (fast-check, 1,000 runs each) of what no input and no answer may break: the
// request goes to the revoke route under server-url or nowhere; any answer ends in one clear line.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseInputs } from '../src/inputs.js';
import { InputError } from '../src/input-error.js';
import { revokeUrl } from '../src/infisical.js';
import { FakeInfisical } from '../testbed/fake-infisical.js';
import { answer } from '../testbed/faults.js';
import { DEFAULT_SERVER_URL } from '../src/defaults.js';
import { ACCESS_TOKEN, SELF_TOKEN_ID } from './support/harness.js';
import { runInProcess } from './support/in-process.js';

const RUNS = 1000;
const ROUTE = /^(.*)\/api\/v1\/auth\/token-auth\/tokens\/([^/?#]+)\/revoke$/;

const tokenIdArb = fc.oneof(
  fc.uuid(),
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

/** The path prefix a user meant: what is left of the URL's path without trailing slashes and /api. */
function meantPrefix(serverUrl: string): string {
  return new URL(effective(serverUrl)).pathname.replace(/\/+$/, '');
}

/** An empty server-url means the default. */
function effective(serverUrl: string): string {
  return serverUrl.trim() || DEFAULT_SERVER_URL;
}

function expectRevokeRouteUnder(url: URL, serverUrl: string, tokenId: string): void {
  const server = new URL(effective(serverUrl));
  expect(url.origin).toBe(server.origin);
  expect(url.search).toBe('');
  const match = ROUTE.exec(url.pathname);
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
}

describe('any token-id and server-url', () => {
  test('is refused before any request, or names exactly the revoke route under server-url', () => {
    fc.assert(
      fc.property(tokenIdArb, serverUrlArb, (tokenId, serverUrl) => {
        let inputs;
        try {
          inputs = parseInputs(
            (name) =>
              ({ 'token-id': tokenId, 'access-token': 't', 'server-url': serverUrl })[name] ?? '',
          ).inputs;
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        expect(inputs.tokenIds.length).toBeGreaterThan(0);
        for (const id of inputs.tokenIds)
          expectRevokeRouteUnder(new URL(revokeUrl(inputs.server, id)), serverUrl, id);
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

    test('either nothing reaches the server, or one request to the revoke route under its prefix', async () => {
      await fc.assert(
        fc.asyncProperty(tokenIdArb, suffixArb, async (tokenId, suffix) => {
          fake.requests.length = 0;
          const serverUrl = `${fake.url}${suffix}`;
          const result = await runInProcess({
            'token-id': tokenId,
            'access-token': ACCESS_TOKEN,
            'server-url': serverUrl,
            retries: '0',
          });
          const given = tokenId.split(/[\s,]+/).filter(Boolean);
          // No id at all: the access token revokes itself.
          const ids = given.length > 0 ? given : [SELF_TOKEN_ID];
          if (fake.requests.length === 0) {
            expect(result.code).toBe(1);
            expect(result.stdout).toMatch(/::error::Input (token-id|server-url)/);
            return;
          }
          expect(fake.requests).toHaveLength(new Set(ids).size);
          for (const request of fake.requests) {
            expect(request.method).toBe('POST');
            const url = new URL(`${fake.url}${request.path}`);
            const match = ROUTE.exec(url.pathname);
            expect(match).not.toBeNull();
            expect(ids).toContain(decodeURIComponent((match as RegExpExecArray)[2] as string));
            expectRevokeRouteUnder(
              url,
              serverUrl,
              decodeURIComponent((match as RegExpExecArray)[2] as string),
            );
          }
        }),
        { numRuns: RUNS },
      );
    });

    const statusArb = fc.integer({ min: 200, max: 599 });
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
          const result = await runInProcess({
            'token-id': id,
            'access-token': ACCESS_TOKEN,
            'server-url': fake.url,
            retries: '0',
          });
          const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
          expect(result.stdout).not.toMatch(/Unexpected error/);
          if (result.code === 0) {
            expect(status).toBe(200);
            expect(errors).toEqual([]);
          } else {
            expect(result.code).toBe(1);
            expect(errors).toHaveLength(1);
            expect(errors[0]).toMatch(new RegExp(`^::error::Could not revoke token ${id}`));
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
