// All inputs at once (parseInputs): the defaults, an empty token-id, self, the numbers and flags
// and their spellings (verify, default true, among them), dry-run as a property of the run, and
// the secrets the step masks first.
import { describe, expect, test } from '@jest/globals';
import * as defaults from '../../../src/defaults.js';
import { InputError } from '../../../src/inputs/error.js';
import {
  emptyTokenIdError,
  namesNoToken,
  parseInputs,
  secretsIn,
} from '../../../src/inputs/index.js';
import { parseSelection } from '../../../src/inputs/selection.js';
import { makeJwt } from '../../support/harness.js';
import { reader, thrown } from '../../support/inputs.js';

const A = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
const B = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
const ID_A = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546a';
const ID_B = '0d9a6c1e-2b3f-4a5d-8e7f-10213243546b';
const DAY = 24 * 3600 * 1000;
const parse = (values: Record<string, string>) => parseSelection(reader(values));
describe('all inputs', () => {
  test('defaults', () => {
    const { inputs } = parseInputs(reader({ 'token-id': A, 'access-token': 't' }));
    expect(inputs).toEqual({
      named: { tokenIds: [A], self: false },
      credentials: { method: 'access-token', accessToken: 't' },
      selection: undefined,
      dryRun: false,
      extraHeaders: {},
      server: { origin: defaults.DEFAULT_SERVER_URL, prefix: '' },
      retries: 3,
      timeoutSeconds: 30,
      concurrency: 4,
      ignoreNotFound: false,
      revokeAt: 'now',
      verify: true,
    });
  });
  test('an empty token-id names no token: never a self-revoke', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    for (const tokenId of ['', '  ', '\n\n', ' , \n,', '[]']) {
      const { inputs } = parseInputs(reader({ 'token-id': tokenId, 'access-token': token }));
      expect(inputs.named.tokenIds).toEqual([]);
      expect(inputs.named.self).toBe(false);
      expect(namesNoToken(inputs)).toBe(true);
    }
    expect(emptyTokenIdError()).toBeInstanceOf(InputError);
    expect(emptyTokenIdError().message).toMatch(/^Input token-id is empty/);
    expect(emptyTokenIdError().message).toMatch(/\bself\b.*access token itself/);
    expect(emptyTokenIdError().message).toMatch(/ignore-not-found: true/);
  });
  test('self names the access token itself, explicitly', () => {
    const token = makeJwt({ identityAccessTokenId: B });
    const { inputs } = parseInputs(reader({ 'token-id': 'self', 'access-token': token }));
    expect(inputs).toMatchObject({ named: { tokenIds: [], self: true } });
    expect(namesNoToken(inputs)).toBe(false);
    // An access token that names no token id of its own can still revoke itself.
    expect(
      parseInputs(reader({ 'token-id': 'Self', 'access-token': makeJwt({ jti: 'nope' }) })).inputs,
    ).toMatchObject({ named: { tokenIds: [], self: true } });
  });
  test.each([
    ['retries', '-1', /retries must be a whole number from 0 to 10, got "-1"/],
    ['retries', '1.5', /retries must be a whole number/],
    ['retries', '11', /retries must be a whole number/],
    ['timeout-seconds', '0', /timeout-seconds must be a whole number from 1 to 600/],
    ['timeout-seconds', 'abc', /timeout-seconds must be a whole number/],
    ['concurrency', '33', /concurrency must be a whole number from 1 to 32/],
    ['ignore-not-found', 'yes', /ignore-not-found must be true or false, got "yes"/],
    ['verify', 'no', /verify must be true or false, got "no"/],
    ['revoke-at', 'later', /revoke-at must be one of now, job-end, got "later"/],
  ])('%s = %j is refused', (name, value, error) => {
    expect(() =>
      parseInputs(reader({ 'token-id': A, 'access-token': 't', [name]: value })),
    ).toThrow(error);
  });
  test('accepted spellings', () => {
    const { inputs } = parseInputs(
      reader({
        'token-id': A,
        'access-token': 't',
        retries: ' 0 ',
        'ignore-not-found': 'True',
        'revoke-at': 'JOB-END',
        concurrency: '32',
        verify: 'False',
      }),
    );
    expect(inputs).toMatchObject({
      retries: 0,
      ignoreNotFound: true,
      revokeAt: 'job-end',
      concurrency: 32,
      verify: false,
    });
    expect(
      parseInputs(reader({ 'token-id': A, 'access-token': 't', verify: 'TRUE' })).inputs.verify,
    ).toBe(true);
    expect(
      parseInputs(reader({ 'token-id': A, 'access-token': 't', 'ignore-not-found': 'FALSE' }))
        .inputs.ignoreNotFound,
    ).toBe(false);
  });
  test('secrets: the access token as given, trimmed and per line, JWTs in token-id, a URL password', () => {
    const jwt = makeJwt({ x: 1 });
    expect(
      secretsIn(
        reader({
          'access-token': ' a\nb ',
          'token-id': `${A} ${jwt}`,
          'server-url': 'https://u:pw@h',
        }),
      ),
    ).toEqual([' a\nb ', 'a\nb', 'a', 'b', jwt, 'pw']);
  });
  test('secrets: the token after a pasted "Bearer " is masked on its own', () => {
    const token = makeJwt({ identityAccessTokenId: A });
    expect(secretsIn(reader({ 'access-token': `Bearer ${token}` }))).toContain(token);
    expect(secretsIn(reader({ 'access-token': ` bearer \t${token}\n` }))).toContain(token);
    expect(secretsIn(reader({ 'access-token': `BEARER ${token}` }))).toContain(token);
  });
});

describe('dry-run', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['FALSE', false],
  ])('dry-run: %s (YAML 1.2 core spellings) is a property of the run', (text, dryRun) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': text };
    const { inputs: parsed } = parseInputs(reader({ ...values, 'access-token': 'tok' }));
    expect(parsed.dryRun).toBe(dryRun);
    expect(parsed.selection).toEqual({
      identityIds: [ID_A],
      olderThanMs: DAY,
      tokenName: undefined,
      keepNewest: undefined,
    });
  });
  test('dry-run alone (with token-id) is allowed: list what would be revoked, revoke nothing', () => {
    expect(parse({ 'dry-run': 'true' })).toBeUndefined();
    const { inputs: parsed } = parseInputs(
      reader({ 'token-id': ID_B, 'access-token': 'tok', 'dry-run': 'true' }),
    );
    expect(parsed).toMatchObject({ dryRun: true, named: { tokenIds: [ID_B], self: false } });
    expect(parsed.selection).toBeUndefined();
  });
  test.each(['yes', '1', 'on'])('dry-run: %j', (value) => {
    const values = { 'tokens-of-identity': ID_A, 'older-than': '1d', 'dry-run': value };
    expect(thrown(() => parseInputs(reader({ ...values, 'access-token': 'tok' })))).toBe(
      `Input dry-run must be true or false, got "${value}".`,
    );
  });
});
