// Reads `access-token`: the credential the action revokes with when it does not log in itself.
import { InputError } from './error.js';

/**
 * Checks `access-token`. It becomes an HTTP header, so it must be one printable word; the message
 * never repeats the value.
 */
export function parseAccessToken(raw: string): string {
  const token = raw.trim();
  if (token === '') {
    throw new InputError(
      'Input access-token is required: an Infisical access token of an identity allowed to edit ' +
        "the token's identity (identity:edit).",
    );
  }
  if (/^bearer\s/i.test(token)) {
    throw new InputError(
      'Input access-token starts with "Bearer ": pass the access token alone, without the "Bearer " ' +
        'prefix (the action adds it). The value is masked and not shown.',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      'Input access-token must be a single token of printable characters, without spaces or line ' +
        'breaks. The value is masked and not shown.',
    );
  }
  return token;
}
