// Input extra-headers: one "Name: value" a line, the headers the action sets itself refused, values
// a request can carry (Latin-1 text), nothing echoed that may be a secret, every value masked.
import { describe, expect, test } from '@jest/globals';
import { parseExtraHeaders, secretsInExtraHeaders } from '../../../src/inputs/extra-headers.js';
import { thrown } from '../../support/inputs.js';

describe('parseExtraHeaders', () => {
  test('one "Name: value" a line, names lower-cased, blank lines and spaces ignored', () => {
    expect(
      parseExtraHeaders(
        '\n  CF-Access-Client-Id:  id-1  \r\n\nCF-Access-Client-Secret:sec:ret:2\n',
      ),
    ).toEqual({ 'cf-access-client-id': 'id-1', 'cf-access-client-secret': 'sec:ret:2' });
    expect(parseExtraHeaders('')).toEqual({});
    expect(parseExtraHeaders(' \n ')).toEqual({});
  });

  test('a name given twice (any case) is one header, its values joined with ", "', () => {
    expect(parseExtraHeaders('X-Waf: a\nx-waf: b\nX-WAF: c')).toEqual({ 'x-waf': 'a, b, c' });
  });

  test.each([
    'Authorization: x',
    'authorization: Bearer abc',
    'Content-Type: text/plain',
    'Host: evil.example',
    'User-Agent: me',
    'Content-Length: 3',
    'Transfer-Encoding: chunked',
    'Proxy-Authorization: Basic abc',
  ])('refuses a header the action sets itself: %j', (line) => {
    const name = line.slice(0, line.indexOf(':'));
    expect(thrown(() => parseExtraHeaders(`X-Ok: fine\n${line}`))).toBe(
      `Input extra-headers, line 2: "${name}" is a header the action sets itself, and cannot be replaced.`,
    );
  });

  test.each([
    ['a line without a colon', 'CF-Access-Client-Secret s3cr3t-value'],
    ['a name with a space', 'CF Access: s3cr3t-value'],
    ['no name', ': s3cr3t-value'],
  ])('refuses %s without echoing it', (_, line) => {
    const message = thrown(() => parseExtraHeaders(line));
    expect(message).toBe(
      'Input extra-headers, line 1: expected "Name: value" (such as CF-Access-Client-Id: <id>), got a line without a valid header name. The line is masked and not shown.',
    );
    expect(message).not.toContain('s3cr3t');
  });

  test('refuses a header without a value', () => {
    expect(thrown(() => parseExtraHeaders('X-Empty:   '))).toBe(
      'Input extra-headers, line 1: header X-Empty needs a value on the same line.',
    );
  });

  test('secretsInExtraHeaders: every value, and a line without a colon whole', () => {
    expect(
      secretsInExtraHeaders('CF-Access-Client-Id: id-1\n\n X-Waf:  two words \nno colon here\n'),
    ).toEqual(['id-1', 'two words', 'no colon here']);
    expect(secretsInExtraHeaders('')).toEqual([]);
  });

  test('every value that parseExtraHeaders sends is among the secrets to mask', () => {
    const raw = 'A: one\nB: two:three\nA: four';
    const secrets = secretsInExtraHeaders(raw);
    for (const value of Object.values(parseExtraHeaders(raw))) {
      for (const part of value.split(', ')) expect(secrets).toContain(part);
    }
  });
});

describe('extra-headers values a request can carry', () => {
  test('a value with a character outside Latin-1 is an input error that does not echo the value', () => {
    const message = thrown(() => parseExtraHeaders('X-Team: Zürich→ops'));
    expect(message).toBe(
      'Input extra-headers, line 1: the value of header X-Team has a character a header cannot carry (only Latin-1 text, no control characters). The value is masked and not shown.',
    );
    for (const part of ['Zürich', '→', 'ops']) expect(message).not.toContain(part);
  });

  test('a control character is refused too, on the line it is on', () => {
    const message = thrown(() => parseExtraHeaders('X-A: fine\nX-B: be\u0007ll'));
    expect(message).toMatch(/^Input extra-headers, line 2: the value of header X-B has/);
    expect(message).not.toContain('be\u0007ll');
  });

  test('Latin-1 text passes as given (café, a tab inside)', () => {
    expect(parseExtraHeaders('X-Team: café\nX-Note: a\tb')).toEqual({
      'x-team': 'café',
      'x-note': 'a\tb',
    });
  });
});
