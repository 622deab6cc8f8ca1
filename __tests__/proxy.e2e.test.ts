// The revoke (and its read-back) goes through HTTP_PROXY / HTTPS_PROXY as @actions/http-client defines them, shown
// with a real proxy (Debian's tinyproxy). The fake server's name, fake-infisical.test, resolves to
// 127.0.0.2 (.ci/prepare-test-host.sh adds it to /etc/hosts): not a name http-client treats as
// loopback, yet no traffic leaves the machine.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { hasOpenssl, selfSignedCertificateFor } from './support/certificates.js';
import {
  commands,
  expectNoLeak,
  freePort,
  revokeStep,
  startFake,
  unmasked,
} from './support/harness.js';

const HOST = 'fake-infisical.test';

async function missing(): Promise<string | undefined> {
  if (spawnSync('tinyproxy', ['-v']).error) return 'tinyproxy is not installed';
  const address = await lookup(HOST).catch(() => undefined);
  if (!address?.address.startsWith('127.')) return `${HOST} does not resolve to a loopback address`;
  return undefined;
}

const why = await missing();
if (why && process.env.CI)
  throw new Error(`The proxy test cannot run in CI: ${why}. Run .ci/prepare-test-host.sh.`);
// Outside CI the suite says why it skips: run `.ci/prepare-test-host.sh` (as root) to include it.
const describeWithProxy = why ? describe.skip : describe;
if (why)
  console.warn(
    `Skipping the proxy test: ${why}. Run .ci/prepare-test-host.sh (as root) to include it.`,
  );

/** A tinyproxy on loopback (with Basic auth when `auth` is given), and its log. */
async function startTinyproxy(auth?: {
  user: string;
  password: string;
}): Promise<{ process: ChildProcess; url: string; port: number; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'tinyproxy.conf'),
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Allow 127.0.0.1',
      'Timeout 30',
      `LogFile "${log}"`,
      'LogLevel Connect',
      'MaxClients 20',
      ...(auth ? [`BasicAuth ${auth.user} ${auth.password}`] : []),
    ].join('\n'),
  );
  const started = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !readFileSync(log, 'utf8').includes('listening'); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: started, url: `http://127.0.0.1:${port}`, port, log };
}

/** What tinyproxy logs for a CONNECT to the fake's host name. */
const CONNECT_LOGGED = new RegExp(
  `CONNECT.*${HOST.replace('.', '\\.')}|${HOST.replace('.', '\\.')}.*CONNECT|Established connection to host "${HOST.replace('.', '\\.')}"`,
  'i',
);

describeWithProxy('through a real proxy', () => {
  let proxy: ChildProcess;
  let proxyUrl: string;
  let log: string;
  let fake: FakeInfisical;
  let serverUrl: string;

  beforeAll(async () => {
    const started = await startTinyproxy();
    proxy = started.process;
    proxyUrl = started.url;
    log = started.log;
  });
  // The harness closes every fake after each test: each test starts its own.
  beforeEach(async () => {
    fake = await startFake({ host: '127.0.0.2' });
    serverUrl = fake.url.replace('127.0.0.2', HOST);
  });
  afterAll(() => {
    proxy.kill();
  });

  test('HTTP_PROXY carries the revoke', async () => {
    const id = fake.addToken();
    const before = fake.requests.length;
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'server-url': serverUrl },
      { env: { HTTP_PROXY: proxyUrl } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    // The revoke, then its read-back: both through the proxy to the same server.
    expect(fake.requests.slice(before).map((r) => [r.method, r.path])).toEqual([
      ['POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`],
      ['GET', `/api/v1/auth/token-auth/tokens/${id}`],
    ]);
    expect(readFileSync(log, 'utf8')).toMatch(
      new RegExp(
        `CONNECT.*${HOST.replace('.', '\\.')}|${HOST.replace('.', '\\.')}.*CONNECT|Established connection to host "${HOST.replace('.', '\\.')}"`,
        'i',
      ),
    );
    expectNoLeak(run);
  });

  test('a dead proxy fails the step: the proxy really is in the path', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const run = await revokeStep(
      fake,
      { 'token-id': fake.addToken(), 'server-url': serverUrl, retries: '0' },
      { env: { http_proxy: dead } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /could not connect through the proxy: connect ECONNREFUSED 127\.0\.0\.1:\d+\.$/m,
    );
  });

  (hasOpenssl ? test : test.skip)(
    'HTTPS_PROXY carries a revoke over https: CONNECT, then TLS to the server through the tunnel',
    async () => {
      const tls = selfSignedCertificateFor(HOST, '127.0.0.2');
      const secure = await startFake({ host: '127.0.0.2', tls: { key: tls.key, cert: tls.cert } });
      const url = secure.url.replace('127.0.0.2', HOST);
      expect(url).toMatch(/^https:\/\//);
      const id = secure.addToken();
      const logged = readFileSync(log, 'utf8').length;
      const run = await revokeStep(
        secure,
        { 'token-id': id, 'server-url': url },
        { env: { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: tls.certFile } },
      );
      expect(run.code).toBe(0);
      expect(secure.isRevoked(id)).toBe(true);
      expect(secure.requests.map((r) => [r.method, r.path])).toEqual([
        ['POST', `/api/v1/auth/token-auth/tokens/${id}/revoke`],
        ['GET', `/api/v1/auth/token-auth/tokens/${id}`],
      ]);
      // This run's CONNECT, in the proxy's own log.
      expect(readFileSync(log, 'utf8').slice(logged)).toMatch(CONNECT_LOGGED);
      expectNoLeak(run);
    },
  );

  test('NO_PROXY takes the server out of the proxy', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'server-url': serverUrl },
      { env: { HTTP_PROXY: dead, NO_PROXY: HOST } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
  });
});

describeWithProxy('a proxy with credentials', () => {
  // Percent-encoded in the URL (as a password with '@' or '/' must be); tinyproxy wants it decoded.
  const USER = 'runner';
  const PASSWORD = 'pr0xy-S3cret-w0rd';
  let proxy: Awaited<ReturnType<typeof startTinyproxy>>;
  beforeAll(async () => {
    proxy = await startTinyproxy({ user: USER, password: PASSWORD });
  });
  afterAll(() => {
    proxy.process.kill();
  });

  test('carries the revoke, and its password is masked before anything else and never printed', async () => {
    const fake = await startFake({ host: '127.0.0.2' });
    const id = fake.addToken();
    const withCredentials = `http://${USER}:${PASSWORD}@127.0.0.1:${proxy.port}`;
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'server-url': fake.url.replace('127.0.0.2', HOST) },
      { env: { http_proxy: withCredentials, https_proxy: withCredentials } },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(readFileSync(proxy.log, 'utf8')).toMatch(CONNECT_LOGGED);
    expectNoLeak(run, PASSWORD);
    expectNoLeak(run, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  });
});

describe('a proxy that misbehaves', () => {
  let proxy: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
    proxy = undefined;
  });

  /** A TCP server on loopback standing in for a proxy: `onData` gets what each connection sends. */
  async function fakeProxy(
    onData: (socket: Socket, text: string) => void,
  ): Promise<{ port: number; connections: () => number; received: string[] }> {
    const received: string[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk.toString('latin1'));
        onData(socket, chunk.toString('latin1'));
      });
    });
    proxy = server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    return { port, connections: () => sockets.length, received };
  }

  // The server is never reached: a name that is not loopback, so http-client uses the proxy.
  const SERVER_URL = 'https://infisical.invalid';

  test('one that accepts and never answers CONNECT: the step ends by itself within timeout × attempts + backoff, with one line', async () => {
    const silent = await fakeProxy(() => undefined);
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const run = await revokeStep(
      undefined,
      { 'token-id': id, 'server-url': SERVER_URL, 'timeout-seconds': '1', retries: '1' },
      { env: { https_proxy: `http://127.0.0.1:${silent.port}` } },
    );
    // Two attempts of 1 s, one backoff (at most 0.5 s), and node's start and exit.
    expect(run.ms).toBeLessThan(2 * 1_000 + 500 + 3_000);
    expect(run.code).toBe(1);
    expect(run.signal ?? null).toBeNull();
    expect(silent.connections()).toBe(2);
    expect(silent.received.every((text) => text.startsWith('CONNECT infisical.invalid:443 '))).toBe(
      true,
    );
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${id} after 2 attempts: no answer from Infisical at ${SERVER_URL}: the proxy 127.0.0.1:${silent.port} did not open a tunnel to the server within 1 s (timed out).`,
    ]);
    expect(run.outputs['not-attempted'] ?? run.outputs.failed).toBeDefined();
    expect(run.summary).not.toBe('');
  }, 15_000);

  test('one answering 407: one line naming the proxy by host:port, saying to check its credentials, and no credential anywhere', async () => {
    const PASSWORD = 'p%40ss-W0rd-7731';
    const DECODED = 'p@ss-W0rd-7731';
    const asking = await fakeProxy((socket) =>
      socket.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4e';
    const run = await revokeStep(
      undefined,
      { 'token-id': id, 'server-url': SERVER_URL, retries: '3' },
      { env: { HTTPS_PROXY: `http://deploy-bot:${PASSWORD}@127.0.0.1:${asking.port}` } },
    );
    expect(run.code).toBe(1);
    expect(commands(run, 'error')).toEqual([
      `Could not revoke token ${id}: no answer from Infisical at ${SERVER_URL}: the proxy 127.0.0.1:${asking.port} refused the tunnel with 407 Proxy Authentication Required: check the proxy's credentials (the user and password in the proxy URL of https_proxy or http_proxy).`,
    ]);
    // The same credentials get the same answer: asked once.
    expect(asking.connections()).toBe(1);
    const basic = Buffer.from(`deploy-bot:${DECODED}`).toString('base64');
    expect(asking.received.join('')).toContain(`Proxy-Authorization: Basic ${basic}`);
    // The runner reads add-mask data escaped as @actions/core writes it ('%' as %25).
    const maskLines = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const secret of [PASSWORD, DECODED, basic]) {
      expect(maskLines).toContain(`::add-mask::${secret.replace(/%/g, '%25')}`);
      expect(unmasked(run)).not.toContain(secret);
    }
    expect(unmasked(run)).not.toContain('deploy-bot:');
  });
});
