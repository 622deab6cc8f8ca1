// The post step: runs when the job ends (even after a failed or cancelled step) and revokes what
// the main step left for it with revoke-at: job-end.
import { run } from './main.js';

await run('post');
