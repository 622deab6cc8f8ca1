// A dry run reads, never writes (lookUp, wouldRevoke): each token named in token-id is looked up
// (its row; for `self`, the access token used once) and reported as what a real run would find,
// with its log line; tokens just listed live are not read again; a refused access token halts the
// run; and only live and unreadable tokens count as "would be revoked".
import { describe, expect, test } from '@jest/globals';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import { NetworkError, type Request } from '../../../src/http/index.js';
import type { Answer } from '../../../src/infisical/answers.js';
import { lookUp, wouldRevoke, type LookContext, type Looked } from '../../../src/revoke/dry-run.js';
import type { StopReason } from '../../../src/stop/stopping.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5a';
const B = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5b';
const C = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5c';
const D = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5d';
const OWN = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const json = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
  truncated: false,
});
const error = (status: number, name: string, message: string) =>
  json(status, { reqId: `req-${status}`, statusCode: status, message, error: name });
const row = (id: string, isAccessTokenRevoked: boolean) =>
  json(200, { token: { id, isAccessTokenRevoked } });

/** Answers by URL: the token id's row, or identity details for `self`. */
function scripted(answers: Record<string, Answer | NetworkError>, listedLive: string[] = []) {
  const sent: Request[] = [];
  const log: string[] = [];
  const halted: StopReason[] = [];
  const ctx: LookContext = {
    server: { origin: 'https://h.example', prefix: '' },
    accessToken: 'the-access-token',
    listedLive: new Set(listedLive),
    halt: (stop) => halted.push(stop),
    retries: 0,
    send: async (request) => {
      sent.push(request);
      const key = request.url.endsWith('/identities/details')
        ? 'self'
        : (request.url.split('/').pop() as string);
      const answer = answers[key];
      if (answer === undefined) throw new Error(`no answer scripted for ${request.url}`);
      if (answer instanceof NetworkError) throw answer;
      return answer;
    },
    pacer: new RateLimitPacer({ now: () => 0, sleep: async () => undefined }),
    sleep: async () => undefined,
    log: (line) => log.push(line),
    stop: new AbortController().signal,
    random: () => 0,
  };
  return { ctx, sent, log, halted };
}

describe('lookUp: what a real run would find, read and never revoked', () => {
  test('live, already revoked, not found, and unreadable, each with its line', async () => {
    const { ctx, sent, log, halted } = scripted({
      [A]: row(A, false),
      [B]: row(B, true),
      [C]: error(404, 'NotFound', `Token with ID ${C} not found`),
      [D]: error(403, 'PermissionDenied', 'You are not allowed to read on identity'),
    });
    const looked = await lookUp(
      [A, B, C, D].map((tokenId) => ({ tokenId, self: false })),
      ctx,
    );
    expect(looked).toEqual([
      { tokenId: A, self: false, state: 'live' },
      { tokenId: B, self: false, state: 'already-revoked' },
      { tokenId: C, self: false, state: 'not-found' },
      {
        tokenId: D,
        self: false,
        state: 'unknown',
        why: '403 PermissionDenied — You are not allowed to read on identity',
      },
    ]);
    expect(log).toEqual([
      `Dry run: would revoke token ${A}.`,
      `Dry run: token ${B} is already revoked; a real run would find nothing to revoke.`,
      `Dry run: no Token Auth token answers to token ${C} for this access token (never one, pruned, or a token of another login method, which may be live).`,
      `Dry run: would try to revoke token ${D}; it could not be looked up (403 PermissionDenied — You are not allowed to read on identity).`,
    ]);
    // Reads only: every request a GET.
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
    expect(halted).toEqual([]);
  });
  test('a token just listed live is not read again', async () => {
    const { ctx, sent } = scripted({}, [A]);
    expect(await lookUp([{ tokenId: A, self: false }], ctx)).toEqual([
      { tokenId: A, self: false, state: 'live' },
    ]);
    expect(sent).toEqual([]);
  });
  test('self: identity details with the access token; 200 is live', async () => {
    const { ctx, sent, log } = scripted({ self: json(200, { identityDetails: {} }) });
    expect(await lookUp([{ tokenId: OWN, self: true }], ctx)).toEqual([
      { tokenId: OWN, self: true, state: 'live' },
    ]);
    expect(sent).toEqual([
      {
        method: 'GET',
        url: 'https://h.example/api/v1/identities/details',
        bearerToken: 'the-access-token',
      },
    ]);
    expect(log).toEqual([`Dry run: would revoke the access token itself (token ${OWN}).`]);
  });
  test('self refused (401): already revoked, and the dry run is halted as refused', async () => {
    const { ctx, halted } = scripted({ self: error(401, 'UnauthorizedError', 'Token revoked') });
    expect(await lookUp([{ tokenId: OWN, self: true }], ctx)).toEqual([
      { tokenId: OWN, self: true, state: 'already-revoked' },
    ]);
    expect(halted).toEqual([
      {
        kind: 'refused',
        reason:
          'Infisical refused the access token (401): it is revoked or unknown, so the dry run cannot read anything and a real run would fail.',
      },
    ]);
  });
  test('self expired (403 TokenError): halted, the access token is expired', async () => {
    const { ctx, halted } = scripted({
      self: error(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
    });
    await lookUp([{ tokenId: OWN, self: true }], ctx);
    expect(halted).toEqual([
      {
        kind: 'refused',
        reason:
          'Infisical refused the access token (403): it is expired, so the dry run cannot read anything and a real run would fail.',
      },
    ]);
  });
  test('a token read refused for the access token (401): unknown, and the dry run is halted', async () => {
    const { ctx, halted } = scripted({
      [A]: error(401, 'UnauthorizedError', 'Token missing'),
    });
    expect(await lookUp([{ tokenId: A, self: false }], ctx)).toEqual([
      { tokenId: A, self: false, state: 'unknown', why: '401 UnauthorizedError — Token missing' },
    ]);
    expect(halted).toEqual([
      {
        kind: 'refused',
        reason: `Infisical refused the access token (401 UnauthorizedError) when looking up token ${A}: a real run would fail the same way.`,
      },
    ]);
  });
  test('no answer: unknown, with the network error', async () => {
    const { ctx } = scripted({
      [A]: new NetworkError('connection refused', false, 'ECONNREFUSED'),
    });
    expect(await lookUp([{ tokenId: A, self: false }], ctx)).toEqual([
      { tokenId: A, self: false, state: 'unknown', why: 'connection refused' },
    ]);
  });
  test('stopped: nothing is read, unknown', async () => {
    const stop = new AbortController();
    stop.abort();
    const { ctx, sent } = scripted({});
    ctx.stop = stop.signal;
    expect(await lookUp([{ tokenId: A, self: false }], ctx)).toEqual([
      { tokenId: A, self: false, state: 'unknown', why: 'the run stopped first' },
    ]);
    expect(sent).toEqual([]);
  });
});

describe('wouldRevoke: only live and unreadable tokens', () => {
  test('already revoked and not found would not be revoked; live and unknown would', () => {
    const looked: Looked[] = [
      { tokenId: A, self: false, state: 'live' },
      { tokenId: B, self: false, state: 'already-revoked' },
      { tokenId: C, self: false, state: 'not-found' },
      { tokenId: D, self: false, state: 'unknown', why: 'no answer' },
      { tokenId: OWN, self: true, state: 'live' },
    ];
    expect(wouldRevoke(looked)).toEqual([looked[0], looked[3], looked[4]]);
    expect(wouldRevoke([])).toEqual([]);
  });
});
