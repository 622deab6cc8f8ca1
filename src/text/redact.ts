/**
 * A secret as given and the forms it may take in a line: trimmed, and each of its lines (the runner
 * masks line by line, so a value with line breaks must be masked a line at a time too).
 */
export function secretVariants(raw: string): string[] {
  return [raw, raw.trim(), ...raw.split(/\r?\n/).map((line) => line.trim())];
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The ways a secret may come back inside a server's text: as sent, URL-encoded (a query, a
 * Location, a form echoed back), JSON-escaped (a body that echoes the request; with `\/` too) and
 * HTML-escaped (a page that lists the request).
 */
export function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    json,
    // PHP's json_encode and others escape the slash too.
    json.replace(/\//g, '\\/'),
    // A page that lists the request (a WAF's, a proxy's) writes it as HTML.
    secret.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char),
  ];
  try {
    forms.push(encodeURIComponent(secret));
  } catch {
    // A lone surrogate cannot be URL-encoded, so no server can echo it that way either.
  }
  return forms;
}

export interface Redactor {
  (text: string): string;
  /** A secret learned while running (a login's token): replaced from now on too. */
  add: (secret: string) => void;
  /**
   * Text that was cut off at its end by us (an answer larger than we keep): replaced, then without
   * an end that could be the start of a secret, since a secret cut in two is no longer replaced.
   */
  cutEnd: (text: string) => string;
}

/**
 * Values shorter than this are not replaced here (the runner is still told to mask them): a
 * header value such as "1" would otherwise turn every id, count and sentence into `***` soup.
 * Credentials are far longer.
 */
export const MIN_REDACTED_LENGTH = 6;

export const REDACTED = '***';

/**
 * Replaces every secret, and its URL-encoded and JSON-escaped forms, in a line with `***`. The
 * runner masks them too, once told with add-mask, but only as given and only whole; this keeps them
 * out even where output is read without a runner (tests, local runs).
 */
export function redactor(secrets: readonly string[]): Redactor {
  let known: string[] = [];
  let sorted: string[] = [];
  const set = (all: readonly string[]): void => {
    known = [...new Set(all)].filter((s) => s.length >= MIN_REDACTED_LENGTH);
    // Longest first: a secret that contains another is replaced whole, not around the shorter one.
    sorted = [...new Set(known.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
  };
  set(secrets);
  const redact = (text: string): string =>
    sorted.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  const cutEnd = (text: string): string => {
    const out = redact(text);
    return out.slice(0, out.length - longestOpenStart(out, sorted));
  };
  return Object.assign(redact, { add: (secret: string) => set([...known, secret]), cutEnd });
}

/** How many characters at the end of `text` are the start of one of `secrets` (not the whole). */
function longestOpenStart(text: string, secrets: readonly string[]): number {
  let longest = 0;
  for (const secret of secrets) {
    for (let n = Math.min(secret.length - 1, text.length); n > longest; n -= 1) {
      if (text.endsWith(secret.slice(0, n))) {
        longest = n;
        break;
      }
    }
  }
  return longest;
}

/** An answer's body and header values with every known secret replaced (see `Redactor`). */
export function redactAnswer<
  A extends { body: string; truncated: boolean; headers: Record<string, HeaderValue> },
>(answer: A, redact: Redactor | ((text: string) => string)): A {
  const text =
    answer.truncated && 'cutEnd' in redact ? redact.cutEnd(answer.body) : redact(answer.body);
  const body = answer.truncated ? text : redactJsonStrings(text, redact);
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    headers[name] = Array.isArray(value) ? value.map(redact) : value && redact(value);
  }
  return { ...answer, body, headers };
}

type HeaderValue = string | string[] | undefined;

/**
 * JSON may spell a secret with escapes of its own (`\u0073ecret`) that only parsing undoes: the
 * strings as parsed are redacted too, and the body written again only when one of them changed,
 * so that an answer without a secret in it stays byte for byte what the server sent.
 */
function redactJsonStrings(body: string, redact: (text: string) => string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const out = redact(value);
      changed ||= out !== value;
      return out;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [walk(k) as string, walk(v)]),
      );
    }
    return value;
  };
  const out = walk(json);
  return changed ? JSON.stringify(out) : body;
}
