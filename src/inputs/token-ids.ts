// Reads `token-id`: which tokens the workflow named. Nothing here guesses: an empty value names no
// token (it never means "the access token itself"); `self` does, explicitly.
import { looksLikeJwt } from '../jwt.js';
import type { NamedTokens } from '../revoke/target.js';
import { EXAMPLE_ID, isUuid } from '../ids.js';
import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';

/** The word that names the access token itself. */
export const SELF = 'self';

/**
 * The values of `token-id` that must be masked before anything is printed: anything shaped like an
 * access token, which users paste here by mistake.
 */
export function secretsInTokenIds(raw: string): string[] {
  let values: string[];
  try {
    values = splitValues(raw);
  } catch {
    // Not readable as given (broken JSON): mask every word that looks like a token anyway.
    values = raw.split(/[\s,[\]"{}:]+/);
  }
  return values.filter(looksLikeJwt);
}

/**
 * Reads `token-id`: ids separated by new lines, commas or spaces, or a JSON array of them (the
 * `revoked` output of another run, `toJSON(...)`); `self` (any case) for the access token itself.
 * Ids are compared without case and kept in lower case; duplicates are revoked once.
 */
export function parseTokenIds(raw: string): NamedTokens {
  const ids = new Set<string>();
  let self = false;
  for (const value of splitValues(raw)) {
    if (value.toLowerCase() === SELF) {
      self = true;
      continue;
    }
    if (looksLikeJwt(value)) {
      throw new InputError(
        'Input token-id holds an access token (a JWT), not a token id. Pass the id of the Token Auth ' +
          `token to revoke (a UUID such as ${EXAMPLE_ID}), or self to revoke the access token ` +
          'itself. The value is masked and not shown.',
      );
    }
    if (!isUuid(value)) {
      throw new InputError(
        `Input token-id: ${quotePrefix(value)} is not a token id. Expected the UUID of a Token ` +
          `Auth token, such as ${EXAMPLE_ID}, or self.`,
      );
    }
    ids.add(value.toLowerCase());
  }
  return { tokenIds: [...ids], self };
}

/** The values named, from a JSON array or a separated list. */
export function splitValues(raw: string): string[] {
  const text = raw.trim();
  if (text.startsWith('[')) return jsonValues(text);
  // toJSON() of an output: `""` or `null` when the upstream job made none, `"<id>"` when it did.
  // Single quotes, as YAML and shells quote, read the same.
  if (text === 'null') return [];
  if (/^"[^"]*"$/.test(text) || /^'[^']*'$/.test(text)) return splitValues(text.slice(1, -1));
  return text.split(/[\s,]+/).filter((part) => part !== '');
}

// A JSON array of ids, or of objects with an `id` (the not-found and failed outputs of a run).
function jsonValues(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(
      'Input token-id starts with [ but is not a JSON array. Expected a JSON array of token ids ' +
        `(["${EXAMPLE_ID}"]) or ids separated by new lines, commas or spaces.`,
    );
  }
  if (!Array.isArray(parsed)) throw new InputError('Input token-id must be a JSON array.');
  return parsed
    .map((item, index) => {
      const value =
        typeof item === 'object' && item !== null && 'id' in item
          ? (item as { id: unknown }).id
          : item;
      if (typeof value !== 'string') {
        throw new InputError(
          `Input token-id: item ${index} of the JSON array is not a string. Expected token ids, ` +
            'or objects with an "id" (as the not-found and failed outputs give).',
        );
      }
      return value.trim();
    })
    .filter((value) => value !== '');
}
