// The fake Infisical against the published contract: every answer it gives on its own, status by
// status, fits the contract's schema; the check itself rejects what does not fit; and the copy of
// the contract in this repository is the one the team was given.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { makeJwt, contractSchema, startFake } from './support/harness.js';

function post(url: string, authorization?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: authorization ? { authorization } : {} },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the fake answers by the contract', () => {
  test('each status it gives on its own fits the schema for that status', async () => {
    // Refusals of the access token come before the route's limiter (onRequest, then preValidation):
    // of these answers only the 200, the 404 and the PermissionDenied count, so the 4th counted is 429.
    const fake = await startFake({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const allowed = `Bearer ${fake.addAccessToken(makeJwt({ sub: 'a' }))}`;
    const expired = `Bearer ${fake.addAccessToken(makeJwt({ sub: 'e' }), 'expired')}`;
    const denied = `Bearer ${fake.addAccessToken(makeJwt({ sub: 'd' }), 'denied')}`;
    const route = (id: string) => `${fake.url}/api/v1/auth/token-auth/tokens/${id}/revoke`;
    const id = fake.addToken();
    const answers = [
      await post(route(id), allowed), // 200
      await post(route(id), allowed), // 404 NotFound: already revoked
      await post(route(id)), // 401: no token
      await post(route(id), expired), // 403 TokenError
      await post(route(fake.addToken()), denied), // 403 PermissionDenied (the token exists)
      await post(`${fake.url}/api/v1/nope`, allowed), // 404 Not Found: unknown route
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 403, 403, 404]);
    for (const { status, body } of answers) {
      const validate = contractSchema(status);
      expect(validate).toBeDefined();
      expect(validate?.(body)).toBe(true);
    }
    const limited = await post(route(fake.addToken()), allowed);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'RateLimitExceeded' });
  });

  test('the check rejects bodies off the contract', () => {
    expect(contractSchema(200)?.({ message: 'ok', extra: 1 })).toBe(false);
    expect(contractSchema(404)?.({ message: 'no Route matched' })).toBe(false);
    expect(
      contractSchema(422)?.({
        reqId: 'r',
        statusCode: 422,
        error: 'ValidationFailure',
        message: [],
      }),
    ).toBe(true);
  });

  const shared = new URL('../../shared/contract/revoke-token.openapi.json', import.meta.url);
  (existsSync(shared) ? test : test.skip)(
    'the repository holds the shared contract unchanged',
    () => {
      const ours = readFileSync(
        new URL('../contract/revoke-token.openapi.json', import.meta.url),
        'utf8',
      );
      expect(JSON.parse(ours)).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
    },
  );
});
