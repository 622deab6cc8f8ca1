import { quotePrefix } from '../text/echo.js';
import { InputError } from './error.js';

import type { Server } from '../infisical/server.js';

export type { Server } from '../infisical/server.js';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The password of a `server-url` that carries credentials: masked before the input is refused. */
export function secretsInServerUrl(raw: string): string[] {
  try {
    const { password } = new URL(raw.trim());
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/**
 * Reads `server-url`. Users paste the base URL with or without a trailing `/`, and sometimes with
 * `/api` or `/api/v1` (the API's own base, as Infisical's docs show it) already on it; a
 * self-hosted install may live under a path prefix, which is kept.
 */
export function parseServerUrl(raw: string): { server: Server; warnings: string[] } {
  const text = raw.trim();
  const expected =
    'Expected the base URL of your Infisical server, such as https://app.infisical.com.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`Input server-url: ${quoteUrl(text)} is not a URL. ${expected}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      // The scheme is not echoed: "user:password@host" without a scheme parses as scheme "user:".
      `Input server-url must start with https:// (or http:// for a local server). ${expected}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(
      'Input server-url must not contain credentials (user:password@). Pass the access token in ' +
        'access-token. The URL is not shown.',
    );
  }
  if (url.search !== '' || /\?/.test(text)) {
    throw new InputError(
      `Input server-url must not contain a query (the part from ?; not shown). ${expected}`,
    );
  }
  if (url.hash !== '' || /#/.test(text)) {
    throw new InputError(
      `Input server-url must not contain a fragment (the part from #; not shown). ${expected}`,
    );
  }
  const prefix = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/api(\/v\d+)?$/i, '')
    .replace(/\/+$/, '');
  const warnings: string[] = [];
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
    warnings.push(
      `server-url uses plain http:// to ${url.host}: the access token travels unencrypted. Use https://.`,
    );
  }
  return { server: { origin: url.origin, prefix }, warnings };
}

// A value that is not a URL is quoted only when it cannot hold credentials, a query or a
// fragment, and then only its start.
function quoteUrl(text: string): string {
  if (/[@?#]/.test(text)) return 'the value (not shown: it holds @, ? or #)';
  return quotePrefix(text, 40);
}
