// What ships in dist/: the two entry points, source maps that point at src/, and no undici (see
// stubs/README.md). The behaviour of the bundle is tested end to end by the *.e2e suites.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('dist/', () => {
  test.each(['dist/index.js', 'dist/post/index.js'])('%s carries no undici', (path) => {
    const bundle = read(path);
    expect(bundle.length).toBeLessThan(400_000);
    expect(bundle).not.toContain('DispatcherBase'); // undici's own dispatcher class
    expect(bundle).toContain('undici is not bundled with infisical-revoke-token-action');
  });

  test.each([
    ['dist/index.js.map', '../src/main.ts'],
    ['dist/post/index.js.map', '../../src/main.ts'],
  ])('%s points at the sources', (path, source) => {
    expect(JSON.parse(read(path)).sources).toContain(source);
  });
});
