// The fake Infisical's two server generations, over HTTP on loopback: 'legacy' (a row per access
// token, read on every request) and 'current' (Infisical Cloud and self-hosted v0.160+, after
// Infisical PR #6234: logins write no row, the JWT carries its own claims, revocations are markers,
// renewals and uses are not written into rows), as docs/infisical-api.md describes them; the
// identities/details read-back both answer, the edit-only role, and the proxy faults. Every JSON
// answer here is also checked against its route's schema by the harness after each test.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type FakeInfisical, type FakeOptions } from '../testbed/fake-infisical.js';
import {
  gatewayErrorAfterRevoke,
  gatewayErrorWithoutRevoke,
  okTokenNotFoundWithoutRevoking,
  successAsTextPlainWithoutRevoking,
  successWithoutRevoking,
} from '../testbed/faults.js';
import { makeJwt, routeSchema, startFake, startGitHubOidc } from './support/harness.js';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

async function call(
  fake: FakeInfisical,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, body });
  const text = await res.text();
  const json = /json/.test(res.headers.get('content-type') ?? '') && text !== '';
  return { status: res.status, body: json ? JSON.parse(text) : text, headers: res.headers };
}

const revoke = (fake: FakeInfisical, id: string, token: string) =>
  call(fake, 'POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`, { token });
const tokenRevoke = (fake: FakeInfisical, accessToken: string) =>
  call(fake, 'POST', '/api/v1/auth/token/revoke', { body: { accessToken } });
const renew = (fake: FakeInfisical, accessToken: string) =>
  call(fake, 'POST', '/api/v1/auth/token/renew', { body: { accessToken } });
const details = (fake: FakeInfisical, token?: string) =>
  call(fake, 'GET', '/api/v1/identities/details', { token });
const getToken = (fake: FakeInfisical, id: string, token: string) =>
  call(fake, 'GET', `/api/v1/auth/token-auth/tokens/${id}`, { token });
const list = (fake: FakeInfisical, token: string) =>
  call(fake, 'GET', `/api/v1/auth/token-auth/identities/${fake.identityId}/tokens`, { token });
const uaLogin = (fake: FakeInfisical, clientId: string, clientSecret: string) =>
  call(fake, 'POST', '/api/v1/auth/universal-auth/login', { body: { clientId, clientSecret } });

const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());

const REVOKED = { message: 'Successfully revoked access token' };
const problem = (status: number, error: string, message: unknown) => ({
  status,
  body: expect.objectContaining({ statusCode: status, error, message }),
});
const unauthorized = (message: string) => problem(401, 'UnauthorizedError', message);

const legacy = (options: FakeOptions = {}) => startFake({ ...options, generation: 'legacy' });
const current = (options: FakeOptions = {}) => startFake({ ...options, generation: 'current' });
const GENERATIONS = [
  ['legacy', legacy],
  ['current', current],
] as const;

describe('the generation option', () => {
  test('defaults to legacy; /api/status reports the max token age on current only', async () => {
    const plain = await startFake();
    expect(plain.generation).toBe('legacy');
    const status = await call(plain, 'GET', '/api/status');
    expect(status.body).not.toHaveProperty('maxIdentityAccessTokenTTL');
    const cloud = await current({ maxTokenAgeSeconds: 86_400 });
    expect(cloud.generation).toBe('current');
    expect((await call(cloud, 'GET', '/api/status')).body).toMatchObject({
      message: 'Ok',
      maxIdentityAccessTokenTTL: 86_400,
    });
    expect((await call(await current(), 'GET', '/api/status')).body).toMatchObject({
      maxIdentityAccessTokenTTL: 7_776_000,
    });
  });
});

describe('issuing', () => {
  test('current: a Universal Auth login writes no row and its JWT carries every claim', async () => {
    const fake = await current({ loginTtl: 3600 });
    const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
    const login = await uaLogin(fake, clientId, clientSecret);
    expect(login).toMatchObject({ status: 200, body: { expiresIn: 3600, tokenType: 'Bearer' } });
    const claims = claimsOf(login.body.accessToken);
    const id = claims.jti as string;
    expect(claims).toEqual({
      jti: id,
      identityAccessTokenId: id,
      identityId: fake.identityId,
      orgId: fake.orgId,
      rootOrgId: fake.orgId,
      parentOrgId: fake.orgId,
      authMethod: 'universal-auth',
      authTokenType: 'identityAccessToken',
      accessTokenTTL: 3600,
      accessTokenMaxTTL: 2_592_000,
      accessTokenPeriod: 0,
      creationEpoch: expect.any(Number),
      iat: expect.any(Number),
      exp: (claims.iat as number) + 3600,
      clientSecretId: expect.any(String),
    });
    expect(fake.token(id)).toBeUndefined();
    // No row, and still a live bearer of its identity.
    expect(await details(fake, login.body.accessToken)).toMatchObject({ status: 200 });
  });

  test('legacy: every login writes a row; current: only Token Auth does', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      for (const authMethod of ['TOKEN_AUTH', 'OIDC_AUTH', 'UNIVERSAL_AUTH'] as const) {
        const { id } = fake.issueAccessToken({ authMethod });
        const expected = name === 'legacy' || authMethod === 'TOKEN_AUTH';
        expect([name, authMethod, fake.token(id) !== undefined]).toEqual([
          name,
          authMethod,
          expected,
        ]);
      }
    }
  });

  test('current: exp is always set and capped by the max age; legacy TTL 0 has none', async () => {
    const fake = await current({ maxTokenAgeSeconds: 1000 });
    const forever = claimsOf(fake.issueAccessToken({ ttl: 0 }).token);
    expect((forever.exp as number) - (forever.iat as number)).toBe(1000);
    const long = claimsOf(fake.issueAccessToken({ ttl: 5000, maxTtl: 5000 }).token);
    expect((long.exp as number) - (long.iat as number)).toBe(1000);
    const old = await legacy();
    expect(claimsOf(old.issueAccessToken({ ttl: 0 }).token)).not.toHaveProperty('exp');
  });

  test('a pre-redesign token on a current fake: legacy claims and a row of its method', async () => {
    const fake = await current();
    const { token, id } = fake.issueAccessToken({ preRedesign: true, authMethod: 'OIDC_AUTH' });
    const claims = claimsOf(token);
    expect(claims).not.toHaveProperty('jti');
    expect(claims).not.toHaveProperty('orgId');
    expect(claims.identityAccessTokenId).toBe(id);
    expect(fake.token(id)?.authMethod).toBe('OIDC_AUTH');
  });
});

describe('checking a bearer token', () => {
  test('current: the row is not read for a current token; legacy: a pruned row ends it', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      // TTL 60 s, issued 50 s ago: its row is past its TTL 30 s from now, its JWT still live now.
      const { token, id } = fake.issueAccessToken({ ttl: 60, ageSeconds: 50 });
      expect(fake.prune(Date.now() + 30_000)).toEqual([id]);
      const answer = await details(fake, token);
      if (name === 'current') expect(answer).toMatchObject({ status: 200 });
      else expect(answer).toMatchObject(unauthorized('No identity access token found'));
    }
  });

  test('current: a pre-redesign token is checked against its row, on every route', async () => {
    const fake = await current();
    const own = fake.issueAccessToken({ preRedesign: true });
    expect(await details(fake, own.token)).toMatchObject({ status: 200 });
    expect(await revoke(fake, own.id, own.token)).toMatchObject({ status: 200, body: REVOKED });
    const gone = unauthorized('Cannot renew revoked or unknown access token');
    expect(await details(fake, own.token)).toMatchObject(gone);
    expect(await list(fake, own.token)).toMatchObject(gone);
    expect(await getToken(fake, own.id, own.token)).toMatchObject(gone);
    fake.prune();
    expect(fake.token(own.id)).toBeUndefined();
    expect(await details(fake, own.token)).toMatchObject(gone);
    // Without exp: past the enforcement date plus the max age, refused for its age.
    const noExp = fake.issueAccessToken({ preRedesign: true, ttl: 0 });
    expect(await details(fake, noExp.token)).toMatchObject(
      unauthorized('Identity access token exceeded max age, please re-authenticate'),
    );
  });

  test('current: "revoke all" refuses the identity’s older tokens, not newer ones', async () => {
    const fake = await current();
    const before = fake.issueAccessToken();
    fake.revokeAllOf(fake.identityId);
    const after = fake.issueAccessToken();
    expect(await details(fake, before.token)).toMatchObject(
      unauthorized('Failed to authorize: identity tokens have been revoked'),
    );
    expect(await details(fake, after.token)).toMatchObject({ status: 200 });
    expect(fake.isLive(before.token)).toBe(false);
    expect(fake.isLive(after.token)).toBe(true);
  });

  test('usage: current counts uses apart from the row (stale there); legacy writes the row', async () => {
    const fake = await current();
    const limited = fake.issueAccessToken({ numUsesLimit: 2 });
    expect(fake.isLive(limited.token)).toBe(true); // a probe spends no use
    expect((await details(fake, limited.token)).status).toBe(200);
    expect((await details(fake, limited.token)).status).toBe(200);
    expect(await details(fake, limited.token)).toMatchObject(
      unauthorized('Failed to authorize: token usage limit reached'),
    );
    expect(fake.token(limited.id)).toMatchObject({
      accessTokenNumUses: 0,
      accessTokenLastUsedAt: null,
    });
    const old = await legacy();
    const used = old.issueAccessToken();
    await details(old, used.token);
    await details(old, used.token);
    expect(old.token(used.id)).toMatchObject({
      accessTokenNumUses: 2,
      accessTokenLastUsedAt: expect.any(Date),
    });
  });
});

describe('renewing (POST /api/v1/auth/token/renew)', () => {
  test('legacy sets accessTokenLastRenewedAt; current re-signs the same id and writes nothing', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      const { token, id } = fake.issueAccessToken({ ttl: 600, ageSeconds: 100 });
      const row = fake.token(id);
      const renewed = await renew(fake, token);
      expect(renewed).toMatchObject({
        status: 200,
        body: { expiresIn: 600, accessTokenMaxTTL: 2_592_000, tokenType: 'Bearer' },
      });
      const claims = claimsOf(renewed.body.accessToken);
      expect(claims.identityAccessTokenId).toBe(id);
      expect(claims.exp as number).toBeGreaterThan(claimsOf(token).exp as number);
      expect(await details(fake, renewed.body.accessToken)).toMatchObject({ status: 200 });
      if (name === 'legacy') {
        expect(fake.token(id)?.accessTokenLastRenewedAt).toBeInstanceOf(Date);
        expect(fake.token(id)?.updatedAt.getTime()).toBeGreaterThan(row?.updatedAt.getTime() ?? 0);
      } else {
        expect(claims.jti).toBe(id);
        expect(fake.token(id)).toEqual(row);
      }
    }
  });

  test('current: a renewed token outlives its pruned row; legacy keeps the row', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      const bearer = fake.issueAccessToken().token;
      const { token, id } = fake.issueAccessToken({ ttl: 60, ageSeconds: 50 });
      const renewed = fake.renew(token);
      // 30 s on: past createdAt + TTL, not past the renewal + TTL.
      const pruned = fake.prune(Date.now() + 30_000);
      if (name === 'legacy') {
        expect(pruned).toEqual([]);
        expect(await getToken(fake, id, bearer)).toMatchObject({ status: 200 });
        continue;
      }
      expect(pruned).toEqual([id]);
      expect(await details(fake, renewed)).toMatchObject({ status: 200 });
      expect(await revoke(fake, id, bearer)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${id} not found or already revoked`),
      );
      expect(await getToken(fake, id, bearer)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${id} not found`),
      );
    }
  });

  test('refusals: revoked, past the max TTL, not an identity token', async () => {
    const fake = await current();
    const revoked = fake.issueAccessToken();
    await tokenRevoke(fake, revoked.token);
    expect(await renew(fake, revoked.token)).toMatchObject(
      unauthorized('Failed to authorize: token has been revoked'),
    );
    const nearEnd = fake.issueAccessToken({ ttl: 600, maxTtl: 900, ageSeconds: 500 });
    expect(await renew(fake, nearEnd.token)).toMatchObject(
      unauthorized('Failed to renew MI access token past its Max TTL expiration'),
    );
    const user = fake.addAccessToken(makeJwt({ authTokenType: 'accessToken', userId: 'u' }));
    expect(await renew(fake, user)).toMatchObject(
      problem(400, 'BadRequest', 'Only identity access tokens can be renewed'),
    );
    expect(() => fake.renew(revoked.token)).toThrow(/401/);
    const old = await legacy();
    const gone = old.issueAccessToken();
    await tokenRevoke(old, gone.token);
    expect(await renew(old, gone.token)).toMatchObject(
      unauthorized('No identity access token found'),
    );
  });
});

describe('revoking the token you hold (POST /api/v1/auth/token/revoke) on current', () => {
  test('a marker, not the row: the Token Auth row lists as live; a second revoke is 200', async () => {
    const fake = await current();
    const bearer = fake.issueAccessToken().token;
    const { token, id } = fake.issueAccessToken({ name: 'ci' });
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200, body: REVOKED });
    expect(fake.hasRevocationMarker(id)).toBe(true);
    expect(fake.isRevoked(id)).toBe(false);
    const listed = (await list(fake, bearer)).body.tokens.find((t: { id: string }) => t.id === id);
    expect(listed).toMatchObject({ isAccessTokenRevoked: false });
    expect(await getToken(fake, id, bearer)).toMatchObject({
      status: 200,
      body: { token: { id, isAccessTokenRevoked: false } },
    });
    expect(await details(fake, token)).toMatchObject(
      unauthorized('Failed to authorize: token has been revoked'),
    );
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200, body: REVOKED });
  });

  test('a login token gets its row only when revoked', async () => {
    const fake = await current();
    const { token, id } = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    expect(fake.token(id)).toBeUndefined();
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200 });
    expect(fake.token(id)).toMatchObject({ authMethod: 'OIDC_AUTH', isAccessTokenRevoked: true });
    expect(fake.isLive(token)).toBe(false);
  });

  test('a pre-redesign token: revoked through its row, then "unknown"', async () => {
    const fake = await current();
    const { token, id } = fake.issueAccessToken({ preRedesign: true, authMethod: 'OIDC_AUTH' });
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200 });
    expect(fake.isRevoked(id)).toBe(true);
    const gone = unauthorized('Cannot renew revoked or unknown access token');
    expect(await tokenRevoke(fake, token)).toMatchObject(gone);
    fake.prune();
    expect(await tokenRevoke(fake, token)).toMatchObject(gone);
  });

  test('not an identity token: 400 current; 401 on a legacy fake serving the older route', async () => {
    const user = makeJwt({ authTokenType: 'accessToken', userId: 'u' });
    const fake = await current({ tokenRevoke: 'older' });
    fake.addAccessToken(user);
    expect(await tokenRevoke(fake, user)).toMatchObject(
      problem(400, 'BadRequest', 'Token is not an identity access token'),
    );
    const old = await legacy({ tokenRevoke: 'older' });
    old.addAccessToken(user);
    expect(await tokenRevoke(old, user)).toMatchObject(
      unauthorized('Only identity access tokens can be revoked'),
    );
  });

  test('legacy flips the row, and the token is then "not found"', async () => {
    const fake = await legacy();
    const { token, id } = fake.issueAccessToken({ authMethod: 'UNIVERSAL_AUTH' });
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200 });
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.hasRevocationMarker(id)).toBe(false);
    expect(await details(fake, token)).toMatchObject(
      unauthorized('No identity access token found'),
    );
  });
});

describe('revoking by id (Token Auth)', () => {
  test('current flips the row and writes a marker; legacy only flips the row', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      const bearer = fake.issueAccessToken().token;
      const { token, id } = fake.issueAccessToken();
      expect(await revoke(fake, id, bearer)).toMatchObject({ status: 200, body: REVOKED });
      expect(fake.isRevoked(id)).toBe(true);
      expect(fake.hasRevocationMarker(id)).toBe(name === 'current');
      expect(await details(fake, token)).toMatchObject(
        unauthorized(
          name === 'current'
            ? 'Failed to authorize: token has been revoked'
            : 'No identity access token found',
        ),
      );
      // Once pruned the current token stays refused: the marker outlives the row.
      fake.prune();
      expect((await details(fake, token)).status).toBe(401);
    }
  });
});

describe('GET /api/v1/identities/details', () => {
  test('both generations: the organization while live, 401 once revoked', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      const { token } = fake.issueAccessToken({ authMethod: 'UNIVERSAL_AUTH' });
      const live = await details(fake, token);
      expect(live).toMatchObject({
        status: 200,
        body: {
          identityDetails: {
            organization: { id: fake.orgId, name: expect.any(String), slug: expect.any(String) },
          },
        },
      });
      expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200 });
      expect([name, (await details(fake, token)).status]).toEqual([name, 401]);
    }
  });

  test('another organization’s token names its own organization; no permission needed', async () => {
    const fake = await current();
    const elsewhere = randomUUID();
    const { token } = fake.issueAccessToken({ orgId: elsewhere, role: 'denied' });
    expect((await details(fake, token)).body.identityDetails.organization.id).toBe(elsewhere);
  });

  test('refusals: no header, expired, another server, not an identity token', async () => {
    const fake = await current();
    expect(await details(fake)).toMatchObject(unauthorized('Token missing'));
    expect(await details(fake, fake.issueAccessToken({ expired: true }).token)).toMatchObject(
      problem(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
    );
    expect(await details(fake, fake.issueAccessToken({ role: 'foreign' }).token)).toMatchObject(
      problem(403, 'TokenError', 'invalid signature'),
    );
    const user = fake.addAccessToken(makeJwt({ authTokenType: 'accessToken', userId: 'u' }));
    expect(await details(fake, user)).toMatchObject({ status: 403 });
  });

  test('read-class rate limit, and faults injectable on it', async () => {
    const fake = await current({ readRateLimit: { limit: 2, windowMs: 60_000 } });
    const { token } = fake.issueAccessToken();
    fake.injectOn('identity-details', gatewayErrorWithoutRevoke(503));
    const first = await details(fake, token);
    expect(first.status).toBe(503);
    expect(first.body).toContain('503 Service Temporarily Unavailable');
    const answers = [await details(fake, token), await details(fake, token)];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]?.headers.get('x-ratelimit-limit')).toBe('2');
    expect((await details(fake, token)).status).toBe(429);
    expect(fake.requestsTo('identity-details')).toHaveLength(4);
  });
});

describe('GET /api/v1/auth/token-auth/tokens/{tokenId}', () => {
  test('both: revoked rows until pruned, then "not found" without "or already revoked"', async () => {
    for (const [, start] of GENERATIONS) {
      const fake = await start();
      const bearer = fake.issueAccessToken().token;
      const id = fake.addToken();
      await revoke(fake, id, bearer);
      expect(await getToken(fake, id, bearer)).toMatchObject({
        status: 200,
        body: { token: { id, isAccessTokenRevoked: true } },
      });
      fake.prune();
      const gone = await getToken(fake, id, bearer);
      expect(gone).toMatchObject(problem(404, 'NotFound', `Token with ID ${id} not found`));
      const login = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
      expect(await getToken(fake, login.id, bearer)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${login.id} not found`),
      );
    }
  });

  test('edit-only may revoke but not read: 403 PermissionDenied on GET and the list', async () => {
    const fake = await current();
    const editOnly = fake.issueAccessToken({ role: 'edit-only' }).token;
    const id = fake.addToken();
    expect(await getToken(fake, id, editOnly)).toMatchObject(
      problem(403, 'PermissionDenied', 'You are not allowed to read on identity'),
    );
    expect(await list(fake, editOnly)).toMatchObject({ status: 403 });
    expect(await revoke(fake, id, editOnly)).toMatchObject({ status: 200, body: REVOKED });
    const readOnly = fake.issueAccessToken({ role: 'read-only' }).token;
    expect(await getToken(fake, id, readOnly)).toMatchObject({ status: 200 });
  });
});

describe('faults of something in front of Infisical', () => {
  test('a 200 that revoked nothing: the success message, "Token not found", text/plain', async () => {
    const fake = await current();
    const bearer = fake.issueAccessToken().token;
    const id = fake.addToken();
    fake.inject(
      successWithoutRevoking,
      okTokenNotFoundWithoutRevoking,
      successAsTextPlainWithoutRevoking,
    );
    expect(await revoke(fake, id, bearer)).toMatchObject({ status: 200, body: REVOKED });
    expect(await revoke(fake, id, bearer)).toMatchObject({
      status: 200,
      body: { message: 'Token not found' },
    });
    const plain = await revoke(fake, id, bearer);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(JSON.parse(plain.body)).toEqual(REVOKED);
    expect(fake.isRevoked(id)).toBe(false);
    expect(fake.hasRevocationMarker(id)).toBe(false);
    // On the body-token route too.
    const { token } = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    fake.injectOn('token-revoke', successWithoutRevoking);
    expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200, body: REVOKED });
    expect(fake.isLive(token)).toBe(true);
  });

  test('lost answers: revoked then 502 or 504; not revoked and 502, then the normal 404', async () => {
    const fake = await current();
    const bearer = fake.issueAccessToken().token;
    const [a, b] = [fake.addToken(), fake.addToken()];
    fake.inject(gatewayErrorAfterRevoke(), gatewayErrorAfterRevoke(504));
    const bad = await revoke(fake, a, bearer);
    expect(bad).toMatchObject({ status: 502, body: expect.stringContaining('502 Bad Gateway') });
    expect((await revoke(fake, b, bearer)).status).toBe(504);
    expect([fake.isRevoked(a), fake.isRevoked(b)]).toEqual([true, true]);
    expect([fake.hasRevocationMarker(a), fake.hasRevocationMarker(b)]).toEqual([true, true]);
    // A login token's id and an unknown id: the retry gets the route's own 404.
    const login = fake.issueAccessToken({ authMethod: 'OIDC_AUTH' });
    for (const id of [login.id, randomUUID()]) {
      fake.inject(gatewayErrorWithoutRevoke());
      expect((await revoke(fake, id, bearer)).status).toBe(502);
      expect(await revoke(fake, id, bearer)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${id} not found or already revoked`),
      );
    }
    expect(fake.isLive(login.token)).toBe(true);
    // A live Token Auth token stays live behind it, and the retry revokes it.
    const live = fake.issueAccessToken();
    fake.inject(gatewayErrorWithoutRevoke());
    expect((await revoke(fake, live.id, bearer)).status).toBe(502);
    expect([fake.isRevoked(live.id), fake.isLive(live.token)]).toEqual([false, true]);
    expect(await revoke(fake, live.id, bearer)).toMatchObject({ status: 200, body: REVOKED });
  });

  test('a lost answer on the body-token route revokes as the current route does', async () => {
    const fake = await current();
    const { token, id } = fake.issueAccessToken();
    fake.injectOn('token-revoke', gatewayErrorAfterRevoke());
    expect((await tokenRevoke(fake, token)).status).toBe(502);
    expect(fake.hasRevocationMarker(id)).toBe(true);
    expect(fake.isRevoked(id)).toBe(false); // the row, as the route leaves it
    expect(fake.isLive(token)).toBe(false);
  });
});

describe('OIDC on current', () => {
  test('an OIDC login writes no row and revokes with a marker', async () => {
    const github = await startGitHubOidc();
    const fake = await current();
    fake.configureOidc(fake.identityId, { issuer: github.issuer, jwks: github.jwks() });
    const login = await call(fake, 'POST', '/api/v1/auth/oidc-auth/login', {
      body: { identityId: fake.identityId, jwt: github.idToken() },
    });
    expect(login.status).toBe(200);
    const { jti, authMethod } = claimsOf(login.body.accessToken);
    expect(authMethod).toBe('oidc-auth');
    expect(fake.token(jti as string)).toBeUndefined();
    expect(await tokenRevoke(fake, login.body.accessToken)).toMatchObject({ status: 200 });
    expect(await details(fake, login.body.accessToken)).toMatchObject(
      unauthorized('Failed to authorize: token has been revoked'),
    );
  });
});

describe('the new schemas', () => {
  test('reject what the routes never send', () => {
    const org = { id: 'o', name: 'n', slug: 's' };
    const detailsSchema = routeSchema('identity-details', 200);
    expect(detailsSchema?.({ identityDetails: { organization: org } })).toBe(true);
    expect(detailsSchema?.({ identityDetails: { organization: { ...org, extra: 1 } } })).toBe(
      false,
    );
    expect(detailsSchema?.({ identityDetails: { organization: { id: 'o' } } })).toBe(false);
    const renewSchema = routeSchema('renew', 200);
    const renewed = { accessToken: 'a', expiresIn: 1, accessTokenMaxTTL: 1, tokenType: 'Bearer' };
    expect(renewSchema?.(renewed)).toBe(true);
    expect(renewSchema?.({ ...renewed, tokenType: 'bearer' })).toBe(false);
    expect(routeSchema('status', 200)?.({ message: 'Ok', maxIdentityAccessTokenTTL: '90d' })).toBe(
      false,
    );
  });
});

describe('Universal Auth client secrets and the tokens issued from them', () => {
  const secretsPath = (identityId: string, rest = '') =>
    `/api/v1/auth/universal-auth/identities/${identityId}/client-secrets${rest}`;
  const revokeSecret = (fake: FakeInfisical, identityId: string, id: string, token: string) =>
    call(fake, 'POST', secretsPath(identityId, `/${id}/revoke`), { token });

  test('the login’s JWT names its secret (clientSecretId) on both; other current tokens carry it empty', async () => {
    for (const [name, start] of GENERATIONS) {
      const fake = await start();
      const { clientId, clientSecret, clientSecretId } = fake.configureUniversalAuth(
        fake.identityId,
      );
      const login = await uaLogin(fake, clientId, clientSecret);
      expect([name, claimsOf(login.body.accessToken).clientSecretId]).toEqual([
        name,
        clientSecretId,
      ]);
      if (name === 'legacy') {
        const row = fake.token(claimsOf(login.body.accessToken).identityAccessTokenId as string);
        expect(row?.identityUAClientSecretId).toBe(clientSecretId);
      }
      const oidc = claimsOf(fake.issueAccessToken({ authMethod: 'OIDC_AUTH' }).token);
      expect([name, oidc.clientSecretId]).toEqual([name, name === 'current' ? '' : undefined]);
    }
  });

  test('current: revoking a secret kills every token issued from it, on every bearer route', async () => {
    const fake = await current();
    const admin = fake.issueAccessToken().token;
    const identity = fake.addIdentity({ name: 'ci' });
    const used = fake.configureUniversalAuth(identity);
    const kept = fake.addClientSecret(identity);
    const [a, b] = [
      await uaLogin(fake, used.clientId, used.clientSecret),
      await uaLogin(fake, used.clientId, used.clientSecret),
    ].map((login) => login.body.accessToken as string);
    const other = (await uaLogin(fake, kept.clientId, kept.clientSecret)).body
      .accessToken as string;
    expect((await revokeSecret(fake, identity, used.clientSecretId, admin)).status).toBe(200);
    const killed = unauthorized('Failed to authorize: client secret has been revoked');
    for (const token of [a, b] as string[]) {
      expect(await details(fake, token)).toMatchObject(killed);
      expect(await list(fake, token)).toMatchObject(killed);
      expect(await call(fake, 'GET', secretsPath(identity), { token })).toMatchObject(killed);
      expect(
        await call(fake, 'GET', `/api/v2/organizations/${fake.orgId}/identity-memberships`, {
          token,
        }),
      ).toMatchObject(killed);
      expect(fake.isLive(token)).toBe(false);
    }
    // Another secret's token, and the caller's own, live on.
    expect(await details(fake, other)).toMatchObject({ status: 200 });
    expect(fake.isLive(admin)).toBe(true);
  });

  test('legacy: revoking a secret leaves the tokens issued from it working', async () => {
    const fake = await legacy();
    const admin = fake.issueAccessToken().token;
    const identity = fake.addIdentity();
    const { clientId, clientSecret, clientSecretId } = fake.configureUniversalAuth(identity);
    const token = (await uaLogin(fake, clientId, clientSecret)).body.accessToken as string;
    expect((await revokeSecret(fake, identity, clientSecretId, admin)).status).toBe(200);
    expect(await details(fake, token)).toMatchObject({ status: 200 });
    expect(fake.isLive(token)).toBe(true);
    // It can no longer log in, though.
    expect(await uaLogin(fake, clientId, clientSecret)).toMatchObject(
      unauthorized('Invalid credentials'),
    );
  });

  test('current: a secret that a login found used up is revoked, and its tokens live on', async () => {
    const fake = await current();
    const identity = fake.addIdentity();
    const secret = fake.addClientSecret(identity, { numUsesLimit: 1 });
    const token = (await uaLogin(fake, secret.clientId, secret.clientSecret)).body.accessToken;
    expect((await uaLogin(fake, secret.clientId, secret.clientSecret)).status).toBe(401);
    expect(fake.clientSecret(secret.id)?.isClientSecretRevoked).toBe(true);
    expect(fake.isLive(token)).toBe(true);
  });

  test('faults: a lost answer after the secret was revoked', async () => {
    const fake = await current();
    const admin = fake.issueAccessToken().token;
    const identity = fake.addIdentity();
    const { id } = fake.addClientSecret(identity);
    fake.injectOn('revoke-client-secret', gatewayErrorAfterRevoke());
    expect((await revokeSecret(fake, identity, id, admin)).status).toBe(502);
    expect(fake.clientSecret(id)?.isClientSecretRevoked).toBe(true);
    expect(fake.requestsTo('revoke-client-secret')).toHaveLength(1);
    expect(fake.maxInFlightByRoute.get('revoke-client-secret')).toBe(1);
  });
});
