// The tokens a run revokes, as one shape from the inputs to the report: the ids named (token-id,
// and those the selection chose) and whether the access token itself is named (`self`), and the
// order in which they are revoked.

/** The tokens named: ids, and the access token itself. */
export interface NamedTokens {
  /** Token ids, lower case, each once, in the order given. */
  tokenIds: readonly string[];
  /** `self` was named: revoke the access token itself, last. */
  self: boolean;
}

/** One token to revoke: by its id, or the access token itself (`self`); or a client secret. */
export interface Target {
  /**
   * The id, lower case; for `self`, the access token's own token id when it names one, else
   * UNNAMED_SELF; for a client secret, the secret's id.
   */
  tokenId: string;
  self: boolean;
  /** A Universal Auth client secret of this identity (lower case), not a token. */
  clientSecretOf?: string;
}

/** A client secret to revoke. */
export function clientSecretTarget(secretId: string, identityId: string): Target {
  return { tokenId: secretId, self: false, clientSecretOf: identityId };
}

/** What a target is, in a word: 'token' or 'client secret'. */
export function kindOf(target: Target): 'token' | 'client secret' {
  return target.clientSecretOf === undefined ? 'token' : 'client secret';
}

/**
 * How outputs and the summary name an access token that carries no id of its own. Not `self` on
 * purpose: fed back into token-id (as the README suggests for outputs), it must not mean "revoke
 * whatever access token that run has", which may be another credential.
 */
export const UNNAMED_SELF = '(the access token)';

/** How a token is named in a sentence. */
export function describeTarget(target: Target): string {
  if (target.clientSecretOf !== undefined) {
    return `client secret ${target.tokenId} of identity ${target.clientSecretOf}`;
  }
  if (!target.self) return `token ${target.tokenId}`;
  return target.tokenId === UNNAMED_SELF
    ? 'the access token itself'
    : `the access token itself (token ${target.tokenId})`;
}

/** The order of work, and what the log should say about it. */
export interface Plan {
  /** Revoked concurrently. */
  batch: Target[];
  /** Revoked alone once the batch is done. */
  last?: Target;
  notes: string[];
}

/**
 * The order of work: the ids named, then the access token's own token (revoking it ends the
 * right to revoke the others), then `self`. An id that is the access token's own token
 * (`ownTokenId`, lower case) is folded into `self` when both are named: one token, revoked once.
 */
export function planOf(named: NamedTokens, ownTokenId: string | undefined): Plan {
  const own = ownTokenId;
  const others = named.tokenIds.filter((id) => id !== own);
  const namesOwn = others.length < named.tokenIds.length;
  const batch: Target[] = others.map((tokenId) => ({ tokenId, self: false }));
  const notes: string[] = [];
  let last: Target | undefined;
  if (named.self) {
    last = { tokenId: own ?? UNNAMED_SELF, self: true };
    if (namesOwn) {
      notes.push(
        `Token ${own} is the access token's own token: it is revoked once, as self, last.`,
      );
    } else if (batch.length > 0) notes.push('Revoking the access token itself last.');
  } else if (namesOwn) {
    // Its own token goes through the access-token route: the Token Auth route finds only Token
    // Auth rows, and would call a live login token (OIDC, Universal Auth…) "already gone".
    last = { tokenId: own as string, self: true };
    if (batch.length > 0) notes.push(`Revoking the access token's own token ${own} last.`);
  }
  return { batch, last, notes };
}

/** Every target of a plan, in the order revoked. */
export function inOrder(plan: Plan): Target[] {
  return plan.last ? [...plan.batch, plan.last] : plan.batch;
}
