// Universal Auth client secrets: the list (live rows only, revoked ones dropped, the prefix kept
// for telling the action's own secret and never shown), the revoke's answers (the row revoked,
// a row not marked revoked, a 200 from something in front, the 404 that names the identity, the
// permission and refusal errors) and the read-back from the live list.
import { describe, expect, test } from '@jest/globals';
import { HINTS } from '../../../src/infisical/answers.js';
import {
  CLIENT_SECRET_HINTS,
  describeDescription,
  judgeSecretList,
  judgeSecretReadBack,
  judgeSecretRevoke,
  secretListRequest,
  secretRevokeRequest,
} from '../../../src/infisical/client-secrets.js';
import { at, failed, infisical, JSON_TYPE, REQ } from '../../support/answers.js';

const IDENTITY = '0d9a6c1e-2b3f-4a5d-8e7f-102132435465';
const OTHER_IDENTITY = '0d9a6c1e-2b3f-4a5d-8e7f-000000000000';
const SECRET = '5e1d2c3b-4a59-4687-9abc-def012345678';
const SECRET_2 = '5e1d2c3b-4a59-4687-9abc-def012345679';
/** A listed prefix: the first characters of a secret, never to be printed. */
const PREFIX = 'zq9X';
const CREATED = '2026-10-01T08:00:00.000Z';

/** A row as the server serializes it (sanitizedClientSecretSchema), in its field order. */
const row = (overrides: Record<string, unknown> = {}) => ({
  id: SECRET,
  createdAt: CREATED,
  updatedAt: CREATED,
  description: 'ci',
  clientSecretPrefix: PREFIX,
  clientSecretNumUses: 3,
  clientSecretNumUsesLimit: 0,
  clientSecretTTL: 0,
  identityUAId: 'ua-1',
  isClientSecretRevoked: false,
  ...overrides,
});
const list = (rows: unknown[]) => at(200, { clientSecretData: rows }, JSON_TYPE);
const secretsOf = (rows: unknown[]) => {
  const verdict = judgeSecretList(list(rows), IDENTITY);
  if (verdict.kind !== 'ok') throw new Error(`not ok: ${verdict.message}`);
  return verdict.secrets;
};
/** Every text of a verdict, for the check that no prefix is in it. */
const textOf = (verdict: unknown) => JSON.stringify(verdict);

describe('the requests', () => {
  test('the list: GET under the identity, bearer, a cap', () => {
    const request = secretListRequest({ origin: 'https://h', prefix: '/p' }, IDENTITY, 'at');
    expect(request).toMatchObject({
      method: 'GET',
      url: `https://h/p/api/v1/auth/universal-auth/identities/${IDENTITY}/client-secrets`,
      bearerToken: 'at',
    });
    expect(request.maxBytes).toBeGreaterThan(0);
  });
  test('the revoke: POST …/client-secrets/{id}/revoke, no body, each id one path segment', () => {
    const request = secretRevokeRequest(
      { origin: 'https://h', prefix: '' },
      IDENTITY,
      SECRET,
      'at',
    );
    expect(request).toEqual({
      method: 'POST',
      url: `https://h/api/v1/auth/universal-auth/identities/${IDENTITY}/client-secrets/${SECRET}/revoke`,
      bearerToken: 'at',
    });
    const odd = secretRevokeRequest({ origin: 'https://h', prefix: '' }, IDENTITY, 'a/b', 'at');
    expect(odd.url).toContain('/client-secrets/a%2Fb/revoke');
  });
});

describe('the list', () => {
  test('a live row: id lower case, the identity, description, createdAt, the prefix kept internally', () => {
    expect(secretsOf([row({ id: SECRET.toUpperCase() })])).toEqual([
      {
        id: SECRET,
        identityId: IDENTITY,
        description: 'ci',
        createdAt: new Date(CREATED),
        prefix: PREFIX,
      },
    ]);
  });
  test('no description, null or "": null; no prefix: none kept', () => {
    const [a, b, c] = secretsOf([
      row({ description: '' }),
      row({ id: SECRET_2, description: null }),
      row({ id: SECRET.replace(/8$/, '0'), description: undefined, clientSecretPrefix: 7 }),
    ]);
    expect([a?.description, b?.description, c?.description]).toEqual([null, null, null]);
    expect(c).not.toHaveProperty('prefix');
  });
  test('a revoked row (an older server that lists them) is dropped: never a candidate', () => {
    expect(
      secretsOf([row(), row({ id: SECRET_2, isClientSecretRevoked: true })]).map((s) => s.id),
    ).toEqual([SECRET]);
  });
  test('a row that cannot be read fails the list, saying which, without quoting it', () => {
    for (const [bad, why] of [
      ['x', 'is not an object'],
      [row({ id: 'nope' }), 'has no client secret id'],
      [row({ description: 5 }), 'has a description that is not a string'],
      [row({ createdAt: '1' }), 'has no readable createdAt'],
    ] as const) {
      const verdict = judgeSecretList(list([row({ id: SECRET_2 }), bad]), IDENTITY);
      expect(verdict).toMatchObject({
        kind: 'failed',
        status: 200,
        message: `OK, but JSON that is not a client secret list: row 2 of 2 ${why}`,
      });
      expect(textOf(verdict)).not.toContain(PREFIX);
    }
  });
  test('a 200 in another shape: failed, and no prefix of its rows quoted', () => {
    const verdict = judgeSecretList(at(200, { clientSecretData: row() }), IDENTITY);
    expect(verdict).toMatchObject({ kind: 'failed', status: 200, hint: HINTS.serverUrl });
    expect(textOf(verdict)).not.toContain(PREFIX);
  });
  test('403 PermissionDenied: the Identity → Read hint; 401: refused', () => {
    expect(
      judgeSecretList(infisical(403, 'PermissionDenied', 'Not allowed'), IDENTITY),
    ).toMatchObject({ kind: 'failed', status: 403, reqId: REQ, hint: CLIENT_SECRET_HINTS.read });
    expect(judgeSecretList(infisical(401, 'UnauthorizedError', 'bad'), IDENTITY)).toMatchObject({
      kind: 'failed',
      refused: true,
      hint: HINTS.accessToken,
    });
  });
  test('404 naming the identity: not in the organization; 400 of Universal Auth: none configured', () => {
    expect(
      judgeSecretList(
        infisical(404, 'NotFound', `Failed to find identity with ID ${IDENTITY}`),
        IDENTITY,
      ),
    ).toMatchObject({ kind: 'failed', status: 404, hint: CLIENT_SECRET_HINTS.identity });
    expect(
      judgeSecretList(
        infisical(400, 'BadRequest', 'The identity does not have universal auth'),
        IDENTITY,
      ),
    ).toMatchObject({ kind: 'failed', status: 400, hint: CLIENT_SECRET_HINTS.noUniversalAuth });
  });
});

describe('the revoke answer', () => {
  const answered = (secret: Record<string, unknown>) =>
    at(200, { clientSecretData: secret }, JSON_TYPE);

  test("Infisical's success: the secret's own row, marked revoked (any case of its id)", () => {
    expect(
      judgeSecretRevoke(
        answered(row({ id: SECRET.toUpperCase(), isClientSecretRevoked: true })),
        SECRET,
        IDENTITY,
      ),
    ).toEqual({ kind: 'revoked', message: 'Infisical answered the client secret revoked' });
  });
  test('its row not marked revoked: unconfirmed, and the row (its prefix) is not quoted', () => {
    const verdict = judgeSecretRevoke(answered(row()), SECRET, IDENTITY);
    expect(verdict).toMatchObject({ kind: 'unconfirmed', status: 200 });
    expect(verdict.kind === 'unconfirmed' && verdict.message).toMatch(/not marked revoked/);
    expect(textOf(verdict)).not.toContain(PREFIX);
  });
  test("another secret's row, revoked: unconfirmed (no other secret's state is lent), no prefix quoted", () => {
    const verdict = judgeSecretRevoke(
      answered(row({ id: SECRET_2, isClientSecretRevoked: true })),
      SECRET,
      IDENTITY,
    );
    expect(verdict).toMatchObject({ kind: 'unconfirmed', status: 200 });
    expect(textOf(verdict)).not.toContain(PREFIX);
  });
  test('a 200 HTML page: unconfirmed, with the server-url hint', () => {
    expect(
      judgeSecretRevoke(
        at(200, '<!doctype html><html>app</html>', { 'content-type': 'text/html' }),
        SECRET,
        IDENTITY,
      ),
    ).toMatchObject({ kind: 'unconfirmed', status: 200, hint: HINTS.serverUrl });
  });
  test("the 404 that names THIS identity: gone (Infisical's answer for a secret it does not find)", () => {
    const verdict = judgeSecretRevoke(
      infisical(404, 'NotFound', `Failed to find identity with ID ${IDENTITY.toUpperCase()}`),
      SECRET,
      IDENTITY,
    );
    expect(verdict).toMatchObject({ kind: 'gone', status: 404, reqId: REQ, errorName: 'NotFound' });
    expect(verdict.kind === 'gone' && verdict.message).toContain(
      'does not find under this identity',
    );
  });
  test('any other 404: failed (another identity named, another message, Fastify’s own)', () => {
    for (const answer of [
      infisical(404, 'NotFound', `Failed to find identity with ID ${OTHER_IDENTITY}`),
      infisical(404, 'NotFound', `Failed to find identity with ID ${IDENTITY}, or not`),
      infisical(404, 'NotFound', 'Client secret not found'),
      infisical(404, 'Not Found', `Failed to find identity with ID ${IDENTITY}`),
    ]) {
      expect(judgeSecretRevoke(answer, SECRET, IDENTITY).kind).toBe('failed');
    }
  });
  test('403 PermissionDenied: failed, with the Identity → Delete hint', () => {
    const verdict = failed(
      judgeSecretRevoke(
        infisical(403, 'PermissionDenied', 'Not allowed to delete'),
        SECRET,
        IDENTITY,
      ),
    );
    expect(verdict).toMatchObject({
      status: 403,
      reqId: REQ,
      hint: CLIENT_SECRET_HINTS.permission,
    });
    expect(verdict.hint).toMatch(/Identity → Delete/);
    expect(verdict.refused).toBeUndefined();
  });
  test('401 and 403 TokenError: refused', () => {
    for (const answer of [
      infisical(401, 'UnauthorizedError', 'Token expired'),
      infisical(403, 'TokenError', 'revoked'),
    ]) {
      expect(failed(judgeSecretRevoke(answer, SECRET, IDENTITY))).toMatchObject({
        refused: true,
        hint: HINTS.accessToken,
      });
    }
  });
});

describe('the read-back from the live list', () => {
  test('gone from the list: revoked; still in it (any case): live', () => {
    expect(judgeSecretReadBack(list([row({ id: SECRET_2 })]), IDENTITY, SECRET)).toEqual({
      kind: 'revoked',
    });
    expect(judgeSecretReadBack(list([]), IDENTITY, SECRET)).toEqual({ kind: 'revoked' });
    expect(judgeSecretReadBack(list([row()]), IDENTITY, SECRET.toUpperCase())).toEqual({
      kind: 'live',
    });
  });
  test('a revoked row in the list (an older server) counts as gone', () => {
    expect(
      judgeSecretReadBack(list([row({ isClientSecretRevoked: true })]), IDENTITY, SECRET),
    ).toEqual({ kind: 'revoked' });
  });
  test('a list that cannot be read: unreadable, with the status and words, no prefix', () => {
    const shown = judgeSecretReadBack(
      infisical(403, 'PermissionDenied', 'No read'),
      IDENTITY,
      SECRET,
    );
    expect(shown).toMatchObject({
      kind: 'unreadable',
      status: 403,
      errorName: 'PermissionDenied',
      message: '403 PermissionDenied — PermissionDenied — No read',
    });
    const html = judgeSecretReadBack(at(200, '<html>app</html>'), IDENTITY, SECRET);
    expect(html.kind).toBe('unreadable');
    const odd = judgeSecretReadBack(at(200, { clientSecretData: row() }), IDENTITY, SECRET);
    expect(odd.kind).toBe('unreadable');
    expect(textOf(odd)).not.toContain(PREFIX);
  });
});

describe('a description in a message', () => {
  test('quoted and cut; none said so', () => {
    expect(describeDescription(null)).toBe('no description');
    expect(describeDescription('ci')).toBe('"ci"');
    expect(describeDescription('x'.repeat(100)).length).toBeLessThan(70);
  });
});
