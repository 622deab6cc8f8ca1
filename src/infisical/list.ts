// Token Auth's list route: an identity's tokens, one page at a time. What Infisical's backend does
// (backend/src/services/identity-token-auth/identity-token-auth-service.ts, getTokenAuthTokens; see
// docs/infisical-api.md): it checks that the identity is in the caller's organization (404 "Failed to
// find identity …" when not), that it has Token Auth (400), and that the caller may read it (403);
// then it answers the identity's TOKEN_AUTH rows sorted by updatedAt, newest first, revoked rows
// included until a cleanup job prunes them. Expiry never marks a row revoked: it is read here from
// the row's TTL and use count, as the server does when the token is used.
import { quotePrefix } from '../text/echo.js';
import { isUuid } from '../ids.js';
import type { Request } from '../http/index.js';
import { dateOf, numberOf } from './fields.js';
import { apiUrl, pathSegment, type Server } from './server.js';
import {
  failure,
  HINTS,
  isPermissionBoundary,
  isRecord,
  readAnswer,
  refusal,
  type Answer,
  type Failure,
  type InfisicalError,
} from './answers.js';

/** The most rows the server gives per page (`limit` 1–100; more is a 422). */
export const LIST_PAGE_LIMIT = 100;
/**
 * The largest `offset` the server takes (more is a 422): with LIST_PAGE_LIMIT, the first 200 rows
 * are all that any client can reach; older, untouched tokens sort after them.
 */
export const LIST_MAX_OFFSET = 100;
/**
 * What is kept of a list answer. A row is about 700 bytes of JSON before its name, so a page of
 * 100 rows with long names runs past the 64 KiB kept of a revoke answer (MAX_ANSWER_BYTES); a cut
 * answer would make the whole list a failure. 2 MiB holds any real page (names of 10,000
 * characters included) and still bounds what a wrong server-url can make us hold.
 */
export const LIST_ANSWER_MAX_BYTES = 2 * 1024 * 1024;

/** One row of the list, as this action needs it. */
export interface ListedToken {
  /** The token id, lower case. */
  id: string;
  /** The identity it belongs to, lower case. */
  identityId: string;
  /** null when the token has no name, or the server is older than token names. */
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** `isAccessTokenRevoked`: revoked, and not yet pruned. */
  revoked: boolean;
  /** Past its TTL or its number of uses: dead, though the row says it is not revoked. */
  expired: boolean;
}

export type ListVerdict = { kind: 'ok'; tokens: ListedToken[] } | ({ kind: 'failed' } & Failure);

export const LIST_HINTS = {
  identity:
    "Check tokens-of-identity: no identity with this id is in the access token's organization. It may not exist on this server, or belong to another organization or region (https://eu.infisical.com and https://app.infisical.com are separate). Nothing of it was revoked.",
  noTokenAuth:
    'Check tokens-of-identity: this identity does not use Token Auth, so it has no Token Auth tokens to list. Nothing of it was revoked.',
  permission:
    "Listing tokens needs Identity → Read on their identity: give the identity behind the access token Identity → Read in its organization role (or, for a project-scoped identity, in the project's role); revoking them needs Identity → Edit too.",
} as const;

/** One page of an identity's tokens. The id is one path segment, whatever it holds. */
export function listRequest(
  server: Server,
  identityId: string,
  accessToken: string,
  offset: number,
  limit: number,
): Request {
  return {
    method: 'GET',
    url: apiUrl(
      server,
      `/api/v1/auth/token-auth/identities/${pathSegment(identityId)}/tokens?offset=${offset}&limit=${limit}`,
    ),
    bearerToken: accessToken,
    maxBytes: LIST_ANSWER_MAX_BYTES,
  };
}

export interface JudgeListOptions {
  /** When a row counts as expired (ms since epoch); now by default. */
  now?: number;
  /** The identity listed: a row of any other identity makes the answer a failure. */
  identityId?: string;
}

/** Decides what an answer to the list route means. */
export function judgeList(answer: Answer, options: JudgeListOptions = {}): ListVerdict {
  const reading = readAnswer(answer, isTokenList, 'a token list');
  if (reading.kind === 'failed') return reading;
  if (reading.kind === 'ok') {
    return readRows((reading.json as { tokens: unknown[] }).tokens, options);
  }
  const { status, error } = reading;
  const refused = refusal(status, error);
  if (refused) return { kind: 'failed', ...refused };
  return { kind: 'failed', ...failure(status, error, hintFor(status, error)) };
}

function hintFor(status: number, error: InfisicalError): string | undefined {
  if (status === 404 && /\bidentity\b/i.test(error.message)) return LIST_HINTS.identity;
  if (status === 400 && /token auth/i.test(error.message)) return LIST_HINTS.noTokenAuth;
  if (status === 403 && error.error === 'PermissionDenied') return LIST_HINTS.permission;
  if (isPermissionBoundary(status, error)) return HINTS.permissionBoundary;
  return undefined;
}

function isTokenList(json: unknown): json is { tokens: unknown[] } {
  return isRecord(json) && Array.isArray(json.tokens);
}

// Every row must be readable: a row skipped would be a token this run silently never sees, and a
// row misread could be the wrong token revoked. One unreadable row fails the whole answer.
function readRows(
  rows: unknown[],
  { now = Date.now(), identityId }: JudgeListOptions,
): ListVerdict {
  const tokens: ListedToken[] = [];
  for (const [index, row] of rows.entries()) {
    const token = readRow(row, now, identityId?.toLowerCase());
    if (typeof token === 'string') {
      return {
        kind: 'failed',
        status: 200,
        message: `OK, but JSON that is not a token list: row ${index + 1} of ${rows.length} ${token}`,
      };
    }
    tokens.push(token);
  }
  return { kind: 'ok', tokens };
}

/** A row, or what is wrong with it. */
function readRow(row: unknown, now: number, listed: string | undefined): ListedToken | string {
  if (!isRecord(row)) return 'is not an object';
  const { id, identityId, name, isAccessTokenRevoked } = row;
  if (typeof id !== 'string' || !isUuid(id)) return 'has no token id';
  if (typeof identityId !== 'string' || identityId === '') return 'has no identityId';
  if (listed !== undefined && identityId.toLowerCase() !== listed) {
    // An id is shown whole, to be looked up; anything else the server put there is not echoed.
    return isUuid(identityId)
      ? `belongs to another identity (${quotePrefix(identityId, 36)})`
      : 'belongs to another identity (its identityId is not a UUID, not shown)';
  }
  // Older servers have no names: the field is absent, which reads as a token without a name.
  if (name !== undefined && name !== null && typeof name !== 'string') {
    return 'has a name that is not a string';
  }
  if (typeof isAccessTokenRevoked !== 'boolean') return 'has no isAccessTokenRevoked';
  const createdAt = dateOf(row.createdAt);
  if (createdAt === undefined) return 'has no readable createdAt';
  const updatedAt = dateOf(row.updatedAt);
  if (updatedAt === undefined) return 'has no readable updatedAt';
  return {
    id: id.toLowerCase(),
    identityId: identityId.toLowerCase(),
    name: name ?? null,
    createdAt,
    updatedAt,
    revoked: isAccessTokenRevoked,
    expired: isExpired(row, createdAt, now),
  };
}

/**
 * As the server decides when the token is used (identity-access-token-service.ts,
 * validateAccessTokenExp): used up once its use count reaches a limit above 0; past its TTL (in
 * seconds, 0 = never) counted from its last renewal, else its creation. Missing or unreadable
 * fields read as "not expired": such a token is only revoked once more than needed, which
 * Infisical answers with 200.
 */
function isExpired(row: Record<string, unknown>, createdAt: Date, now: number): boolean {
  const uses = numberOf(row.accessTokenNumUses);
  const usesLimit = numberOf(row.accessTokenNumUsesLimit);
  if (usesLimit > 0 && uses >= usesLimit) return true;
  const ttl = numberOf(row.accessTokenTTL);
  if (ttl <= 0) return false;
  const from = dateOf(row.accessTokenLastRenewedAt) ?? createdAt;
  return now > from.getTime() + ttl * 1000;
}
