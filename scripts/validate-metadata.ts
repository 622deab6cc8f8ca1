// Validates action.yml and every workflow with GitHub's own parser (@actions/workflow-parser, the
// one behind the Actions language service), so a typo in metadata fails CI, not a user's run; and
// fails any workflow whose `uses:` of another repository's action is not pinned by a full commit
// SHA with its version in a comment (scripts/workflows/pins.ts), or whose jobs lack their own
// permissions and timeout (scripts/workflows/jobs.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAction } from '@actions/workflow-parser/actions/index';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  isMapping,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { WorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { StringToken } from '@actions/workflow-parser/templates/tokens/string-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { jobProblems, workflowProblems, type JobKeys } from './workflows/jobs.js';
import { pinProblem } from './workflows/pins.js';

const trace = new NoOperationTraceWriter();
const folder = '.github/workflows';
const workflows = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => join(folder, name));
if (workflows.length === 0) {
  console.error(`${folder}: no workflow found`);
  process.exit(1);
}

let failures = 0;
const fail = (path: string, message: string) => {
  console.error(`${path}: ${message}`);
  failures++;
};

const action = parseAction(
  { name: 'action.yml', content: readFileSync('action.yml', 'utf8') },
  trace,
);
for (const error of action.context.errors.getErrors()) fail('action.yml', error.message);
if (action.context.errors.getErrors().length === 0) console.log('action.yml: valid');

for (const path of workflows) {
  const content = readFileSync(path, 'utf8');
  const parsed = parseWorkflow({ name: path, content }, trace);
  const errors = parsed.context.errors.getErrors();
  for (const error of errors) fail(path, error.message);
  if (errors.length > 0 || !parsed.value) continue;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const error of template.errors ?? []) fail(path, error.Message);
  const lines = content.split(/\r?\n/);
  let problems = 0;
  const root = parsed.value as MappingToken;
  const shape = [
    ...workflowProblems(textOf(root.find('permissions'))),
    ...jobsOf(root).flatMap(jobProblems),
  ];
  for (const problem of shape) fail(path, problem);
  problems += shape.length;
  for (const uses of usesOf(template.jobs)) {
    const line = uses.range ? (lines[uses.range.start.line - 1] ?? '') : '';
    const problem = pinProblem(uses.value, line);
    if (problem === undefined) continue;
    fail(`${path}${uses.range ? `:${uses.range.start.line}` : ''}`, problem);
    problems++;
  }
  if ((template.errors ?? []).length === 0 && problems === 0) {
    console.log(
      `${path}: valid: every action pinned, every job with its own permissions and timeout`,
    );
  }
}
process.exit(failures === 0 ? 0 : 1);

/** Each job's id and its own keys, as written. */
function jobsOf(root: MappingToken): JobKeys[] {
  const jobs = root.find('jobs');
  if (!jobs || !isMapping(jobs)) return [];
  return Array.from({ length: jobs.count }, (_, i) => {
    const { key, value } = jobs.get(i);
    const keys = isMapping(value)
      ? Array.from({ length: value.count }, (_, k) => String(value.get(k).key))
      : [];
    return { id: String(key), keys: new Set(keys) };
  });
}

/** A mapping written `{}` reads as '{}'; a scalar as its text. */
function textOf(token: TemplateToken | undefined): string | undefined {
  if (!token) return undefined;
  if (isMapping(token)) return token.count === 0 ? '{}' : 'a mapping';
  return String(token);
}

/** Every `uses:` of the workflow: its steps' actions and its jobs' reusable workflows. */
function usesOf(jobs: WorkflowJob[]): StringToken[] {
  return jobs.flatMap((job) =>
    job.type === 'reusableWorkflowJob'
      ? [job.ref]
      : job.steps.flatMap((step) => ('uses' in step ? [step.uses] : [])),
  );
}
