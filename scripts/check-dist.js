// `npm run check:dist`, after `npm run bundle`: the committed dist/ must equal that fresh bundle of
// src/, since the runner runs dist/ as committed. Any change git sees under dist/ (modified,
// deleted or new files) fails, with the list.
import { execFileSync } from 'node:child_process';

const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' });
if (changed !== '') {
  process.stdout.write(changed);
  const message = 'dist/ differs from a fresh "npm run bundle": rebuild and commit it.';
  console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error::${message}` : message);
  process.exit(1);
}
console.log('dist/ equals a fresh bundle of src/.');
