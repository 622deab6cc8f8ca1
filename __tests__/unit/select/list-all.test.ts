// Listing every identity's tokens (listAll) against a list route with the server's semantics: the
// pages read (offset 0 and 100, limit 100), a full list flagged, rows read twice kept once, list
// errors on one line, and a refused, unreachable or stopped run that lists nothing more.
import { describe, expect, test } from '@jest/globals';
import { NetworkError, type Send } from '../../../src/http/index.js';
import { LIST_ANSWER_MAX_BYTES, LIST_HINTS } from '../../../src/infisical/list.js';
import { fullListWarning, listAll } from '../../../src/select/index.js';
import {
  answerOf,
  contextOf,
  errorBody,
  fakeServer,
  ID_A,
  ID_B,
  ID_C,
  NOW,
  population,
  SECOND,
  tokenId,
} from '../../support/list-route.js';

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
