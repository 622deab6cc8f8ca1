// The revoke (and its read-back) goes through HTTP_PROXY / HTTPS_PROXY as @actions/http-client defines them, shown
// with a real proxy (Debian's tinyproxy). The fake server's name, fake-infisical.test, resolves to
// 127.0.0.2 (.ci/prepare-test-host.sh adds it to /etc/hosts): not a name http-client treats as
// loopback, yet no traffic leaves the machine.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeInfisical } from '../testbed/fake-infisical.js';
import { expectNoLeak, freePort, revokeStep, startFake } from './support/harness.js';

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

describeWithProxy('through a real proxy', () => {
  let proxy: ChildProcess;
  let proxyUrl: string;
  let log: string;
  let fake: FakeInfisical;
  let serverUrl: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-'));
    const port = await freePort();
    log = join(dir, 'tinyproxy.log');
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
      ].join('\n'),
    );
    proxy = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
    proxyUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50 && !readFileSync(log, 'utf8').includes('listening'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
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
