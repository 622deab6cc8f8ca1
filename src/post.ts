// The post step's entry: runs when the job ends (even after a failed or cancelled step) and
// revokes what the main step left for it with revoke-at: job-end. The shipped one,
// dist/post/index.js, is these same lines written by scripts/bundle.js over the one bundle. It
// exports `run` so that tools such as @github/local-action can drive it (`--post src/post.ts`),
// and runs it only when node runs this file itself (or, under GitHub Actions, a started script
// that names dist/post/index.js: see entry.ts).
// Said before the bundle loads (so the import is dynamic): the bundle then never runs main (entry.ts).
Reflect.set(globalThis, Symbol.for('infisical-revoke-token-action.post-entry-loading'), true);
const { isStartedScript, runPost } = await import('./index.js');

export const run = runPost;

const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };
if (isStartedScript(import.meta.url, 'post', started)) await run();
