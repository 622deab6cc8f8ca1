// Reads `access-token`: the credential the action revokes with when it does not log in itself.
import { InputError } from './error.js';

/**
 * Why an empty access-token leaves the action without credentials, and where an empty value
 * usually comes from: a secret the run cannot read.
 */
const NO_CREDENTIALS =
  'With method empty, access-token is the only credential: pass one, or set method: oidc or ' +
  'universal to log in instead. Secrets (secrets.*) come out empty in runs for pull requests ' +
  'from forks and in runs by Dependabot.';

/**
 * Checks `access-token`. It becomes an HTTP header, so it must be one printable word; the message
 * never repeats the value. `selfOnly`: token-id names only `self`, which needs no permission.
 */
export function parseAccessToken(raw: string, { selfOnly = false } = {}): string {
  const token = raw.trim();
  if (token === '') {
    throw new InputError(
      selfOnly
        ? `Input access-token is required: token-id: self revokes the access token given here (an access token may always revoke itself; no permission is needed). ${NO_CREDENTIALS}`
        : "Input access-token is required: an Infisical access token of an identity allowed to edit the tokens' identities (identity:edit). " +
            NO_CREDENTIALS,
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
