// Which credential source the inputs name (parseCredentials: the access token, method: oidc or
// method: universal), the refusals of inputs that do not fit together, and the client secret's
// variants to mask.
import { describe, expect, test } from '@jest/globals';
import {
  emptyCredentials,
  parseCredentials,
  secretsInCredentials,
} from '../../../src/inputs/credentials.js';
import { reader, thrown } from '../../support/inputs.js';

const IDENTITY = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const CLIENT_ID = '3c9e1a2b-4d5f-4a6b-8c7d-9e0f1a2b3c4d';

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

  // Changed with issue 14: the client id is a UUID now (it was any text), so the example is one.
  test('universal: client id (a UUID, case kept) and secret, trimmed', () => {
    const clientId = CLIENT_ID.toUpperCase();
    expect(
      parseCredentials(
        reader({
          method: 'Universal',
          'client-id': ` ${clientId} `,
          'client-secret': ' s3cret!\n',
        }),
      ),
    ).toEqual({ method: 'universal', clientId, clientSecret: 's3cret!' });
  });

  test.each([
    ['a name', 'my-client'],
    ['a line break inside', `${'6f1c2a0e-8b7d-4c2e'}\n-9f55-0a1b2c3d4e5f`],
    [
      'two ids',
      `${'6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f'} ${'6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5e'}`,
    ],
    [
      'the client secret pasted in the wrong input',
      'f3b1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2',
    ],
  ])('a client-id that is not a UUID (%s) is refused before any request, not shown', (_, value) => {
    const message = thrown(() =>
      parseCredentials(reader({ method: 'universal', 'client-id': value, 'client-secret': 's' })),
    );
    expect(message).toBe(
      'Input client-id is not a Universal Auth client id: expected a UUID such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f, on one line. The value is not shown.',
    );
    expect(message).not.toContain(value);
    // Not a piece of it either: the secret pasted here is not shown, even its start.
    expect(message).not.toContain(value.slice(0, 8) === '6f1c2a0e' ? value : value.slice(0, 8));
  });

  test('an empty access-token without a method: names method, and that secrets are empty for forks and Dependabot', () => {
    const message = thrown(() => parseCredentials(reader({})));
    expect(message).toMatch(/^Input access-token is required: .*\(identity:edit\)\./);
    expect(message).toMatch(/set method: oidc or universal to log in instead/);
    expect(message).toMatch(/pull requests from forks/);
    expect(message).toMatch(/Dependabot/);
  });

  test('an empty access-token for self only: no permission is needed, and identity:edit is not asked for', () => {
    const message = thrown(() => parseCredentials(reader({}), { selfOnly: true }));
    expect(message).toMatch(
      /^Input access-token is required: token-id: self revokes the access token given here/,
    );
    expect(message).toMatch(/no permission is needed/);
    expect(message).not.toMatch(/identity:edit|Identity → Edit/);
    expect(message).toMatch(/method: oidc or universal/);
    expect(message).toMatch(/forks.*Dependabot/);
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

  test("a method's inputs without that method are refused, naming them (identity-id now names the three methods it is for)", () => {
    expect(
      thrown(() => parseCredentials(reader({ 'access-token': 't', 'identity-id': IDENTITY }))),
    ).toBe(
      'Input identity-id is for method: oidc, aws-iam or kubernetes, but method is empty. Set method: oidc, aws-iam or kubernetes to log in that way, or remove identity-id.',
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

  test('an unknown method is refused with a short, escaped echo (the list now has aws-iam and kubernetes)', () => {
    expect(thrown(() => parseCredentials(reader({ method: 'aws' })))).toBe(
      'Input method must be empty (use access-token), oidc, universal, aws-iam or kubernetes, got "aws".',
    );
    const long = thrown(() => parseCredentials(reader({ method: 'kubernetes-service-account' })));
    expect(long).toMatch(/got "kubernetes-service-a\u2026" \(26 characters\)\.$/);
    // An invisible character pasted with the method is shown, not hidden.
    expect(thrown(() => parseCredentials(reader({ method: 'oidc\u200b' })))).toBe(
      'Input method must be empty (use access-token), oidc, universal, aws-iam or kubernetes, got "oidc\\u200b".',
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
        reader({
          method: 'universal',
          'client-id': CLIENT_ID,
          'client-secret': 'two words-secret',
        }),
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

describe('parseCredentials: aws-iam and kubernetes', () => {
  test('aws-iam: the identity id in lower case, nothing else', () => {
    expect(
      parseCredentials(
        reader({ method: ' AWS-IAM ', 'identity-id': ` ${IDENTITY.toUpperCase()} ` }),
      ),
    ).toEqual({ method: 'aws-iam', identityId: IDENTITY });
  });

  test('kubernetes: the identity id, and the token path (undefined when empty: the standard path)', () => {
    expect(parseCredentials(reader({ method: 'kubernetes', 'identity-id': IDENTITY }))).toEqual({
      method: 'kubernetes',
      identityId: IDENTITY,
      tokenPath: undefined,
    });
    expect(
      parseCredentials(
        reader({
          method: 'kubernetes',
          'identity-id': IDENTITY,
          'service-account-token-path': ' /run/sa/token ',
        }),
      ),
    ).toEqual({ method: 'kubernetes', identityId: IDENTITY, tokenPath: '/run/sa/token' });
  });

  test.each(['aws-iam', 'kubernetes'])(
    '%s: identity-id is required and must be a UUID',
    (method) => {
      expect(thrown(() => parseCredentials(reader({ method })))).toBe(
        `Input identity-id is required with method: ${method}: the id of the Infisical machine identity to log in as (a UUID).`,
      );
      expect(thrown(() => parseCredentials(reader({ method, 'identity-id': 'nope' })))).toMatch(
        /^Input identity-id: "nope" is not an identity id\./,
      );
      // At job end the main step leaves an empty identity-id to the post step.
      const deferred = parseCredentials(reader({ method }), { deferEmpty: true });
      expect(deferred).toEqual({ method, identityId: '' });
      expect(emptyCredentials(deferred)).toEqual(['identity-id']);
    },
  );

  test('service-account-token-path belongs to kubernetes only; oidc-audience is not for aws-iam', () => {
    expect(
      thrown(() =>
        parseCredentials(
          reader({
            method: 'aws-iam',
            'identity-id': IDENTITY,
            'service-account-token-path': '/t',
          }),
        ),
      ),
    ).toBe(
      'Input service-account-token-path is for method: kubernetes, but method is aws-iam. Remove service-account-token-path.',
    );
    expect(
      thrown(() =>
        parseCredentials(
          reader({ method: 'aws-iam', 'identity-id': IDENTITY, 'oidc-audience': 'a' }),
        ),
      ),
    ).toBe('Input oidc-audience is for method: oidc, but method is aws-iam. Remove oidc-audience.');
  });

  test('a token path of several lines is refused without being shown (it may be the token pasted)', () => {
    const message = thrown(() =>
      parseCredentials(
        reader({
          method: 'kubernetes',
          'identity-id': IDENTITY,
          'service-account-token-path': 'eyJhbGciOi.secret-part\nmore',
        }),
      ),
    );
    expect(message).toContain('Input service-account-token-path must be the path');
    expect(message).not.toContain('secret-part');
  });

  test('access-token with aws-iam is two sources', () => {
    expect(
      thrown(() =>
        parseCredentials(
          reader({ method: 'aws-iam', 'identity-id': IDENTITY, 'access-token': 't' }),
        ),
      ),
    ).toMatch(/^Inputs access-token and method: aws-iam are two sources of credentials/);
  });
});
