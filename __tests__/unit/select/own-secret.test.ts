// Which client secret is the action's own (ownSecretOf): the access token's clientSecretId claim,
// and with method: universal any secret whose listed prefix starts the secret it logged in with;
// an empty or missing prefix matches nothing.
import { describe, expect, test } from '@jest/globals';
import type { ListedSecret } from '../../../src/infisical/client-secrets.js';
import type { Credentials } from '../../../src/inputs/credentials.js';
import { ownSecretOf } from '../../../src/select/own-secret.js';
import { makeJwt } from '../../support/harness.js';

const SECRET = '5e1d2c3b-4a59-4687-9abc-def012345678';
const OTHER = '5e1d2c3b-4a59-4687-9abc-def012345679';
const LOGIN_SECRET = 'f00dbabe'.repeat(8);
const secret = (id: string, prefix?: string): ListedSecret => ({
  id,
  identityId: '0d9a6c1e-2b3f-4a5d-8e7f-102132435465',
  description: null,
  createdAt: new Date(0),
  ...(prefix === undefined ? {} : { prefix }),
});
const given: Credentials = { method: 'access-token', accessToken: 'given' };
const universal: Credentials = { method: 'universal', clientId: 'cid', clientSecret: LOGIN_SECRET };

describe("the action's own client secret", () => {
  test('the clientSecretId claim (any case), whatever the method', () => {
    const isOwn = ownSecretOf(makeJwt({ clientSecretId: SECRET.toUpperCase() }), given);
    expect(isOwn(secret(SECRET))).toBe(true);
    expect(isOwn(secret(OTHER))).toBe(false);
  });
  test('a claim that is not an id names nothing', () => {
    const isOwn = ownSecretOf(makeJwt({ clientSecretId: 'x' }), given);
    expect(isOwn(secret(SECRET))).toBe(false);
  });
  test('method: universal without the claim: a listed prefix that starts the login secret', () => {
    const isOwn = ownSecretOf('not-a-jwt', universal);
    expect(isOwn(secret(SECRET, LOGIN_SECRET.slice(0, 4)))).toBe(true);
    expect(isOwn(secret(OTHER, 'beef'))).toBe(false);
    expect(isOwn(secret(OTHER))).toBe(false);
  });
  test('an empty prefix matches nothing (it starts every string)', () => {
    expect(ownSecretOf('not-a-jwt', universal)(secret(SECRET, ''))).toBe(false);
  });
  test('without method: universal, a prefix is not compared', () => {
    expect(ownSecretOf('not-a-jwt', given)(secret(SECRET, LOGIN_SECRET.slice(0, 4)))).toBe(false);
  });
});
