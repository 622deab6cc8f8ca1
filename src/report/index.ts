// What the step reports, built from one run: its verdict (counts, closing failure, annotations),
// its outputs, the job summary, and the sentences about the run as a whole.
export {
  judge,
  countsOf,
  tally,
  MAX_ERROR_ANNOTATIONS,
  type Counts,
  type Status,
  type Verdict,
} from './verdict.js';
export { outputsOf } from './outputs.js';
export { summaryMarkdown } from './summary.js';
export type { Run, RunContext } from './run.js';
export { actingOf, describeActing, type Acting } from './acting.js';
export * from './wording.js';
export {
  loginRefusedMarkdown,
  refusedMarkdown,
  refusedOutputs,
  refusedRun,
  type RefusedContext,
} from './refused.js';
