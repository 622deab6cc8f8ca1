// isStartedScript: an entry runs when node was started with it, however the path names it; under
// GitHub Actions also when the path names it by action.yml's path but cannot be compared. The main
// entry's name and the post entry's can never both match, so neither can run the other's phase.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStartedScript, POST_ENTRY_LOADING, type Entry } from '../../src/entry.js';

let root: string;
let main: string;
let post: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'entry-'));
  mkdirSync(join(root, 'action', 'dist', 'post'), { recursive: true });
  main = join(root, 'action', 'dist', 'index.js');
  post = join(root, 'action', 'dist', 'post', 'index.js');
  writeFileSync(main, '');
  writeFileSync(post, '');
  symlinkSync(join(root, 'action'), join(root, 'link'), 'dir');
  linkSync(main, join(root, 'hard-link.js'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const started = (script: string | undefined, underActions = false) => ({ script, underActions });
const is = (file: string, entry: Entry, script: string | undefined, underActions = false) =>
  isStartedScript(pathToFileURL(file).href, entry, started(script, underActions));

describe('the same file, however argv[1] names it', () => {
  test.each([
    ['the path itself', () => main],
    ['through a symlinked folder', () => join(root, 'link', 'dist', 'index.js')],
    ['a hard link', () => join(root, 'hard-link.js')],
    ['without .js (node adds it)', () => join(root, 'action', 'dist', 'index')],
    ['the folder (node runs its index.js)', () => join(root, 'action', 'dist')],
    ['with .. in it', () => join(root, 'action', 'dist', 'post', '..', 'index.js')],
  ])('%s', (_, script) => {
    expect(is(main, 'main', script())).toBe(true);
    expect(is(post, 'post', script())).toBe(false);
  });

  test('the post entry started: only post', () => {
    expect(is(post, 'post', post)).toBe(true);
    expect(is(main, 'main', post)).toBe(false);
    expect(is(post, 'post', join(root, 'link', 'dist', 'post'))).toBe(true);
  });

  test('no started script (node -e, a REPL), or another one: not started', () => {
    expect(is(main, 'main', undefined)).toBe(false);
    expect(is(main, 'main', join(root, 'other.js'))).toBe(false);
    expect(is(main, 'main', join(root, 'nowhere', 'x.js'))).toBe(false);
  });
});

describe('under GitHub Actions, a started script that cannot be compared', () => {
  // Paths the comparison cannot follow (here: files that are not there; on a runner, a file
  // system without file ids, a path spelt in a way node accepts and this does not).
  const cases: Array<[string, Entry]> = [
    ['/gone/_actions/o/r/v3/dist/index.js', 'main'],
    ['C:\\a\\_actions\\o\\r\\v3\\DIST\\Index.js', 'main'],
    ['/gone/action/dist/index', 'main'],
    ['/gone/action/dist/', 'main'],
    ['/gone/_actions/o/r/v3/dist/post/index.js', 'post'],
    ['\\\\?\\D:\\a\\_actions\\o\\r\\v3\\dist\\post\\index.js', 'post'],
    ['/gone/action/dist/post', 'post'],
  ];

  test.each(cases)('%s runs %s, and only that', (script, entry) => {
    const other: Entry = entry === 'main' ? 'post' : 'main';
    expect(is(entry === 'main' ? main : post, entry, script, true)).toBe(true);
    expect(is(other === 'main' ? main : post, other, script, true)).toBe(false);
    // Outside GitHub Actions nothing is guessed.
    expect(is(entry === 'main' ? main : post, entry, script, false)).toBe(false);
  });

  test.each([
    ['no started script (node -e "import(…)")', undefined],
    [
      "a tool's own script (local-action's bin)",
      '/x/node_modules/@github/local-action/bin/local-action.js',
    ],
    ['a file named index.js elsewhere', '/gone/action/lib/index.js'],
    ['a folder merely ending in dist', '/gone/mydist/index.js'],
    ['dist itself at the root', '/dist/x/index.js'],
  ])('%s: runs nothing', (_, script) => {
    expect(is(main, 'main', script, true)).toBe(false);
    expect(is(post, 'post', script, true)).toBe(false);
  });

  test('without an entry name (the old call), only the file comparison counts', () => {
    expect(
      isStartedScript(pathToFileURL(main).href, undefined, started('/gone/dist/index.js', true)),
    ).toBe(false);
  });
});

describe('while the post entry is loading the bundle', () => {
  test('main never runs, however argv[1] names it; post still does', () => {
    const key = Symbol.for(POST_ENTRY_LOADING);
    Reflect.set(globalThis, key, true);
    try {
      expect(is(main, 'main', main)).toBe(false);
      expect(is(main, 'main', '/gone/action/dist/index.js', true)).toBe(false);
      expect(is(post, 'post', post)).toBe(true);
    } finally {
      Reflect.deleteProperty(globalThis, key);
    }
    expect(is(main, 'main', main)).toBe(true);
  });
});
