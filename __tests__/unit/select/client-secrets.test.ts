// Listing each identity's live client secrets (listSecrets): one GET each, in the order named,
// each secret once; a failed list names nothing of its identity; a refusal stops the rest.
import { describe, expect, test } from '@jest/globals';
import type { Send } from '../../../src/http/index.js';
import { listSecrets } from '../../../src/select/client-secrets.js';
import { answerOf, contextOf, errorBody, ID_A, ID_B, ID_C } from '../../support/list-route.js';

const secretRow = (n: number) => ({
  id: `5e1d2c3b-4a59-4687-9abc-${String(n).padStart(12, '0')}`,
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-01T08:00:00.000Z',
  description: `s${n}`,
  clientSecretPrefix: 'zq9X',
  isClientSecretRevoked: false,
});

function secretServer(answers: Record<string, () => ReturnType<typeof answerOf>>) {
  const paths: string[] = [];
  const send: Send = async (request) => {
    const path = new URL(request.url).pathname;
    paths.push(`${request.method} ${path}`);
    const identityId = /identities\/([^/]+)\/client-secrets$/.exec(path)?.[1] ?? '';
    return (answers[identityId] ?? (() => answerOf(200, { clientSecretData: [] })))();
  };
  return { send, paths };
}

describe('listing client secrets', () => {
  test('one GET per identity, in order; each secret once; each list handed on as it completes', async () => {
    const server = secretServer({
      [ID_A]: () => answerOf(200, { clientSecretData: [secretRow(1), secretRow(2), secretRow(1)] }),
      [ID_B]: () => answerOf(200, { clientSecretData: [secretRow(3)] }),
    });
    const heard: string[] = [];
    const listed = await listSecrets([ID_A, ID_B], contextOf(server.send).ctx, (one) =>
      heard.push(one.identityId),
    );
    expect(server.paths).toEqual([
      `GET /api/v1/auth/universal-auth/identities/${ID_A}/client-secrets`,
      `GET /api/v1/auth/universal-auth/identities/${ID_B}/client-secrets`,
    ]);
    expect(heard).toEqual([ID_A, ID_B]);
    expect(listed.map((l) => l.secrets.map((s) => s.description))).toEqual([['s1', 's2'], ['s3']]);
    expect(listed.every((l) => l.error === undefined)).toBe(true);
  });
  test('a list that fails: its line, nothing of it listed; the next identities still listed', async () => {
    const server = secretServer({
      [ID_A]: () => answerOf(403, errorBody(403, 'PermissionDenied', 'no read')),
    });
    const listed = await listSecrets([ID_A, ID_B], contextOf(server.send).ctx);
    expect(listed[0]).toMatchObject({ identityId: ID_A, secrets: [] });
    expect(listed[0]?.error).toMatch(
      new RegExp(`^Could not list the client secrets of identity ${ID_A}: 403 .*Identity → Read`),
    );
    expect(listed[0]?.refused).toBeUndefined();
    expect(listed[1]?.error).toBeUndefined();
  });
  test('refused: the identities after it are not listed, each saying why', async () => {
    const server = secretServer({
      [ID_A]: () => answerOf(401, errorBody(401, 'UnauthorizedError', 'Token expired')),
    });
    const listed = await listSecrets([ID_A, ID_B, ID_C], contextOf(server.send).ctx);
    expect(server.paths).toHaveLength(1);
    expect(listed.map((l) => l.refused)).toEqual([true, true, true]);
    expect(listed[1]?.error).toMatch(
      new RegExp(`^Did not list the client secrets of identity ${ID_B}: `),
    );
  });
});
