// The main step's entry. It exports `run` so that tools such as @github/local-action can drive it,
// and runs it only when node runs this file itself (as the runner does with dist/index.js).
import { isStartedScript } from './entry.js';
import { run as runPhase } from './main.js';

export const run = (): Promise<void> => runPhase('main');

if (isStartedScript(import.meta.url)) await run();
