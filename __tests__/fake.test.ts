// The fake Infisical's fidelity, over HTTP: each behaviour of the real backend it claims (see
// docs/infisical-api.md and the notes in testbed/infisical/), and the fake GitHub ID-token
// service the OIDC login trusts. No dist/ needed. Every JSON answer here is also checked against
// its route's schema by the harness after each test.
import { describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AUTH_METHODS, type FakeInfisical } from '../testbed/fake-infisical.js';
import { answer } from '../testbed/faults.js';
import {
  ACCESS_TOKEN,
  makeJwt,
  routeSchema,
  startFake,
  startGitHubOidc,
} from './support/harness.js';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

async function call(
  fake: FakeInfisical,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined || options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, body });
  const text = await res.text();
  const json = /json/.test(res.headers.get('content-type') ?? '') && text !== '';
  return { status: res.status, body: json ? JSON.parse(text) : text, headers: res.headers };
}

const revoke = (fake: FakeInfisical, id: string, token = ACCESS_TOKEN) =>
  call(fake, 'POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`, { token });
const tokenRevoke = (fake: FakeInfisical, accessToken: unknown) =>
  call(fake, 'POST', '/api/v1/auth/token/revoke', { body: { accessToken } });
const list = (fake: FakeInfisical, identityId: string, query = '', token = ACCESS_TOKEN) =>
  call(fake, 'GET', `/api/v1/auth/token-auth/identities/${identityId}/tokens${query}`, { token });
const getToken = (fake: FakeInfisical, id: string, token = ACCESS_TOKEN) =>
  call(fake, 'GET', `/api/v1/auth/token-auth/tokens/${id}`, { token });
const oidcLogin = (fake: FakeInfisical, identityId: string, jwt: string) =>
  call(fake, 'POST', '/api/v1/auth/oidc-auth/login', { body: { identityId, jwt } });
const uaLogin = (fake: FakeInfisical, clientId: string, clientSecret: string) =>
  call(fake, 'POST', '/api/v1/auth/universal-auth/login', { body: { clientId, clientSecret } });

const REVOKED = { message: 'Successfully revoked access token' };
const problem = (status: number, error: string, message: unknown) => ({
  status,
  body: expect.objectContaining({ statusCode: status, error, message }),
});

describe('revoke by id', () => {
  test('ids compare case-insensitively, as a Postgres uuid does', async () => {
    const fake = await startFake();
    const id = fake.addToken('6F1C2A0E-8B7D-4C2E-9F55-0A1B2C3D4E5F');
    expect(fake.token(id)?.id).toBe(id.toLowerCase());
    expect(await revoke(fake, id.toLowerCase())).toMatchObject({ status: 200, body: REVOKED });
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.isRevoked(id.toLowerCase())).toBe(true);
    // The 404 repeats the id as it was asked for.
    expect(await revoke(fake, id)).toMatchObject(
      problem(404, 'NotFound', `Token with ID ${id} not found or already revoked`),
    );
  });

  test('a token of an identity in another organization: another 404, and it stays live', async () => {
    const fake = await startFake();
    const id = fake.addToken(undefined, { orgId: randomUUID() });
    const identityId = fake.token(id)?.identityId;
    expect(await revoke(fake, id)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${identityId}`),
    );
    expect(fake.isRevoked(id)).toBe(false);
  });

  test('a login token of another auth method is "not found", and stays live', async () => {
    const fake = await startFake();
    for (const authMethod of AUTH_METHODS.filter((m) => m !== 'TOKEN_AUTH')) {
      const id = fake.addToken(undefined, { authMethod });
      expect(await revoke(fake, id)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${id} not found or already revoked`),
      );
      expect(fake.isRevoked(id)).toBe(false);
    }
  });

  test('the cleanup job deletes revoked and expired rows: then they answer like unknown ids', async () => {
    const fake = await startFake();
    const revoked = fake.addToken();
    await revoke(fake, revoked);
    const expired = fake.addToken(undefined, {
      ttl: 60,
      createdAt: new Date(Date.now() - 120_000),
    });
    const forever = fake.addToken(undefined, { ttl: 0, createdAt: new Date(0) });
    expect(fake.token(expired)?.isAccessTokenRevoked).toBe(false); // expiry never sets it
    expect(fake.prune().sort()).toEqual([revoked, expired].sort());
    expect(fake.token(revoked)).toBeUndefined();
    expect(fake.isRevoked(revoked)).toBe(false);
    for (const id of [revoked, expired]) {
      expect(await revoke(fake, id)).toMatchObject(
        problem(404, 'NotFound', `Token with ID ${id} not found or already revoked`),
      );
    }
    expect(await revoke(fake, forever)).toMatchObject({ status: 200 });
  });

  test('an expired but unpruned row still revokes with 200', async () => {
    const fake = await startFake();
    const id = fake.addToken(undefined, { ttl: 60, createdAt: new Date(Date.now() - 120_000) });
    expect(await revoke(fake, id)).toMatchObject({ status: 200, body: REVOKED });
  });

  test('the checks come in the server order: token, row, organization, then permission', async () => {
    const fake = await startFake();
    const denied = fake.addAccessToken(makeJwt({ sub: 'denied' }), 'denied');
    const readOnly = fake.addAccessToken(makeJwt({ sub: 'ro' }), 'read-only');
    const live = fake.addToken();
    const elsewhere = fake.addToken(undefined, { orgId: randomUUID() });
    expect(await revoke(fake, randomUUID(), denied)).toMatchObject({ status: 404 });
    expect(await revoke(fake, elsewhere, denied)).toMatchObject({
      status: 404,
      body: { message: expect.stringMatching(/^Failed to find identity/) },
    });
    expect(await revoke(fake, live, denied)).toMatchObject({
      status: 403,
      body: {
        error: 'PermissionDenied',
        message: 'You are not allowed to edit on identity',
        details: [],
      },
    });
    expect(await revoke(fake, live, readOnly)).toMatchObject(
      problem(403, 'PermissionDenied', 'You are not allowed to edit on identity'),
    );
    expect(fake.isRevoked(live)).toBe(false);
  });

  test('refusals of the access token itself', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const route = `/api/v1/auth/token-auth/tokens/${id}/revoke`;
    expect(await call(fake, 'POST', route)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Token missing'),
    );
    expect(await revoke(fake, id, makeJwt({ sub: 'unknown' }))).toMatchObject(
      problem(401, 'UnauthorizedError', 'Invalid token'),
    );
    const foreign = fake.addAccessToken(makeJwt({ sub: 'eu' }), 'foreign');
    expect(await revoke(fake, id, foreign)).toMatchObject(
      problem(403, 'TokenError', 'invalid signature'),
    );
    const expired = fake.issueAccessToken({ expired: true });
    expect(await revoke(fake, id, expired.token)).toMatchObject(
      problem(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
    );
    expect(fake.isRevoked(id)).toBe(false);
  });

  test('an access token that revoked its own row is refused from then on, also once pruned', async () => {
    const fake = await startFake();
    const self = fake.issueAccessToken();
    expect(await revoke(fake, self.id, self.token)).toMatchObject({ status: 200 });
    const other = fake.addToken();
    expect(await revoke(fake, other, self.token)).toMatchObject(
      problem(401, 'UnauthorizedError', 'No identity access token found'),
    );
    fake.prune();
    expect(await revoke(fake, other, self.token)).toMatchObject({ status: 401 });
  });

  test('injected faults replace the next answers of the route', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    fake.inject(answer(502, '<html>Bad Gateway</html>'));
    expect((await revoke(fake, id)).status).toBe(502);
    expect(fake.isRevoked(id)).toBe(false);
    expect(await revoke(fake, id)).toMatchObject({ status: 200 });
    expect(fake.revokeRequests()).toHaveLength(2);
  });
});

describe('revoke the access token you hold (POST /api/v1/auth/token/revoke)', () => {
  test('works for a token of every login method, with no Authorization header', async () => {
    const fake = await startFake();
    for (const authMethod of AUTH_METHODS) {
      const { token, id } = fake.issueAccessToken({ authMethod });
      expect(await tokenRevoke(fake, token)).toMatchObject({ status: 200, body: REVOKED });
      expect(fake.isRevoked(id)).toBe(true);
    }
    expect(fake.requestsTo('token-revoke').every((r) => !r.headers.authorization)).toBe(true);
  });

  test('already revoked: 200 on a newer server, 401 on an older one', async () => {
    const newer = await startFake();
    const a = newer.issueAccessToken();
    await tokenRevoke(newer, a.token);
    expect(await tokenRevoke(newer, a.token)).toMatchObject({ status: 200, body: REVOKED });

    const older = await startFake({ tokenRevoke: 'older' });
    const b = older.issueAccessToken({ authMethod: 'UNIVERSAL_AUTH' });
    expect(await tokenRevoke(older, b.token)).toMatchObject({ status: 200, body: REVOKED });
    expect(await tokenRevoke(older, b.token)).toMatchObject(
      problem(401, 'UnauthorizedError', 'No identity access token found'),
    );
    // The revoked row is pruned later: still 401 there.
    older.prune();
    expect((await tokenRevoke(older, b.token)).status).toBe(401);
  });

  test('an expired token is refused as expired by both generations', async () => {
    for (const tokenRevokeGeneration of ['older', 'newer'] as const) {
      const fake = await startFake({ tokenRevoke: tokenRevokeGeneration });
      const { token, id } = fake.issueAccessToken({ expired: true, authMethod: 'OIDC_AUTH' });
      expect(await tokenRevoke(fake, token)).toMatchObject(
        problem(403, 'TokenError', 'Your token has expired. Please re-authenticate.'),
      );
      expect(fake.isRevoked(id)).toBe(false);
    }
  });

  test('a token that is not an identity access token: 401 older, 400 newer', async () => {
    const userToken = makeJwt({ authTokenType: 'accessToken', userId: 'u' });
    const older = await startFake({ tokenRevoke: 'older' });
    older.addAccessToken(userToken);
    expect(await tokenRevoke(older, userToken)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Only identity access tokens can be revoked'),
    );
    const newer = await startFake();
    newer.addAccessToken(userToken);
    expect(await tokenRevoke(newer, userToken)).toMatchObject(
      problem(400, 'BadRequest', 'Token is not an identity access token'),
    );
  });

  test('not a JWT, or one this server did not sign: 403 TokenError (jwt.verify fails first)', async () => {
    const fake = await startFake();
    expect(await tokenRevoke(fake, 'not-a-jwt')).toMatchObject(
      problem(403, 'TokenError', expect.stringMatching(/^The provided access token is malformed/)),
    );
    expect(await tokenRevoke(fake, makeJwt({ identityAccessTokenId: randomUUID() }))).toMatchObject(
      problem(403, 'TokenError', 'invalid signature'),
    );
  });

  test('a body without the token is a 422 whose message is a list of issues', async () => {
    const fake = await startFake();
    const none = await call(fake, 'POST', '/api/v1/auth/token/revoke', { body: {} });
    expect(none).toMatchObject({ status: 422, body: { error: 'ValidationFailure' } });
    expect(none.body.message).toEqual([
      expect.objectContaining({ code: 'invalid_type', path: ['accessToken'], message: 'Required' }),
    ]);
    expect(await call(fake, 'POST', '/api/v1/auth/token/revoke')).toMatchObject({ status: 422 });
    // A JSON content type with a body that is not JSON: Fastify's error, a 500 from the handler.
    expect(await call(fake, 'POST', '/api/v1/auth/token/revoke', { raw: '{' })).toMatchObject(
      problem(500, 'InternalServerError', 'Something went wrong'),
    );
  });

  test('faults are injectable on this route too', async () => {
    const fake = await startFake();
    const { token, id } = fake.issueAccessToken();
    fake.injectOn('token-revoke', ({ revoke, req }) => {
      revoke();
      req.socket.resetAndDestroy();
    });
    await expect(tokenRevoke(fake, token)).rejects.toThrow();
    expect(fake.isRevoked(id)).toBe(true);
  });
});

describe('listing an identity’s Token Auth tokens', () => {
  test('newest updatedAt first: renaming and revoking move a token to the top', async () => {
    const fake = await startFake();
    const t0 = Date.now() - 10_000;
    const [a, b, c] = [0, 1, 2].map((i) =>
      fake.addToken(undefined, { createdAt: new Date(t0 + i * 1000), name: `t${i}` }),
    ) as [string, string, string];
    fake.addToken(undefined, { authMethod: 'UNIVERSAL_AUTH' }); // not listed
    fake.addToken(undefined, { orgId: randomUUID() }); // another identity
    const ids = async () =>
      ((await list(fake, fake.identityId)).body.tokens as Array<{ id: string }>).map((t) => t.id);
    expect(await ids()).toEqual([c, b, a]);
    fake.renameToken(a, 'renamed');
    expect(await ids()).toEqual([a, c, b]);
    await revoke(fake, b);
    expect(await ids()).toEqual([b, a, c]); // revoked rows are listed until pruned
    fake.prune();
    expect(await ids()).toEqual([a, c]);
  });

  test('every row field, with dates as ISO strings; older servers lack four of them', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const [row] = (await list(fake, fake.identityId)).body.tokens;
    expect(row).toEqual({
      id,
      name: null,
      identityId: fake.identityId,
      authMethod: 'TOKEN_AUTH',
      isAccessTokenRevoked: false,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
      accessTokenTTL: 2_592_000,
      accessTokenMaxTTL: 2_592_000,
      accessTokenNumUses: 0,
      accessTokenNumUsesLimit: 0,
      accessTokenLastUsedAt: null,
      accessTokenLastRenewedAt: null,
      accessTokenPeriod: 0,
      identityUAClientSecretId: null,
      subOrganizationId: null,
    });
    const older = await startFake({ tokenFields: 'older' });
    older.addToken();
    const [old] = (await list(older, older.identityId)).body.tokens;
    for (const field of ['name', 'authMethod', 'accessTokenPeriod', 'subOrganizationId']) {
      expect(old).not.toHaveProperty(field);
    }
  });

  test('paging: limit 1–100 (default 20), offset 0–100; the 201st row is out of reach', async () => {
    const fake = await startFake();
    for (let i = 0; i < 210; i++) fake.addToken();
    const count = async (query: string) =>
      (await list(fake, fake.identityId, query)).body.tokens.length;
    expect(await count('')).toBe(20);
    expect(await count('?limit=100&offset=100')).toBe(100);
    expect(await count('?limit=5&offset=98')).toBe(5);
    // No .int() in the query schema: knex truncates a fraction.
    expect(await count('?limit=2.9')).toBe(2);
    for (const [query, path, code] of [
      ['?limit=0', 'limit', 'too_small'],
      ['?limit=101', 'limit', 'too_big'],
      ['?offset=101', 'offset', 'too_big'],
      ['?offset=-1', 'offset', 'too_small'],
      ['?limit=ten', 'limit', 'invalid_type'],
      ['?limit=', 'limit', 'too_small'],
    ] as const) {
      const refused = await list(fake, fake.identityId, query);
      expect(refused).toMatchObject({ status: 422, body: { error: 'ValidationFailure' } });
      expect(refused.body.message).toEqual([expect.objectContaining({ path: [path], code })]);
    }
  });

  test('unknown identity, another organization, no Token Auth, no read permission', async () => {
    const fake = await startFake();
    const unknown = randomUUID();
    expect(await list(fake, unknown)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${unknown}`),
    );
    const elsewhere = fake.addIdentity({ orgId: randomUUID() });
    expect(await list(fake, elsewhere)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${elsewhere}`),
    );
    const noTokenAuth = fake.addIdentity({ tokenAuth: false });
    expect(await list(fake, noTokenAuth)).toMatchObject(
      problem(400, 'BadRequest', 'The identity does not have Token Auth'),
    );
    const denied = fake.addAccessToken(makeJwt({ sub: 'd' }), 'denied');
    expect(await list(fake, fake.identityId, '', denied)).toMatchObject(
      problem(403, 'PermissionDenied', 'You are not allowed to read on identity'),
    );
    const readOnly = fake.addAccessToken(makeJwt({ sub: 'r' }), 'read-only');
    expect(await list(fake, fake.identityId.toUpperCase(), '', readOnly)).toMatchObject({
      status: 200,
    });
  });

  test('one token by id: revoked rows too, but not other auth methods', async () => {
    const fake = await startFake();
    const id = fake.addToken(undefined, { name: 'ci' });
    await revoke(fake, id);
    expect(await getToken(fake, id.toUpperCase())).toMatchObject({
      status: 200,
      body: { token: { id, name: 'ci', isAccessTokenRevoked: true } },
    });
    const oidc = fake.addToken(undefined, { authMethod: 'OIDC_AUTH' });
    expect(await getToken(fake, oidc)).toMatchObject(
      problem(404, 'NotFound', `Token with ID ${oidc} not found`),
    );
  });

  test('faults are injectable on the list', async () => {
    const fake = await startFake();
    fake.injectOn('list-tokens', answer(503, ''));
    expect((await list(fake, fake.identityId)).status).toBe(503);
    expect((await list(fake, fake.identityId)).status).toBe(200);
    expect(fake.requestsTo('list-tokens')).toHaveLength(2);
  });
});

describe('logging in', () => {
  test('Universal Auth: a live UNIVERSAL_AUTH row and a bearer token of the identity', async () => {
    const fake = await startFake({ loginTtl: 3600 });
    const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
    const login = await uaLogin(fake, clientId, clientSecret);
    expect(login).toMatchObject({
      status: 200,
      body: { expiresIn: 3600, accessTokenMaxTTL: 2_592_000, tokenType: 'Bearer' },
    });
    const claims = JSON.parse(
      Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString(),
    );
    expect(fake.token(claims.identityAccessTokenId)).toMatchObject({
      authMethod: 'UNIVERSAL_AUTH',
      identityId: fake.identityId,
      accessTokenTTL: 3600,
      isAccessTokenRevoked: false,
    });
    expect(await list(fake, fake.identityId, '', login.body.accessToken)).toMatchObject({
      status: 200,
    });
    expect(await tokenRevoke(fake, login.body.accessToken)).toMatchObject({ status: 200 });
    expect(fake.isRevoked(claims.identityAccessTokenId)).toBe(true);
  });

  test('Universal Auth refusals', async () => {
    const fake = await startFake();
    const { clientId } = fake.configureUniversalAuth(fake.identityId);
    expect(await uaLogin(fake, clientId, 'wrong')).toMatchObject(
      problem(401, 'UnauthorizedError', 'Invalid credentials'),
    );
    expect(await uaLogin(fake, 'unknown', 'wrong')).toMatchObject(
      problem(401, 'UnauthorizedError', 'Invalid credentials'),
    );
    const stale = fake.configureUniversalAuth(fake.identityId, { clientSecretExpired: true });
    expect(await uaLogin(fake, stale.clientId, stale.clientSecret)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Access denied due to expired client secret'),
    );
    const missing = await call(fake, 'POST', '/api/v1/auth/universal-auth/login', {
      body: { clientId },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toEqual([expect.objectContaining({ path: ['clientSecret'] })]);
  });

  test('OIDC with a GitHub Actions ID token: fetched as getIDToken does, then exchanged', async () => {
    const github = await startGitHubOidc();
    const fake = await startFake();
    fake.configureOidc(fake.identityId, {
      issuer: github.issuer,
      jwks: github.jwks(),
      boundAudiences: 'https://github.com/octo-org, infisical',
      boundSubject: 'repo:octo-org/octo-repo:ref:refs/heads/*',
      boundClaims: { repository_owner: 'octo-org' },
    });
    const env = github.env();
    const res = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=infisical`, {
      headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
    });
    const { value } = (await res.json()) as { value: string };
    const login = await oidcLogin(fake, fake.identityId, value);
    expect(login).toMatchObject({
      status: 200,
      body: { tokenType: 'Bearer', expiresIn: 2_592_000 },
    });
    const { identityAccessTokenId } = JSON.parse(
      Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString(),
    );
    expect(fake.token(identityAccessTokenId)?.authMethod).toBe('OIDC_AUTH');
    // A login token is not a Token Auth token: revoke-by-id cannot reach it, token/revoke can.
    expect((await revoke(fake, identityAccessTokenId)).status).toBe(404);
    expect(await tokenRevoke(fake, login.body.accessToken)).toMatchObject({ status: 200 });
  });

  test('OIDC refusals, in the server order and words', async () => {
    const github = await startGitHubOidc();
    const other = await startGitHubOidc();
    const fake = await startFake();
    const strict = fake.addIdentity();
    fake.configureOidc(strict, {
      issuer: github.issuer,
      publicKeyPem: github.publicKeyPem,
      boundAudiences: 'https://github.com/octo-org',
      boundSubject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      boundClaims: { environment: 'production' },
    });
    const denied = (message: unknown) => problem(401, 'UnauthorizedError', message);
    expect(await oidcLogin(fake, randomUUID(), github.idToken())).toMatchObject(
      problem(
        404,
        'NotFound',
        'OIDC auth method not found for identity, did you configure OIDC auth?',
      ),
    );
    expect(await oidcLogin(fake, strict, 'not-a-jwt')).toMatchObject(denied('Invalid JWT'));
    expect(await oidcLogin(fake, strict, other.idToken())).toMatchObject(
      denied('Access denied: invalid signature'),
    );
    // Trusting the provider's JWKS instead, a token of another provider names an unknown key.
    const byJwks = fake.addIdentity();
    fake.configureOidc(byJwks, { issuer: github.issuer, jwks: github.jwks() });
    expect(await oidcLogin(fake, byJwks, other.idToken())).toMatchObject(
      denied(expect.stringContaining(`The signing key '${other.kid}' was not found`)),
    );
    expect(
      await oidcLogin(fake, strict, github.idToken(undefined, { iss: 'https://evil' })),
    ).toMatchObject(denied(`Access denied: jwt issuer invalid. expected: ${github.issuer}`));
    const past = Math.floor(Date.now() / 1000) - 600;
    expect(
      await oidcLogin(
        fake,
        strict,
        github.idToken(undefined, { iat: past, nbf: past, exp: past + 300 }),
      ),
    ).toMatchObject(denied('Access denied: jwt expired'));
    expect(
      await oidcLogin(
        fake,
        strict,
        github.idToken(undefined, { sub: 'repo:octo-org/octo-repo:pull_request' }),
      ),
    ).toMatchObject(problem(403, 'ForbiddenError', 'Access denied: OIDC subject not allowed.'));
    expect(await oidcLogin(fake, strict, github.idToken('sts.amazonaws.com'))).toMatchObject(
      denied('Access denied: OIDC audience not allowed.'),
    );
    expect(await oidcLogin(fake, strict, github.idToken())).toMatchObject(
      denied('Access denied: token has no environment field'),
    );
    expect(
      await oidcLogin(fake, strict, github.idToken(undefined, { environment: 'staging' })),
    ).toMatchObject(denied('Access denied: OIDC claim not allowed.'));
    expect(
      await oidcLogin(fake, strict, github.idToken(undefined, { environment: 'production' })),
    ).toMatchObject({ status: 200 });
  });

  test('OIDC bindings: `*` stops at a slash, and audiences split on ", " only', async () => {
    const github = await startGitHubOidc();
    const fake = await startFake();
    const configure = (boundSubject: string, boundAudiences?: string) => {
      const identity = fake.addIdentity();
      fake.configureOidc(identity, {
        issuer: github.issuer,
        jwks: github.jwks(),
        boundSubject,
        boundAudiences,
      });
      return identity;
    };
    const token = github.idToken(); // sub repo:octo-org/octo-repo:ref:refs/heads/main
    expect((await oidcLogin(fake, configure('repo:octo-org/*'), token)).status).toBe(403);
    expect((await oidcLogin(fake, configure('repo:octo-org/**'), token)).status).toBe(200);
    expect((await oidcLogin(fake, configure('repo:octo-org/octo-repo:*'), token)).status).toBe(403);
    expect(
      (await oidcLogin(fake, configure('repo:octo-org/octo-repo:ref:refs/heads/{main,dev}'), token))
        .status,
    ).toBe(200);
    const aud = 'x,https://github.com/octo-org';
    expect((await oidcLogin(fake, configure('**', aud), token)).status).toBe(401);
    expect((await oidcLogin(fake, configure('**', aud.replace(',', ', ')), token)).status).toBe(
      200,
    );
  });
});

describe('the fake GitHub ID-token service', () => {
  test('answers getIDToken with GitHub’s claims, the default or asked audience', async () => {
    const github = await startGitHubOidc({ claims: { environment: 'production' } });
    const env = github.env();
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toMatch(/\?api-version=2\.0$/);
    const fetchToken = async (suffix: string) => {
      const res = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}${suffix}`, {
        headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      const { value } = (await res.json()) as { value: string };
      const [header, claims] = value
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      return { header, claims };
    };
    const plain = await fetchToken('');
    expect(plain.header).toMatchObject({ alg: 'RS256', kid: github.kid });
    expect(plain.claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'https://github.com/octo-org',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main',
      environment: 'production',
      job_workflow_ref: expect.stringContaining('octo-org/octo-repo/.github/workflows/'),
      actor: expect.any(String),
      run_id: expect.any(String),
      jti: expect.any(String),
    });
    expect(plain.claims.exp - plain.claims.iat).toBe(300);
    expect((await fetchToken('&audience=https%3A%2F%2Finfisical.example')).claims.aud).toBe(
      'https://infisical.example',
    );
    expect(github.requests.map((r) => r.audience)).toEqual([
      undefined,
      'https://infisical.example',
    ]);
  });

  test('refuses a request without the request token, and takes injected failures', async () => {
    const github = await startGitHubOidc();
    const url = github.env().ACTIONS_ID_TOKEN_REQUEST_URL;
    expect((await fetch(url)).status).toBe(401);
    github.inject({ status: 500, body: '{"message":"boom"}' });
    const auth = { headers: { authorization: `Bearer ${github.requestToken}` } };
    expect((await fetch(url, auth)).status).toBe(500);
    expect((await fetch(url, auth)).status).toBe(200);
    expect(github.requests.map((r) => r.status)).toEqual([401, 500, 200]);
    expect(github.issued).toHaveLength(1);
  });
});

describe('serving', () => {
  test('listens on ::1', async () => {
    const fake = await startFake({ host: '::1' });
    expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(await revoke(fake, fake.addToken())).toMatchObject({ status: 200 });
  });

  test('reads and writes have separate fixed windows', async () => {
    const fake = await startFake({
      rateLimit: { limit: 2, windowMs: 60_000 },
      readRateLimit: { limit: 3, windowMs: 60_000 },
    });
    const reads = [];
    for (let i = 0; i < 4; i++) reads.push(await list(fake, fake.identityId));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(reads[0]?.headers.get('x-ratelimit-limit')).toBe('3');
    expect(reads[3]?.body).toMatchObject({ error: 'RateLimitExceeded' });
    expect(reads[3]?.headers.get('retry-after')).toMatch(/^\d+$/);
    const writes = [];
    for (let i = 0; i < 3; i++) writes.push(await revoke(fake, fake.addToken()));
    expect(writes.map((r) => r.status)).toEqual([200, 200, 429]);
    // Logins are writes: they share the write window.
    const { clientId, clientSecret } = fake.configureUniversalAuth(fake.identityId);
    expect((await uaLogin(fake, clientId, clientSecret)).status).toBe(429);
    expect(fake.rateLimited).toBe(3);
  });
});

describe('the schemas the harness checks answers against', () => {
  test('reject what a route never sends', () => {
    const row = { id: 'x', identityId: 'y' };
    expect(routeSchema('list-tokens', 200)?.({ tokens: [row] })).toBe(false);
    expect(routeSchema('list-tokens', 200)?.({ tokens: [], total: 0 })).toBe(false);
    expect(routeSchema('token-revoke', 200)?.({ message: 'ok', revoked: true })).toBe(false);
    expect(
      routeSchema(
        'oidc-login',
        200,
      )?.({ accessToken: 'a', expiresIn: 1, accessTokenMaxTTL: 1, tokenType: 'bearer' }),
    ).toBe(false);
    const error = { reqId: 'req-Ab12Cd34Ef56Gh', statusCode: 422, error: 'ValidationFailure' };
    expect(routeSchema('list-tokens', 422)?.({ ...error, message: 'limit: too big' })).toBe(false);
    expect(routeSchema('list-tokens', 422)?.({ ...error, message: [] })).toBe(true);
    expect(
      routeSchema('get-token', 404)?.({ ...error, statusCode: 404, message: 'x', extra: 1 }),
    ).toBe(false);
  });
});

const memberships = (fake: FakeInfisical, orgId: string, query = '', token = ACCESS_TOKEN) =>
  call(fake, 'GET', `/api/v2/organizations/${orgId}/identity-memberships${query}`, { token });
const secretsPath = (identityId: string, rest = '') =>
  `/api/v1/auth/universal-auth/identities/${identityId}/client-secrets${rest}`;
const listSecrets = (fake: FakeInfisical, identityId: string, token = ACCESS_TOKEN) =>
  call(fake, 'GET', secretsPath(identityId), { token });
const getSecret = (fake: FakeInfisical, identityId: string, id: string, token = ACCESS_TOKEN) =>
  call(fake, 'GET', secretsPath(identityId, `/${id}`), { token });
const revokeSecret = (fake: FakeInfisical, identityId: string, id: string, token = ACCESS_TOKEN) =>
  call(fake, 'POST', secretsPath(identityId, `/${id}/revoke`), { token });
const createSecret = (
  fake: FakeInfisical,
  identityId: string,
  body: unknown,
  token = ACCESS_TOKEN,
) => call(fake, 'POST', secretsPath(identityId), { token, body });
const namesOf = (answer: Answer): string[] =>
  answer.body.identityMemberships.map((m: { identity: { name: string } }) => m.identity.name);

describe('the organization’s identity memberships', () => {
  test('every identity of the caller’s organization, by name, with its auth methods', async () => {
    const fake = await startFake();
    fake.addIdentity({ name: 'beta', tokenAuth: false, authMethods: ['aws-auth'] });
    const alpha = fake.addIdentity({ name: 'alpha' });
    fake.configureUniversalAuth(alpha);
    fake.addIdentity({ name: 'elsewhere', orgId: randomUUID() });
    const unnamed = fake.addIdentity();
    const answer = await memberships(fake, fake.orgId);
    expect(answer.status).toBe(200);
    expect(answer.body.totalCount).toBe(4);
    // A default name counts every identity of the fake (the other organization's one is 4th).
    expect(namesOf(answer)).toEqual(['alpha', 'beta', 'default', 'identity-5']);
    expect(answer.body.identityMemberships[0]).toEqual({
      id: expect.any(String),
      role: 'member',
      roleId: null,
      orgId: fake.orgId,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      identityId: alpha,
      identity: {
        id: alpha,
        name: 'alpha',
        orgId: fake.orgId,
        authMethods: ['token-auth', 'universal-auth'],
      },
    });
    expect(answer.body.identityMemberships[1].identity.authMethods).toEqual(['aws-auth']);
    expect(fake.authMethodsOf(unnamed)).toEqual(['token-auth']);
    expect(fake.requestsTo('list-identities')).toHaveLength(1);
  });

  test('pages by offset and limit (default 100, at most 20,000), totalCount over all', async () => {
    const fake = await startFake();
    for (let i = 0; i < 130; i++) fake.addIdentity({ name: `mi-${String(i).padStart(3, '0')}` });
    const first = await memberships(fake, fake.orgId);
    expect(first.body.identityMemberships).toHaveLength(100);
    expect(first.body.totalCount).toBe(131);
    const rest = await memberships(fake, fake.orgId, '?offset=100&limit=50');
    expect(namesOf(rest)).toHaveLength(31);
    expect(namesOf(first)[0]).toBe('default');
    expect(namesOf(rest)[0]).toBe('mi-099');
    expect(namesOf(rest).at(-1)).toBe('mi-129');
    expect(new Set([...namesOf(first), ...namesOf(rest)]).size).toBe(131);
    const beyond = await memberships(fake, fake.orgId, '?offset=500');
    expect(beyond.body).toEqual({ identityMemberships: [], totalCount: 131 });
    const desc = await memberships(fake, fake.orgId, '?limit=2&orderDirection=desc&search=MI-12');
    expect(namesOf(desc)).toEqual(['mi-129', 'mi-128']);
    expect(desc.body.totalCount).toBe(10);
    for (const query of ['?limit=0', '?limit=20001', '?offset=-1', '?limit=x', '?orderBy=age']) {
      const refused = await memberships(fake, fake.orgId, query);
      expect([query, refused.status, refused.body.error]).toEqual([
        query,
        422,
        'ValidationFailure',
      ]);
      expect(Array.isArray(refused.body.message)).toBe(true);
    }
    expect((await memberships(fake, fake.orgId, '?limit=20000')).status).toBe(200);
  });

  test('older servers: direction and textFilter, and one authMethod (or null)', async () => {
    const fake = await startFake({ memberships: 'older' });
    fake.addIdentity({ name: 'bare', tokenAuth: false });
    fake.addIdentity({ name: 'oidc-only', tokenAuth: false, authMethods: ['oidc-auth'] });
    const answer = await memberships(fake, fake.orgId, '?direction=desc');
    expect(namesOf(answer)).toEqual(['oidc-only', 'default', 'bare']);
    expect(answer.body.identityMemberships.map((m: { identity: unknown }) => m.identity)).toEqual([
      { id: expect.any(String), name: 'oidc-only', authMethod: 'oidc-auth' },
      { id: fake.identityId, name: 'default', authMethod: 'token-auth' },
      { id: expect.any(String), name: 'bare', authMethod: null },
    ]);
    // The newer names mean nothing to an older server (zod drops unknown keys), and vice versa.
    expect(
      namesOf(await memberships(fake, fake.orgId, '?orderDirection=desc&search=bare')),
    ).toEqual(['bare', 'default', 'oidc-only']);
    expect(namesOf(await memberships(fake, fake.orgId, '?textFilter=only'))).toEqual(['oidc-only']);
    const newer = await startFake();
    expect(namesOf(await memberships(newer, newer.orgId, '?textFilter=nothing'))).toEqual([
      'default',
    ]);
  });

  test('another organization’s id: 403 before any permission; no Identity → Read: 403', async () => {
    const fake = await startFake();
    const other = randomUUID();
    fake.addIdentity({ name: 'theirs', orgId: other });
    expect(await memberships(fake, other)).toMatchObject(
      problem(
        403,
        'Identity is not apart of this organization',
        'You are not allowed to access this resource',
      ),
    );
    // The organization id compares as a uuid does.
    expect((await memberships(fake, fake.orgId.toUpperCase())).status).toBe(200);
    for (const role of ['edit-only', 'denied'] as const) {
      const token = fake.addAccessToken(`${role}-token`, role);
      expect(await memberships(fake, fake.orgId, '', token)).toMatchObject(
        problem(403, 'PermissionDenied', 'You are not allowed to read on identity'),
      );
    }
    for (const role of ['read-only', 'no-delete'] as const) {
      const token = fake.addAccessToken(`${role}-token`, role);
      expect((await memberships(fake, fake.orgId, '', token)).status).toBe(200);
    }
    expect((await memberships(fake, fake.orgId, '', 'unknown')).status).toBe(401);
  });
});

describe('Universal Auth client secrets', () => {
  test('rows in the store: configured, added, listed live only (expired ones too), no paging', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity({ name: 'ci' });
    const configured = fake.configureUniversalAuth(identity);
    const old = fake.addClientSecret(identity, {
      description: 'old',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      ttlSeconds: 60,
    });
    const revoked = fake.addClientSecret(identity, { revoked: true });
    expect(fake.clientSecret(configured.clientSecretId)).toMatchObject({
      id: configured.clientSecretId,
      identityId: identity,
      clientSecretPrefix: configured.clientSecret.slice(0, 4),
      isClientSecretRevoked: false,
    });
    expect(fake.clientSecret(configured.clientSecretId)).not.toHaveProperty('secret');
    expect(fake.clientSecret(randomUUID())).toBeUndefined();
    const answer = await listSecrets(fake, identity);
    expect(answer.status).toBe(200);
    expect(answer.body.clientSecretData.map((s: { id: string }) => s.id)).toEqual([
      configured.clientSecretId,
      old.id,
    ]);
    expect(answer.body.clientSecretData[1]).toEqual({
      id: old.id,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      description: 'old',
      clientSecretPrefix: old.clientSecret.slice(0, 4),
      clientSecretNumUses: 0,
      clientSecretNumUsesLimit: 0,
      clientSecretTTL: 60,
      identityUAId: expect.any(String),
      isClientSecretRevoked: false,
    });
    // One secret, revoked ones too.
    expect(await getSecret(fake, identity, revoked.id)).toMatchObject({
      status: 200,
      body: { clientSecretData: { id: revoked.id, isClientSecretRevoked: true } },
    });
    expect(fake.requestsTo('list-client-secrets')).toHaveLength(1);
    expect(fake.requestsTo('get-client-secret')).toHaveLength(1);
  });

  test('revoke: 200 twice, gone from the list; an unknown or another identity’s secret: the identity’s 404', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    const { id } = fake.addClientSecret(identity, { description: 'ci' });
    const first = await revokeSecret(fake, identity, id);
    expect(first).toMatchObject({
      status: 200,
      body: { clientSecretData: { id, description: 'ci', isClientSecretRevoked: true } },
    });
    expect((await revokeSecret(fake, identity, id.toUpperCase())).status).toBe(200);
    expect(fake.clientSecret(id)?.isClientSecretRevoked).toBe(true);
    expect((await listSecrets(fake, identity)).body.clientSecretData).toEqual([]);
    const unknown = randomUUID();
    expect(await revokeSecret(fake, identity, unknown)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${identity}`),
    );
    const neighbour = fake.addIdentity();
    const theirs = fake.addClientSecret(neighbour);
    expect(await revokeSecret(fake, identity, theirs.id)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${identity}`),
    );
    expect(await getSecret(fake, identity, theirs.id)).toMatchObject(
      problem(404, 'NotFound', `Failed to find identity with ID ${identity}`),
    );
    expect(fake.clientSecret(theirs.id)?.isClientSecretRevoked).toBe(false);
    expect(fake.requestsTo('revoke-client-secret')).toHaveLength(4);
  });

  test('another organization’s identity: 404; an identity without Universal Auth: 400', async () => {
    const fake = await startFake();
    const foreign = fake.addIdentity({ orgId: randomUUID() });
    const { id } = fake.addClientSecret(foreign);
    const gone = problem(404, 'NotFound', `Failed to find identity with ID ${foreign}`);
    expect(await listSecrets(fake, foreign)).toMatchObject(gone);
    expect(await revokeSecret(fake, foreign, id)).toMatchObject(gone);
    expect(fake.clientSecret(id)?.isClientSecretRevoked).toBe(false);
    const noUa = problem(400, 'BadRequest', 'The identity does not have universal auth');
    expect(await listSecrets(fake, fake.identityId)).toMatchObject(noUa);
    expect(await revokeSecret(fake, fake.identityId, id)).toMatchObject(noUa);
    expect(await createSecret(fake, fake.identityId, {})).toMatchObject(noUa);
  });

  test('permissions: list and get need Identity → Read, revoke Identity → Delete, create Create', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    const { id } = fake.addClientSecret(identity);
    const denied = (action: string) =>
      problem(403, 'PermissionDenied', `You are not allowed to ${action} on identity`);
    for (const role of ['read-only', 'edit-only', 'no-delete', 'denied'] as const) {
      const token = fake.addAccessToken(`${role}-token`, role);
      expect(await revokeSecret(fake, identity, id, token)).toMatchObject(denied('delete'));
    }
    expect(fake.clientSecret(id)?.isClientSecretRevoked).toBe(false);
    for (const role of ['edit-only', 'denied'] as const) {
      const token = fake.addAccessToken(`${role}-token`, role);
      expect(await listSecrets(fake, identity, token)).toMatchObject(denied('read'));
      expect(await getSecret(fake, identity, id, token)).toMatchObject(denied('read'));
    }
    // The 404 of an unknown secret comes before the permission.
    const denier = fake.addAccessToken('denier', 'denied');
    expect((await getSecret(fake, identity, randomUUID(), denier)).status).toBe(404);
    expect(
      await createSecret(fake, identity, {}, fake.addAccessToken('r', 'read-only')),
    ).toMatchObject(denied('create'));
    // 'no-delete' reads and edits: it lists secrets and revokes Token Auth tokens.
    const noDelete = fake.addAccessToken('no-delete', 'no-delete');
    expect((await listSecrets(fake, identity, noDelete)).status).toBe(200);
    expect((await revoke(fake, fake.addToken(), noDelete)).status).toBe(200);
  });

  test('create: the secret once, beside its row; the body as zod reads it', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    fake.configureUniversalAuth(identity);
    const made = await createSecret(fake, identity, {
      description: ' rotated ',
      ttl: 3600,
      numUsesLimit: 5,
    });
    expect(made.status).toBe(200);
    expect(made.body.clientSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(made.body.clientSecretData).toMatchObject({
      description: 'rotated',
      clientSecretPrefix: made.body.clientSecret.slice(0, 4),
      clientSecretTTL: 3600,
      clientSecretNumUsesLimit: 5,
      isClientSecretRevoked: false,
    });
    expect(fake.clientSecret(made.body.clientSecretData.id)).toMatchObject({
      identityId: identity,
    });
    for (const body of [
      { ttl: -1 },
      { ttl: 315_360_001 },
      { numUsesLimit: '3' },
      { description: 7 },
    ]) {
      const refused = await createSecret(fake, identity, body);
      expect([body, refused.status]).toEqual([body, 422]);
    }
    const none = await call(fake, 'POST', secretsPath(identity), { token: ACCESS_TOKEN });
    expect(none).toMatchObject(
      problem(422, 'ValidationFailure', [expect.objectContaining({ path: [] })]),
    );
    expect(fake.requestsTo('create-client-secret')).toHaveLength(6);
  });

  test('the login uses one use of its secret; a revoked one is Invalid credentials; a used-up one is revoked', async () => {
    const fake = await startFake();
    const identity = fake.addIdentity();
    const { clientId, clientSecret, clientSecretId } = fake.configureUniversalAuth(identity);
    const login = await uaLogin(fake, clientId, clientSecret);
    expect(login.status).toBe(200);
    expect(fake.clientSecret(clientSecretId)?.clientSecretNumUses).toBe(1);
    const second = fake.addClientSecret(identity, { numUsesLimit: 1 });
    expect(second.clientId).toBe(clientId);
    expect((await uaLogin(fake, clientId, second.clientSecret)).status).toBe(200);
    expect(await uaLogin(fake, clientId, second.clientSecret)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Access denied due to client secret usage limit reached'),
    );
    expect(fake.clientSecret(second.id)?.isClientSecretRevoked).toBe(true);
    expect(await uaLogin(fake, clientId, second.clientSecret)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Invalid credentials'),
    );
    expect((await revokeSecret(fake, identity, clientSecretId)).status).toBe(200);
    expect(await uaLogin(fake, clientId, clientSecret)).toMatchObject(
      problem(401, 'UnauthorizedError', 'Invalid credentials'),
    );
    // A secret added to an identity without Universal Auth gets a client id of its own.
    const fresh = fake.addIdentity();
    const added = fake.addClientSecret(fresh);
    expect((await uaLogin(fake, added.clientId, added.clientSecret)).status).toBe(200);
    expect(fake.authMethodsOf(fresh)).toEqual(['token-auth', 'universal-auth']);
  });
});
