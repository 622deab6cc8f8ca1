// Builds what the runner executes: one ncc bundle per entry point (ncc takes one entry a call),
// dist/index.js for the step and dist/post/index.js for the job-end step. Source maps are written
// but not registered at run time: source-map-support costs ~30 ms of every start, and Node reads
// the maps itself under NODE_OPTIONS=--enable-source-maps when a stack trace is wanted.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const entries = [
  ['src/index.ts', 'dist'],
  ['src/post.ts', 'dist/post'],
];

rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      entry,
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
  // ncc writes map sources relative to dist/ whatever the output folder: point them at the real
  // files, so that stack traces and coverage of dist/post resolve to src/.
  const mapFile = join(out, 'index.js.map');
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const up = relative(out, '.');
  map.sources = map.sources.map((source) => source.replace(/^\.\.\/\.\//, `${up}/`));
  writeFileSync(mapFile, JSON.stringify(map));
}
