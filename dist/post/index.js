// The post step (action.yml runs.post), written by scripts/bundle.js: the code is the one bundle,
// ../index.js; this file only says which phase the runner started. It exports `run` for tools
// that drive the step, and runs it only when node runs this file itself.
import { isStartedScript, runPost } from '../index.js';

export const run = runPost;

if (isStartedScript(import.meta.url)) await run();
