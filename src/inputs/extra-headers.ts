// Reads `extra-headers`: request headers sent with every call to Infisical, for servers behind
// Cloudflare Access or a WAF (CF-Access-Client-Id / CF-Access-Client-Secret). One `Name: value` a
// line. Every value is a secret to the runner; the headers the action sets itself are refused.
import { quotePrefix } from '../text/echo.js';
import { OWN_HEADERS } from '../http/index.js';
import { InputError } from './error.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The values of `extra-headers`, to mask before anything is printed. */
export function secretsInExtraHeaders(raw: string): string[] {
  return lines(raw).flatMap((line) => {
    const colon = line.indexOf(':');
    return colon < 0 ? [line] : [line.slice(colon + 1).trim()];
  });
}

export function parseExtraHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, line] of lines(raw).entries()) {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    const where = `Input extra-headers, line ${index + 1}`;
    if (!TOKEN.test(name)) {
      throw new InputError(
        `${where}: expected "Name: value" (such as CF-Access-Client-Id: <id>), got a line without a valid header name. The line is masked and not shown.`,
      );
    }
    if (OWN_HEADERS.has(name.toLowerCase())) {
      throw new InputError(
        `${where}: ${quotePrefix(name, 40)} is a header the action sets itself, and cannot be replaced.`,
      );
    }
    if (value === '') {
      throw new InputError(`${where}: header ${name} needs a value on the same line.`);
    }
    // HTTP header values are Latin-1 text without control characters (what Node sends).
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
      throw new InputError(
        `${where}: the value of header ${name} has a character a header cannot carry (only Latin-1 text, no control characters). The value is masked and not shown.`,
      );
    }
    // A name given twice is one header with both values, as HTTP (and Infisical's own actions) join them.
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}

function lines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
