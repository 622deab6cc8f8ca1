// Input access-token: trimmed, one printable word, and a pasted "Bearer " refused without showing
// the token.
import { describe, expect, test } from '@jest/globals';
import { parseAccessToken } from '../../../src/inputs/access-token.js';
import { InputError } from '../../../src/inputs/error.js';
import { makeJwt } from '../../support/harness.js';
import { thrown } from '../../support/inputs.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
describe('access-token', () => {
  test('is trimmed, and must be one printable word', () => {
    expect(parseAccessToken('  abc.def \n')).toBe('abc.def');
    expect(() => parseAccessToken('')).toThrow(InputError);
    expect(() => parseAccessToken('a b')).toThrow(/single token/);
    expect(() => parseAccessToken('a\u00e9')).toThrow(/single token/);
  });
  test('"Bearer x" gets a hint to drop "Bearer ", and the token is not shown', () => {
    const token = makeJwt({ identityAccessTokenId: A, secret: 'do-not-print-me' });
    for (const raw of [`Bearer ${token}`, `bearer  ${token}`, ` BEARER\t${token} `, 'Bearer x']) {
      const message = thrown(() => parseAccessToken(raw));
      expect(message).toMatch(
        /^Input access-token starts with "Bearer ": pass the access token alone/,
      );
      expect(message).toMatch(/The value is masked and not shown\.$/);
      expect(message).not.toContain(token.slice(0, 8));
    }
    // A token that merely starts with the letters is a token.
    expect(parseAccessToken('Bearerless.token')).toBe('Bearerless.token');
  });
});
