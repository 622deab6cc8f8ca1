// Which credential source the inputs name (parseCredentials: the access token, method: oidc or
// method: universal), the refusals of inputs that do not fit together, and the client secret's
// variants to mask.
import { describe, expect, test } from '@jest/globals';
import { parseCredentials, secretsInCredentials } from '../../../src/inputs/credentials.js';
import { reader, thrown } from '../../support/inputs.js';

const IDENTITY = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

describe('parseCredentials', () => {
  test('no method: the access token as given', () => {
    expect(parseCredentials(reader({ 'access-token': ' tok.en.value ' }))).toEqual({
      method: 'access-token',
      accessToken: 'tok.en.value',
    });
  });

  test('oidc: the identity id in lower case, the audience trimmed, undefined when empty', () => {
    expect(
      parseCredentials(
        reader({
          method: ' OIDC ',
          'identity-id': ` ${IDENTITY.toUpperCase()} `,
          'oidc-audience': ' aud-1 ',
        }),
      ),
    ).toEqual({ method: 'oidc', identityId: IDENTITY, audience: 'aud-1' });
    expect(parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY }))).toEqual({
      method: 'oidc',
      identityId: IDENTITY,
      audience: undefined,
    });
    expect(
      parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY, 'oidc-audience': '  ' })),
    ).toEqual({ method: 'oidc', identityId: IDENTITY, audience: undefined });
  });

  test('universal: client id and secret, trimmed', () => {
    expect(
      parseCredentials(
        reader({ method: 'Universal', 'client-id': ' cid ', 'client-secret': ' s3cret!\n' }),
      ),
    ).toEqual({ method: 'universal', clientId: 'cid', clientSecret: 's3cret!' });
  });

  test('access-token together with a method names both inputs', () => {
    for (const method of ['oidc', 'universal'] as const) {
      const inputs: Record<string, string> =
        method === 'oidc'
          ? { 'identity-id': IDENTITY }
          : { 'client-id': 'cid', 'client-secret': 'secret' };
      expect(
        thrown(() => parseCredentials(reader({ 'access-token': 'tok', method, ...inputs }))),
      ).toBe(
        `Inputs access-token and method: ${method} are two sources of credentials: give one. With method: ${method} the action logs in by itself and revokes its login when the step ends.`,
      );
    }
  });

  test('a method without its inputs names the missing ones', () => {
    expect(thrown(() => parseCredentials(reader({ method: 'oidc' })))).toBe(
      'Input identity-id is required with method: oidc: the id of the Infisical machine identity to log in as (a UUID).',
    );
    expect(thrown(() => parseCredentials(reader({ method: 'universal' })))).toBe(
      "Input client-id and client-secret are required with method: universal: the client id and a client secret of the identity's Universal Auth.",
    );
    expect(
      thrown(() => parseCredentials(reader({ method: 'universal', 'client-id': 'cid' }))),
    ).toMatch(/^Input client-secret is required with method: universal/);
    expect(
      thrown(() => parseCredentials(reader({ method: 'universal', 'client-secret': 's' }))),
    ).toMatch(/^Input client-id is required with method: universal/);
  });

  test("a method's inputs without that method are refused, naming them", () => {
    expect(
      thrown(() => parseCredentials(reader({ 'access-token': 't', 'identity-id': IDENTITY }))),
    ).toBe(
      'Input identity-id is for method: oidc, but method is empty. Set method: oidc to log in that way, or remove identity-id.',
    );
    expect(
      thrown(() =>
        parseCredentials(reader({ 'access-token': 't', 'client-id': 'c', 'client-secret': 's' })),
      ),
    ).toBe(
      'Input client-id and client-secret are for method: universal, but method is empty. Set method: universal to log in that way, or remove client-id and client-secret.',
    );
    expect(
      thrown(() =>
        parseCredentials(
          reader({
            method: 'universal',
            'client-id': 'c',
            'client-secret': 's',
            'oidc-audience': 'a',
          }),
        ),
      ),
    ).toBe(
      'Input oidc-audience is for method: oidc, but method is universal. Remove oidc-audience.',
    );
    expect(
      thrown(() =>
        parseCredentials(reader({ method: 'oidc', 'identity-id': IDENTITY, 'client-secret': 's' })),
      ),
    ).toBe(
      'Input client-secret is for method: universal, but method is oidc. Remove client-secret.',
    );
  });

  test('an unknown method is refused with a short, escaped echo', () => {
    expect(thrown(() => parseCredentials(reader({ method: 'aws' })))).toBe(
      'Input method must be empty (use access-token), oidc or universal, got "aws".',
    );
    const long = thrown(() => parseCredentials(reader({ method: 'kubernetes-service-account' })));
    expect(long).toMatch(/got "kubernetes-service-a\u2026" \(26 characters\)\.$/);
    // An invisible character pasted with the method is shown, not hidden.
    expect(thrown(() => parseCredentials(reader({ method: 'oidc\u200b' })))).toBe(
      'Input method must be empty (use access-token), oidc or universal, got "oidc\\u200b".',
    );
  });

  test('an identity id that is not a UUID is refused without echoing it whole', () => {
    const message = thrown(() =>
      parseCredentials(reader({ method: 'oidc', 'identity-id': 'my-identity-name-is-long' })),
    );
    expect(message).toMatch(
      /^Input identity-id: "my-identity-\u2026" \(24 characters\) is not an identity id/,
    );
    expect(message).not.toContain('my-identity-name-is-long');
  });

  test('a client secret with spaces or line breaks inside is refused without showing it', () => {
    const message = thrown(() =>
      parseCredentials(
        reader({ method: 'universal', 'client-id': 'c', 'client-secret': 'two words-secret' }),
      ),
    );
    expect(message).toBe(
      'Input client-secret must be a single word of printable characters. The value is masked and not shown.',
    );
  });

  test('secretsInCredentials: the client secret raw, trimmed and line by line', () => {
    const secrets = secretsInCredentials(reader({ 'client-secret': ' abc \r\ndef\n' }));
    expect(secrets).toEqual(
      expect.arrayContaining([' abc \r\ndef\n', 'abc \r\ndef', 'abc', 'def']),
    );
  });
});
