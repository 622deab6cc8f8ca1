// The organization's routes: which organization the access token acts in, and every machine
// identity in it (docs/infisical-api.md, "The organization").
// - The organization: a current token's own `orgId` claim (jwt.ts); else GET
//   /api/v1/identities/details, which answers it for any identity access token, no permission needed.
// - The identities: GET /api/v2/organizations/{orgId}/identity-memberships, read-class, org
//   Identity → Read; `limit` 1–20,000, `offset` ≥ 0, `totalCount` beside the page. Newer servers give
//   `identity.authMethods` (an array), older ones `identity.authMethod` (one string or null).
import type { Answer, Request } from '../http/index.js';
import { isUuid } from '../ids.js';
import { quotePrefix } from '../text/echo.js';
import {
  failure,
  isRecord,
  readAnswer,
  refusal,
  type Failure,
  type InfisicalError,
} from './answers.js';
import { apiUrl, pathSegment, type Server } from './server.js';

/** The most memberships asked for per page: a few pages for a large organization, each well under a megabyte. */
export const MEMBERSHIP_PAGE_LIMIT = 100;
/** A page of 100 memberships is about 60 KB of JSON; names of any length still fit. */
const MEMBERSHIP_ANSWER_MAX_BYTES = 4 * 1024 * 1024;

/** The auth method names Infisical gives an identity's methods (`token-auth`, `universal-auth`, …). */
export const TOKEN_AUTH = 'token-auth';
export const UNIVERSAL_AUTH = 'universal-auth';

export const ORGANIZATION_HINTS = {
  permission:
    "Listing the organization's identities needs Identity → Read in the organization: give the identity behind the access token a role with Identity → Read, or name the identities by id instead of all.",
  details:
    'The organization of the access token could not be read (GET /api/v1/identities/details): `all` needs an access token of a machine identity.',
} as const;

/** One identity of the organization, as the sweep needs it. */
export interface OrgIdentity {
  /** Lower case. */
  id: string;
  /** As the server wrote it (free text: shown escaped, never as a command). */
  name: string;
  /** The identity's auth methods, lower case (`token-auth`, `universal-auth`, …). */
  authMethods: string[];
}

export type OrganizationVerdict = { kind: 'ok'; orgId: string } | ({ kind: 'failed' } & Failure);

export type MembershipsVerdict =
  { kind: 'ok'; identities: OrgIdentity[]; totalCount: number } | ({ kind: 'failed' } & Failure);

/** What GET /api/v1/identities/details says of the access token's organization. */
export function judgeOrganization(answer: Answer): OrganizationVerdict {
  const reading = readAnswer(answer, isDetailsWithOrganization, 'identity details');
  if (reading.kind === 'failed') return reading;
  if (reading.kind === 'ok') {
    const json = reading.json as { identityDetails: { organization: { id: string } } };
    return { kind: 'ok', orgId: json.identityDetails.organization.id.toLowerCase() };
  }
  return failedWith(reading.status, reading.error, ORGANIZATION_HINTS.details);
}

function isDetailsWithOrganization(json: unknown): boolean {
  return (
    isRecord(json) &&
    isRecord(json.identityDetails) &&
    isRecord(json.identityDetails.organization) &&
    typeof json.identityDetails.organization.id === 'string' &&
    isUuid(json.identityDetails.organization.id)
  );
}

/** One page of the organization's identity memberships. The id is one path segment, whatever it holds. */
export function membershipsRequest(
  server: Server,
  orgId: string,
  accessToken: string,
  offset: number,
): Request {
  // Both servers' parameter names are left out: the defaults (by name, ascending) are what is
  // wanted, and an older server would refuse the newer names with a 422.
  return {
    method: 'GET',
    url: apiUrl(
      server,
      `/api/v2/organizations/${pathSegment(orgId)}/identity-memberships?offset=${offset}&limit=${MEMBERSHIP_PAGE_LIMIT}`,
    ),
    bearerToken: accessToken,
    maxBytes: MEMBERSHIP_ANSWER_MAX_BYTES,
  };
}

/** Decides what a page of the memberships route means; `orgId` is the organization asked for. */
export function judgeMemberships(answer: Answer, orgId: string): MembershipsVerdict {
  const reading = readAnswer(answer, isMembershipPage, 'a list of identity memberships');
  if (reading.kind === 'failed') return reading;
  if (reading.kind === 'error') {
    const { status, error } = reading;
    const hint =
      status === 403 && error.error !== 'TokenError' ? ORGANIZATION_HINTS.permission : undefined;
    return failedWith(status, error, hint);
  }
  const { identityMemberships, totalCount } = reading.json as {
    identityMemberships: unknown[];
    totalCount: unknown;
  };
  const identities: OrgIdentity[] = [];
  for (const [index, membership] of identityMemberships.entries()) {
    const identity = readMembership(membership, orgId.toLowerCase());
    if (typeof identity === 'string') {
      return {
        kind: 'failed',
        status: 200,
        message: `OK, but JSON that is not a list of identity memberships: membership ${index + 1} of ${identityMemberships.length} ${identity}`,
      };
    }
    identities.push(identity);
  }
  return {
    kind: 'ok',
    identities,
    totalCount: typeof totalCount === 'number' && totalCount >= 0 ? totalCount : identities.length,
  };
}

function isMembershipPage(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.identityMemberships);
}

// Every membership must be readable: one skipped would be an identity swept silently never.
function readMembership(membership: unknown, orgId: string): OrgIdentity | string {
  if (!isRecord(membership) || !isRecord(membership.identity)) return 'has no identity';
  const { id, name, orgId: identityOrg, authMethods, authMethod } = membership.identity;
  if (typeof id !== 'string' || !isUuid(id)) return 'has no identity id';
  // An identity of another organization on this page is a server (or a cache) answering for the
  // wrong organization: nothing of such a page is revoked.
  const org = typeof identityOrg === 'string' ? identityOrg : membership.orgId;
  if (typeof org === 'string' && org.toLowerCase() !== orgId) {
    return isUuid(org)
      ? `belongs to another organization (${quotePrefix(org, 36)})`
      : 'belongs to another organization';
  }
  const methods = Array.isArray(authMethods)
    ? authMethods
    : authMethod === null || authMethod === undefined
      ? []
      : [authMethod];
  if (!methods.every((method): method is string => typeof method === 'string')) {
    return 'has an auth method that is not a string';
  }
  return {
    id: id.toLowerCase(),
    name: typeof name === 'string' ? name : '',
    authMethods: methods.map((method) => method.toLowerCase()),
  };
}

function failedWith(
  status: number,
  error: InfisicalError,
  hint?: string,
): { kind: 'failed' } & Failure {
  const refused = refusal(status, error);
  if (refused) return { kind: 'failed', ...refused };
  return { kind: 'failed', ...failure(status, error, hint) };
}
