import { InputError } from './input-error.js';
import { looksLikeJwt } from './access-token.js';

// Infisical's token ids are UUIDs (a 36-character column); the server looks them up as given.
const TOKEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Values longer than this are not echoed in an error: a pasted secret is usually long.
const ECHO_LIMIT = 48;

export function isTokenId(value: string): boolean {
  return TOKEN_ID.test(value);
}

/**
 * The values of `token-id` that must be masked before anything is printed: anything shaped like an
 * access token, which users paste here by mistake.
 */
export function secretsInTokenIds(raw: string): string[] {
  return splitTokenIds(raw).filter(looksLikeJwt);
}

/**
 * Reads `token-id`: one or more ids separated by new lines, commas or spaces. Duplicates are
 * revoked once; order is kept so that logs follow the workflow file.
 */
export function parseTokenIds(raw: string): string[] {
  const ids = [...new Set(splitTokenIds(raw))];
  for (const id of ids) {
    if (looksLikeJwt(id)) {
      throw new InputError(
        'Input token-id holds an access token (a JWT), not a token id. Pass the id of the Token Auth ' +
          'token to revoke (a UUID such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f), and the access token ' +
          'in access-token. The value is masked and not shown.',
      );
    }
    if (!isTokenId(id)) {
      const shown = id.length <= ECHO_LIMIT ? JSON.stringify(id) : `a ${id.length}-character value`;
      throw new InputError(
        `Input token-id: ${shown} is not a token id. Expected the UUID of a Token Auth token, ` +
          'such as 6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f.',
      );
    }
  }
  return ids;
}

function splitTokenIds(raw: string): string[] {
  return raw.split(/[\s,]+/).filter((part) => part !== '');
}
