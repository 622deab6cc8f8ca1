// Choosing the tokens to revoke among those listed (choose): keep-newest by creation, the filters
// together, revoked rows and the access token's own token skipped with a note, rows that look
// expired by their TTL chosen like live ones (only the revoked flag tells a dead row), several
// identities, a deterministic order; and a listed population end to end.
import { describe, expect, test } from '@jest/globals';
import type { ListedToken } from '../../../src/infisical/list.js';
import type { ListedSecret } from '../../../src/infisical/client-secrets.js';
import { chooseSecrets, OWN_SECRET_WHY } from '../../../src/select/choose.js';
import { choose, listAll, type Listed, type Selection } from '../../../src/select/index.js';
import {
  contextOf,
  DAY,
  fakeServer,
  ID_A,
  ID_B,
  ID_C,
  NOW,
  population,
  SECOND,
} from '../../support/list-route.js';

let serial = 0;
/** A listed token created `ageDays` ago; updatedAt independent of creation unless given. */
function token(ageDays: number, fields: Partial<ListedToken> = {}): ListedToken {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    identityId: ID_A,
    name: `t${serial}`,
    createdAt: new Date(NOW - ageDays * DAY),
    updatedAt: new Date(NOW - ((serial * 7919) % 1000) * SECOND),
    revoked: false,
    expired: false,
    ...fields,
  };
}
const listedOf = (identityId: string, tokens: ListedToken[]): Listed => ({
  identityId,
  tokens: tokens.map((t) => ({ ...t, identityId })),
  full: false,
});
const selection = (fields: Partial<Selection>): Selection => ({
  identityIds: [ID_A],
  allIdentities: false,
  ...fields,
});
const ids = (tokens: readonly ListedToken[]) => tokens.map((t) => t.id);

describe('choosing the tokens to revoke', () => {
  test('keep-newest follows creation, not the list order (updatedAt)', () => {
    const oldest = token(40);
    const old = token(30);
    const newer = token(20);
    const newest = token(10);
    // Listed by updatedAt: the oldest token was renamed last, so it comes first.
    const list = [
      { ...oldest, updatedAt: new Date(NOW) },
      { ...newest, updatedAt: new Date(NOW - DAY) },
      { ...old, updatedAt: new Date(NOW - 2 * DAY) },
      { ...newer, updatedAt: new Date(NOW - 3 * DAY) },
    ];
    const result = choose([listedOf(ID_A, list)], selection({ keepNewest: 2 }), { now: NOW });
    expect(ids(result.chosen)).toEqual([oldest.id, old.id]);
    expect(result.identities[0]?.kept.map((k) => [k.token.id, k.why])).toEqual([
      [newer.id, 'one of the 2 newest'],
      [newest.id, 'one of the 2 newest'],
    ]);
  });
  test('keep-newest counts the rows not revoked that pass the other filters (an expired-looking row counts as live)', () => {
    const a = token(40, { name: 'ci-1' });
    const b = token(30, { name: 'ci-2' });
    const c = token(20, { name: 'other' });
    const d = token(10, { name: 'ci-3', revoked: true });
    const e = token(5, { name: 'ci-4', expired: true });
    const f = token(1, { name: 'ci-5' });
    const result = choose(
      [listedOf(ID_A, [f, e, d, c, b, a])],
      selection({ tokenName: 'ci-*', olderThanMs: 2 * DAY, keepNewest: 1 }),
      { now: NOW },
    );
    // e looks expired but may still work: it passes the filters, and is the newest that does.
    expect(ids(result.chosen)).toEqual([a.id, b.id]);
    expect(result.identities[0]?.kept.map((k) => [k.token.id, k.why])).toEqual([
      [c.id, 'name does not match "ci-*"'],
      [e.id, 'the newest'],
      [f.id, 'created less than 2d ago'],
    ]);
    expect(ids(result.chosen)).not.toContain(d.id);
  });
  test('keep-newest above the count keeps them all', () => {
    const result = choose([listedOf(ID_A, [token(3), token(2)])], selection({ keepNewest: 5 }), {
      now: NOW,
    });
    expect(result.chosen).toEqual([]);
  });
  test('revoked rows are skipped; a row that looks expired by its TTL is chosen like a live one; both counted in the notes', () => {
    const live = token(9);
    const expired = token(6, { expired: true });
    const result = choose(
      [
        listedOf(ID_A, [
          token(8, { revoked: true }),
          token(7, { revoked: true, expired: true }),
          expired,
          live,
        ]),
      ],
      selection({ olderThanMs: 0 }),
      { now: NOW },
    );
    expect(ids(result.chosen)).toEqual([live.id, expired.id]);
    expect(result.identities[0]?.kept).toEqual([]);
    expect(result.identities[0]?.notes).toEqual([
      'Skipped 2 rows of tokens already revoked (Infisical lists them until it prunes them).',
      '1 row looked expired by its TTL; such a token may still work (a renewal on a current server does not show in its row), so it is chosen like live ones.',
    ]);
  });
  test('several rows that look expired: the note counts them', () => {
    const result = choose(
      [listedOf(ID_A, [token(3, { expired: true }), token(2, { expired: true })])],
      selection({ olderThanMs: 0 }),
      { now: NOW },
    );
    expect(result.chosen).toHaveLength(2);
    expect(result.identities[0]?.notes).toEqual([
      '2 rows looked expired by their TTL; such a token may still work (a renewal on a current server does not show in its row), so they are chosen like live ones.',
    ]);
  });
  test("the access token's own token is never chosen, and a note says so", () => {
    const own = token(30);
    const other = token(20);
    const result = choose([listedOf(ID_A, [other, own])], selection({ olderThanMs: 0 }), {
      now: NOW,
      ownTokenId: own.id.toUpperCase(),
    });
    expect(ids(result.chosen)).toEqual([other.id]);
    expect(result.identities[0]?.kept).toEqual([
      { token: { ...own, identityId: ID_A }, why: "the access token's own token" },
    ]);
    expect(result.identities[0]?.notes).toEqual([
      `Kept token ${own.id}: it is the access token's own token, and revoking it would cut off this run's credential; token-id: self revokes it.`,
    ]);
  });
  test('the own token among the newest is kept as one of them, with no note', () => {
    const own = token(1);
    const result = choose(
      [listedOf(ID_A, [token(3), token(2), own])],
      selection({ keepNewest: 1 }),
      { now: NOW, ownTokenId: own.id },
    );
    expect(result.chosen).toHaveLength(2);
    expect(result.identities[0]?.kept.map((k) => k.why)).toEqual(['the newest']);
    expect(result.identities[0]?.notes).toEqual([]);
  });
  test('older-than: a token exactly that old counts; a millisecond younger does not', () => {
    const exactly = token(0, { createdAt: new Date(NOW - 7 * DAY) });
    const younger = token(0, { createdAt: new Date(NOW - 7 * DAY + 1) });
    const result = choose(
      [listedOf(ID_A, [younger, exactly])],
      selection({ olderThanMs: 7 * DAY }),
      {
        now: NOW,
      },
    );
    expect(ids(result.chosen)).toEqual([exactly.id]);
    expect(result.identities[0]?.kept).toEqual([
      { token: { ...younger, identityId: ID_A }, why: 'created less than 1w ago' },
    ]);
  });
  test('older-than: 0s takes every live token, even one dated ahead of this clock', () => {
    const ahead = token(0, { createdAt: new Date(NOW + 5 * SECOND) });
    const result = choose([listedOf(ID_A, [ahead, token(1)])], selection({ olderThanMs: 0 }), {
      now: NOW,
    });
    expect(result.chosen).toHaveLength(2);
  });
  test('token-name: exact or glob; a token without a name is never chosen', () => {
    const exact = token(5, { name: 'deploy' });
    const unnamed = token(4, { name: null });
    const similar = token(3, { name: 'deploy-2' });
    const list = [listedOf(ID_A, [exact, unnamed, similar])];
    const exactly = choose(list, selection({ tokenName: 'deploy' }), { now: NOW });
    expect(ids(exactly.chosen)).toEqual([exact.id]);
    expect(exactly.identities[0]?.kept.map((k) => k.why)).toEqual([
      'has no name',
      'name is not "deploy"',
    ]);
    expect(ids(choose(list, selection({ tokenName: '*' }), { now: NOW }).chosen)).toEqual([
      exact.id,
      similar.id,
    ]);
  });
  test('several identities: their union, oldest first, each once; a failed list chooses nothing', () => {
    const a1 = token(10);
    const a2 = token(2);
    const b1 = token(5);
    const b2 = token(1);
    const failed: Listed = { identityId: ID_C, tokens: [], full: false, error: 'Could not list' };
    const result = choose(
      [listedOf(ID_A, [a2, a1]), listedOf(ID_B, [b2, b1]), failed],
      selection({ identityIds: [ID_A, ID_B, ID_C], olderThanMs: 0 }),
      { now: NOW },
    );
    expect(ids(result.chosen)).toEqual([a1.id, b1.id, a2.id, b2.id]);
    expect(result.chosen.map((t) => t.identityId)).toEqual([ID_A, ID_B, ID_A, ID_B]);
    expect(result.identities.map((c) => [c.identityId, c.chosen.length])).toEqual([
      [ID_A, 2],
      [ID_B, 2],
      [ID_C, 0],
    ]);
  });
  test('the order is deterministic: ties on createdAt by id, whatever the list order', () => {
    const at = new Date(NOW - DAY);
    const tied = [
      token(0, { createdAt: at }),
      token(0, { createdAt: at }),
      token(0, { createdAt: at }),
    ];
    const forward = choose([listedOf(ID_A, tied)], selection({ olderThanMs: 0 }), { now: NOW });
    const backward = choose([listedOf(ID_A, [...tied].reverse())], selection({ olderThanMs: 0 }), {
      now: NOW,
    });
    expect(ids(forward.chosen)).toEqual(ids(tied).sort());
    expect(ids(backward.chosen)).toEqual(ids(forward.chosen));
    const kept = choose([listedOf(ID_A, [...tied].reverse())], selection({ keepNewest: 1 }), {
      now: NOW,
    });
    expect(kept.identities[0]?.kept.map((k) => k.token.id)).toEqual([ids(tied).sort()[2]]);
  });
  test('a listed population end to end: list, then choose', async () => {
    // 150 tokens updated in the reverse of their creation: the list shows the oldest first.
    const server = fakeServer({ [ID_A]: population(ID_A, 150) });
    const listed = await listAll([ID_A], contextOf(server.send).ctx);
    const result = choose(listed, selection({ keepNewest: 10 }), { now: NOW });
    expect(result.chosen).toHaveLength(140);
    expect(result.identities[0]?.kept.map((k) => k.token.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `token-${140 + i}`),
    );
  });
});

/** A live client secret created `ageDays` ago. */
function secret(ageDays: number, description: string | null, fields: Partial<ListedSecret> = {}) {
  serial += 1;
  return {
    id: `5e000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    identityId: ID_A,
    description,
    createdAt: new Date(NOW - ageDays * DAY),
    ...fields,
  };
}
const secretsOf = (identityId: string, secrets: ListedSecret[], error?: string) => ({
  identityId,
  secrets: secrets.map((s) => ({ ...s, identityId })),
  ...(error ? { error } : {}),
});
const notOwn = { now: NOW, isOwn: () => false };

describe('choosing the client secrets to revoke', () => {
  test('older-than by createdAt, oldest first', () => {
    const old = secret(40, 'a');
    const young = secret(2, 'b');
    const older = secret(90, 'c');
    const chosen = chooseSecrets(
      [secretsOf(ID_A, [old, young, older])],
      selection({ olderThanMs: 30 * DAY }),
      notOwn,
    );
    expect(chosen.chosen.map((s) => s.id)).toEqual([older.id, old.id]);
    expect(chosen.identities[0]?.kept).toEqual([
      { token: { ...young, identityId: ID_A }, why: 'created less than 30d ago' },
    ]);
  });
  test("token-name matches a secret's description, whole; none: never chosen", () => {
    const ci = secret(40, 'ci-2026-10');
    const other = secret(40, 'laptop');
    const none = secret(40, null);
    const chosen = chooseSecrets(
      [secretsOf(ID_A, [ci, other, none])],
      selection({ tokenName: 'ci-*' }),
      notOwn,
    );
    expect(chosen.chosen.map((s) => s.id)).toEqual([ci.id]);
    expect(chosen.identities[0]?.kept.map((k) => k.why)).toEqual([
      'description does not match "ci-*"',
      'has no description',
    ]);
    const exact = chooseSecrets([secretsOf(ID_A, [ci])], selection({ tokenName: 'ci' }), notOwn);
    expect(exact.identities[0]?.kept.map((k) => k.why)).toEqual(['description is not "ci"']);
  });
  test('keep-newest among those the other filters chose, by creation', () => {
    const [a, b, c, d] = [secret(50, 'ci'), secret(40, 'ci'), secret(30, 'ci'), secret(35, 'x')];
    const chosen = chooseSecrets(
      [secretsOf(ID_A, [c, a, d, b] as ListedSecret[])],
      selection({ tokenName: 'ci', keepNewest: 2 }),
      notOwn,
    );
    expect(chosen.chosen.map((s) => s.id)).toEqual([a?.id]);
    const kept = chosen.identities[0]?.kept.map((k) => [k.token.id, k.why]);
    expect(kept).toEqual([
      [b?.id, 'one of the 2 newest'],
      [d?.id, 'description is not "ci"'],
      [c?.id, 'one of the 2 newest'],
    ]);
  });
  test('the secret the access token was issued from is never chosen: kept, with a note', () => {
    const own = secret(60, 'ci');
    const other = secret(50, 'ci');
    const chosen = chooseSecrets([secretsOf(ID_A, [own, other])], selection({ olderThanMs: 0 }), {
      now: NOW,
      isOwn: (s) => s.id === own.id,
    });
    expect(chosen.chosen.map((s) => s.id)).toEqual([other.id]);
    const [choice] = chosen.identities;
    expect(choice?.kept).toEqual([{ token: { ...own, identityId: ID_A }, why: OWN_SECRET_WHY }]);
    expect(choice?.notes).toEqual([
      expect.stringMatching(new RegExp(`^Kept client secret ${own.id}: it is ${OWN_SECRET_WHY}`)),
    ]);
  });
  test('the own secret among the newest kept: kept as the newest, no extra one spared', () => {
    const older = secret(60, 'ci');
    const own = secret(10, 'ci');
    const chosen = chooseSecrets(
      [secretsOf(ID_A, [older, own])],
      selection({ olderThanMs: 0, keepNewest: 1 }),
      { now: NOW, isOwn: (s) => s.id === own.id },
    );
    expect(chosen.chosen.map((s) => s.id)).toEqual([older.id]);
    expect(chosen.identities[0]?.kept.map((k) => k.why)).toEqual(['the newest']);
  });
  test('several identities, each its own choice; a failed list chooses nothing', () => {
    const a = secret(40, 'x');
    const b = secret(41, 'y');
    const chosen = chooseSecrets(
      [secretsOf(ID_A, [a]), secretsOf(ID_B, [b], 'Could not list'), secretsOf(ID_C, [])],
      selection({ olderThanMs: DAY }),
      notOwn,
    );
    expect(chosen.chosen.map((s) => s.id)).toEqual([a.id]);
    expect(chosen.identities.map((c) => [c.identityId, c.chosen.length])).toEqual([
      [ID_A, 1],
      [ID_B, 0],
      [ID_C, 0],
    ]);
  });
});
