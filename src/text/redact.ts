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
  /**
   * Whole values only, for what arrives on the wire: a login answer's new token shares its JWT
   * header with other tokens, and must stay whole to be used. What is printed goes through the
   * redactor itself, pieces included.
   */
  whole: (text: string) => string;
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
  let pieces = new Set<string>();
  const set = (all: readonly string[]): void => {
    known = [...new Set(all)].filter((s) => s.length >= MIN_REDACTED_LENGTH);
    // Longest first: a secret that contains another is replaced whole, not around the shorter one.
    sorted = [...new Set(known.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
    pieces = piecesOf(sorted.filter((form) => form.length >= MIN_PIECED_LENGTH));
  };
  set(secrets);
  // Whole values first, then any piece of a long one that is left: the runner masks a secret only
  // when it appears whole, and a server may have cut or wrapped what it echoed.
  // includes first: most texts hold no secret, and a split allocates even when it finds none.
  const whole = (text: string): string =>
    sorted.reduce(
      (out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out),
      text,
    );
  const redact = (text: string): string => withoutPieces(whole(text), pieces);
  const cutEnd = (text: string): string => {
    const out = whole(text);
    return out.slice(0, out.length - longestOpenStart(out, sorted));
  };
  return Object.assign(redact, {
    add: (secret: string) => set([...known, secret]),
    cutEnd,
    whole,
  });
}

/** How long a run of a secret's characters is a piece of it that must not be shown. */
export const SECRET_PIECE_CHARS = 8;
/**
 * Secrets at least this long are scrubbed piece by piece as well as whole. Credentials are far
 * longer; a short value (a header such as "X-Env: production") would garble ordinary words.
 */
export const MIN_PIECED_LENGTH = 16;

/** Every run of SECRET_PIECE_CHARS characters of the given values. */
export function piecesOf(values: readonly string[]): Set<string> {
  const pieces = new Set<string>();
  for (const value of values) {
    for (let i = 0; i + SECRET_PIECE_CHARS <= value.length; i += 1) {
      pieces.add(value.slice(i, i + SECRET_PIECE_CHARS));
    }
  }
  return pieces;
}

/** `text` with every run that contains a piece replaced by one `***`. */
export function withoutPieces(text: string, pieces: ReadonlySet<string>): string {
  if (pieces.size === 0 || text.length < SECRET_PIECE_CHARS) return text;
  let covered: boolean[] | undefined;
  for (let i = 0; i + SECRET_PIECE_CHARS <= text.length; i += 1) {
    if (pieces.has(text.slice(i, i + SECRET_PIECE_CHARS))) {
      covered ??= new Array<boolean>(text.length).fill(false);
      covered.fill(true, i, i + SECRET_PIECE_CHARS);
    }
  }
  if (!covered) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED;
  }
  return out;
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
  // Without a backslash, no string of the JSON is spelled other than as it stands in the text,
  // which is redacted already: nothing for parsing to undo (and no parse on every answer).
  if (!body.includes('\\')) return body;
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
  let out: unknown;
  try {
    out = walk(json);
  } catch {
    // Nested too deep to walk (an answer of 30,000 brackets): its text was redacted already, and
    // a redaction must never end a request.
    return body;
  }
  return changed ? JSON.stringify(out) : body;
}
