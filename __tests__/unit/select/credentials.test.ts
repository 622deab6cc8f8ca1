// The selection stage (selectCredentials): each identity's choice handed on as soon as its list
// is complete (tokens first, then client secrets), never the access token's own token nor the
// client secret it was issued from; a refused token list lists no client secret; one moment for
// every age.
import { describe, expect, test } from '@jest/globals';
import type { Send } from '../../../src/http/index.js';
import type { Selection } from '../../../src/inputs/selection.js';
import { selectCredentials, type Chose } from '../../../src/select/index.js';
import {
  answerOf,
  contextOf,
  DAY,
  errorBody,
  ID_A,
  ID_B,
  NOW,
  population,
  tokenId,
} from '../../support/list-route.js';

const secretId = (n: number) => `5e1d2c3b-4a59-4687-9abc-${String(n).padStart(12, '0')}`;
const secretRow = (n: number, ageDays: number) => ({
  id: secretId(n),
  createdAt: new Date(NOW - ageDays * DAY).toISOString(),
  updatedAt: new Date(NOW - ageDays * DAY).toISOString(),
  description: `s${n}`,
  clientSecretPrefix: 'zq9X',
  isClientSecretRevoked: false,
});

/** Token lists (one page each here) and client-secret lists, recording the order of the reads. */
function server(
  tokens: Record<string, Record<string, unknown>[]>,
  secrets: Record<string, unknown[]>,
  refuse?: string,
) {
  const reads: string[] = [];
  const send: Send = async (request) => {
    const path = new URL(request.url).pathname;
    const tokenList = /token-auth\/identities\/([^/]+)\/tokens$/.exec(path)?.[1];
    const secretList = /universal-auth\/identities\/([^/]+)\/client-secrets$/.exec(path)?.[1];
    const who = tokenList ?? secretList ?? '';
    reads.push(`${tokenList ? 'tokens' : 'secrets'} ${who.slice(-1)}`);
    if (refuse === who) return answerOf(401, errorBody(401, 'UnauthorizedError', 'Token expired'));
    if (tokenList) return answerOf(200, { tokens: tokens[tokenList] ?? [] });
    return answerOf(200, { clientSecretData: secrets[who] ?? [] });
  };
  return { send, reads };
}

const selection: Selection = {
  identityIds: [ID_A, ID_B],
  allIdentities: false,
  clientSecrets: { identityIds: [ID_B], all: false },
  olderThanMs: 3 * DAY,
};

describe('selecting tokens and client secrets', () => {
  test('each choice handed on as its list completes: tokens by identity, then the secrets', async () => {
    const fake = server(
      { [ID_A]: population(ID_A, 5), [ID_B]: population(ID_B, 4) },
      { [ID_B]: [secretRow(1, 10), secretRow(2, 1)] },
    );
    const { ctx } = contextOf(fake.send);
    const handed: Chose[] = [];
    const selected = await selectCredentials(selection, { ...ctx, warn: () => {} }, (chose) =>
      handed.push(chose),
    );
    expect(fake.reads).toEqual(['tokens a', 'tokens b', 'secrets b']);
    // Every token of population() is hours old: older-than 3d chooses none, and none is handed on.
    expect(selected.chosen.chosen).toEqual([]);
    expect(handed).toEqual([{ secrets: [expect.objectContaining({ id: secretId(1) })] }]);
    expect(selected.secrets?.chosen.chosen.map((s) => s.id)).toEqual([secretId(1)]);
    expect(selected.sweep.tokenIdentities).toEqual([ID_A, ID_B]);
    expect(selected.refused).toBeUndefined();
  });
  test("never the access token's own token, nor the client secret it was issued from", async () => {
    const fake = server(
      { [ID_A]: population(ID_A, 3) },
      { [ID_B]: [secretRow(1, 10), secretRow(2, 20)] },
    );
    const { ctx } = contextOf(fake.send);
    const handed: Chose[] = [];
    const selected = await selectCredentials(
      { ...selection, identityIds: [ID_A], olderThanMs: 0 },
      {
        ...ctx,
        warn: () => {},
        ownTokenId: tokenId(ID_A, 1),
        isOwnSecret: (secret) => secret.id === secretId(2),
      },
      (chose) => handed.push(chose),
    );
    expect(selected.chosen.chosen.map((t) => t.id)).toEqual([tokenId(ID_A, 0), tokenId(ID_A, 2)]);
    expect(selected.secrets?.chosen.chosen.map((s) => s.id)).toEqual([secretId(1)]);
    const handedIds = handed.flatMap((c) =>
      ('tokens' in c ? c.tokens : c.secrets).map((x) => x.id),
    );
    expect(handedIds).not.toContain(tokenId(ID_A, 1));
    expect(handedIds).not.toContain(secretId(2));
  });
  test('a token list refused: no client secret is listed or chosen, and the run is told why', async () => {
    const fake = server({}, { [ID_B]: [secretRow(1, 10)] }, ID_A);
    const { ctx } = contextOf(fake.send);
    const handed: Chose[] = [];
    const selected = await selectCredentials(selection, { ...ctx, warn: () => {} }, (chose) =>
      handed.push(chose),
    );
    expect(fake.reads).toEqual(['tokens a']);
    expect(handed).toEqual([]);
    expect(selected.secrets?.chosen.chosen).toEqual([]);
    expect(selected.refused).toMatch(/401/);
  });
  test('a client secret list refused: the run is told why', async () => {
    const fake = server({}, {}, ID_B);
    const { ctx } = contextOf(fake.send);
    const selected = await selectCredentials(
      { ...selection, identityIds: [] },
      { ...ctx, warn: () => {} },
    );
    expect(selected.refused).toMatch(/client secrets of identity .*401/);
  });
});
