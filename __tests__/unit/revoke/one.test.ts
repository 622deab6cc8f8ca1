// How one revoke's attempts end (revokeToken), with a scripted `send` and no network: without a
// read-back (verify: false) a lookup's 404 stays "not found" and a self-revoke's 401 "already
// revoked"; `self` goes to the access-token route; a refused or unreachable server is flagged so
// that the batch stops; a stopped run starts nothing new. With the read-back (docs/infisical-api.md,
// "Read back"), what is reported is what the server shows after the revoke: the lost-answer rule
// turns "already revoked" after an answer that never came into a revoke only when the read-back
// shows the token revoked.
import { describe, expect, test } from '@jest/globals';
import { NetworkError, type Request } from '../../../src/http/index.js';
import { HINTS, type Answer } from '../../../src/infisical/answers.js';
import { settle } from '../../../src/revoke/settle.js';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import { revokeToken, LOST_ANSWER_NOTE, type RevokeContext } from '../../../src/revoke/one.js';
import type { Target } from '../../../src/revoke/target.js';
import { makeJwt } from '../../support/harness.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const OWN = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const ownToken = (id = OWN) =>
  makeJwt({ identityAccessTokenId: id, authTokenType: 'identityAccessToken' });
type Step = Answer | NetworkError;
/** Infisical's answers are application/json (Fastify's serializer). */
const json = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
  truncated: false,
});
const error = (status: number, name: string, message: string) =>
  json(status, { reqId: `req-${status}`, statusCode: status, message, error: name });
/** Infisical's exact success answer: JSON `{"message":"Successfully revoked access token"}`. */
const REVOKED = json(200, { message: 'Successfully revoked access token' });
const NOT_FOUND = error(404, 'NotFound', `Token with ID ${A} not found or already revoked`);
/** The connection broke after the request went out: it may have reached the server. */
const lost = () => new NetworkError('socket hang up', true, 'ECONNRESET');
/** Nothing was sent: the connection was refused. */
const refusedConnection = () => new NetworkError('connection refused', false, 'ECONNREFUSED');

/** A scripted context without read-backs (`verify: false`). */
function scripted(steps: Step[], overrides: Partial<RevokeContext> = {}) {
  const sent: Request[] = [];
  const slept: number[] = [];
  const log: string[] = [];
  const ctx: RevokeContext = {
    server: { origin: 'https://h.example', prefix: '' },
    accessToken: ownToken(),
    retries: 3,
    send: async (request) => {
      sent.push(request);
      const step = steps.shift();
      if (step === undefined) throw new Error('the test sent more requests than it scripted');
      if (step instanceof NetworkError) throw step;
      return step;
    },
    pacer: new RateLimitPacer({ now: () => 0, sleep: async () => undefined }),
    sleep: async (ms) => {
      slept.push(ms);
    },
    log: (line) => log.push(line),
    stop: new AbortController().signal,
    random: () => 0,
    ...overrides,
  };
  return { ctx, sent, slept, log };
}
const byId: Target = { tokenId: A, self: false };
const self: Target = { tokenId: OWN, self: true };

describe('revokeToken', () => {
  test('verify false: a lost answer, then 404 "already revoked" is not found (unread, the lost attempt cannot be shown to have revoked it)', async () => {
    const { ctx, sent } = scripted([lost(), NOT_FOUND]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'not-found',
      status: 404,
      errorName: 'NotFound',
      reqId: 'req-404',
      message: `Token with ID ${A} not found or already revoked`,
      attempts: 2,
      readBack: { kind: 'off' },
    });
    expect(result.note).toBeUndefined();
    expect(sent).toHaveLength(2);
    // Not done without ignore-not-found: nothing shows that this run revoked it.
    expect(settle(result, { ignoreNotFound: false }).done).toBe(false);
    expect(settle(result, { ignoreNotFound: true }).done).toBe(true);
  });
  test('a connection refused (nothing sent), then 404: not found, no note', async () => {
    const { ctx } = scripted([refusedConnection(), NOT_FOUND]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'not-found', status: 404, attempts: 2 });
    expect(result.note).toBeUndefined();
  });
  test('self goes to /auth/token/revoke with the token in the body, no Authorization', async () => {
    const { ctx, sent } = scripted([REVOKED]);
    const result = await revokeToken(self, ctx);
    expect(result).toEqual({
      tokenId: OWN,
      self: true,
      outcome: 'revoked',
      status: 200,
      message: 'Successfully revoked access token',
      attempts: 1,
      readBack: { kind: 'off' },
    });
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://h.example/api/v1/auth/token/revoke',
        json: { accessToken: ctx.accessToken },
      },
    ]);
  });
  test('self, verify false: a lost answer, then 401 "No identity access token found" is already revoked (unread: no lost-answer note)', async () => {
    const { ctx } = scripted([
      lost(),
      error(401, 'UnauthorizedError', 'No identity access token found'),
    ]);
    const result = await revokeToken(self, ctx);
    expect(result).toMatchObject({
      outcome: 'already-revoked',
      status: 401,
      attempts: 2,
      readBack: { kind: 'off' },
    });
    expect(result.note).toBeUndefined();
  });
  test('self: 401 "No identity access token found" at once is already revoked, not a revoke', async () => {
    const { ctx } = scripted([error(401, 'UnauthorizedError', 'No identity access token found')]);
    const result = await revokeToken(self, ctx);
    expect(result).toMatchObject({ outcome: 'already-revoked', status: 401, attempts: 1 });
    expect(settle(result, { ignoreNotFound: false }).done).toBe(false);
    expect(settle(result, { ignoreNotFound: true }).done).toBe(true);
    // Never the refusal that stops a batch: it is the answer about the token itself.
    expect(result.refused).toBeFalsy();
  });
  test('self: an expired access token is dead: expired, done', async () => {
    const { ctx } = scripted([
      error(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
    ]);
    const result = await revokeToken(self, ctx);
    expect(result).toMatchObject({ outcome: 'expired', status: 403, attempts: 1 });
    expect(settle(result, { ignoreNotFound: false }).done).toBe(true);
  });
  test('401 on the Token Auth route: failed at once, flagged refused', async () => {
    const { ctx, sent } = scripted([error(401, 'UnauthorizedError', 'Token missing')]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'failed', status: 401, refused: true, attempts: 1 });
    expect(sent).toHaveLength(1);
  });
  test('"Failed to find identity" fails even with ignore-not-found', async () => {
    const { ctx } = scripted([error(404, 'NotFound', 'Failed to find identity with ID x')]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'failed', status: 404 });
    expect(result.refused).toBeFalsy();
    expect(settle(result, { ignoreNotFound: true }).done).toBe(false);
  });
  test('no answer on any attempt: failed and flagged unreachable', async () => {
    const { ctx, sent, slept } = scripted([
      refusedConnection(),
      refusedConnection(),
      refusedConnection(),
      refusedConnection(),
    ]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'failed', attempts: 4, unreachable: true });
    expect(result.message).toMatch(/^no answer from Infisical at https:\/\/h\.example: /);
    expect(sent).toHaveLength(4);
    expect(slept).toHaveLength(3);
  });
  test('an answer once, then only network errors: failed, but not unreachable', async () => {
    const { ctx } = scripted([
      error(503, 'ServiceUnavailable', 'down'),
      refusedConnection(),
      refusedConnection(),
      refusedConnection(),
    ]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'failed', attempts: 4 });
    expect(result.unreachable).toBeFalsy();
  });
  test('stopped before the first attempt: not attempted, nothing sent', async () => {
    const stop = new AbortController();
    stop.abort();
    const { ctx, sent } = scripted([REVOKED], { stop: stop.signal });
    expect(await revokeToken(byId, ctx)).toEqual({
      tokenId: A,
      self: false,
      outcome: 'not-attempted',
      message: 'not attempted: the run stopped before it',
      attempts: 0,
    });
    expect(sent).toEqual([]);
  });
  test('stopped during the backoff: failed with the last reason, "not retried"', async () => {
    const stop = new AbortController();
    const { ctx, sent } = scripted([error(503, 'ServiceUnavailable', 'down'), REVOKED], {
      stop: stop.signal,
      // The stop comes while the retry waits (sleepUnless ends the wait then).
      sleep: async () => stop.abort(),
    });
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(result.message).toMatch(/^503 ServiceUnavailable; not retried: the run stopped$/);
    expect(sent).toHaveLength(1);
    expect(settle(result, { ignoreNotFound: true }).done).toBe(false);
  });
});

/**
 * A scripted context with read-backs (`verify: true`): one script for every request, in the order
 * sent, and the reads' own pacer, as the action gives them.
 */
function verified(steps: Step[], overrides: Partial<RevokeContext> = {}) {
  const scriptedCtx = scripted(steps, overrides);
  const { ctx } = scriptedCtx;
  ctx.reads = {
    retries: ctx.retries,
    send: ctx.send,
    pacer: new RateLimitPacer({ now: () => 0, sleep: async () => undefined }),
    sleep: ctx.sleep,
    log: ctx.log,
    stop: ctx.stop,
    random: ctx.random,
  };
  return scriptedCtx;
}
/** GET …/tokens/{id}: the row, revoked or live. */
const row = (revokedFlag: boolean) =>
  json(200, { token: { id: A, name: 'ci', isAccessTokenRevoked: revokedFlag } });
/** The token lookup's 404 once the row is pruned (or was never a Token Auth row). */
const NO_ROW = error(404, 'NotFound', `Token with ID ${A} not found`);
const READ_DENIED = error(403, 'PermissionDenied', 'You are not allowed to read on identity');
const DETAILS_LIVE = json(200, { identityDetails: { organization: { id: 'o', name: 'Org' } } });
const DETAILS_REVOKED = error(401, 'UnauthorizedError', 'Token revoked');
const HTML = {
  status: 200,
  headers: { 'content-type': 'text/html' },
  body: '<!DOCTYPE html><html><body>Infisical</body></html>',
  truncated: false,
} satisfies Answer;
const HTML_SAID =
  "OK, but an HTML page, not Infisical's API (a wrong server-url reaches its web app)";
const readOf = (token: string, id = A): Request => ({
  method: 'GET',
  url: `https://h.example/api/v1/auth/token-auth/tokens/${id}`,
  bearerToken: token,
});
const detailsOf = (token: string): Request => ({
  method: 'GET',
  url: 'https://h.example/api/v1/identities/details',
  bearerToken: token,
});
const DENIED_WHY =
  '403 PermissionDenied — You are not allowed to read on identity (reqId: req-403) (reading a token back needs Identity → Read on its identity)';

describe('revokeToken with the read-back: what is reported is what the server shows', () => {
  test("Infisical's exact 200, then the row revoked: revoked, shown by the server", async () => {
    const { ctx, sent } = verified([REVOKED, row(true)]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'revoked',
      status: 200,
      message: 'Successfully revoked access token',
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(sent).toEqual([
      {
        method: 'POST',
        url: `https://h.example/api/v1/auth/token-auth/tokens/${A}/revoke`,
        bearerToken: ctx.accessToken,
      },
      readOf(ctx.accessToken),
    ]);
    expect(settle(result, { ignoreNotFound: false })).toMatchObject({
      done: true,
      line: `Revoked token ${A}: Successfully revoked access token.`,
    });
  });
  test("Infisical's exact 200, then the row live twice (read again after a pause, for a lagging replica): failed, the token still works", async () => {
    const { ctx, sent } = verified([REVOKED, row(false), row(false)]);
    const result = await revokeToken(byId, ctx);
    expect(sent).toHaveLength(3);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'failed',
      status: 200,
      message:
        'Successfully revoked access token, but the token still works: the read-back shows it live',
      hint: 'Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.',
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(settle(result, { ignoreNotFound: true }).done).toBe(false);
  });
  test('Infisical\'s exact 200, then no row (404 "Token with ID … not found"): revoked, but unverified (pruned, or never a Token Auth token)', async () => {
    const { ctx } = verified([REVOKED, NO_ROW]);
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'revoked',
      status: 200,
      readBack: {
        kind: 'unverified',
        why: expect.stringMatching(/^no Token Auth row answers to this id any more/),
      },
    });
  });
  test("Infisical's exact 200, then the row live once and revoked on the second read (a lagging replica): revoked", async () => {
    const { ctx, sent } = verified([REVOKED, row(false), row(true)]);
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'revoked',
      readBack: { kind: 'shown' },
    });
    expect(sent).toHaveLength(3);
  });
  test("Infisical's exact 200, then a read refused (403 PermissionDenied): revoked, unverified", async () => {
    const { ctx, sent } = verified([REVOKED, READ_DENIED]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'revoked',
      status: 200,
      message: 'Successfully revoked access token',
      attempts: 1,
      readBack: { kind: 'unverified', why: DENIED_WHY },
    });
    expect(sent).toHaveLength(2);
    expect(settle(result, { ignoreNotFound: false })).toMatchObject({
      done: true,
      line: `Revoked token ${A}: Successfully revoked access token. Not verified: the read-back could not be made (${DENIED_WHY}).`,
    });
  });
  test("Infisical's exact 200, then no answer to the read: revoked, unverified", async () => {
    const { ctx } = verified([REVOKED, refusedConnection()], { retries: 0 });
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'revoked',
      readBack: { kind: 'unverified', why: 'no answer: connection refused' },
    });
  });
  test('a 200 that is not the success answer (HTML), then the row revoked: revoked, with a note', async () => {
    const { ctx } = verified([HTML, row(true)]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'revoked',
      status: 200,
      message: HTML_SAID,
      note: "the answer was not Infisical's success answer, but the read-back shows the token revoked",
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(settle(result, { ignoreNotFound: false }).done).toBe(true);
  });
  test('a 200 that is not the success answer (HTML), then the read refused: failed, it may still work', async () => {
    const { ctx } = verified([HTML, READ_DENIED]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'failed',
      status: 200,
      message: `${HTML_SAID}; the token could not be shown revoked (${DENIED_WHY}), so it may still work`,
      hint: HINTS.serverUrl,
      attempts: 1,
      readBack: { kind: 'unverified', why: DENIED_WHY },
    });
    expect(settle(result, { ignoreNotFound: true }).done).toBe(false);
  });
  test("a 200 that is not the success answer (HTML), then the row live (twice): failed, the token still works, with the HTML page's own hint (server-url)", async () => {
    const { ctx } = verified([HTML, row(false), row(false)]);
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'failed',
      status: 200,
      message: `${HTML_SAID}, but the token still works: the read-back shows it live`,
      hint: HINTS.serverUrl,
      readBack: { kind: 'shown' },
    });
  });
  test('404 "not found or already revoked", then the row revoked: already revoked (not by this run)', async () => {
    const { ctx, sent } = verified([NOT_FOUND, row(true)]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'already-revoked',
      status: 404,
      errorName: 'NotFound',
      reqId: 'req-404',
      message: `Token with ID ${A} not found or already revoked`,
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(sent).toEqual([expect.objectContaining({ method: 'POST' }), readOf(ctx.accessToken)]);
    expect(settle(result, { ignoreNotFound: false }).done).toBe(false);
    expect(settle(result, { ignoreNotFound: true }).done).toBe(true);
  });
  test('404 "not found or already revoked", then no row either: not found', async () => {
    const { ctx } = verified([NOT_FOUND, NO_ROW]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({
      outcome: 'not-found',
      status: 404,
      reqId: 'req-404',
      readBack: { kind: 'shown' },
    });
    expect(result.note).toBeUndefined();
  });
  test('a lost answer (502), then 404 "already revoked" and the row revoked: revoked, with the lost-answer note', async () => {
    const { ctx, sent } = verified([error(502, 'BadGateway', 'Bad Gateway'), NOT_FOUND, row(true)]);
    const result = await revokeToken(byId, ctx);
    expect(result).toEqual({
      tokenId: A,
      self: false,
      outcome: 'revoked',
      status: 404,
      errorName: 'NotFound',
      reqId: 'req-404',
      message: `Token with ID ${A} not found or already revoked`,
      note: LOST_ANSWER_NOTE,
      attempts: 2,
      readBack: { kind: 'shown' },
    });
    expect(sent.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
    // Done even without ignore-not-found, and the line says how it was decided.
    const settled = settle(result, { ignoreNotFound: false });
    expect(settled.done).toBe(true);
    expect(settled.line).toMatch(/^Revoked token .*Note: an earlier attempt reached the server/);
  });
  test('a lost answer (connection reset), then 404 and the row revoked: revoked, with the note', async () => {
    const { ctx } = verified([lost(), NOT_FOUND, row(true)]);
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'revoked',
      note: LOST_ANSWER_NOTE,
      attempts: 2,
    });
  });
  test('a lost answer (502), then 404 and the read 404 too: not found, no note', async () => {
    const { ctx } = verified([error(502, 'BadGateway', 'Bad Gateway'), NOT_FOUND, NO_ROW]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({
      outcome: 'not-found',
      status: 404,
      attempts: 2,
      readBack: { kind: 'shown' },
    });
    expect(result.note).toBeUndefined();
  });
  test('a plain failure is not read back', async () => {
    const { ctx, sent } = verified([error(404, 'NotFound', 'Failed to find identity with ID x')]);
    expect(await revokeToken(byId, ctx)).toMatchObject({ outcome: 'failed', status: 404 });
    expect(sent).toHaveLength(1);
  });
  test('self: 401 "Cannot renew revoked or unknown access token", then the token refused: already revoked', async () => {
    const { ctx, sent } = verified([
      error(401, 'UnauthorizedError', 'Cannot renew revoked or unknown access token'),
      DETAILS_REVOKED,
    ]);
    const result = await revokeToken(self, ctx);
    expect(result).toEqual({
      tokenId: OWN,
      self: true,
      outcome: 'already-revoked',
      status: 401,
      errorName: 'UnauthorizedError',
      reqId: 'req-401',
      message: 'Cannot renew revoked or unknown access token',
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(sent).toEqual([
      expect.objectContaining({ url: 'https://h.example/api/v1/auth/token/revoke' }),
      detailsOf(ctx.accessToken),
    ]);
    expect(result.refused).toBeFalsy();
  });
  test('self: a lost answer, then 401 "No identity access token found" and the token refused: revoked, with the note', async () => {
    const { ctx } = verified([
      lost(),
      error(401, 'UnauthorizedError', 'No identity access token found'),
      DETAILS_REVOKED,
    ]);
    expect(await revokeToken(self, ctx)).toMatchObject({
      outcome: 'revoked',
      status: 401,
      note: LOST_ANSWER_NOTE,
      readBack: { kind: 'shown' },
    });
  });
  test("self: Infisical's exact 200, then the token refused as revoked (401): revoked", async () => {
    const { ctx } = verified([REVOKED, DETAILS_REVOKED]);
    expect(await revokeToken(self, ctx)).toMatchObject({
      outcome: 'revoked',
      status: 200,
      readBack: { kind: 'shown' },
    });
  });
  test("self: Infisical's exact 200, then the token expired (403 TokenError): revoked", async () => {
    const { ctx } = verified([
      REVOKED,
      error(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
    ]);
    expect(await revokeToken(self, ctx)).toMatchObject({
      outcome: 'revoked',
      readBack: { kind: 'shown' },
    });
  });
  test("self: Infisical's exact 200, then identity details answer 200 (twice): failed, the token still works", async () => {
    const { ctx, sent } = verified([REVOKED, DETAILS_LIVE, DETAILS_LIVE]);
    const result = await revokeToken(self, ctx);
    expect(result).toEqual({
      tokenId: OWN,
      self: true,
      outcome: 'failed',
      status: 200,
      message:
        'Successfully revoked access token, but the token still works: the read-back shows it live',
      hint: 'Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.',
      attempts: 1,
      readBack: { kind: 'shown' },
    });
    expect(sent).toEqual([
      expect.objectContaining({ method: 'POST' }),
      detailsOf(ctx.accessToken),
      detailsOf(ctx.accessToken),
    ]);
  });
  test('verify false (no reads): nothing is read back, and the readBack says off', async () => {
    const { ctx, sent } = scripted([REVOKED]);
    expect(ctx.reads).toBeUndefined();
    expect(await revokeToken(byId, ctx)).toMatchObject({
      outcome: 'revoked',
      readBack: { kind: 'off' },
    });
    expect(sent).toHaveLength(1);
  });
  test('verify false: a 200 that is not the success answer fails, since nothing can show it revoked', async () => {
    const { ctx, sent } = scripted([HTML]);
    expect(await revokeToken(byId, ctx)).toEqual({
      tokenId: A,
      self: false,
      outcome: 'failed',
      status: 200,
      message: `${HTML_SAID}; the token could not be shown revoked (verify is false), so it may still work`,
      hint: HINTS.serverUrl,
      attempts: 1,
      readBack: { kind: 'off' },
    });
    expect(sent).toHaveLength(1);
  });
});
