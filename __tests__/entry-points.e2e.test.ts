// The two entry points of dist/, end to end: run through a symlinked path (as a runner's work folder
// often is), each still runs; imported, each exports run and runs nothing by itself, and the run it
// exports does what the entry would.
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ENTRIES } from '../testbed/runner.js';
import { commands, expectNoLeak, revokeStep, startFake } from './support/harness.js';

describe('the entry points run when started through a symlinked path', () => {
  // The runner's work folder is often behind a symlink: node then resolves import.meta.url to the
  // real file while process.argv[1] keeps the link.
  const dist = dirname(ENTRIES.main);
  let folder: string | undefined;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  /** A temp folder with `link` pointing at dist/; returns the link. */
  function linkToDist(): string {
    folder = mkdtempSync(join(tmpdir(), 'dist-link-'));
    const link = join(folder, 'link');
    symlinkSync(dist, link, 'dir');
    return link;
  }

  test('<link>/index.js, revoke-at: now: revokes the token', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const run = await revokeStep(fake, { 'token-id': id }, { nodeArgs: [join(link, 'index.js')] });

    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests().map((r) => r.path)).toEqual([
      `/api/v1/auth/token-auth/tokens/${id}/revoke`,
    ]);
    expect(run.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
    expect(run.stdout).toContain(`Revoked token ${id}: Successfully revoked access token.`);
    expect(commands(run, 'error')).toEqual([]);
    expectNoLeak(run);
  });

  test('<link>/index.js with revoke-at: job-end saves state; <link>/post/index.js then revokes', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };

    const main = await revokeStep(fake, inputs, { nodeArgs: [join(link, 'index.js')] });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(`Token ${id} will be revoked when the job ends.`);
    expect(fake.requests).toEqual([]);

    const post = await revokeStep(fake, inputs, {
      state: main.state,
      nodeArgs: [join(link, 'post', 'index.js')],
    });
    expect(post.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(post.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
    expect(post.summary).toContain('at job end (post step)');
  });

  test.each([
    ['index.js', {}],
    ['post/index.js', { 'revoke-at-job-end': 'true' }],
  ])('importing <link>/%s through the link still runs nothing', async (file, state) => {
    const fake = await startFake();
    const id = fake.addToken();
    const link = linkToDist();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      {
        state,
        nodeArgs: [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(link, file))}); console.log(typeof m.run);`,
        ],
      },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function\n');
    expect(fake.requests).toEqual([]);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.outputs).toEqual({});
    expect(run.state).toEqual({});
  });
});

describe('the entry points export run, and importing one runs nothing', () => {
  const importing = (file: string, then: string) => [
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(file)}); ${then}`,
  ];

  test.each([
    ['dist/index.js', 'main' as const, {}],
    ['dist/post/index.js', 'post' as const, { 'revoke-at-job-end': 'true' }],
  ])('%s exports run (a function), and importing it sends no request', async (_, entry, state) => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end' },
      { state, nodeArgs: importing(ENTRIES[entry], 'console.log(typeof m.run);') },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('function\n');
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);
    expect(run.state).toEqual({});
  });

  test("the main entry's run() with revoke-at: job-end saves state and revokes nothing; the post entry's run() then revokes", async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };
    const main = await revokeStep(fake, inputs, {
      nodeArgs: importing(ENTRIES.main, 'await m.run();'),
    });
    expect(main.code).toBe(0);
    expect(main.state).toEqual({ 'revoke-at-job-end': 'true' });
    expect(main.stdout).toContain(`Token ${id} will be revoked when the job ends.`);
    expect(fake.requests).toHaveLength(0);
    expect(fake.isRevoked(id)).toBe(false);

    const post = await revokeStep(fake, inputs, {
      state: main.state,
      nodeArgs: importing(ENTRIES.post, 'await m.run();'),
    });
    expect(post.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
  });
});

describe('started through a path node accepts but that is not the file itself', () => {
  // `node <dist>` runs its index.js, `node <dist>/index` adds the .js: each used to exit 0 having
  // done nothing (a silent green), since argv[1] was compared as a string.
  const dist = dirname(ENTRIES.main);
  test.each([
    ['the folder, <dist>', () => dist],
    ['the name without .js, <dist>/index', () => join(dist, 'index')],
  ])('%s: revokes the token, once', async (_, script) => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(fake, { 'token-id': id }, { nodeArgs: [script()] });
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(run.outputs).toMatchObject({ 'revoked-count': '1' });
  });

  test('<dist>/post, with the saved state: runs the post phase', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id, 'revoke-at': 'job-end' },
      { state: { 'revoke-at-job-end': 'true' }, nodeArgs: [join(dist, 'post')] },
    );
    expect(run.code).toBe(0);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(run.summary).toContain('at job end (post step)');
  });
});

describe('under GITHUB_ACTIONS=true, the entry the runner starts always runs, once', () => {
  const UNDER_ACTIONS = { GITHUB_ACTIONS: 'true' };
  /**
   * Starts `entry` with process.argv[1] replaced, before the entry loads, by `argv1`: a path the
   * entry cannot compare with its own file, as a path spelt in a way this machine's file system does
   * not resolve (a Windows path here), or one on a file system without file ids.
   */
  const startedAs = (entry: keyof typeof ENTRIES, argv1: string) => [
    `--import=data:text/javascript,${encodeURIComponent(`process.argv[1] = ${JSON.stringify(argv1)};`)}`,
    ENTRIES[entry],
  ];
  const MAIN_AS = 'C:\\actions-runner\\_work\\_actions\\owner\\repo\\v3\\dist\\index.js';
  const POST_AS = 'C:\\actions-runner\\_work\\_actions\\owner\\repo\\v3\\dist\\post\\index.js';

  test('dist/index.js started as a path it cannot compare: runs main, one revoke', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { env: UNDER_ACTIONS, nodeArgs: startedAs('main', MAIN_AS) },
    );
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(run.stdout.match(/^Revoked token /gm)).toHaveLength(1);
    expect(run.outputs).toMatchObject({ revoked: JSON.stringify([id]), 'revoked-count': '1' });
  });

  test('the same start outside GitHub Actions runs nothing: the name alone is trusted only there', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { 'token-id': id },
      { nodeArgs: startedAs('main', MAIN_AS) },
    );
    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  test('dist/post/index.js started as a path it cannot compare: runs post, never main', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    const inputs = { 'token-id': id, 'revoke-at': 'job-end' };
    // Without the saved state the post phase does nothing; the main phase would save the state.
    const bare = await revokeStep(fake, inputs, {
      env: UNDER_ACTIONS,
      nodeArgs: startedAs('post', POST_AS),
    });
    expect(bare.code).toBe(0);
    expect(bare.state).toEqual({});
    expect(bare.stdout).not.toContain('will be revoked when the job ends');
    expect(fake.requests).toEqual([]);

    const post = await revokeStep(fake, inputs, {
      env: UNDER_ACTIONS,
      state: { 'revoke-at-job-end': 'true' },
      nodeArgs: startedAs('post', POST_AS),
    });
    expect(post.code).toBe(0);
    expect(fake.revokeRequests()).toHaveLength(1);
    expect(post.summary).toContain('at job end (post step)');
  });

  test('dist/index.js started as the post path runs nothing, and dist/post/index.js as the main path neither', async () => {
    const fake = await startFake();
    const id = fake.addToken();
    for (const [entry, as] of [
      ['main', POST_AS],
      ['post', MAIN_AS],
    ] as const) {
      const run = await revokeStep(
        fake,
        { 'token-id': id },
        {
          env: UNDER_ACTIONS,
          state: { 'revoke-at-job-end': 'true' },
          nodeArgs: startedAs(entry, as),
        },
      );
      expect(run.code).toBe(0);
      expect(run.outputs).toEqual({});
    }
    expect(fake.requests).toEqual([]);
  });

  test.each([
    ['dist/index.js', 'main' as const, {}],
    ['dist/post/index.js', 'post' as const, { 'revoke-at-job-end': 'true' }],
  ])(
    '%s imported (node -e) runs nothing by itself; its run() runs once',
    async (_, entry, state) => {
      const fake = await startFake();
      const id = fake.addToken();
      const importing = (then: string) => [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(ENTRIES[entry])}); ${then}`,
      ];
      const imported = await revokeStep(
        fake,
        { 'token-id': id },
        { env: UNDER_ACTIONS, state, nodeArgs: importing('console.log(typeof m.run);') },
      );
      expect(imported.stdout).toBe('function\n');
      expect(fake.requests).toEqual([]);

      const driven = await revokeStep(
        fake,
        { 'token-id': id, 'revoke-at': 'now' },
        { env: UNDER_ACTIONS, state, nodeArgs: importing('await m.run();') },
      );
      expect(driven.code).toBe(0);
      expect(fake.revokeRequests()).toHaveLength(1);
      expect(driven.stdout.match(/^Revoked token /gm)).toHaveLength(1);
    },
  );
});
