// Reads the inputs that choose tokens from Infisical's list: `tokens-of-identity` (whose tokens),
// the filters `older-than`, `token-name` and `keep-newest` (which of them), and `dry-run`. Revoking
// every token of an identity is never the result of a forgotten filter: it must be asked for with
// `older-than: 0s`.
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';
import { given, wholeNumber, type ReadInput } from './readers.js';
import { EXAMPLE_ID, isUuid } from '../ids.js';
import { secretsInTokenIds, splitValues } from './token-ids.js';
import { DURATION_FORM, parseDuration } from './duration.js';

export interface Selection {
  /**
   * The identities whose tokens are candidates: lower case, each once, in the order given; empty
   * when tokens-of-identity is `[]`.
   */
  identityIds: string[];
  /** Only tokens created at least this long ago (`0` = any age). */
  olderThanMs?: number;
  /** Only tokens whose whole name matches (exact, or a glob with `*` and `?`). */
  tokenName?: string;
  /** Of the live tokens that pass the other filters, the N newest by creation are kept. */
  keepNewest?: number;
}

/** keep-newest above this is a typo: no list holds more than 200 rows per identity. */
export const MAX_KEEP_NEWEST = 1000;

const INPUT = 'tokens-of-identity';
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
  return secretsInTokenIds(read(INPUT));
}

/** The selection the inputs ask for, or undefined when they ask for none (no tokens-of-identity, no filter). */
export function parseSelection(read: ReadInput): Selection | undefined {
  const named = read(INPUT).trim() !== '';
  const identityIds = named ? parseIdentityIds(read(INPUT)) : [];
  const olderThanMs = olderThan(read);
  const tokenName = nameOf(read);
  const keepNewest = keepNewestOf(read);
  const filters = FILTERS.filter((name) => {
    const text = read(name).trim().toLowerCase();
    return text !== '' && text !== LEFT_OUT[name];
  });

  if (!named) {
    if (filters.length > 0) {
      const list = filters.join(', ');
      throw new InputError(
        `Input ${list} ${filters.length > 1 ? 'choose' : 'chooses'} among the tokens of the identities in ${INPUT}, which is empty. Name the identity ids in ${INPUT}, or remove ${list}.`,
      );
    }
    return undefined;
  }
  // keep-newest: 0 keeps nothing, so alone it would revoke every token, as no filter would.
  const chooses = olderThanMs !== undefined || tokenName !== undefined || (keepNewest ?? 0) > 0;
  if (!chooses) {
    throw new InputError(
      `Input ${INPUT} needs a filter: older-than, token-name or keep-newest (above 0) choose which of the identities' tokens are revoked. To revoke every token of these identities, ask for it with older-than: 0s.`,
    );
  }
  return { identityIds, olderThanMs, tokenName, keepNewest };
}

/** Identity ids: the separators and JSON array that token-id takes; UUIDs, lower case, each once. */
function parseIdentityIds(raw: string): string[] {
  let values: string[];
  try {
    values = splitValues(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // splitValues speaks of token-id: say the same in this input's words.
    throw new InputError(
      `Input ${INPUT} starts with [ but is not a JSON array of strings. Expected identity ids separated by new lines, commas or spaces, or a JSON array of them (["${EXAMPLE_ID}"]).`,
    );
  }
  const ids = new Set<string>();
  for (const value of values) {
    if (!isUuid(value)) {
      throw new InputError(
        `Input ${INPUT}: ${quotePrefix(value)} is not an identity id. Expected the UUID of a machine identity, such as ${EXAMPLE_ID}.`,
      );
    }
    ids.add(value.toLowerCase());
  }
  return [...ids];
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

function nameOf(read: ReadInput): string | undefined {
  const text = read('token-name').trim();
  if (text === '') return undefined;
  // One name or one glob: a line break is a list pasted here, which this input does not take.
  if (/[\r\n]/.test(text)) {
    throw new InputError(
      'Input token-name must be one token name, or one glob with * and ?, on a single line.',
    );
  }
  return text;
}
