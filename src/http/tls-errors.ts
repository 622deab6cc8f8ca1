// TLS failures in one plain sentence each. Node hands them over with OpenSSL's own text
// ("write EPROTO 80...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/
// openssl/...\n"): what a user needs is what is wrong and what to do, never OpenSSL's internals.
// None of them is worth another attempt: the same certificate or port gives the same failure.

/** The runner has no chain of trust up to the server's certificate. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** Codes of an https client that met something that does not speak TLS. */
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const NOT_TLS_TEXT = /wrong version number|packet length too long/i;

/** What is wrong, then (after the code) what to do about it. */
const SENTENCES: Record<string, [string, string?]> = {
  CERT_HAS_EXPIRED: ["the server's TLS certificate has expired"],
  CERT_NOT_YET_VALID: [
    "the server's TLS certificate is not valid yet",
    '; check the clocks of the server and the runner',
  ],
  CERT_REVOKED: ["the server's TLS certificate has been revoked"],
  ERR_TLS_CERT_ALTNAME_INVALID: [
    "the server's TLS certificate is not for this host",
    '; server-url must name the host the certificate was made for',
  ],
};

/** Node's certificate check codes (OpenSSL's X509_V_ERR names) that the pattern below misses. */
const VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

/** Whether an error from a request is a TLS failure (and so `describeTlsError` has a sentence for it). */
export function isTlsError(code: string | undefined, message: string): boolean {
  if (code === 'EPROTO' || NOT_TLS_TEXT.test(message)) return true;
  return code !== undefined && (VERIFY_CODES.has(code) || /CERT|CRL|SSL|TLS/i.test(code));
}

/**
 * One line for a TLS failure: what went wrong, the code, and the fix when there is one. The
 * error's own text is read only to recognise it, never quoted.
 */
export function describeTlsError(code: string | undefined, message: string): string {
  const tag = code ? ` (${code})` : '';
  if ((code && NOT_TLS_CODES.has(code)) || NOT_TLS_TEXT.test(message)) {
    return `the server did not answer in TLS${tag}: it may not speak https on that port; try http:// if it is a local server, or the port that serves https`;
  }
  if (code && UNTRUSTED.has(code)) {
    // Both are read by node as it starts: a step's `with:` comes too late, `env:` does not.
    return `the runner does not trust the server's TLS certificate${tag}; for a server with a certificate from a private CA, give the runner that CA with NODE_EXTRA_CA_CERTS (the path of its PEM file), or have it trust the operating system's certificate store with NODE_USE_SYSTEM_CA=1 (Node 24); either goes in env: of the step or job, not with:`;
  }
  const sentence = code ? SENTENCES[code] : undefined;
  if (sentence) return `${sentence[0]}${tag}${sentence[1] ?? ''}`;
  return `the TLS connection to the server failed${tag}`;
}
