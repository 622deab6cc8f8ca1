// The rules every job of this repository's workflows follows, so that a reviewer can read each
// job's reach from the job itself: its own `permissions:` (the workflow's are `{}`), and a
// `timeout-minutes:` (GitHub's default is six hours of a runner holding whatever it was given).
// A job that calls a reusable workflow cannot take `timeout-minutes`: the called jobs have theirs.

export interface JobKeys {
  id: string;
  /** The job's own keys (`runs-on`, `permissions`, `uses`, …). */
  keys: ReadonlySet<string>;
}

/** What is wrong with one job: empty when nothing is. */
export function jobProblems({ id, keys }: JobKeys): string[] {
  const problems: string[] = [];
  if (!keys.has('permissions')) {
    problems.push(`job ${id} has no permissions: of its own (give it only what it needs)`);
  }
  if (!keys.has('uses') && !keys.has('timeout-minutes')) {
    problems.push(`job ${id} has no timeout-minutes`);
  }
  return problems;
}

/** What is wrong with the workflow's own keys: its default permissions must be none. */
export function workflowProblems(permissions: string | undefined): string[] {
  return permissions === '{}'
    ? []
    : ['the workflow must set permissions: {} (each job asks for its own)'];
}
