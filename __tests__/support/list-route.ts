// A list route with the server's semantics, for the unit tests of listing and choosing: an
// identity's rows as a server serializes them, a fake `send` that pages through them (updatedAt
// descending, offset/limit) and records each request, and the context listAll runs in.
import type { Answer, Request, Send } from '../../src/http/index.js';
import { RateLimitPacer } from '../../src/calls/pacer.js';
import type { ListContext } from '../../src/select/index.js';

export const NOW = Date.parse('2026-11-20T12:00:00.000Z');
export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const DAY = 24 * HOUR;
export const ID_A = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546a';
export const ID_B = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546b';
export const ID_C = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546c';

export const answerOf = (
  status: number,
  body: unknown,
  headers: Answer['headers'] = {},
): Answer => ({
  status,
  headers,
  body: JSON.stringify(body),
  truncated: false,
});
export const errorBody = (
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
export const tokenId = (identityId: string, n: number): string =>
  `${identityId.slice(-1).repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An identity's rows as a server would serialize them; updated in the reverse of creation. */
export function population(identityId: string, count: number): Record<string, unknown>[] {
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
export function fakeServer(
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

export function contextOf(send: Send, stop = new AbortController().signal) {
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
