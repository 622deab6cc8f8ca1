// https to a server whose certificate the runner does not trust: one clear line, no retries; and
// NODE_EXTRA_CA_CERTS, Node's own way to trust a self-hosted CA, makes it work.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { hasOpenssl, selfSignedCertificate, type Certificate } from './support/certificates.js';
import { commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

if (!hasOpenssl && process.env.CI)
  throw new Error('The TLS test needs openssl: run .ci/prepare-test-host.sh.');
if (!hasOpenssl) console.warn('Skipping the TLS test: openssl is not installed.');

(hasOpenssl ? describe : describe.skip)('https with a self-signed certificate', () => {
  let tls: Certificate;

  beforeAll(() => {
    tls = selfSignedCertificate();
  });

  test('is refused in one attempt, with the reason', async () => {
    const fake = await startFake({ tls: { key: tls.key, cert: tls.cert } });
    const run = await revokeStep(fake, { 'token-id': fake.addToken() });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /: no answer from Infisical at https:\/\/127\.0\.0\.1:\d+: the runner does not trust the server's TLS certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\); for a server with a certificate from a private CA, give the runner that CA with NODE_EXTRA_CA_CERTS\.$/,
      ),
    ]);
    expect(run.stdout).not.toMatch(/retrying/);
    expect(fake.requests).toHaveLength(0);
  });

  test('works once the certificate is trusted with NODE_EXTRA_CA_CERTS', async () => {
    const fake = await startFake({ tls: { key: tls.key, cert: tls.cert } });
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { env: { NODE_EXTRA_CA_CERTS: tls.certFile } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expectNoLeak(run);
  });
});
