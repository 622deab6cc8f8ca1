// Input server-url: the origin and path prefix of a base URL, the plain-http warning, what is
// refused, and that no query, fragment or credentials ever reach a message (the password is masked).
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseServerUrl, secretsInServerUrl } from '../../../src/inputs/server-url.js';
import { thrown } from '../../support/inputs.js';

describe('server-url', () => {
  test.each([
    ['https://app.infisical.com', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/api', 'https://app.infisical.com', ''],
    // The API's own base, as Infisical's docs show it: read as the base URL, never doubled.
    ['https://app.infisical.com/api/v1', 'https://app.infisical.com', ''],
    ['https://app.infisical.com/api/v1/', 'https://app.infisical.com', ''],
    ['https://eu.infisical.com/API/V1', 'https://eu.infisical.com', ''],
    ['https://example.com/infisical/api/v1', 'https://example.com', '/infisical'],
    ['https://example.com/infisical/api/v2/', 'https://example.com', '/infisical'],
    ['https://app.infisical.com/api/', 'https://app.infisical.com', ''],
    [' https://host:8443/infisical//api// ', 'https://host:8443', '/infisical'],
    ['http://localhost:8080', 'http://localhost:8080', ''],
  ])('%j → %s + %j', (raw, origin, prefix) => {
    expect(parseServerUrl(raw).server).toEqual({ origin, prefix });
  });
  test('warns for plain http off loopback only', () => {
    expect(parseServerUrl('http://infisical.internal').warnings).toHaveLength(1);
    for (const host of ['localhost', '127.0.0.1', '127.4.5.6', '[::1]']) {
      expect(parseServerUrl(`http://${host}:1234`).warnings).toEqual([]);
    }
  });
  test('refuses what is not a plain base URL', () => {
    expect(() => parseServerUrl('nope')).toThrow(/is not a URL/);
    expect(() => parseServerUrl('file:///etc')).toThrow(/must start with https:\/\//);
    expect(() => parseServerUrl('https://u:p@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://u@h')).toThrow(/credentials/);
    expect(() => parseServerUrl('https://h/?')).toThrow(/query/);
    // A trailing ? is a query too, and a query is never echoed.
    expect(() => parseServerUrl(`https://h/${'x'.repeat(100)}?`)).toThrow(
      /must not contain a query \(the part from \?; not shown\)/,
    );
  });
  test('an error never repeats the query, fragment, user or password of the value', () => {
    const values = [
      'https://alice9:hunter2pw@h.example',
      'https://alice9@h.example',
      'https://h.example/?token=SECRETq',
      'https://h.example/infisical?token=SECRETq#SECRETf',
      'https://h.example/#SECRETf',
      'https://h.example/#a?SECRETq',
      'ftp://alice9:hunter2pw@h.example/?token=SECRETq',
      'h.example/?token=SECRETq',
      'alice9:hunter2pw@h.example',
      'https://alice9:hunter2pw@h example',
      'https://h example/?token=SECRETq#SECRETf',
      'not a url #SECRETf',
    ];
    for (const value of values) {
      const message = thrown(() => parseServerUrl(value));
      expect(message).toMatch(/^Input server-url/);
      for (const part of ['alice9', 'hunter2pw', 'SECRETq', 'SECRETf']) {
        expect(message.toLowerCase()).not.toContain(part.toLowerCase());
      }
    }
    expect(thrown(() => parseServerUrl('https://h/?token=SECRETq'))).toMatch(/query/);
    expect(thrown(() => parseServerUrl('https://h/#SECRETf'))).toMatch(/fragment/);
    expect(thrown(() => parseServerUrl('https://alice9:hunter2pw@h'))).toMatch(/credentials/);
  });
  test('whatever the URL, its query, fragment and credentials never reach a message', () => {
    const marked = (name: string) =>
      fc.stringMatching(/^[a-z0-9]{0,6}$/).map((tail) => `${name}SECRET${tail}`);
    fc.assert(
      fc.property(
        fc.constantFrom('https://', 'http://', 'ftp://', 'HTTPS://', '', 'https:/'),
        fc.option(fc.tuple(marked('user'), fc.option(marked('pass')))),
        fc.constantFrom('h.example', 'h example', '[::1]:8080', 'localhost:1', ''),
        fc.constantFrom('', '/', '/api', '/x y', '/%zz'),
        fc.option(marked('query')),
        fc.option(marked('frag')),
        (scheme, userinfo, host, path, query, fragment) => {
          const auth = userinfo ? `${userinfo[0]}${userinfo[1] ? `:${userinfo[1]}` : ''}@` : '';
          const value = `${scheme}${auth}${host}${path}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
          let message = '';
          try {
            parseServerUrl(value);
          } catch (error) {
            message = (error as Error).message;
          }
          if (auth || query || fragment) expect(message).not.toBe('');
          // Case aside: a URL parser lower-cases what it reads as a scheme.
          expect(message).not.toMatch(/secret/i);
        },
      ),
      { numRuns: 500 },
    );
  });
  test('the password of a URL is a secret', () => {
    expect(secretsInServerUrl('https://u:p%40ss@h')).toEqual(['p%40ss', 'p@ss']);
    expect(secretsInServerUrl('https://h')).toEqual([]);
    expect(secretsInServerUrl('::')).toEqual([]);
  });
});
