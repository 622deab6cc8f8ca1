// The post step's entry: runs when the job ends (even after a failed or cancelled step) and
// revokes what the main step left for it with revoke-at: job-end. It exports `run` so that tools
// such as @github/local-action can drive it, and runs it only when node runs this file itself.
import { pathToFileURL } from 'node:url';
import { run as runPhase } from './main.js';

export const run = (): Promise<void> => runPhase('post');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
