// The post step (action.yml runs.post), written by scripts/bundle.js: the code is the one bundle,
// ../index.js; this file only says which phase the runner started. It exports `run` for tools
// that drive the step, and runs it only when node runs this file itself (see src/entry.ts).
// Said before the bundle loads (so the import is dynamic): the bundle then never runs main (entry.ts).
Reflect.set(globalThis, Symbol.for('infisical-revoke-token-action.post-entry-loading'), true);
const { isStartedScript, runPost } = await import('../index.js');

export const run = runPost;

const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };
if (isStartedScript(import.meta.url, 'post', started)) await run();
