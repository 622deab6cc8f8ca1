// Whether a module is the script node was started with. The runner starts dist/index.js (or
// dist/post/index.js, which imports dist/index.js) itself; tools such as @github/local-action
// import the entry and call its `run` instead. Real paths on both sides: node resolves symlinks
// for import.meta.url but not for process.argv[1], and a runner's work folder is often behind a
// symlink.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isStartedScript(moduleUrl: string): boolean {
  const started = process.argv[1];
  if (!started) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
