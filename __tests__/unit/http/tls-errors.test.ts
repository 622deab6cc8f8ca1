// TLS failures, as toNetworkError hands them over: one plain sentence each that says what is wrong
// and what to do, never OpenSSL's own text; never retried, never delivered.
import { describe, expect, test } from '@jest/globals';
import { toNetworkError } from '../../../src/http/index.js';

const err = (code: string | undefined, message: string) =>
  Object.assign(new Error(message), { code });

// What Node 20 hands over for https:// spoken to a plain http port (checked against a real server).
const OPENSSL_WRONG_VERSION =
  'write EPROTO 808C67BA7F7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

const UNTRUSTED = (code: string) =>
  `the runner does not trust the server's TLS certificate (${code}); for a server with a certificate from a private CA, give the runner that CA with NODE_EXTRA_CA_CERTS (the path of its PEM file), or have it trust the operating system's certificate store with NODE_USE_SYSTEM_CA=1 (Node 24); either goes in env: of the step or job, not with:`;
const NOT_TLS = (code: string) =>
  `the server did not answer in TLS (${code}): it may not speak https on that port; try http:// if it is a local server, or the port that serves https`;

describe('TLS failures in one plain sentence, never retried, never delivered', () => {
  test.each([
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'self-signed certificate in certificate chain',
      UNTRUSTED('SELF_SIGNED_CERT_IN_CHAIN'),
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'self-signed certificate',
      UNTRUSTED('DEPTH_ZERO_SELF_SIGNED_CERT'),
    ],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'unable to verify the first certificate',
      UNTRUSTED('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'unable to get local issuer certificate',
      UNTRUSTED('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT',
      'unable to get issuer certificate',
      UNTRUSTED('UNABLE_TO_GET_ISSUER_CERT'),
    ],
    ['CERT_UNTRUSTED', 'certificate not trusted', UNTRUSTED('CERT_UNTRUSTED')],
    [
      'CERT_HAS_EXPIRED',
      'certificate has expired',
      "the server's TLS certificate has expired (CERT_HAS_EXPIRED)",
    ],
    [
      'CERT_NOT_YET_VALID',
      'certificate is not yet valid',
      "the server's TLS certificate is not valid yet (CERT_NOT_YET_VALID); check the clocks of the server and the runner",
    ],
    [
      'CERT_REVOKED',
      'certificate revoked',
      "the server's TLS certificate has been revoked (CERT_REVOKED)",
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames: Host: example.com. is not cert's CN: localhost",
      "the server's TLS certificate is not for this host (ERR_TLS_CERT_ALTNAME_INVALID); server-url must name the host the certificate was made for",
    ],
    ['EPROTO', OPENSSL_WRONG_VERSION, NOT_TLS('EPROTO')],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'wrong version number',
      NOT_TLS('ERR_SSL_WRONG_VERSION_NUMBER'),
    ],
    [
      'ERR_SSL_PACKET_LENGTH_TOO_LONG',
      'packet length too long',
      NOT_TLS('ERR_SSL_PACKET_LENGTH_TOO_LONG'),
    ],
    [
      'EPROTO',
      'write EPROTO 40:error:0A000102:SSL routines:ssl3_get_record:packet length too long:ssl/record/ssl3_record.c:354:\n',
      NOT_TLS('EPROTO'),
    ],
    [
      'EPROTO',
      'write EPROTO 40:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n',
      'the TLS connection to the server failed (EPROTO)',
    ],
    [
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'tlsv1 alert protocol version',
      'the TLS connection to the server failed (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)',
    ],
    [
      'INVALID_CA',
      'invalid CA certificate',
      'the TLS connection to the server failed (INVALID_CA)',
    ],
    [
      'CRL_HAS_EXPIRED',
      'CRL has expired',
      'the TLS connection to the server failed (CRL_HAS_EXPIRED)',
    ],
    [
      'CERT_SIGNATURE_FAILURE',
      'certificate signature failure',
      'the TLS connection to the server failed (CERT_SIGNATURE_FAILURE)',
    ],
  ])('%s', (code, message, sentence) => {
    const error = toNetworkError(err(code, message), 30_000);
    expect(error.message).toBe(sentence);
    expect(error.code).toBe(code);
    expect(error.maybeDelivered).toBe(false);
    expect(error.retryable).toBe(false);
  });

  test('a wrong-version message without a code still reads as a port that does not speak TLS', () => {
    const error = toNetworkError(err(undefined, OPENSSL_WRONG_VERSION), 30_000);
    expect(error.message).toMatch(/^the server did not answer in TLS: it may not speak https/);
    expect(error.retryable).toBe(false);
  });

  test('no TLS sentence quotes OpenSSL', () => {
    for (const code of ['EPROTO', 'ERR_SSL_X', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_WHATEVER']) {
      const { message } = toNetworkError(err(code, OPENSSL_WRONG_VERSION), 1000);
      expect(message).not.toMatch(/SSL routines|openssl|0A00010B|\n/);
    }
  });
});
