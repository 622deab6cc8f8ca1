// Which identities a run reaches (sweepOf): those named by id, and, for `all`, every identity of
// the access token's organization with the auth method in question, narrowed by identity-name;
// the organization from the token's orgId claim or from identity details; every page of the
// memberships until totalCount; each identity once; why each skipped one was skipped.
import { describe, expect, test } from '@jest/globals';
import type { Request, Send } from '../../../src/http/index.js';
import type { Selection } from '../../../src/inputs/selection.js';
import { NO_TOKEN_AUTH, NO_UNIVERSAL_AUTH, sweepOf } from '../../../src/select/sweep.js';
import { makeJwt } from '../../support/harness.js';
import { answerOf, contextOf, errorBody, ID_A, ID_B, ID_C } from '../../support/list-route.js';

const ORG = '7b0c1d2e-3f40-4a51-8b62-738495a6b7c8';
const OTHER_ORG = '7b0c1d2e-3f40-4a51-8b62-000000000000';
const idOf = (n: number) => `1d9a6c1e-2b3f-4a5d-8e7f-${String(n).padStart(12, '0')}`;

interface Member {
  id: string;
  name: string;
  authMethods: string[];
  orgId?: string;
}

/** The organization's routes: identity details and the memberships, paged by offset and limit. */
function orgServer(members: Member[], options: { totalCount?: number; details?: boolean } = {}) {
  const requests: Request[] = [];
  const send: Send = async (request) => {
    requests.push(request);
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/identities/details') {
      if (options.details === false) {
        return answerOf(403, errorBody(403, 'PermissionDenied', 'not a machine identity'));
      }
      return answerOf(200, { identityDetails: { organization: { id: ORG, name: 'Acme' } } });
    }
    const match = /^\/api\/v2\/organizations\/([^/]+)\/identity-memberships$/.exec(url.pathname);
    if (!match) return answerOf(404, errorBody(404, 'Not Found', 'no route'));
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    return answerOf(200, {
      identityMemberships: members.slice(offset, offset + limit).map((m) => ({
        id: `m-${m.id}`,
        orgId: m.orgId ?? match[1],
        identity: {
          id: m.id,
          name: m.name,
          orgId: m.orgId ?? match[1],
          authMethods: m.authMethods,
        },
      })),
      totalCount: options.totalCount ?? members.length,
    });
  };
  return {
    send,
    requests,
    paths: () => requests.map((r) => new URL(r.url).pathname + new URL(r.url).search),
  };
}

const selection = (overrides: Partial<Selection> = {}): Selection => ({
  identityIds: [],
  allIdentities: false,
  olderThanMs: 0,
  ...overrides,
});

const TOKEN = ['token-auth'];
const UNIVERSAL = ['universal-auth'];

describe('the organization', () => {
  test("from the access token's orgId claim: no identity details read", async () => {
    const server = orgServer([{ id: ID_A, name: 'a', authMethods: TOKEN }]);
    const { ctx, log } = contextOf(server.send);
    ctx.accessToken = makeJwt({ orgId: ORG.toUpperCase(), authTokenType: 'identityAccessToken' });
    const sweep = await sweepOf(selection({ allIdentities: true }), ctx);
    expect(server.paths()).toEqual([
      `/api/v2/organizations/${ORG}/identity-memberships?offset=0&limit=100`,
    ]);
    expect(sweep.organization?.id).toBe(ORG);
    expect(sweep.tokenIdentities).toEqual([ID_A]);
    expect(log).toContain(`Listing the identities of organization ${ORG}.`);
  });
  test('without the claim (an older token): from GET /api/v1/identities/details', async () => {
    const server = orgServer([{ id: ID_A, name: 'a', authMethods: TOKEN }]);
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(server.send).ctx);
    expect(server.paths()).toEqual([
      '/api/v1/identities/details',
      `/api/v2/organizations/${ORG}/identity-memberships?offset=0&limit=100`,
    ]);
    expect(sweep.organization?.id).toBe(ORG);
  });
  test('details refused: the sweep fails in one line, named ids still reached, nothing of all', async () => {
    const server = orgServer([{ id: ID_A, name: 'a', authMethods: TOKEN }], { details: false });
    const sweep = await sweepOf(
      selection({ allIdentities: true, identityIds: [ID_B] }),
      contextOf(server.send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_B]);
    expect(sweep.organization).toBeUndefined();
    expect(sweep.error).toMatch(/Could not read the access token's organization: 403/);
    expect(sweep.refused).toBeUndefined();
  });
  test('nothing of `all` asked: no request at all', async () => {
    const server = orgServer([]);
    const sweep = await sweepOf(selection({ identityIds: [ID_A] }), contextOf(server.send).ctx);
    expect(server.requests).toEqual([]);
    expect(sweep).toEqual({ tokenIdentities: [ID_A], secretIdentities: [] });
  });
});

describe('every page of the memberships', () => {
  const many = (count: number): Member[] =>
    Array.from({ length: count }, (_, n) => ({ id: idOf(n), name: `id-${n}`, authMethods: TOKEN }));

  test('130 identities: two pages (offset 0 and 100), each identity once, in order', async () => {
    const server = orgServer(many(130));
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(server.send).ctx);
    expect(server.paths().slice(1)).toEqual([
      `/api/v2/organizations/${ORG}/identity-memberships?offset=0&limit=100`,
      `/api/v2/organizations/${ORG}/identity-memberships?offset=100&limit=100`,
    ]);
    expect(sweep.tokenIdentities).toEqual(many(130).map((m) => m.id));
  });
  test('exactly 100 with totalCount 100: no second page', async () => {
    const server = orgServer(many(100));
    await sweepOf(selection({ allIdentities: true }), contextOf(server.send).ctx);
    expect(server.requests).toHaveLength(2);
  });
  test('full pages go on until totalCount', async () => {
    const server = orgServer(many(300));
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(server.send).ctx);
    expect(server.requests).toHaveLength(1 + 3);
    expect(sweep.tokenIdentities).toHaveLength(300);
  });
  test('a server that caps the limit lower still gives every page: offsets follow what came', async () => {
    const server = orgServer(many(130));
    const send: Send = (request) =>
      server.send({ ...request, url: request.url.replace('limit=100', 'limit=50') });
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(send).ctx);
    expect(sweep.tokenIdentities).toEqual(many(130).map((m) => m.id));
    expect(
      server
        .paths()
        .slice(1)
        .map((path) => /offset=(\d+)/.exec(path)?.[1]),
    ).toEqual(['0', '50', '100']);
  });
  test('fewer identities than totalCount: a warning says the rest were not swept', async () => {
    const server = orgServer(many(3), { totalCount: 5 });
    const warnings: string[] = [];
    const sweep = await sweepOf(selection({ allIdentities: true }), {
      ...contextOf(server.send).ctx,
      warn: (line) => warnings.push(line),
    });
    expect(sweep.tokenIdentities).toHaveLength(3);
    expect(warnings).toEqual([
      expect.stringMatching(/^Listed 3 of the 5 identities Infisical counts in organization /),
    ]);
  });
  test('an identity on two pages (the list moved between them) is swept once', async () => {
    const members = many(150);
    const server = orgServer(members);
    const send: Send = async (request) => {
      const answer = await server.send(request);
      // The second page starts one row early: the last row of the first page again.
      if (request.url.includes('offset=100')) {
        const body = JSON.parse(answer.body) as { identityMemberships: unknown[] };
        const first = JSON.parse(
          (await server.send({ ...request, url: request.url.replace('offset=100', 'offset=99') }))
            .body,
        ) as { identityMemberships: unknown[] };
        body.identityMemberships = first.identityMemberships;
        return { ...answer, body: JSON.stringify(body) };
      }
      return answer;
    };
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(send).ctx);
    expect(sweep.tokenIdentities).toHaveLength(150);
    expect(new Set(sweep.tokenIdentities).size).toBe(150);
  });
  test('a page with an identity of another organization: the sweep fails, nothing of all', async () => {
    const members = many(3);
    members[1] = { ...members[1], orgId: OTHER_ORG } as Member;
    const server = orgServer(members);
    const sweep = await sweepOf(
      selection({ allIdentities: true, identityIds: [ID_C] }),
      contextOf(server.send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_C]);
    expect(sweep.organization).toBeUndefined();
    expect(sweep.error).toMatch(/another organization/);
  });
  test('401 on the memberships: refused', async () => {
    const send: Send = async (request) =>
      request.url.includes('identities/details')
        ? answerOf(200, { identityDetails: { organization: { id: ORG } } })
        : answerOf(401, errorBody(401, 'UnauthorizedError', 'Invalid token'));
    const sweep = await sweepOf(selection({ allIdentities: true }), contextOf(send).ctx);
    expect(sweep).toMatchObject({ refused: true, tokenIdentities: [] });
    expect(sweep.error).toMatch(/401/);
  });
});

describe('which identities are swept', () => {
  const org: Member[] = [
    { id: ID_A, name: 'ci-deploy', authMethods: ['token-auth', 'universal-auth'] },
    { id: ID_B, name: 'ci-build', authMethods: UNIVERSAL },
    { id: ID_C, name: 'prod-api', authMethods: TOKEN },
    { id: idOf(9), name: 'nothing', authMethods: [] },
  ];

  test('tokens: only identities with Token Auth; the rest skipped, saying why', async () => {
    const sweep = await sweepOf(
      selection({ allIdentities: true }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_A, ID_C]);
    expect(sweep.secretIdentities).toEqual([]);
    expect(sweep.organization?.identities.map((i) => [i.id, i.tokens])).toEqual([
      [ID_A, undefined],
      [ID_B, NO_TOKEN_AUTH],
      [ID_C, undefined],
      [idOf(9), NO_TOKEN_AUTH],
    ]);
    // Not asked for client secrets: no word on them.
    expect(sweep.organization?.identities.every((i) => !('secrets' in i))).toBe(true);
  });
  test('client secrets: only identities with Universal Auth', async () => {
    const sweep = await sweepOf(
      selection({ clientSecrets: { identityIds: [], all: true } }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([]);
    expect(sweep.secretIdentities).toEqual([ID_A, ID_B]);
    expect(sweep.organization?.identities.map((i) => i.secrets)).toEqual([
      undefined,
      undefined,
      NO_UNIVERSAL_AUTH,
      NO_UNIVERSAL_AUTH,
    ]);
    expect(sweep.organization?.identities.every((i) => !('tokens' in i))).toBe(true);
  });
  test('identity-name, a glob: only whole names that match; why the others were skipped', async () => {
    const sweep = await sweepOf(
      selection({ allIdentities: true, identityName: 'ci-*' }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_A]);
    const why = sweep.organization?.identities.find((i) => i.id === ID_C)?.tokens;
    expect(why).toBe('name does not match "ci-*"');
    // No Token Auth says so first, whatever the name.
    expect(sweep.organization?.identities.find((i) => i.id === ID_B)?.tokens).toBe(NO_TOKEN_AUTH);
  });
  test('identity-name, exact: "is not"; a name is matched whole', async () => {
    const sweep = await sweepOf(
      selection({ allIdentities: true, identityName: 'ci' }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([]);
    expect(sweep.organization?.identities[0]?.tokens).toBe('name is not "ci"');
  });
  test('identity-name does not narrow identities named by id', async () => {
    const sweep = await sweepOf(
      selection({ allIdentities: true, identityName: 'prod-*', identityIds: [ID_B] }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_B, ID_C]);
  });
  test('all beside ids: the union, named ones first, each identity once', async () => {
    const sweep = await sweepOf(
      selection({
        allIdentities: true,
        identityIds: [ID_C, idOf(42)],
        clientSecrets: { identityIds: [ID_B], all: true },
      }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_C, idOf(42), ID_A]);
    expect(sweep.secretIdentities).toEqual([ID_B, ID_A]);
  });
  test('all for secrets only: tokens named by id are taken as named, not swept', async () => {
    const sweep = await sweepOf(
      selection({ identityIds: [ID_B], clientSecrets: { identityIds: [], all: true } }),
      contextOf(orgServer(org).send).ctx,
    );
    expect(sweep.tokenIdentities).toEqual([ID_B]);
    expect(sweep.secretIdentities).toEqual([ID_A, ID_B]);
  });
});
