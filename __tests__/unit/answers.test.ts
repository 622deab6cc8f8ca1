import { describe, expect, test } from '@jest/globals';
import { excerpt, renderMessage, type Answer } from '../../src/infisical/answers.js';
import { retryAfterMs } from '../../src/http/index.js';
import { judgeRevoke, revokeUrl } from '../../src/infisical/token-auth.js';
import { settle } from '../../src/revoke/settle.js';
import { judge, outputsOf, summaryMarkdown } from '../../src/report/index.js';
import type { Result } from '../../src/revoke/result.js';

const ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const at = (
  status: number,
  body: unknown,
  headers: Answer['headers'] = {},
  truncated = false,
): Answer => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  truncated,
});
const error = (status: number, name: string, message: unknown) => ({
  reqId: 'req-1',
  statusCode: status,
  message,
  error: name,
});

describe('the revoke URL', () => {
  test('keeps the prefix and makes the id one segment', () => {
    expect(revokeUrl({ origin: 'https://h', prefix: '/x' }, ID)).toBe(
      `https://h/x/api/v1/auth/token-auth/tokens/${ID}/revoke`,
    );
    expect(revokeUrl({ origin: 'https://h', prefix: '' }, '../a/b?c#d')).toBe(
      'https://h/api/v1/auth/token-auth/tokens/%2E%2E%2Fa%2Fb%3Fc%23d/revoke',
    );
  });
});

describe('judging an answer', () => {
  test('200 with the contract body is a revoke', () => {
    expect(judgeRevoke(at(200, { message: 'Successfully revoked access token' }))).toEqual({
      kind: 'revoked',
      message: 'Successfully revoked access token',
    });
  });
  test.each([
    ['HTML', '<!doctype html><html></html>', /an HTML page/],
    ['not JSON', 'ok', /a body that is not JSON: "ok"/],
    ['extra fields', { message: 'Ok', date: 'x' }, /JSON that is not a revoke answer/],
    ['message not a string', { message: 5 }, /JSON that is not a revoke answer/],
  ])('200 with %s is not', (_, body, detail) => {
    const verdict = judgeRevoke(at(200, body));
    expect(verdict).toMatchObject({ kind: 'failed', status: 200 });
    expect(verdict.kind === 'failed' && verdict.message).toMatch(detail);
  });
  test('a cut-off 200 is not a revoke', () => {
    expect(
      judgeRevoke(at(200, '{"message":"Successfully revoked access token"}', {}, true)),
    ).toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(/cut off/),
    });
  });
  test('404 NotFound is gone; an unknown route is a failure with the server-url hint', () => {
    expect(
      judgeRevoke(at(404, error(404, 'NotFound', 'Token with ID x not found or already revoked'))),
    ).toEqual({
      kind: 'gone',
      status: 404,
      reqId: 'req-1',
      errorName: 'NotFound',
      message: 'Token with ID x not found or already revoked',
    });
    expect(
      judgeRevoke(at(404, error(404, 'Not Found', 'Route POST:/api/x not found'))),
    ).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
    // A gateway in front of the wrong path: JSON, but not the service's NotFound.
    expect(judgeRevoke(at(404, { message: 'no Route matched with those values' }))).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
    expect(judgeRevoke(at(404, '<html>nginx 404</html>'))).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/server-url/),
    });
  });
  test('hints for token and permission problems; a refused access token is flagged', () => {
    expect(judgeRevoke(at(401, error(401, 'UnauthorizedError', 'Token missing')))).toMatchObject({
      kind: 'failed',
      refused: true,
      hint: expect.stringMatching(/missing, expired or revoked/),
    });
    // An expired *access token* is refused like any other: the token to revoke may be live.
    for (const message of ['jwt expired', 'jwt malformed']) {
      expect(judgeRevoke(at(403, error(403, 'TokenError', message)))).toMatchObject({
        kind: 'failed',
        refused: true,
      });
    }
    const denied = judgeRevoke(at(403, error(403, 'PermissionDenied', 'no')));
    expect(denied).toMatchObject({
      kind: 'failed',
      hint: expect.stringMatching(/Identity → Edit.*project/),
    });
    expect(denied).not.toHaveProperty('refused', true);
    const bad = judgeRevoke(at(400, error(400, 'BadRequest', 'x')));
    expect(bad.kind === 'failed' && bad.hint).toBeUndefined();
  });
  test('redirects name where they point, without the query', () => {
    expect(judgeRevoke(at(301, '', { location: 'https://other/x?token=abc' }))).toMatchObject({
      message: 'Moved Permanently: redirected to https://other/x',
    });
    expect(judgeRevoke(at(302, '', {}))).toMatchObject({
      message: 'Found: a redirect with no Location',
    });
    expect(judgeRevoke(at(307, '', { location: '/login' }))).toMatchObject({
      message: 'Temporary Redirect: redirected to "/login"',
    });
  });
  test('odd error bodies', () => {
    expect(judgeRevoke(at(503, ''))).toMatchObject({
      message: 'Service Unavailable (empty answer)',
    });
    expect(judgeRevoke(at(599, { statusCode: 599, message: null, error: '' }))).toMatchObject({
      message: '(no message)',
    });
    expect(judgeRevoke(at(500, { message: { nested: true } }))).toMatchObject({
      message: '{"nested":true}',
    });
    expect(judgeRevoke(at(500, [1, 2]))).toMatchObject({
      message: expect.stringMatching(/not Infisical's JSON/),
    });
  });
});

describe('rendering', () => {
  test('422 issue arrays read as sentences', () => {
    expect(
      renderMessage([{ path: ['a', 0], message: 'bad' }, { message: 'worse' }, 'plain', 7]),
    ).toBe('a.0: bad; worse; plain; 7');
  });
  test('excerpts drop markup and are cut', () => {
    expect(excerpt('<html><style>x{}</style><b>Bad</b>\n\n Gateway</html>')).toBe('"Bad Gateway"');
    expect(excerpt('<p></p>')).toBe('(no text)');
    expect(excerpt('y'.repeat(500))).toHaveLength(203);
  });
  test('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs(at(429, '', { 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(at(429, '', { 'retry-after': ['1.5'] }))).toBe(1500);
    expect(
      retryAfterMs(at(429, '', { 'retry-after': new Date(10_000).toUTCString() }), 4_000),
    ).toBe(6000);
    expect(retryAfterMs(at(429, '', { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(at(429, ''))).toBeUndefined();
  });
});

describe('settling results', () => {
  const policy = { ignoreNotFound: false };
  const notFound: Result = {
    tokenId: ID,
    self: false,
    outcome: 'not-found',
    status: 404,
    errorName: 'NotFound',
    message: 'gone.',
    reqId: 'req-2',
    attempts: 1,
  };
  const failed: Result = {
    tokenId: ID,
    self: false,
    outcome: 'failed',
    status: 503,
    errorName: 'X',
    message: 'X — down',
    reqId: 'req-3',
    attempts: 4,
  };
  test('lines', () => {
    expect(
      settle(
        { tokenId: ID, self: false, outcome: 'revoked', status: 200, message: 'ok', attempts: 1 },
        policy,
      ).line,
    ).toBe(`Revoked token ${ID}: ok.`);
    expect(settle(notFound, policy)).toMatchObject({
      done: false,
      line: expect.stringMatching(
        /^Could not revoke token .*: 404 NotFound — gone \(reqId: req-2\)\. To count/,
      ),
    });
    expect(settle(notFound, { ...policy, ignoreNotFound: true })).toMatchObject({
      done: true,
      line: expect.stringMatching(
        /already gone .*ignore-not-found is true\. \(Infisical says the same of a token of another login method, .*revoke those with token-id: self .*\)$/,
      ),
    });
    expect(settle(failed, policy).line).toBe(
      `Could not revoke token ${ID} after 4 attempts: 503 X — down (reqId: req-3).`,
    );
    // An expired token is dead whatever the policy: done, and the line says why.
    const expired: Result = {
      ...notFound,
      outcome: 'expired',
      status: 403,
      errorName: 'TokenError',
    };
    for (const ignoreNotFound of [false, true]) {
      expect(settle(expired, { ignoreNotFound })).toMatchObject({
        done: true,
        line: expect.stringMatching(
          /^Token .* has already expired, so there is nothing left to revoke \(403 TokenError — gone \(reqId: req-2\)\)\.$/,
        ),
      });
    }
  });
  test('outputs and summary for a batch', () => {
    const settled = [
      settle(
        { tokenId: 'a', self: false, outcome: 'revoked', status: 200, message: 'ok', attempts: 1 },
        policy,
      ),
      settle({ ...notFound, tokenId: 'b' }, policy),
      settle({ ...failed, tokenId: 'c' }, policy),
      settle(
        { tokenId: 'd', self: false, outcome: 'failed', message: 'no answer', attempts: 1 },
        policy,
      ),
    ];
    expect(outputsOf({ settled }, judge({ settled }))).toEqual({
      message:
        '3 of 4 tokens could not be revoked (see the errors above). 4 tokens: 1 revoked, 1 not found or already gone, 2 failed.',
      'request-id': '',
      revoked: '["a"]',
      'not-found': '[{"id":"b","status":404,"reqId":"req-2"}]',
      failed:
        '[{"id":"c","status":503,"error":"X","reqId":"req-3"},{"id":"d","status":null,"error":null,"reqId":null}]',
      'not-attempted': '[]',
      selected: '[]',
      'revoked-count': '1',
      'not-found-count': '1',
      'failed-count': '2',
      'not-attempted-count': '0',
    });
    const summary = summaryMarkdown({ settled }, judge({ settled }), {
      infisical: 'https://h',
      phase: 'main',
      at: new Date(0),
    });
    expect(summary).toMatch(/^### Infisical token revocation: 1 of 4 done\n/);
    expect(summary.split('\n').filter((line) => line.startsWith('|'))).toEqual([
      '| Token | Result | HTTP status | reqId | Note |',
      '| --- | --- | --- | --- | --- |',
      '| a | ✅ revoked | 200 | — |  |',
      '| b | ❌ not found | 404 | req-2 | gone. |',
      '| c | ❌ failed | 503 | req-3 | X — down |',
      '| d | ❌ failed | — | — | no answer |',
    ]);
  });
});
