// What the end-to-end suites put in the fake Infisical before a run, and read back from it after:
// tokens of an age, a Universal Auth login, the login tokens it issued, a 403 answer.
import { randomUUID } from 'node:crypto';
import type { FakeInfisical } from '../../testbed/fake-infisical.js';
import { answer } from '../../testbed/faults.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * A token of this identity created `ago` ms before now. TTL 0 (never expires) by default: the
 * fake's default TTL is 30 days, and an old token past it would be skipped as expired.
 */
export function tokenOf(
  fake: FakeInfisical,
  identityId: string,
  ago: number,
  options: { name?: string | null; revoked?: boolean; ttl?: number } = {},
): string {
  return fake.addToken(randomUUID(), {
    identityId,
    name: options.name ?? null,
    createdAt: new Date(Date.now() - ago),
    ttl: options.ttl ?? 0,
    revoked: options.revoked,
  });
}

/**
 * Old tokens recently renamed or updated (top of Infisical's list), new tokens never touched: the
 * list's order (updatedAt) is nearly the reverse of the creation order.
 */
export function mixedPopulation(fake: FakeInfisical) {
  const id = fake.identityId;
  const t = {
    oldRenamed: tokenOf(fake, id, 60 * DAY, { name: 'ci-60d' }),
    oldUpdated: fake.addToken(randomUUID(), {
      identityId: id,
      name: 'ci-45d',
      createdAt: new Date(Date.now() - 45 * DAY),
      updatedAt: new Date(Date.now() - HOUR),
      ttl: 0,
    }),
    old: tokenOf(fake, id, 10 * DAY, { name: 'ci-10d' }),
    newer: tokenOf(fake, id, 2 * DAY, { name: 'ci-2d' }),
    newest: tokenOf(fake, id, HOUR, { name: 'ci-1h' }),
  };
  fake.renameToken(t.oldRenamed, 'ci-60d-renamed');
  return t;
}

/** The ids of the `selected` output, in its order. */
export const selectedIds = (outputs: Record<string, string>): string[] =>
  (JSON.parse(outputs.selected ?? '') as Array<{ id: string }>).map((t) => t.id);

/** Universal Auth for a new identity of the fake: the inputs that log in with it. */
export function universalLogin(fake: FakeInfisical): {
  identityId: string;
  clientId: string;
  inputs: Record<string, string>;
} {
  const identityId = fake.addIdentity({ name: 'revoker' });
  const { clientId, clientSecret } = fake.configureUniversalAuth(identityId);
  return {
    identityId,
    clientId,
    inputs: {
      'access-token': '',
      method: 'universal',
      'client-id': clientId,
      'client-secret': clientSecret,
    },
  };
}

/** The access tokens a login route of the fake answered 200 with, in order. */
export function loginTokens(
  fake: FakeInfisical,
  route: 'universal-auth-login' | 'oidc-login' = 'universal-auth-login',
): string[] {
  return fake.answers
    .filter((a) => a.route === route && a.status === 200)
    .map((a) => (a.body as { accessToken: string }).accessToken);
}

/** Infisical's 403 for an access token that may not edit the token's identity. */
export const permissionDenied = (reqId = 'req-Denied00000001') =>
  answer(403, {
    reqId,
    statusCode: 403,
    message: 'You are not allowed to edit on identity',
    error: 'PermissionDenied',
  });
