// The action's one bundle, dist/index.js. The runner starts it for the main step; for the post
// step it starts dist/post/index.js, a few generated lines that import this bundle and call
// `runPost`. So the phase is the file the runner started, never a saved flag: a main step that
// died before saving its state cannot make the post step run the main phase (and the post phase
// does nothing unless the main step saved its job-end state, see main.ts).
// It exports `run` so that tools such as @github/local-action can drive it, and runs it only when
// node runs this file itself: importing it (as dist/post/index.js does) runs nothing. Under GitHub
// Actions it also runs when the started script's path, which cannot be compared, names
// dist/index.js (entry.ts says why that can never be the post step, nor run twice).
import { isStartedScript } from './entry.js';
import { run as runPhase } from './main.js';

export { isStartedScript };

export const run = (): Promise<void> => runPhase('main');

export const runPost = (): Promise<void> => runPhase('post');

const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };
if (isStartedScript(import.meta.url, 'main', started)) await run();
