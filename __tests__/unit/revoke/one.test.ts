// How one revoke's attempts end (revokeToken), with a scripted `send` and no network: the
// lost-answer rule turns "already gone" after an answer that never came into a revoke; `self` goes
// to the access-token route; a refused or unreachable server is flagged so that the batch stops; a
// stopped run starts nothing new.
import { describe, expect, test } from '@jest/globals';
import { NetworkError, type Request } from '../../../src/http/index.js';
import type { Answer } from '../../../src/infisical/answers.js';
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
const json = (status: number, body: unknown): Answer => ({
  status,
  headers: {},
  body: JSON.stringify(body),
  truncated: false,
});
const error = (status: number, name: string, message: string) =>
  json(status, { reqId: `req-${status}`, statusCode: status, message, error: name });
const REVOKED = json(200, { message: 'Successfully revoked access token' });
const NOT_FOUND = error(404, 'NotFound', `Token with ID ${A} not found or already revoked`);
/** The connection broke after the request went out: it may have reached the server. */
const lost = () => new NetworkError('socket hang up', true, 'ECONNRESET');
/** Nothing was sent: the connection was refused. */
const refusedConnection = () => new NetworkError('connection refused', false, 'ECONNREFUSED');

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
  test('a lost answer, then 404 "already revoked": the lost attempt revoked it (with a note)', async () => {
    const { ctx, sent } = scripted([lost(), NOT_FOUND]);
    const result = await revokeToken(byId, ctx);
    expect(result).toMatchObject({
      tokenId: A,
      self: false,
      outcome: 'revoked',
      status: 404,
      reqId: 'req-404',
      attempts: 2,
      note: LOST_ANSWER_NOTE,
    });
    expect(sent).toHaveLength(2);
    // Done even without ignore-not-found, and the line says how it was decided.
    const settled = settle(result, { ignoreNotFound: false });
    expect(settled.done).toBe(true);
    expect(settled.line).toMatch(/^Revoked token .*Note: an earlier attempt reached the server/);
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
    expect(result).toMatchObject({ tokenId: OWN, self: true, outcome: 'revoked', attempts: 1 });
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://h.example/api/v1/auth/token/revoke',
        json: { accessToken: ctx.accessToken },
      },
    ]);
  });
  test('self: a lost answer, then 401 "No identity access token found": revoked, with a note', async () => {
    const { ctx } = scripted([
      lost(),
      error(401, 'UnauthorizedError', 'No identity access token found'),
    ]);
    const result = await revokeToken(self, ctx);
    expect(result).toMatchObject({ outcome: 'revoked', status: 401, note: LOST_ANSWER_NOTE });
  });
  test('self: 401 "No identity access token found" at once is already gone, not a revoke', async () => {
    const { ctx } = scripted([error(401, 'UnauthorizedError', 'No identity access token found')]);
    const result = await revokeToken(self, ctx);
    expect(result).toMatchObject({ outcome: 'not-found', status: 401, attempts: 1 });
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
