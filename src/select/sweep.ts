// Which identities a run reaches: those named by id, and, for `all`, every identity of the access
// token's organization that has the auth method in question (Token Auth for tokens, Universal Auth
// for client secrets), narrowed by identity-name. The organization is the token's own `orgId`
// claim on current servers, else what GET /api/v1/identities/details says; its identities come
// from every page of the memberships route, read before any identity is listed.
import { orgIdOfAccessToken } from '../jwt.js';
import {
  judgeMemberships,
  judgeOrganization,
  membershipsRequest,
  TOKEN_AUTH,
  UNIVERSAL_AUTH,
  type OrgIdentity,
} from '../infisical/organization.js';
import { detailsRequest } from '../infisical/read-back.js';
import type { Selection } from '../inputs/selection.js';
import { isGlob, nameMatcher } from './glob.js';
import { readPage, type ListContext } from './list-all.js';

/** What the sweep made of one identity of the organization, for tokens and for client secrets. */
export interface SweptIdentity extends OrgIdentity {
  /** undefined: swept; else why not ("no Token Auth", "name does not match …"). */
  tokens?: string;
  secrets?: string;
}

export interface Sweep {
  /** The identities whose Token Auth tokens are listed, each once: those named by id, then the organization's. */
  tokenIdentities: string[];
  /** The identities whose client secrets are listed, likewise. */
  secretIdentities: string[];
  /** With `all`: the organization and every identity in it, with what the sweep made of each. */
  organization?: { id: string; identities: SweptIdentity[] };
  /** The organization's identities could not be read: why, in one line; nothing of `all` is revoked. */
  error?: string;
  /** Infisical refused the access token itself. */
  refused?: boolean;
}

/** Skipped (tokens): the identity has no Token Auth, so no Token Auth tokens to list. */
export const NO_TOKEN_AUTH = 'no Token Auth';
export const NO_UNIVERSAL_AUTH = 'no Universal Auth';

export async function sweepOf(
  selection: Selection,
  ctx: ListContext & { warn?: (line: string) => void },
): Promise<Sweep> {
  const named = {
    tokenIdentities: selection.identityIds,
    secretIdentities: selection.clientSecrets?.identityIds ?? [],
  };
  const tokensAll = selection.allIdentities;
  const secretsAll = selection.clientSecrets?.all ?? false;
  if (!tokensAll && !secretsAll) return named;
  const read = await identitiesOf(ctx);
  if (read.kind === 'failed') return { ...named, error: read.line, refused: read.refused };
  const matches =
    selection.identityName === undefined ? undefined : nameMatcher(selection.identityName);
  const nameWhy =
    selection.identityName === undefined
      ? ''
      : `name ${isGlob(selection.identityName) ? 'does not match' : 'is not'} ${JSON.stringify(selection.identityName)}`;
  const skip = (identity: OrgIdentity, method: string, without: string): string | undefined => {
    if (!identity.authMethods.includes(method)) return without;
    return matches && !matches(identity.name) ? nameWhy : undefined;
  };
  const identities = read.identities.map((identity) => {
    const swept: SweptIdentity = { ...identity };
    if (tokensAll) swept.tokens = skip(identity, TOKEN_AUTH, NO_TOKEN_AUTH);
    if (secretsAll) swept.secrets = skip(identity, UNIVERSAL_AUTH, NO_UNIVERSAL_AUTH);
    return swept;
  });
  const union = (ids: readonly string[], all: boolean, field: 'tokens' | 'secrets'): string[] => {
    const swept = all
      ? identities.filter((identity) => identity[field] === undefined).map((i) => i.id)
      : [];
    return [...new Set([...ids, ...swept])];
  };
  return {
    tokenIdentities: union(named.tokenIdentities, tokensAll, 'tokens'),
    secretIdentities: union(named.secretIdentities, secretsAll, 'secrets'),
    organization: { id: read.orgId, identities },
  };
}

type Read =
  | { kind: 'ok'; orgId: string; identities: OrgIdentity[] }
  | { kind: 'failed'; line: string; refused?: boolean };

const NEXT = 'no identity was swept';

/** The organization of the access token, and every identity in it, in the server's order. */
async function identitiesOf(ctx: ListContext & { warn?: (line: string) => void }): Promise<Read> {
  const heard = { any: false };
  let orgId = orgIdOfAccessToken(ctx.accessToken);
  if (orgId === undefined) {
    const details = await readPage(
      detailsRequest(ctx.server, ctx.accessToken),
      "read the access token's organization",
      '',
      ctx,
      heard,
      { judge: judgeOrganization, listing: "reading the access token's organization", next: NEXT },
    );
    if (details.kind === 'failed') return failedRead(details);
    orgId = details.value.orgId;
  }
  ctx.log(`Listing the identities of organization ${orgId}.`);
  const byId = new Map<string, OrgIdentity>();
  let totalCount = 0;
  // Paged by what each page gave, not by the limit asked: a server that caps the limit lower still
  // gives every page. Bounded, should a server count more than it ever lists.
  for (let offset = 0, pages = 0; pages < MAX_MEMBERSHIP_PAGES; pages += 1) {
    const rows = offset === 0 ? '' : ` (from ${offset + 1})`;
    const page = await readPage(
      membershipsRequest(ctx.server, orgId, ctx.accessToken, offset),
      `list the identities of organization ${orgId}`,
      rows,
      ctx,
      heard,
      {
        judge: (answer) => judgeMemberships(answer, orgId as string),
        listing: `listing the identities of organization ${orgId}`,
        next: NEXT,
      },
    );
    if (page.kind === 'failed') return failedRead(page);
    // An identity added or removed between two pages moves the rest by one (and the server orders
    // by name alone, so equal names may swap): each is read once.
    for (const identity of page.value.identities) byId.set(identity.id, identity);
    totalCount = page.value.totalCount;
    offset += page.value.identities.length;
    if (page.value.identities.length === 0 || offset >= totalCount) break;
  }
  if (byId.size < totalCount) {
    ctx.warn?.(
      `Listed ${byId.size} of the ${totalCount} identities Infisical counts in organization ${orgId}: identities added or removed while the pages were read move the rest between pages. The identities not listed were not swept; a later run reaches them.`,
    );
  }
  return { kind: 'ok', orgId, identities: [...byId.values()] };
}

/** Pages of memberships read at the most: 1,000 × 100 identities. */
const MAX_MEMBERSHIP_PAGES = 1000;

function failedRead(read: { line: string; halt?: { refused: boolean } }): Read {
  return { kind: 'failed', line: read.line, ...(read.halt?.refused ? { refused: true } : {}) };
}
