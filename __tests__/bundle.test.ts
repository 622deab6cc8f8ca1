// What ships in dist/: one ncc bundle (dist/index.js) with a source map that points at src/, no
// undici (see stubs/README.md), and the post step's entry, dist/post/index.js, a few lines that
// import the bundle. Which phase runs is the file node starts: importing the bundle runs nothing,
// and the post entry started without the main step's saved state does nothing. The behaviour of
// the bundle is tested end to end by the *.e2e suites.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POST_ENTRY_LOADING } from '../src/entry.js';
import { ENTRIES } from '../testbed/runner.js';
import { revokeStep, startFake } from './support/harness.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Every file under dist/, as paths from the repository root. */
const distFiles = readdirSync(fileURLToPath(new URL('../dist', import.meta.url)), {
  recursive: true,
  withFileTypes: true,
})
  .filter((entry) => entry.isFile())
  .map((entry) => `${entry.parentPath.slice(entry.parentPath.indexOf('dist'))}/${entry.name}`)
  .sort();

describe('dist/', () => {
  test('holds one bundle, its map and licenses, and the post entry', () => {
    expect(distFiles).toEqual([
      'dist/index.js',
      'dist/index.js.map',
      'dist/licenses.txt',
      'dist/package.json',
      'dist/post/index.js',
    ]);
    // dist/package.json is also the nearest package.json of dist/post: its index.js is ESM too.
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' });
  });

  test('dist/index.js carries no undici', () => {
    const bundle = read('dist/index.js');
    // Our own code is about 440 KB unminified (the organization sweep and client secrets added
    // 45 KB); undici alone would add over 1 MB.
    expect(bundle.length).toBeLessThan(500_000);
    expect(bundle).not.toContain('DispatcherBase'); // undici's own dispatcher class
    expect(bundle).toContain('undici is not bundled with infisical-revoke-token-action');
  });

  test('dist/index.js.map points at the sources', () => {
    const { sources } = JSON.parse(read('dist/index.js.map')) as { sources: string[] };
    expect(sources).toContain('../src/main.ts');
    expect(sources).toContain('../src/index.ts');
  });

  test('dist/post/index.js is a few lines that import ../index.js (after saying the post entry is loading, so dynamically), not a second bundle', () => {
    const post = read('dist/post/index.js');
    expect(post.split('\n').length).toBeLessThanOrEqual(13);
    expect(post.length).toBeLessThan(1_200);
    const code = post.split('\n').filter((line) => line !== '' && !line.startsWith('//'));
    expect(code).toEqual([
      `Reflect.set(globalThis, Symbol.for('${POST_ENTRY_LOADING}'), true);`,
      "const { isStartedScript, runPost } = await import('../index.js');",
      'export const run = runPost;',
      "const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };",
      "if (isStartedScript(import.meta.url, 'post', started)) await run();",
    ]);
    expect(post).not.toContain('sourceMappingURL');
  });

  test("src/post.ts (for tools that run --post src/post.ts) is the same code, over src/index.ts's runPost", async () => {
    const code = (text: string) => text.split('\n').filter((line) => !line.startsWith('//'));
    expect(code(read('src/post.ts'))).toEqual(
      code(read('dist/post/index.js').replace("'../index.js'", "'./index.js'")),
    );
    const index = await import('../src/index.js');
    const post = await import('../src/post.js');
    expect(post.run).toBe(index.runPost);
    expect(read('src/post.ts')).toContain(`Symbol.for('${POST_ENTRY_LOADING}')`);
  });
});

describe('the phase is the file node starts', () => {
  test('importing dist/index.js from another script runs nothing and gives its exports', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    // Inputs that would revoke the token had the main phase run.
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      {
        nodeArgs: [
          '--input-type=module',
          '-e',
          `import(${JSON.stringify(ENTRIES.main)}).then((m) => console.log(typeof m.run, typeof m.runPost, typeof m.isStartedScript));`,
        ],
      },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function function function\n');
    expect(run.stderr).toBe('');
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.outputs).toEqual({});
    expect(run.state).toEqual({});
    expect(run.summary).toBe('');
  });

  test('dist/post/index.js started without the state the main step saves does nothing and exits 0', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    // The main step died before saving its job-end state: the post step must not run the main phase.
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end' },
      { entry: 'post' },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::error::');
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.outputs).toEqual({});
    expect(run.state).toEqual({});
    expect(run.summary).toBe('');
  });

  test('under GITHUB_ACTIONS=true, importing dist/index.js from another script still runs nothing', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      {
        env: { GITHUB_ACTIONS: 'true' },
        nodeArgs: [
          '--input-type=module',
          '-e',
          `import(${JSON.stringify(ENTRIES.main)}).then((m) => console.log(typeof m.run));`,
        ],
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function\n');
    expect(fake.requests).toEqual([]);
    expect(run.outputs).toEqual({});
    expect(run.summary).toBe('');
  });

  test('under GITHUB_ACTIONS=true, dist/post/index.js without the saved state still does nothing: never the main phase', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    // revoke-at: now, which the main phase would revoke at once.
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { entry: 'post', env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([]);
    expect(run.outputs).toEqual({});
    expect(run.summary).toBe('');
  });

  test('under GITHUB_ACTIONS=true, dist/index.js started by the runner runs main, once', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id }, { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.code).toBe(0);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(run.stdout.match(/^Revoked token /gm)).toHaveLength(1);
  });

  test('dist/post/index.js started with the saved state revokes, in the post phase', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end' },
      { entry: 'post', state: { 'revoke-at-job-end': 'true' } },
    );

    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(run.summary).toContain('at job end (post step)');
  });
});
