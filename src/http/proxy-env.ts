// The proxy's password, from the variables @actions/http-client reads its proxy from: it sits in the
// environment as part of a URL (http://user:password@proxy:3128), and goes to the proxy as
// Proxy-Authorization. Masked from the start, in every form it may be printed in.

/** The variables http-client takes its proxy from (https_proxy first for https, http_proxy for http). */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/**
 * Every form of every proxy password in `env`: as written in the variable, as a URL keeps it
 * (percent-encoded), URL-decoded (what is sent), and the Basic credential sent to the proxy. Pure:
 * main.ts hands in process.env.
 */
export function secretsInProxyEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets = PROXY_VARIABLES.flatMap((name) => passwordForms(env[name] ?? ''));
  return [...new Set(secrets)].filter((secret) => secret.trim() !== '');
}

function passwordForms(value: string): string[] {
  const text = value.trim();
  if (text === '') return [];
  const forms: string[] = [];
  // As written: between the first ':' of the user info and its last '@' (a password may hold '@').
  const rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at > 0 && colon >= 0 && colon < at) forms.push(rest.slice(colon + 1, at));
  // As http-client reads it: a URL, or with http:// before it when it has no scheme.
  const url = parsed(text) ?? parsed(`http://${text}`);
  if (url && url.password !== '') {
    forms.push(url.password);
    const user = decoded(url.username);
    const password = decoded(url.password);
    if (password !== undefined) {
      forms.push(password);
      forms.push(Buffer.from(`${user ?? url.username}:${password}`).toString('base64'));
    }
  }
  return forms;
}

function parsed(text: string): URL | undefined {
  try {
    const url = new URL(text);
    // "user:pass@proxy:3128" without a scheme parses as scheme "user:", with no host.
    return url.hostname === '' ? undefined : url;
  } catch {
    return undefined;
  }
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
