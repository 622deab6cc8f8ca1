// The Universal Auth client-secret routes (server/routes/v1/identity-universal-auth-router.ts,
// services/identity-ua/identity-ua-service.ts): list an identity's live secrets, read one (revoked
// ones too), revoke one, create one. Each check comes in the service's order: the identity in the
// caller's organization (else 404), Universal Auth attached (else 400), the secret of THAT
// identity (else the same 404 naming the identity), then the permission.
import {
  bodyIssue,
  error,
  ok,
  permissionDenied,
  stringIssue,
  validationFailure,
  type Issue,
  type Reply,
} from './answers.js';
import type { Caller } from './access-tokens.js';
import { can, type IdentityAction } from './permissions.js';
import { identityInCallerOrg, isReply } from './token-auth.js';
import {
  clientSecretJson,
  UNIVERSAL_AUTH_METHOD,
  type ClientSecretRow,
  type Identity,
  type Store,
} from './store.js';

const notFound = (identityId: string) =>
  error(404, 'NotFound', `Failed to find identity with ID ${identityId}`);

/** The identity, in the caller's organization and with Universal Auth. */
function uaIdentity(store: Store, caller: Caller, identityId: string): Identity | Reply {
  const identity = identityInCallerOrg(store, caller, identityId);
  if (isReply(identity)) return identity;
  if (!identity.otherAuthMethods.includes(UNIVERSAL_AUTH_METHOD)) {
    return error(400, 'BadRequest', 'The identity does not have universal auth');
  }
  return identity;
}

/**
 * The secret a caller may act on: the identity's checks, then the secret, only when it belongs to
 * this identity's Universal Auth (else the identity's 404, before any permission), then the action.
 */
function secretFor(
  store: Store,
  caller: Caller,
  identityId: string,
  clientSecretId: string,
  action: IdentityAction,
): ClientSecretRow | Reply {
  const identity = uaIdentity(store, caller, identityId);
  if (isReply(identity)) return identity;
  const row = store.clientSecret(clientSecretId);
  if (!row || row.identityUAId !== store.universalAuthIds.get(identity.id)) {
    return notFound(identityId);
  }
  return can(caller, action) ? row : permissionDenied(action);
}

/**
 * GET …/identities/{identityId}/client-secrets: every secret not revoked, expired and used-up
 * ones included (only a login with one revokes it), without paging, in the table's order.
 */
export function listClientSecrets(store: Store, caller: Caller, identityId: string): Reply {
  const identity = uaIdentity(store, caller, identityId);
  if (isReply(identity)) return identity;
  if (!can(caller, 'read')) return permissionDenied('read');
  const uaId = store.universalAuthIds.get(identity.id);
  const rows = [...store.clientSecrets.values()].filter(
    (row) => row.identityUAId === uaId && !row.isClientSecretRevoked,
  );
  return ok({ clientSecretData: rows.map(clientSecretJson) });
}

/** GET …/client-secrets/{clientSecretId}: revoked secrets too. */
export function getClientSecret(
  store: Store,
  caller: Caller,
  identityId: string,
  clientSecretId: string,
): Reply {
  const row = secretFor(store, caller, identityId, clientSecretId, 'read');
  return isReply(row) ? row : ok({ clientSecretData: clientSecretJson(row) });
}

/**
 * POST …/client-secrets/{clientSecretId}/revoke: Identity → Delete. An update, not a lookup of
 * live rows: revoking a revoked secret answers 200 again.
 */
export function revokeClientSecret(
  store: Store,
  caller: Caller,
  identityId: string,
  clientSecretId: string,
): Reply {
  const row = secretFor(store, caller, identityId, clientSecretId, 'delete');
  if (isReply(row)) return row;
  store.revokeClientSecret(row);
  return ok({ clientSecretData: clientSecretJson(row) });
}

/**
 * The body schema: `description: z.string().trim().default("")`, `numUsesLimit:
 * z.number().min(0).default(0)`, `ttl: z.number().min(0).max(315360000).default(0)`.
 */
function createBody(
  body: unknown,
): { description: string; numUsesLimit: number; ttl: number } | Issue[] {
  const notObject = bodyIssue(body);
  if (notObject) return [notObject];
  const b = body as Record<string, unknown>;
  const issues: Issue[] = [];
  const number = (name: string, max?: number): number => {
    const value = b[name];
    if (value === undefined) return 0;
    if (typeof value !== 'number') {
      const received = value === null ? 'null' : typeof value;
      issues.push({
        code: 'invalid_type',
        expected: 'number',
        received,
        path: [name],
        message: `Expected number, received ${received}`,
      });
      return 0;
    }
    if (value < 0 || (max !== undefined && value > max)) {
      const small = value < 0;
      issues.push({
        code: small ? 'too_small' : 'too_big',
        ...(small ? { minimum: 0 } : { maximum: max }),
        type: 'number',
        inclusive: true,
        exact: false,
        path: [name],
        message: small
          ? 'Number must be greater than or equal to 0'
          : `Number must be less than or equal to ${max}`,
      });
    }
    return value;
  };
  const notString =
    b.description === undefined ? undefined : stringIssue(b.description, 'description');
  if (notString) issues.push(notString);
  const description = typeof b.description === 'string' ? b.description.trim() : '';
  const parsed = {
    description,
    numUsesLimit: number('numUsesLimit'),
    ttl: number('ttl', 315_360_000),
  };
  return issues.length > 0 ? issues : parsed;
}

/**
 * POST …/identities/{identityId}/client-secrets: Identity → Create; the secret is shown once, in
 * `clientSecret`, beside its row.
 */
export function createClientSecret(
  store: Store,
  caller: Caller,
  identityId: string,
  body: unknown,
): Reply {
  const parsed = createBody(body);
  if (Array.isArray(parsed)) return validationFailure(parsed);
  const identity = uaIdentity(store, caller, identityId);
  if (isReply(identity)) return identity;
  if (!can(caller, 'create')) return permissionDenied('create');
  const row = store.addClientSecret(identity, {
    description: parsed.description,
    numUsesLimit: parsed.numUsesLimit,
    ttlSeconds: parsed.ttl,
  });
  return ok({ clientSecret: row.secret, clientSecretData: clientSecretJson(row) });
}
