// `npm run bench`: the action's speed and memory, measured on this machine against the fake
// Infisical on loopback, the built dist/ run as its own process as a runner runs it.
// BENCH_NODE=/path/to/node runs the step (and the bare-node baseline) with another node, e.g. the
// node24 the runner uses: BENCH_NODE=$(npx -y node@24 -p process.execPath) npm run bench
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startFakeInfisical,
  type FakeInfisical,
  type FakeOptions,
} from '../testbed/fake-infisical.js';
import { runStep } from '../testbed/runner.js';

const node = process.env.BENCH_NODE || process.execPath;
const COLD_RUNS = 15;
const rssHook = resolve('scripts/bench/record-max-rss.mjs');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeCommand(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    // The same environment as the step gets (runStep passes PATH and the runner's variables only):
    // a variable such as NODE_EXTRA_CA_CERTS alone adds tens of milliseconds to every node start.
    const child = spawn(command, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    child.on('error', fail);
    child.on('close', () => done(performance.now() - started));
  });
}

async function startFake(options: FakeOptions = {}) {
  const fake = await startFakeInfisical(options);
  return { fake, accessToken: fake.addAccessToken(`bench-token-${Date.now()}`) };
}

const BATCH_RUNS = 3;

/** The run with the median wall time of BATCH_RUNS, so that one noisy run does not decide a row. */
async function batch(count: number, options: FakeOptions, concurrency: number) {
  const runs = [];
  for (let i = 0; i < BATCH_RUNS; i++) runs.push(await batchOnce(count, options, concurrency));
  return runs.sort((a, b) => a.ms - b.ms)[Math.floor(BATCH_RUNS / 2)] as (typeof runs)[number];
}

/** One step run over `count` fresh tokens: wall time, peak memory, and how the server fared. */
async function batchOnce(count: number, options: FakeOptions, concurrency: number) {
  const { fake, accessToken } = await startFake(options);
  const ids = Array.from({ length: count }, () => fake.addToken());
  const rssFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'rss');
  const run = await runStep({
    node,
    inputs: {
      'token-id': ids.join('\n'),
      'access-token': accessToken,
      'server-url': fake.url,
      concurrency: String(concurrency),
    },
    env: { NODE_OPTIONS: `--import=${rssHook}`, BENCH_RSS_FILE: rssFile },
  });
  await fake.close();
  if (run.code !== 0 || run.outputs['revoked-count'] !== String(count)) {
    throw new Error(
      `the batch of ${count} did not revoke every token:\n${run.stdout.slice(-2000)}`,
    );
  }
  const requests = fake.revokeRequests().length;
  return {
    ms: run.ms,
    rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024,
    requests,
    rateLimitedShare: fake.rateLimited / requests,
  };
}

const rows: Array<[string, string, string, string]> = [];
/** Bare node's start on this machine (row 1's median): the process start an ideal includes. */
let bareStartMs!: number;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// 1. One revoke, cold start, beside bare node and a curl POST.
{
  const { fake, accessToken } = await startFake();
  const bare: number[] = [];
  const curl: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    bare.push(await timeCommand(node, ['-e', '0']));
    const url = `${fake.url}/api/v1/auth/token-auth/tokens/${fake.addToken()}/revoke`;
    curl.push(
      await timeCommand('curl', [
        '-sS',
        '-o',
        '/dev/null',
        '-X',
        'POST',
        '-H',
        `Authorization: Bearer ${accessToken}`,
        url,
      ]).catch(() => Number.NaN),
    );
    const run = await runStep({
      node,
      inputs: { 'token-id': fake.addToken(), 'access-token': accessToken, 'server-url': fake.url },
    });
    if (run.code !== 0) throw new Error(`the single revoke failed:\n${run.stdout}${run.stderr}`);
    action.push(run.ms);
  }
  await fake.close();
  bareStartMs = median(bare);
  const ratio = median(action) / median(bare);
  rows.push([
    '1. one revoke, cold start',
    `${median(action).toFixed(0)} ms (bare node ${median(bare).toFixed(0)} ms, curl ${median(curl).toFixed(0)} ms; medians of ${COLD_RUNS})`,
    `${ratio.toFixed(2)}× bare node`,
    `≤ 2.5×: ${verdict(ratio <= 2.5)}`,
  ]);
}

/**
 * The same 1,000 revokes from a bare keep-alive client inside this process: what the fake server
 * itself allows (its timers fire a little late), so the action's own overhead can be told apart.
 */
async function bareClient(count: number, latencyMs: number, concurrency: number): Promise<number> {
  const { fake, accessToken } = await startFake({ latencyMs });
  const ids = Array.from({ length: count }, () => fake.addToken());
  const agent = new Agent({ keepAlive: true });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const url = `${fake.url}/api/v1/auth/token-auth/tokens/${ids[next++]}/revoke`;
      await new Promise<void>((done, fail) => {
        const req = request(
          url,
          { method: 'POST', agent, headers: { authorization: `Bearer ${accessToken}` } },
          (res) => {
            res.resume();
            res.on('end', done);
          },
        );
        req.on('error', fail);
        req.end();
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  agent.destroy();
  await fake.close();
  return ms;
}

// 2. 1,000 ids, 20 ms per answer, concurrency 8.
{
  const r = await batch(1000, { latencyMs: 20 }, 8);
  const bare = await bareClient(1000, 20, 8);
  const ideal = (1000 * 20) / 8;
  rows.push([
    '2. 1,000 ids, 20 ms answers, concurrency 8, every revoke read back',
    `${fmt(r.ms)} (ideal ${fmt(ideal)}; a bare keep-alive client in-process: ${fmt(bare)}); peak ${r.rssMiB.toFixed(1)} MiB`,
    `${(r.ms / ideal).toFixed(3)}× ideal`,
    `≤ 1.15×: ${verdict(r.ms / ideal <= 1.15)}`,
  ]);
}

// 3. 300 ids against a fixed window of 50 a second.
{
  const r = await batch(300, { rateLimit: { limit: 50, windowMs: 1000 } }, 8);
  // The window starts with the first request: 50 go in each of the first five windows, and the
  // last 50 at the start of the sixth, so no pacing can finish before 5 s (plus a round trip).
  const floor = (Math.ceil(300 / 50) - 1) * 1000;
  rows.push([
    '3. 300 ids, limit 50/s on the revoke route (fixed window), every revoke read back',
    `${fmt(r.ms)} (floor ${fmt(floor)}); ${r.requests} requests, ${(r.rateLimitedShare * 100).toFixed(1)}% answered 429`,
    `${(r.ms / floor).toFixed(3)}× floor`,
    `≤ 1.1× and no 429: ${verdict(r.ms / floor <= 1.1 && r.rateLimitedShare === 0)}`,
  ]);
}

// 4. 3,000 ids: peak memory (default concurrency).
{
  const r = await batch(3000, {}, 4);
  rows.push([
    '4. 3,000 ids, concurrency 4',
    `${fmt(r.ms)}; peak ${r.rssMiB.toFixed(1)} MiB`,
    `${r.rssMiB.toFixed(1)} MiB`,
    `≤ 80 MiB: ${verdict(r.rssMiB <= 80)}`,
  ]);
}

/** Sends one request on a keep-alive agent and reads the whole answer; its wall time in ms. */
function timedRequest(
  agent: Agent,
  url: string,
  method: string,
  accessToken: string,
): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request(
      url,
      { method, agent, headers: { authorization: `Bearer ${accessToken}` } },
      (res) => {
        res.resume();
        res.on('end', () => done(performance.now() - started));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/** An identity with `count` live tokens, created an hour apart (oldest first). */
function addIdentityTokens(fake: FakeInfisical, count: number): string {
  const identityId = fake.addIdentity({ name: 'rotation' });
  for (let i = 0; i < count; i++) {
    fake.addToken(randomUUID(), {
      identityId,
      name: `rotation-${i}`,
      createdAt: new Date(Date.now() - (count - i) * 3_600_000),
      ttl: 0,
    });
  }
  return identityId;
}

/**
 * What one list page and one revoke cost against this fake from a bare keep-alive client in this
 * process, sequentially: the answer delay plus the fake's own round trip (a page of 100 rows is
 * some 70 KB of JSON to build and read). Medians of 15 each.
 */
async function selectionRoundTrips(count: number, latencyMs: number) {
  const { fake, accessToken } = await startFake({ latencyMs });
  const identityId = addIdentityTokens(fake, count);
  const agent = new Agent({ keepAlive: true });
  const page = `${fake.url}/api/v1/auth/token-auth/identities/${identityId}/tokens?offset=0&limit=100`;
  const pages: number[] = [];
  const revokes: number[] = [];
  // One warm-up of each, as the step's own connection is warm after its first request.
  await timedRequest(agent, page, 'GET', accessToken);
  await timedRequest(
    agent,
    `${fake.url}/api/v1/auth/token-auth/tokens/${fake.addToken()}/revoke`,
    'POST',
    accessToken,
  );
  for (let i = 0; i < 15; i++) {
    pages.push(await timedRequest(agent, page, 'GET', accessToken));
    const revoke = `${fake.url}/api/v1/auth/token-auth/tokens/${fake.addToken()}/revoke`;
    revokes.push(await timedRequest(agent, revoke, 'POST', accessToken));
  }
  agent.destroy();
  await fake.close();
  return { pageMs: median(pages), revokeMs: median(revokes) };
}

/** One step run choosing every token of an identity of `count` (older-than: 0s) and revoking them. */
async function selectionOnce(count: number, latencyMs: number, concurrency: number) {
  const { fake, accessToken } = await startFake({ latencyMs });
  const identityId = addIdentityTokens(fake, count);
  const rssFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'rss');
  const run = await runStep({
    node,
    inputs: {
      'tokens-of-identity': identityId,
      'older-than': '0s',
      'access-token': accessToken,
      'server-url': fake.url,
      concurrency: String(concurrency),
    },
    env: { NODE_OPTIONS: `--import=${rssHook}`, BENCH_RSS_FILE: rssFile },
  });
  await fake.close();
  const pages = fake.requestsTo('list-tokens').length;
  if (run.code !== 0 || run.outputs['revoked-count'] !== String(count) || pages !== 2) {
    throw new Error(
      `the selection of ${count} did not list 2 pages and revoke every token (${pages} pages):\n${run.stdout.slice(-2000)}`,
    );
  }
  return { ms: run.ms, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, pages };
}

// 5. Rotation: list 200 tokens of one identity (2 pages, one after the other, before any revoke),
//    choose them all, revoke them at the default concurrency; 20 ms per answer.
{
  const count = 200;
  const latencyMs = 20;
  const concurrency = 4; // the default
  const runs = [];
  for (let i = 0; i < BATCH_RUNS; i++)
    runs.push(await selectionOnce(count, latencyMs, concurrency));
  const r = runs.sort((a, b) => a.ms - b.ms)[Math.floor(BATCH_RUNS / 2)] as (typeof runs)[number];
  const trip = await selectionRoundTrips(count, latencyMs);
  const waves = Math.ceil(count / concurrency);
  const ideal = r.pages * trip.pageMs + waves * trip.revokeMs;
  rows.push([
    '5. 200 tokens of one identity chosen and revoked, 20 ms answers, concurrency 4',
    `${fmt(r.ms)} (ideal ${fmt(ideal)}: ${r.pages} pages × ${trip.pageMs.toFixed(1)} ms + ${waves} waves of revokes × ${trip.revokeMs.toFixed(1)} ms, each a bare keep-alive client's round trip); peak ${r.rssMiB.toFixed(1)} MiB`,
    `${(r.ms / ideal).toFixed(3)}× ideal`,
    `≤ 1.2×: ${verdict(r.ms / ideal <= 1.2)}`,
  ]);
}

/**
 * An organization of `identities` identities with `tokens` old tokens each, named so that they
 * come first in the memberships' order (by name), and the acting identity last; on a current
 * server, so the organization is the access token's own claim (no read for it).
 */
async function sweepFake(identities: number, tokens: number, latencyMs: number) {
  const fake = await startFakeInfisical({ latencyMs, generation: 'current' });
  for (let n = 0; n < identities; n++) {
    const identityId = fake.addIdentity({ name: `a-sweep-${String(n).padStart(2, '0')}` });
    for (let i = 0; i < tokens; i++) {
      fake.addToken(randomUUID(), {
        identityId,
        createdAt: new Date(Date.now() - 40 * 86_400_000),
        ttl: 0,
      });
    }
  }
  const admin = fake.addIdentity({ name: 'z-admin' });
  const { token } = fake.issueAccessToken({ identityId: admin });
  return { fake, accessToken: token };
}

async function sweepOnce(
  identities: number,
  tokens: number,
  latencyMs: number,
  concurrency: number,
) {
  const { fake, accessToken } = await sweepFake(identities, tokens, latencyMs);
  const run = await runStep({
    node,
    inputs: {
      'tokens-of-identity': 'all',
      'older-than': '30d',
      'access-token': accessToken,
      'server-url': fake.url,
      concurrency: String(concurrency),
    },
  });
  await fake.close();
  const total = identities * tokens;
  if (run.code !== 0 || run.outputs['revoked-count'] !== String(total)) {
    throw new Error(`the sweep did not revoke all ${total} tokens:\n${run.stdout.slice(-2000)}`);
  }
  return { ms: run.ms };
}

/**
 * What the sweep's calls cost a bare keep-alive client in this process against the same fake,
 * sequentially (medians of 15): the memberships page, one identity's list of `tokens` rows, one
 * revoke. The 20 ms delay plus the fake's own round trip, as row 5 measures its ideal.
 */
async function sweepRoundTrips(identities: number, tokens: number, latencyMs: number) {
  const { fake, accessToken } = await sweepFake(identities, tokens, latencyMs);
  const agent = new Agent({ keepAlive: true });
  const members = `${fake.url}/api/v2/organizations/${fake.orgId}/identity-memberships?offset=0&limit=100`;
  const listed = fake.addIdentity({ name: 'a-timed' });
  for (let i = 0; i < tokens; i++) fake.addToken(randomUUID(), { identityId: listed, ttl: 0 });
  const list = `${fake.url}/api/v1/auth/token-auth/identities/${listed}/tokens?offset=0&limit=100`;
  const revoke = () => `${fake.url}/api/v1/auth/token-auth/tokens/${fake.addToken()}/revoke`;
  const times = { members: [] as number[], list: [] as number[], revoke: [] as number[] };
  // One warm-up of each: the step's own connection is warm after its first request.
  await timedRequest(agent, members, 'GET', accessToken);
  await timedRequest(agent, list, 'GET', accessToken);
  await timedRequest(agent, revoke(), 'POST', accessToken);
  for (let i = 0; i < 15; i++) {
    times.members.push(await timedRequest(agent, members, 'GET', accessToken));
    times.list.push(await timedRequest(agent, list, 'GET', accessToken));
    times.revoke.push(await timedRequest(agent, revoke(), 'POST', accessToken));
  }
  agent.destroy();
  await fake.close();
  return {
    membersMs: median(times.members),
    listMs: median(times.list),
    revokeMs: median(times.revoke),
  };
}

// 6. The organization sweep: 20 identities × 30 old tokens, 20 ms a call, concurrency 8. Ideal:
//    the first revoke waits only for the first two reads (the memberships, the first identity's
//    list), after the process start (bare node's); then the revokes at full concurrency, each
//    call costing what it costs a bare keep-alive client against the same fake (as in row 5).
{
  const [identities, tokens, latencyMs, concurrency] = [20, 30, 20, 8];
  const runs = [];
  for (let i = 0; i < BATCH_RUNS; i++) {
    runs.push(await sweepOnce(identities, tokens, latencyMs, concurrency));
  }
  const r = runs.sort((a, b) => a.ms - b.ms)[Math.floor(BATCH_RUNS / 2)] as (typeof runs)[number];
  const trip = await sweepRoundTrips(identities, tokens, latencyMs);
  const waves = Math.ceil((identities * tokens) / concurrency);
  const ideal = bareStartMs + trip.membersMs + trip.listMs + waves * trip.revokeMs;
  const nominal = bareStartMs + 2 * latencyMs + waves * latencyMs;
  rows.push([
    '6. organization sweep: 20 identities × 30 old tokens, 20 ms a call, concurrency 8, every revoke read back',
    `${fmt(r.ms)} (ideal ${fmt(ideal)}: node start ${bareStartMs.toFixed(0)} ms + memberships ${trip.membersMs.toFixed(1)} ms + a list ${trip.listMs.toFixed(1)} ms + ${waves} waves of revokes × ${trip.revokeMs.toFixed(1)} ms, each a bare keep-alive client's round trip; with exactly 20 ms a call: ${fmt(nominal)}, ${(r.ms / nominal).toFixed(3)}×)`,
    `${(r.ms / ideal).toFixed(3)}× ideal`,
    `≤ 1.2×: ${verdict(r.ms / ideal <= 1.2)}`,
  ]);
}

const nodeVersion = await new Promise<string>((done) => {
  let out = '';
  const child = spawn(node, ['--version']);
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.on('close', () => done(out.trim()));
});
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${nodeVersion}\n`,
);
console.log(`Rows 2–6: the median of ${BATCH_RUNS} runs.\n`);
console.log('| scenario | measured | figure | target |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
if (rows.some((row) => row[3].includes('MISSED'))) process.exitCode = 1;
