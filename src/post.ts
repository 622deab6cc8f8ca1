// The post step's entry: runs when the job ends (even after a failed or cancelled step) and
// revokes what the main step left for it with revoke-at: job-end. It exports `run` so that tools
// such as @github/local-action can drive it, and runs it only when node runs this file itself.
import { isStartedScript } from './entry.js';
import { run as runPhase } from './main.js';

export const run = (): Promise<void> => runPhase('post');

if (isStartedScript(import.meta.url)) await run();
