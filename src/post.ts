// The post step's entry: runs when the job ends (even after a failed or cancelled step) and
// revokes what the main step left for it with revoke-at: job-end. The shipped one,
// dist/post/index.js, is these same lines written by scripts/bundle.js over the one bundle. It
// exports `run` so that tools such as @github/local-action can drive it (`--post src/post.ts`),
// and runs it only when node runs this file itself.
import { isStartedScript, runPost } from './index.js';

export const run = runPost;

if (isStartedScript(import.meta.url)) await run();
