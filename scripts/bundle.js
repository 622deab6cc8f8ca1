// Builds what the runner executes: one ncc bundle, dist/index.js, which runs the main step when
// node starts it and exports `runPost`; and dist/post/index.js, a few lines written here that
// import that bundle and run the post (job-end) step. The phase is the file the runner starts,
// never a saved flag. Source maps are written but not registered at run time: source-map-support
// costs ~30 ms of every start, and Node reads the map itself under
// NODE_OPTIONS=--enable-source-maps when a stack trace is wanted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = 'dist';

// The post step's entry, the same lines as src/post.ts: tools that import it get `run` and nothing
// runs; the runner starts it, and it runs the post phase of the bundle.
const post = `// The post step (action.yml runs.post), written by scripts/bundle.js: the code is the one bundle,
// ../index.js; this file only says which phase the runner started. It exports \`run\` for tools
// that drive the step, and runs it only when node runs this file itself (see src/entry.ts).
// Said before the bundle loads (so the import is dynamic): the bundle then never runs main (entry.ts).
Reflect.set(globalThis, Symbol.for('infisical-revoke-token-action.post-entry-loading'), true);
const { isStartedScript, runPost } = await import('../index.js');

export const run = runPost;

const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };
if (isStartedScript(import.meta.url, 'post', started)) await run();
`;

// ncc's own script, run by this node: `npx` is a .cmd on Windows, which node refuses to spawn
// without a shell (and a shell would re-parse the arguments).
const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');

rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    ncc,
    'build',
    'src/index.ts',
    '-o',
    out,
    '--source-map',
    '--no-source-map-register',
    '--license',
    'licenses.txt',
    '--quiet',
  ],
  { stdio: 'inherit' },
);
// ncc writes map sources relative to dist/ as `.././src/…`: make them plain paths from the map to
// the real files, so that stack traces and coverage (of dist/post too) resolve to src/.
const mapFile = join(out, 'index.js.map');
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
const up = relative(out, '.');
map.sources = map.sources.map((source) => source.replace(/^\.\.\/\.\//, `${up}/`));
writeFileSync(mapFile, JSON.stringify(map));

// dist/package.json ({"type":"module"}, written by ncc) is the nearest package.json of dist/post
// too, so its index.js is ESM.
mkdirSync(join(out, 'post'));
writeFileSync(join(out, 'post', 'index.js'), post);

// What the post file takes from the bundle must be there: importing runs nothing.
const url = (file) => pathToFileURL(resolve(out, file)).href;
const bundle = await import(url('index.js'));
const postEntry = await import(url('post/index.js'));
for (const [file, exports, names] of [
  ['index.js', bundle, ['run', 'runPost', 'isStartedScript']],
  ['post/index.js', postEntry, ['run']],
]) {
  for (const name of names) {
    if (typeof exports[name] !== 'function') {
      throw new Error(`${out}/${file} does not export the function ${name}`);
    }
  }
}
