// Reading an access token's JWT: its own token id, from identityAccessTokenId or jti.
import { describe, expect, test } from '@jest/globals';
import { tokenIdOfAccessToken } from '../../src/jwt.js';
import { makeJwt } from '../support/harness.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';

describe('tokenIdOfAccessToken', () => {
  test('names its own token id from identityAccessTokenId, or jti', () => {
    expect(
      tokenIdOfAccessToken(
        makeJwt({ identityAccessTokenId: A, authTokenType: 'identityAccessToken' }),
      ),
    ).toBe(A);
    expect(tokenIdOfAccessToken(makeJwt({ jti: B }))).toBe(B);
    expect(
      tokenIdOfAccessToken(makeJwt({ identityAccessTokenId: A, authTokenType: 'serviceToken' })),
    ).toBeUndefined();
    expect(tokenIdOfAccessToken(makeJwt({ sub: 'x' }))).toBeUndefined();
    expect(tokenIdOfAccessToken('eyJhbGciOi.bm90LWpzb24.sig')).toBeUndefined();
    expect(tokenIdOfAccessToken('eyJhbGciOi.bnVsbA.sig')).toBeUndefined();
    expect(tokenIdOfAccessToken('st.not-a-jwt')).toBeUndefined();
  });
});
