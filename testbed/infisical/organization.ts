// GET /api/v2/organizations/{orgId}/identity-memberships (server/routes/v2/identity-org-router.ts,
// services/identity/identity-service.ts listOrgIdentities, identity-org-dal.ts find): every
// identity of one organization, a page at a time, with `totalCount`. Two shapes: newer servers take
// `orderDirection`/`search` and give `identity.{id,name,orgId,authMethods[]}`; older ones take
// `direction`/`textFilter` and give `identity.{id,name,authMethod}` (one method or null). Each
// ignores the other's parameter names (zod drops unknown keys).
import {
  error,
  ok,
  permissionDenied,
  validationFailure,
  type Issue,
  type Reply,
} from './answers.js';
import type { Caller } from './access-tokens.js';
import { can } from './permissions.js';
import { enumParam, numberParam } from './query.js';
import { authMethodsOf, uuidKey, type Identity, type Store } from './store.js';

export type MembershipsShape = 'newer' | 'older';

const ORDER_BY = ['name', 'role'] as const;
const DIRECTIONS = ['asc', 'desc'] as const;

/** The role every fake membership holds (the fake models permissions by the token's role). */
const MEMBER_ROLE = 'member';

interface MembershipQuery {
  offset: number;
  limit: number;
  orderBy: (typeof ORDER_BY)[number];
  direction: (typeof DIRECTIONS)[number];
  search: string;
}

function membershipQuery(
  query: URLSearchParams,
  shape: MembershipsShape,
): MembershipQuery | Issue[] {
  const issues: Issue[] = [];
  const parsed = {
    // offset: .min(0) without a max; limit: .min(1).max(20000) (a "temp limit") default 100.
    offset: numberParam(query, 'offset', { min: 0, fallback: 0 }, issues),
    limit: numberParam(query, 'limit', { min: 1, max: 20_000, fallback: 100 }, issues),
    orderBy: enumParam(query, 'orderBy', ORDER_BY, 'name', issues),
    direction: enumParam(
      query,
      shape === 'newer' ? 'orderDirection' : 'direction',
      DIRECTIONS,
      'asc',
      issues,
    ),
    search: (query.get(shape === 'newer' ? 'search' : 'textFilter') ?? '').trim(),
  };
  return issues.length > 0 ? issues : parsed;
}

function membershipJson(identity: Identity, shape: MembershipsShape): Record<string, unknown> {
  const methods = authMethodsOf(identity);
  return {
    id: identity.membershipId,
    role: MEMBER_ROLE,
    roleId: null,
    orgId: identity.orgId,
    createdAt: identity.createdAt.toISOString(),
    updatedAt: identity.createdAt.toISOString(),
    identityId: identity.id,
    identity:
      shape === 'newer'
        ? { id: identity.id, name: identity.name, orgId: identity.orgId, authMethods: methods }
        : // identities.authMethod: the one method an identity had before several were allowed.
          { id: identity.id, name: identity.name, authMethod: methods[0] ?? null },
  };
}

export function listIdentityMemberships(
  store: Store,
  caller: Caller,
  orgId: string,
  query: URLSearchParams,
  shape: MembershipsShape,
): Reply {
  const parsed = membershipQuery(query, shape);
  if (Array.isArray(parsed)) return validationFailure(parsed);
  // getOrgPermission(actor, actorId, orgId): an identity with no membership in the path's
  // organization is refused before any permission is looked at (getIdentityOrgPermission).
  if (uuidKey(orgId.trim()) !== caller.orgId) {
    return error(
      403,
      'Identity is not apart of this organization',
      'You are not allowed to access this resource',
    );
  }
  if (!can(caller, 'read')) return permissionDenied('read');
  const needle = parsed.search.toLowerCase();
  // ORDER BY identities.name with no tie-breaker: equal names come in the order the fake made
  // them (a real server may give them in any order, page to page).
  const identities = [...store.identities.values()]
    .filter((identity) => identity.orgId === caller.orgId)
    .filter((identity) => identity.name.toLowerCase().includes(needle))
    .sort((a, b) =>
      parsed.orderBy !== 'name' ? 0 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  if (parsed.direction === 'desc') identities.reverse();
  return ok({
    identityMemberships: identities
      .slice(parsed.offset, parsed.offset + parsed.limit)
      .map((identity) => membershipJson(identity, shape)),
    totalCount: identities.length,
  });
}
