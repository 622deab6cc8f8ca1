/**
 * Replaces every secret in a line with `***`. The runner masks them too, once told with
 * add-mask; this keeps them out even where output is read without a runner (tests, local runs).
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...new Set(secrets)]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}
