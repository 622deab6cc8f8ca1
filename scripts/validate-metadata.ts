// Validates action.yml and every workflow with GitHub's own parser (@actions/workflow-parser, the
// one behind the Actions language service), so a typo in metadata fails CI, not a user's run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAction } from '@actions/workflow-parser/actions/index';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

const trace = new NoOperationTraceWriter();
const workflows = readdirSync('.github/workflows')
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join('.github/workflows', name));

let failures = 0;
for (const [path, parse] of [
  ['action.yml', parseAction] as const,
  ...workflows.map((path) => [path, parseWorkflow] as const),
]) {
  const result = parse({ name: path, content: readFileSync(path, 'utf8') }, trace);
  const errors = result.context.errors.getErrors();
  for (const error of errors) console.error(`${path}: ${error.message}`);
  failures += errors.length;
  if (errors.length === 0) console.log(`${path}: valid`);
}
process.exit(failures === 0 ? 0 : 1);
