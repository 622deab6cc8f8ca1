// Reads the inputs that choose credentials from Infisical's lists: `tokens-of-identity` (whose
// Token Auth tokens), `client-secrets-of-identity` (whose Universal Auth client secrets), either
// holding `all` for every identity of the organization, narrowed by `identity-name`; the filters
// `older-than`, `token-name` (a client secret's description) and `keep-newest` (which of them). Revoking
// every token of an identity is never the result of a forgotten filter: it must be asked for with
// `older-than: 0s`.
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';
import type { InputName } from '../names.js';
import { given, wholeNumber, type ReadInput } from './readers.js';
import { EXAMPLE_ID, isUuid } from '../ids.js';
import { secretsInTokenIds, splitValues } from './token-ids.js';
import { DURATION_FORM, parseDuration } from './duration.js';

export interface Selection {
  /**
   * The identities whose Token Auth tokens are candidates: lower case, each once, in the order
   * given; empty when tokens-of-identity names none by id.
   */
  identityIds: string[];
  /** tokens-of-identity holds `all`: every identity of the organization that has Token Auth. */
  allIdentities: boolean;
  /** client-secrets-of-identity: the identities whose Universal Auth client secrets are candidates. */
  clientSecrets?: Whose;
  /** Only identities whose whole name matches (a sweep of `all`; exact, or a glob with `*` and `?`). */
  identityName?: string;
  /** Only tokens (client secrets) created at least this long ago (`0` = any age). */
  olderThanMs?: number;
  /** Only tokens whose whole name (client secrets whose description) matches (exact, or a glob with `*` and `?`). */
  tokenName?: string;
  /** Of the live tokens (client secrets) that pass the other filters, the N newest by creation are kept. */
  keepNewest?: number;
}

/** Whose credentials an input names: identity ids, and `all` (every identity of the organization). */
export interface Whose {
  identityIds: string[];
  all: boolean;
}

/** The word that stands for every identity of the organization, in tokens-of-identity and client-secrets-of-identity. */
export const ALL_IDENTITIES = 'all';

/** keep-newest above this is a typo: no list holds more than 200 rows per identity. */
export const MAX_KEEP_NEWEST = 1000;

const INPUT = 'tokens-of-identity';
const SECRETS_INPUT = 'client-secrets-of-identity';
const IDENTITY_NAME = 'identity-name';
const FILTERS = ['older-than', 'token-name', 'keep-newest'] as const;
/**
 * The defaults of older-than and keep-newest in action.yml: words, not '', so that a filter given
 * empty (an expression that came out empty) is told apart from one left out. Read as empty, such a
 * filter would silently widen what a rotation revokes.
 */
export const ANY_AGE = 'any';
export const KEEP_NONE = 'none';
const LEFT_OUT: Record<(typeof FILTERS)[number], string> = {
  'older-than': ANY_AGE,
  'token-name': '',
  'keep-newest': KEEP_NONE,
};

/**
 * The values among these inputs to mask before anything is printed: an access token pasted into
 * tokens-of-identity by mistake (identity ids themselves are not secret).
 */
export function secretsInSelection(read: ReadInput): string[] {
  return [...secretsInTokenIds(read(INPUT)), ...secretsInTokenIds(read(SECRETS_INPUT))];
}

/** The selection the inputs ask for, or undefined when they ask for none (no tokens-of-identity, no filter). */
export function parseSelection(read: ReadInput): Selection | undefined {
  const tokens = whoseOf(read, INPUT);
  const clientSecrets = whoseOf(read, SECRETS_INPUT);
  const olderThanMs = olderThan(read);
  const tokenName = nameOf(read, 'token-name', 'token name');
  const keepNewest = keepNewestOf(read);
  const identityName = nameOf(read, IDENTITY_NAME, 'identity name');
  const filters = FILTERS.filter((name) => {
    const text = read(name).trim().toLowerCase();
    return text !== '' && text !== LEFT_OUT[name];
  });

  if (!tokens && !clientSecrets) {
    const narrowing = identityName === undefined ? filters : [...filters, IDENTITY_NAME];
    if (narrowing.length > 0) {
      const list = narrowing.join(', ');
      throw new InputError(
        `Input ${list} ${narrowing.length > 1 ? 'choose' : 'chooses'} among the tokens of the identities in ${INPUT} (or the client secrets of those in ${SECRETS_INPUT}), which ${narrowing.length > 1 ? 'are' : 'is'} empty. Name the identity ids (or ${ALL_IDENTITIES}) there, or remove ${list}.`,
      );
    }
    return undefined;
  }
  if (identityName !== undefined && !tokens?.all && !clientSecrets?.all) {
    throw new InputError(
      `Input ${IDENTITY_NAME} narrows a sweep of every identity: it needs ${ALL_IDENTITIES} in ${INPUT} or ${SECRETS_INPUT}. Identities named by id are taken as named; remove ${IDENTITY_NAME}, or use ${ALL_IDENTITIES}.`,
    );
  }
  // keep-newest: 0 keeps nothing, so alone it would revoke every token, as no filter would.
  const chooses = olderThanMs !== undefined || tokenName !== undefined || (keepNewest ?? 0) > 0;
  if (!chooses) {
    const inputs = [tokens && INPUT, clientSecrets && SECRETS_INPUT].filter(Boolean).join(' and ');
    const what = tokens
      ? clientSecrets
        ? 'tokens and client secrets'
        : 'tokens'
      : 'client secrets';
    throw new InputError(
      `Input ${inputs} ${tokens && clientSecrets ? 'need' : 'needs'} a filter: older-than, token-name or keep-newest (above 0) choose which of the identities' ${what} are revoked. To revoke every one of them, ask for it with older-than: 0s.`,
    );
  }
  return {
    identityIds: tokens?.identityIds ?? [],
    allIdentities: tokens?.all ?? false,
    ...(clientSecrets ? { clientSecrets } : {}),
    ...(identityName !== undefined ? { identityName } : {}),
    olderThanMs,
    tokenName,
    keepNewest,
  };
}

/** Whose credentials an input names, or undefined when it is empty. */
function whoseOf(read: ReadInput, input: InputName): Whose | undefined {
  if (read(input).trim() === '') return undefined;
  return parseIdentityIds(read(input), input);
}

/**
 * Identity ids: the separators and JSON array that token-id takes; UUIDs, lower case, each once;
 * and `all` (any case), which may stand beside ids.
 */
function parseIdentityIds(raw: string, input: string): Whose {
  let values: string[];
  try {
    values = splitValues(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // splitValues speaks of token-id: say the same in this input's words.
    throw new InputError(
      `Input ${input} starts with [ but is not a JSON array of strings. Expected identity ids (or ${ALL_IDENTITIES}) separated by new lines, commas or spaces, or a JSON array of them (["${EXAMPLE_ID}"]).`,
    );
  }
  const ids = new Set<string>();
  let all = false;
  for (const value of values) {
    if (value.toLowerCase() === ALL_IDENTITIES) {
      all = true;
      continue;
    }
    if (!isUuid(value)) {
      throw new InputError(
        `Input ${input}: ${quotePrefix(value)} is not an identity id. Expected the UUID of a machine identity, such as ${EXAMPLE_ID}, or ${ALL_IDENTITIES} for every identity of the organization.`,
      );
    }
    ids.add(value.toLowerCase());
  }
  return { identityIds: [...ids], all };
}

function olderThan(read: ReadInput): number | undefined {
  const text = given(read, 'older-than', `${DURATION_FORM}, or ${ANY_AGE}`, ANY_AGE);
  if (text.toLowerCase() === ANY_AGE) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new InputError(
      `Input older-than must be ${DURATION_FORM}; got ${quotePrefix(text, 20)}.`,
    );
  }
  return ms;
}

function keepNewestOf(read: ReadInput): number | undefined {
  const text = given(
    read,
    'keep-newest',
    `a whole number from 0 to ${MAX_KEEP_NEWEST}, or ${KEEP_NONE}`,
    KEEP_NONE,
  );
  if (text.toLowerCase() === KEEP_NONE) return undefined;
  return wholeNumber(read, 'keep-newest', undefined, 0, MAX_KEEP_NEWEST);
}

function nameOf(read: ReadInput, input: InputName, what: string): string | undefined {
  const text = read(input).trim();
  if (text === '') return undefined;
  // One name or one glob: a line break is a list pasted here, which this input does not take.
  if (/[\r\n]/.test(text)) {
    throw new InputError(
      `Input ${input} must be one ${what}, or one glob with * and ?, on a single line.`,
    );
  }
  return text;
}
