// Whether an entry file is the script node was started with. The runner starts dist/index.js (the
// main step) or dist/post/index.js (the post step, which imports dist/index.js) itself; tools such
// as @github/local-action import an entry and call its `run` instead, so importing one must run
// nothing.
//
// The started script is process.argv[1], compared with the module as the same file on disk (device
// and inode, so that a symlinked work folder, a hard link, another spelling of the path — case or
// 8.3 names on Windows — all compare), after resolving it as node resolves its main script (a
// folder's index.js, a name without `.js`).
//
// A file system may give no usable identity, or argv[1] may name the file in a way this cannot
// follow: the entry would then exit 0 having done nothing, a silent green. So under GitHub Actions
// (GITHUB_ACTIONS=true, read by the entry files and passed here) an entry also runs when argv[1]
// names it by the path action.yml gives it: `dist/index.js` for main, `dist/post/index.js` for post
// (with or without `.js`, or the folder). The two names can never both match one argv[1], and a
// tool that imports an entry is its own script (its bin), which names neither.
//
// The post entry imports the bundle, which decides whether to run main before the post entry's
// own code runs; an argv[1] that cannot be compared and names dist/index.js would then run main in
// the post step. So the post entry says it is loading (POST_ENTRY_LOADING, on globalThis, before
// it imports the bundle), and main never runs while it does: each process runs one phase, once.
import { statSync, realpathSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Entry = 'main' | 'post';

export interface Started {
  /** process.argv[1]. */
  script: string | undefined;
  /** process.env.GITHUB_ACTIONS === 'true'. */
  underActions: boolean;
}

/** action.yml's `runs.main` and `runs.post`, as path segments. */
const ENTRY_PATHS: Record<Entry, string[]> = {
  main: ['dist', 'index'],
  post: ['dist', 'post', 'index'],
};

/** Set to true on globalThis (as Symbol.for of this key) by the post entry before it loads the bundle. */
export const POST_ENTRY_LOADING = 'infisical-revoke-token-action.post-entry-loading';

export function isStartedScript(
  moduleUrl: string,
  entry?: Entry,
  started: Started = { script: process.argv[1], underActions: false },
): boolean {
  const { script } = started;
  if (!script) return false;
  if (entry === 'main' && Reflect.get(globalThis, Symbol.for(POST_ENTRY_LOADING)) === true) {
    return false;
  }
  if (sameFile(script, fileURLToPath(moduleUrl))) return true;
  return started.underActions && entry !== undefined && namesEntry(script, entry);
}

/** Whether `script`, resolved as node resolves its main script, is the file `module`. */
function sameFile(script: string, module: string): boolean {
  const file = mainScriptOf(script);
  if (file === undefined) return false;
  const [a, b] = [stat(file), stat(module)];
  // Some file systems (FAT, some network shares) give every file inode 0: then only the real paths
  // can tell, and only when they are spelt alike.
  if (a && b && a.ino !== 0n && b.ino !== 0n) return a.dev === b.dev && a.ino === b.ino;
  try {
    return realpathSync(file) === realpathSync(module);
  } catch {
    return false;
  }
}

function mainScriptOf(script: string): string | undefined {
  const found = stat(script);
  if (found?.isFile()) return script;
  if (found?.isDirectory())
    return stat(join(script, 'index.js'))?.isFile() ? join(script, 'index.js') : undefined;
  return stat(`${script}.js`)?.isFile() ? `${script}.js` : undefined;
}

function stat(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

/** Whether `script` ends with the entry's path from action.yml (either separator, any case). */
function namesEntry(script: string, entry: Entry): boolean {
  const segments = script
    .toLowerCase()
    .split(/[\\/]+/)
    .filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === 'index.js') segments[segments.length - 1] = 'index';
  else if (last !== 'index') segments.push('index');
  const wanted = ENTRY_PATHS[entry];
  // The folder before `dist` is the action's own, any name; `dist` itself must be a whole segment.
  return (
    segments.length > wanted.length &&
    wanted.every((segment, i) => segments[segments.length - wanted.length + i] === segment)
  );
}
