// `npm test`: the whole suite under c8 (coverage of src/, including the built dist/ that the
// end-to-end tests run in their own processes), then one plain closing line,
// `Tests: N passed, N failed, N skipped`, after everything else, for CI to read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const results = 'coverage/jest-results.json';
mkdirSync('coverage', { recursive: true });
rmSync(results, { force: true });
// c8 and jest by their own scripts, run by this node: `npx` (and node_modules/.bin/jest) are .cmd
// files on Windows, which node refuses to spawn without a shell, and a shell would re-parse the
// arguments.
const require = createRequire(import.meta.url);
const c8 = require.resolve('c8/bin/c8.js');
const jest = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [c8, process.execPath, jest, '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
      NODE_NO_WARNINGS: '1',
    },
  },
);
if (existsSync(results)) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(
    readFileSync(results, 'utf8'),
  );
  console.log(
    `\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
  );
}
process.exit(run.status ?? 1);
