// The proxy's password, from the variables http-client reads its proxy from, in every form it may
// be printed in; nothing else of the URL.
import { describe, expect, test } from '@jest/globals';
import { secretsInProxyEnv } from '../../../src/http/index.js';

describe('secretsInProxyEnv', () => {
  test('the password as written, percent-encoded, decoded, and the Basic credential sent', () => {
    const secrets = secretsInProxyEnv({ https_proxy: 'http://alice:p%40ss%2Fw0rd@proxy:3128' });
    expect(secrets).toEqual(
      expect.arrayContaining([
        'p%40ss%2Fw0rd',
        'p@ss/w0rd',
        Buffer.from('alice:p@ss/w0rd').toString('base64'),
      ]),
    );
    // The user and the host are not secrets (masking them would blank every mention).
    for (const other of ['alice', 'proxy', 'proxy:3128']) expect(secrets).not.toContain(other);
  });

  test('a password written with a raw @ (as URL parsers re-encode it)', () => {
    const secrets = secretsInProxyEnv({ HTTPS_PROXY: 'http://bob:a@b@proxy.corp:8080' });
    expect(secrets).toEqual(expect.arrayContaining(['a@b', 'a%40b']));
  });

  test('all four variables, upper and lower case, and one without a scheme', () => {
    const secrets = secretsInProxyEnv({
      https_proxy: 'http://u:one@p:1',
      HTTPS_PROXY: 'https://u:two@p:2',
      http_proxy: 'http://u:three@p:3',
      HTTP_PROXY: 'u:four@p:4',
    });
    expect(secrets).toEqual(expect.arrayContaining(['one', 'two', 'three', 'four']));
  });

  test('no password, no variable, or other variables: nothing', () => {
    expect(
      secretsInProxyEnv({
        https_proxy: 'http://proxy:3128',
        http_proxy: 'http://alice@proxy:3128',
        NO_PROXY: 'x:y@z',
        OTHER: 'http://u:secret@h',
      }),
    ).toEqual([]);
    expect(secretsInProxyEnv({})).toEqual([]);
  });

  test('a malformed percent sequence still masks the password as written', () => {
    expect(secretsInProxyEnv({ http_proxy: 'http://u:50%zz@proxy:3128' })).toContain('50%zz');
  });
});
