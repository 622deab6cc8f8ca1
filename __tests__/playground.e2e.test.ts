// The playground of scripts/serve-fake.ts, as a contributor uses it: started as its own process, its
// lines fed to the built action as a workflow would feed them. older-than: 7d chooses exactly the
// old tokens, self revokes its JWT access token, a login token's id is "not found", and the
// create-token route makes a token that can then be revoked by id.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStep } from '../testbed/runner.js';

// node itself with tsx's loader, so that the process killed at the end is the server itself
// (through npx, the server would outlive the test).
const SCRIPT = ['--import', 'tsx', 'scripts/serve-fake.ts'];
let server: ChildProcess | undefined;
let env: Record<string, string> = {};

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'playground-')), 'fake.env');
  server = spawn(process.execPath, [...SCRIPT, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let legend = '';
  server.stderr?.on('data', (chunk: Buffer) => (legend += chunk));
  for (let waited = 0; waited < 20_000 && !legend.includes('What the lines mean'); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(existsSync(file)).toBe(true);
  env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  // Every line it wrote is in the legend.
  for (const key of Object.keys(env)) expect(legend).toContain(key);
}, 30_000);

afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
});

const step = (inputs: Record<string, string>) =>
  runStep({
    inputs: {
      'server-url': env.FAKE_INFISICAL_URL as string,
      'access-token': env.FAKE_ACCESS_TOKEN as string,
      ...inputs,
    },
  });

describe('the playground (scripts/serve-fake.ts)', () => {
  test('--help says how to use it and exits 0', () => {
    const help = spawnSync(process.execPath, [...SCRIPT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npx tsx scripts\/serve-fake.ts/);
    expect(help.stdout).toContain('--current');
  });

  test('older-than: 7d chooses exactly the old tokens (a dry run)', async () => {
    const run = await step({
      'tokens-of-identity': env.FAKE_IDENTITY_ID as string,
      'older-than': '7d',
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    const selected = (JSON.parse(run.outputs.selected ?? '[]') as { id: string }[]).map(
      (t) => t.id,
    );
    expect(selected.sort()).toEqual((env.FAKE_OLD_TOKEN_IDS as string).split(',').sort());
  });

  test('self revokes the JWT access token it printed', async () => {
    const run = await step({ 'token-id': 'self', 'access-token': env.FAKE_SELF_TOKEN as string });
    expect(run.code).toBe(0);
    expect(run.outputs['revoked-count']).toBe('1');
  });

  test('a login token named by id is not found (it may be live)', async () => {
    const run = await step({
      'token-id': env.FAKE_OIDC_LOGIN_TOKEN_ID as string,
      'ignore-not-found': 'true',
    });
    expect(run.code).toBe(0);
    expect(run.outputs['not-found-count']).toBe('1');
  });

  test('the create-token route makes a Token Auth token that the action then revokes', async () => {
    const created = await fetch(
      `${env.FAKE_INFISICAL_URL}/api/v1/auth/token-auth/identities/${env.FAKE_IDENTITY_ID}/tokens`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${env.FAKE_ACCESS_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'ci' }),
      },
    );
    expect(created.status).toBe(200);
    const body = (await created.json()) as { tokenData: { id: string; name: string } };
    expect(body.tokenData.name).toBe('ci');
    const run = await step({ 'token-id': body.tokenData.id });
    expect(run.code).toBe(0);
    expect(run.outputs.revoked).toBe(JSON.stringify([body.tokenData.id]));
  });
});
