// Who revoked, for the summary: the access token's own identityId claim first, else what the
// login was asked to log in as; never a value that is not an id.
import { describe, expect, test } from '@jest/globals';
import { actingOf } from '../../../src/report/acting.js';

const IDENTITY = '1F2E3D4C-5B6A-4978-8A9B-0C1D2E3F4A5B';
const CLIENT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const jwt = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const given = (accessToken: string) => ({ method: 'access-token' as const, accessToken });

describe('actingOf', () => {
  test("the access token's identityId claim, lower case", () => {
    const token = jwt({ identityId: IDENTITY, authTokenType: 'identityAccessToken' });
    expect(actingOf(given(token), token)).toEqual({
      from: 'claims',
      identityId: IDENTITY.toLowerCase(),
    });
  });
  test('the claim wins over the login; without it, the OIDC identity-id or the Universal Auth client id', () => {
    const oidc = { method: 'oidc' as const, identityId: IDENTITY };
    const other = '2a2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
    expect(actingOf(oidc, jwt({ identityId: other }))).toEqual({
      from: 'claims',
      identityId: other,
    });
    expect(actingOf(oidc, 'not-a-jwt')).toEqual({
      from: 'oidc',
      identityId: IDENTITY.toLowerCase(),
    });
    // A refused login: no access token, still who tried.
    expect(actingOf(oidc)).toEqual({ from: 'oidc', identityId: IDENTITY.toLowerCase() });
    const universal = {
      method: 'universal' as const,
      clientId: CLIENT,
      clientSecret: 's'.repeat(64),
    };
    expect(actingOf(universal, jwt({}))).toEqual({ from: 'universal', clientId: CLIENT });
  });
  test('a claim or an input that is not an id is never taken (nor echoed): unknown', () => {
    const secretish = 'st.0123456789abcdef0123456789abcdef';
    expect(actingOf(given('x'), jwt({ identityId: secretish }))).toEqual({ from: 'unknown' });
    expect(actingOf(given('x'), jwt({ identityId: 42 }))).toEqual({ from: 'unknown' });
    expect(
      actingOf({ method: 'universal', clientId: secretish, clientSecret: 'x' }, 'opaque'),
    ).toEqual({ from: 'unknown' });
    expect(actingOf(given('opaque'), 'opaque')).toEqual({ from: 'unknown' });
  });
});
