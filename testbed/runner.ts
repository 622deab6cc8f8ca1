// Runs the built action as a GitHub runner does: its own node process, inputs as INPUT_<NAME>
// variables (dashes kept), and GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY as files.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
export const ENTRIES = {
  main: join(root, 'dist/index.js'),
  post: join(root, 'dist/post/index.js'),
};

export interface StepRun {
  entry?: keyof typeof ENTRIES;
  inputs: Record<string, string>;
  /** State saved by an earlier step of the same action (the runner passes it as STATE_<name>). */
  state?: Record<string, string>;
  env?: Record<string, string>;
  /** The node binary to run the step with (default: $STEP_NODE, else this process's). */
  node?: string;
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Everything the step wrote anywhere, for leak checks. */
  everything: string;
  ms: number;
}

export async function runStep({
  entry = 'main',
  inputs,
  state = {},
  env = {},
  node = process.env.STEP_NODE || process.execPath,
}: StepRun): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    // Under `npm run coverage`, c8 collects the step's own coverage through this variable.
    ...(process.env.NODE_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.NODE_V8_COVERAGE } : {}),
    ...files,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
    ...env,
  };
  const started = performance.now();
  const child = spawn(node, [ENTRIES[entry]], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const ms = performance.now() - started;
  const read = (name: keyof typeof files) => readFileSync(files[name], 'utf8');
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(read('GITHUB_OUTPUT')),
    state: parseFileCommands(read('GITHUB_STATE')),
    summary: read('GITHUB_STEP_SUMMARY'),
    everything: '',
    ms,
  };
  result.everything = [
    stdout,
    stderr,
    read('GITHUB_OUTPUT'),
    read('GITHUB_STATE'),
    result.summary,
  ].join('\n');
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Reads `name<<DELIMITER\nvalue\nDELIMITER` blocks, as the runner does. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const end = lines.indexOf(delimiter, i + 1);
    values[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return values;
}
