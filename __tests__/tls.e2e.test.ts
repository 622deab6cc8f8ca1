// https to a server whose certificate the runner does not trust: one clear line, no retries, naming
// NODE_EXTRA_CA_CERTS and NODE_USE_SYSTEM_CA=1; and NODE_EXTRA_CA_CERTS, Node's own way to trust a
// self-hosted CA, makes it work (NODE_USE_SYSTEM_CA needs the CA in the OS store: not shown here). https to a port that
// speaks plain http: one plain sentence, one connection.
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { hasOpenssl, selfSignedCertificate, type Certificate } from './support/certificates.js';
import { expectPlainLog } from './support/outputs.js';
import { commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

if (!hasOpenssl && process.env.CI)
  throw new Error('The TLS test needs openssl: run .ci/prepare-test-host.sh.');
if (!hasOpenssl) console.warn('Skipping the TLS test: openssl is not installed.');

(hasOpenssl ? describe : describe.skip)('https with a self-signed certificate', () => {
  let tls: Certificate;

  beforeAll(() => {
    tls = selfSignedCertificate();
  });

  // The line now names NODE_USE_SYSTEM_CA=1 beside NODE_EXTRA_CA_CERTS, and where they go (env:).
  test('is refused in one attempt, with the reason and both ways to trust a private CA (env:, not with:)', async () => {
    const fake = await startFake({ tls: { key: tls.key, cert: tls.cert } });
    const run = await revokeStep(fake, { 'token-id': fake.addToken() });
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      expect.stringMatching(
        /: no answer from Infisical at https:\/\/127\.0\.0\.1:\d+: the runner does not trust the server's TLS certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\); for a server with a certificate from a private CA, give the runner that CA with NODE_EXTRA_CA_CERTS \(the path of its PEM file\), or have it trust the operating system's certificate store with NODE_USE_SYSTEM_CA=1 \(Node 24\); either goes in env: of the step or job, not with:\.$/,
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

describe('TLS failures are one plain sentence, one connection', () => {
  let proxy: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
    proxy = undefined;
  });

  /** A TCP relay to the fake that counts the connections made to it. */
  async function countingRelay(
    fake: FakeInfisical,
  ): Promise<{ port: number; connections: () => number }> {
    const target = new URL(fake.url);
    let connections = 0;
    const relay = createServer((client: Socket) => {
      connections += 1;
      const upstream = connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    proxy = relay;
    await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
    const { port } = relay.address() as { port: number };
    return { port, connections: () => connections };
  }

  test('https:// to a port that speaks plain http: "may not speak https", exactly one connection, no OpenSSL text', async () => {
    const fake = await startFake();
    const relay = await countingRelay(fake);
    const id = fake.addToken();
    const run = await revokeStep(fake, {
      'token-id': id,
      'server-url': `https://127.0.0.1:${relay.port}`,
      retries: '3',
    });

    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${id}: no answer from Infisical at https://127.0.0.1:${relay.port}: the server did not answer in TLS (EPROTO): it may not speak https on that port; try http:// if it is a local server, or the port that serves https.`,
    ]);
    expect(relay.connections()).toBe(1);
    expect(run.stdout).not.toMatch(/retrying|Attempt \d/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);
    expectPlainLog(run);
    expectNoLeak(run);
  });
});
