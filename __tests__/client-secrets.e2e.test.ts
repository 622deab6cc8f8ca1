// client-secrets-of-identity, end to end: Universal Auth client secrets chosen by the same filters
// as tokens (older-than by createdAt, keep-newest, token-name on the description), never the one
// the action's access token was issued from, revoked with POST …/client-secrets/{id}/revoke and
// read back (gone from the live list), shown apart from tokens in the outputs and the summary.
import { describe, expect, test } from '@jest/globals';
import type { Exchange, FakeInfisical, Generation } from '../testbed/fake-infisical.js';
import { gatewayErrorAfterRevoke } from '../testbed/faults.js';
import { DAY } from './support/fixtures.js';
import { commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

interface SecretOutput {
  id: string;
  identityId: string;
  description: string | null;
  createdAt: string;
  outcome: string;
  status: number | null;
  reqId: string | null;
}

const secretsOf = (outputs: Record<string, string>): SecretOutput[] =>
  JSON.parse(outputs['client-secrets'] ?? '') as SecretOutput[];

const ago = (ms: number) => new Date(Date.now() - ms);

/** A Universal Auth identity with old, older and new secrets besides the one it logs in with. */
function rotation(fake: FakeInfisical) {
  const identityId = fake.addIdentity({ name: 'deployer', tokenAuth: false });
  const login = fake.configureUniversalAuth(identityId);
  const secrets = {
    older: fake.addClientSecret(identityId, { description: 'ci 2026-09', createdAt: ago(90 * DAY) })
      .id,
    old: fake.addClientSecret(identityId, { description: 'ci 2026-10', createdAt: ago(60 * DAY) })
      .id,
    other: fake.addClientSecret(identityId, { description: 'laptop', createdAt: ago(60 * DAY) }).id,
    fresh: fake.addClientSecret(identityId, { description: 'ci 2026-12', createdAt: ago(DAY) }).id,
  };
  return { identityId, login, secrets };
}

/** Logs in with Universal Auth at the fake, as another step of the workflow would. */
async function universalToken(fake: FakeInfisical, clientId: string, clientSecret: string) {
  const res = await fetch(`${fake.url}/api/v1/auth/universal-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, clientSecret }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const GENERATIONS: Generation[] = ['legacy', 'current'];

describe.each(GENERATIONS)('client secrets on a %s server', (generation) => {
  test('method: universal retires every secret chosen but the one it logged in with, and logs out', async () => {
    const fake = await startFake({ generation });
    const { identityId, login, secrets } = rotation(fake);
    const run = await revokeStep(fake, {
      'access-token': '',
      method: 'universal',
      'client-id': login.clientId,
      'client-secret': login.clientSecret,
      'client-secrets-of-identity': identityId,
      // Every secret: the one logged in with too, by the filter; it must still be kept.
      'older-than': '0s',
    });

    expect(run.code).toBe(0);
    const revoked = (id: string) => fake.clientSecret(id)?.isClientSecretRevoked;
    expect([secrets.older, secrets.old, secrets.other, secrets.fresh].map(revoked)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(revoked(login.clientSecretId)).toBe(false);
    expect(fake.requestsTo('revoke-client-secret')).toHaveLength(4);
    expect(secretsOf(run.outputs)).toContainEqual({
      id: secrets.older,
      identityId,
      description: 'ci 2026-09',
      createdAt: fake.clientSecret(secrets.older)?.createdAt.toISOString(),
      outcome: 'revoked',
      status: 200,
      reqId: null,
    });
    expect(run.outputs['revoked-client-secret-count']).toBe('4');
    expect(run.outputs['failed-client-secret-count']).toBe('0');
    // Apart from tokens: the token outputs hold none of them.
    expect(run.outputs.revoked).toBe('[]');
    expect(run.outputs['revoked-count']).toBe('0');
    expect(run.outputs.message).toBe(
      '4 client secrets: 4 revoked, 0 already revoked, 0 not found, 0 failed.',
    );
    expect(run.stdout).toContain(
      `Kept client secret ${login.clientSecretId}: it is the client secret the access token was issued from`,
    );
    expect(run.summary).toMatch(
      /^### ✅ Infisical token and client secret revocation succeeded: 4 of 4 done\n/,
    );
    expect(run.summary).toContain(`#### Client secrets of identity ${identityId}`);
    expect(run.summary).toContain(
      '| Client secret | Description | Created | Age | Result | Read back | HTTP status | reqId | Note |',
    );
    // The login still worked to the end: its own logout went through.
    expect(run.stdout).toContain('Revoked the login token (Universal Auth');
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run, login.clientSecret);
  });

  test('token-name matches the description and keep-newest keeps the newest of those chosen', async () => {
    const fake = await startFake({ generation });
    const { identityId, secrets } = rotation(fake);
    const run = await revokeStep(fake, {
      'client-secrets-of-identity': identityId,
      'token-name': 'ci *',
      'keep-newest': '1',
    });

    expect(run.code).toBe(0);
    const revoked = (id: string) => fake.clientSecret(id)?.isClientSecretRevoked;
    expect([secrets.older, secrets.old, secrets.other, secrets.fresh].map(revoked)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(run.summary).toContain('description does not match "ci *"');
  });

  test('an access token issued from a client secret keeps that secret (its clientSecretId claim); all sweeps every Universal Auth identity', async () => {
    const fake = await startFake({ generation });
    const { login, secrets } = rotation(fake);
    const other = fake.addIdentity({ name: 'other-ua', tokenAuth: false });
    const otherSecret = fake.addClientSecret(other, { createdAt: ago(40 * DAY) }).id;
    const tokenOnly = fake.addIdentity({ name: 'token-only' });
    const accessToken = await universalToken(fake, login.clientId, login.clientSecret);
    const run = await revokeStep(fake, {
      'access-token': accessToken,
      'client-secrets-of-identity': 'all',
      'older-than': '0s',
    });

    expect(run.code).toBe(0);
    const revoked = (id: string) => fake.clientSecret(id)?.isClientSecretRevoked;
    expect(
      [secrets.older, secrets.old, secrets.other, secrets.fresh, otherSecret].map(revoked),
    ).toEqual([true, true, true, true, true]);
    expect(revoked(login.clientSecretId)).toBe(false);
    // On current servers a revoked secret kills its tokens: this one's still works.
    expect(fake.isLive(accessToken)).toBe(true);
    expect(fake.requestsTo('list-client-secrets').map((r) => r.path)).not.toContainEqual(
      expect.stringContaining(tokenOnly),
    );
    // The fake's default identity and token-only have no Universal Auth.
    expect(run.summary).toContain(
      'Swept 2 of 4 identities for client secrets; skipped 2: no Universal Auth (2).',
    );
    expectNoLeak(run, accessToken);
  });
});

describe('client secrets, further', () => {
  test('Identity → Delete missing: each secret fails with the permission named, the step fails', async () => {
    const fake = await startFake();
    const { identityId, secrets } = rotation(fake);
    const noDelete = fake.addAccessToken('no-delete-token', 'no-delete');
    const run = await revokeStep(fake, {
      'access-token': noDelete,
      'client-secrets-of-identity': identityId,
      'older-than': '30d',
    });

    expect(run.code).toBe(1);
    expect(fake.clientSecret(secrets.old)?.isClientSecretRevoked).toBe(false);
    expect(commands(run, 'error').join('\n')).toContain('Identity → Delete');
    expect(run.outputs['failed-client-secret-count']).toBe('3');
  });

  test('a 200 that revoked nothing: the read-back still lists the secret, so it failed', async () => {
    const fake = await startFake();
    const { identityId, secrets } = rotation(fake);
    fake.injectOn('revoke-client-secret', (exchange: Exchange) => {
      const row = fake.clientSecret(exchange.tokenId);
      exchange.json(
        200,
        {
          clientSecretData: {
            ...row,
            createdAt: row?.createdAt.toISOString(),
            updatedAt: row?.updatedAt.toISOString(),
            isClientSecretRevoked: true,
          },
        },
        undefined,
        true,
      );
    });
    const run = await revokeStep(fake, {
      'client-secrets-of-identity': identityId,
      'older-than': '80d',
    });

    expect(run.code).toBe(1);
    expect(fake.clientSecret(secrets.older)?.isClientSecretRevoked).toBe(false);
    expect(secretsOf(run.outputs)).toEqual([
      expect.objectContaining({ id: secrets.older, outcome: 'failed' }),
    ]);
    expect(commands(run, 'error').join('\n')).toContain(
      'yet the read-back lists it: the client secret is still live',
    );
  });

  test.each([
    ['false', 1, 'not-found'],
    ['true', 0, 'not-found'],
  ])(
    'Infisical’s 404 for a secret it no longer finds (it names the identity) is not found, not success (ignore-not-found: %s)',
    async (ignore, code, outcome) => {
      const fake = await startFake();
      const { identityId, secrets } = rotation(fake);
      // Gone between the list and the revoke (another run revoked it): the revoke finds none.
      fake.injectOn('revoke-client-secret', (exchange: Exchange) => {
        exchange.revoke();
        exchange.json(404, {
          reqId: 'req-SecretGone00001',
          statusCode: 404,
          message: `Failed to find identity with ID ${identityId}`,
          error: 'NotFound',
        });
      });
      const run = await revokeStep(fake, {
        'client-secrets-of-identity': identityId,
        'older-than': '80d',
        'ignore-not-found': ignore,
      });

      expect(run.code).toBe(code);
      expect(secretsOf(run.outputs)).toEqual([
        expect.objectContaining({
          id: secrets.older,
          outcome,
          status: 404,
          reqId: 'req-SecretGone00001',
        }),
      ]);
    },
  );

  test('a gateway 502 after the revoke landed (and on every retry): the read-back shows the secret gone, so it is revoked', async () => {
    const fake = await startFake();
    const { identityId, secrets } = rotation(fake);
    fake.injectOn(
      'revoke-client-secret',
      ...Array.from({ length: 4 }, () => gatewayErrorAfterRevoke(502)),
    );
    const run = await revokeStep(fake, {
      'client-secrets-of-identity': identityId,
      'older-than': '80d',
      retries: '3',
    });

    expect(run.code).toBe(0);
    expect(fake.clientSecret(secrets.older)?.isClientSecretRevoked).toBe(true);
    expect(secretsOf(run.outputs)).toEqual([
      expect.objectContaining({ id: secrets.older, outcome: 'revoked' }),
    ]);
    expect(run.stdout).toContain('gone from the live list');
  });

  test("a proxy's 200 page instead of the list: nothing chosen, nothing revoked, the step fails, and no secret's prefix is printed", async () => {
    const fake = await startFake();
    const { identityId, secrets } = rotation(fake);
    const row = fake.clientSecret(secrets.older);
    // A page that echoes what it would have passed on: rows with their prefixes.
    const prefix = 'zQ9x';
    fake.injectOn('list-client-secrets', ({ res }) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<html><body>cached: {"clientSecretData":[{"id":"${row?.id}","clientSecretPrefix":"${prefix}"}]}</body></html>`,
      );
    });
    const run = await revokeStep(fake, {
      'client-secrets-of-identity': identityId,
      'older-than': '30d',
    });

    expect(run.code).toBe(1);
    expect(fake.requestsTo('revoke-client-secret')).toEqual([]);
    expect(secretsOf(run.outputs)).toEqual([]);
    expect(commands(run, 'error').join('\n')).toContain(
      `list the client secrets of identity ${identityId}`,
    );
    expect(run.stdout + run.summary).not.toContain(prefix);
  });

  test('a dry run lists the secrets it would revoke and revokes none', async () => {
    const fake = await startFake();
    const { identityId, secrets } = rotation(fake);
    const run = await revokeStep(fake, {
      'client-secrets-of-identity': identityId,
      'older-than': '30d',
      'dry-run': 'true',
    });

    expect(run.code).toBe(0);
    expect(fake.requestsTo('revoke-client-secret')).toEqual([]);
    expect(secretsOf(run.outputs).map((s) => [s.id, s.outcome])).toEqual(
      expect.arrayContaining([
        [secrets.older, 'selected'],
        [secrets.old, 'selected'],
        [secrets.other, 'selected'],
      ]),
    );
    expect(secretsOf(run.outputs)).toHaveLength(3);
    expect(secretsOf(run.outputs)[0]?.id).toBe(secrets.older);
    expect(run.outputs.message).toBe(
      'Dry run: 3 client secrets would be revoked; nothing was revoked.',
    );
  });

  test('client-secrets-of-identity without a filter is refused before any request', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, { 'client-secrets-of-identity': fake.identityId });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /^Input client-secrets-of-identity needs a filter: older-than, token-name or keep-newest/,
      ),
    ]);
  });
});
