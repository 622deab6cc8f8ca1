/**
 * A secret as given and the forms it may take in a line: trimmed, and each of its lines (the runner
 * masks line by line, so a value with line breaks must be masked a line at a time too).
 */
export function secretVariants(raw: string): string[] {
  return [raw, raw.trim(), ...raw.split(/\r?\n/).map((line) => line.trim())];
}

export interface Redactor {
  (text: string): string;
  /** A secret learned while running (a login's token): replaced from now on too. */
  add: (secret: string) => void;
}

/**
 * Values shorter than this are not replaced here (the runner is still told to mask them): a
 * header value such as "1" would otherwise turn every id, count and sentence into `***` soup.
 * Credentials are far longer.
 */
export const MIN_REDACTED_LENGTH = 6;

/**
 * Replaces every secret in a line with `***`. The runner masks them too, once told with
 * add-mask; this keeps them out even where output is read without a runner (tests, local runs).
 */
export function redactor(secrets: readonly string[]): Redactor {
  let sorted: string[] = [];
  const set = (all: readonly string[]): void => {
    sorted = [...new Set(all)]
      .filter((s) => s.length >= MIN_REDACTED_LENGTH)
      .sort((a, b) => b.length - a.length);
  };
  set(secrets);
  const redact = (text: string): string =>
    sorted.reduce((out, secret) => out.split(secret).join('***'), text);
  return Object.assign(redact, { add: (secret: string) => set([...sorted, secret]) });
}
