// Runs the built action as a GitHub runner does: its own node process, inputs as INPUT_<NAME>
// variables (dashes kept), every input the step leaves out set to its action.yml default, and
// GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY as files.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// $STEP_DIST runs a bundle built elsewhere (the same layout as dist/), like $STEP_NODE for node.
const dist = process.env.STEP_DIST ? resolve(process.env.STEP_DIST) : join(root, 'dist');
export const ENTRIES = {
  main: join(dist, 'index.js'),
  post: join(dist, 'post/index.js'),
};

/**
 * The default of every input action.yml declares ('' when it has none). The runner sets each input
 * the step leaves out to its default, so a test that leaves one out gets what a workflow gets, and
 * one that gives it '' gets what an expression that came out empty gives.
 */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = (() => {
  const doc = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  return Object.fromEntries(
    Object.entries(doc.inputs ?? {}).map(([name, input]) => [
      name,
      input?.default === undefined || input.default === null ? '' : String(input.default),
    ]),
  );
})();

export interface StepRun {
  entry?: keyof typeof ENTRIES;
  /** The step's `with:`, as the runner evaluated it; inputs left out get their action.yml default. */
  inputs: Record<string, string>;
  /** State saved by an earlier step of the same action (the runner passes it as STATE_<name>). */
  state?: Record<string, string>;
  env?: Record<string, string>;
  /** The node binary to run the step with (default: $STEP_NODE, else this process's). */
  node?: string;
  /**
   * Node's arguments instead of the entry file (e.g. `['-e', "import('…/dist/index.js')…"]`): the
   * same environment, inputs and runner files, another program.
   */
  nodeArgs?: string[];
  /**
   * Cancels the step as the runner does: `signal` once its stdout first satisfies `when`, then
   * (optionally) `then.signal` `then.afterMs` later, and SIGKILL at `killAfterMs` after the first
   * signal (default: the runner's deadline, 10 s after the first signal, or 2.5 s after the second).
   */
  interrupt?: Interrupt;
  /**
   * 'missing': GITHUB_OUTPUT names a file in a folder that does not exist, so the step cannot
   * write its outputs (`outputs` is then empty).
   */
  outputFile?: 'missing';
}

export interface Interrupt {
  signal: NodeJS.Signals;
  when: (stdout: string) => boolean;
  then?: { signal: NodeJS.Signals; afterMs: number };
  killAfterMs?: number;
}

/** What the runner sent the step, and when (performance.now() of this process). */
export interface SentSignal {
  signal: NodeJS.Signals;
  at: number;
  /** The step's stdout at that moment. */
  stdout: string;
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
  // Optional so that results built by hand (other suites) stay valid; runStep always sets them.
  /** The signal that ended the process, when it did not exit by itself. */
  signal?: NodeJS.Signals | null;
  /** The signals the runner sent (with `interrupt`), in order. */
  sent?: SentSignal[];
  /** The runner's deadline passed and it killed the step. */
  killed?: boolean;
}

export async function runStep({
  entry = 'main',
  inputs,
  state = {},
  env = {},
  node = process.env.STEP_NODE || process.execPath,
  nodeArgs,
  interrupt,
  outputFile,
}: StepRun): Promise<StepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  if (outputFile === 'missing') files.GITHUB_OUTPUT = join(dir, 'no-such-folder', 'output');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    // Under `npm run coverage`, c8 collects the step's own coverage through this variable.
    ...(process.env.NODE_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.NODE_V8_COVERAGE } : {}),
    ...files,
    ...Object.fromEntries(
      Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [
        `INPUT_${k.toUpperCase()}`,
        v,
      ]),
    ),
    ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
    ...env,
  };
  const started = performance.now();
  const child = spawn(node, nodeArgs ?? [ENTRIES[entry]], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const sent: SentSignal[] = [];
  const timers: NodeJS.Timeout[] = [];
  let exited = false;
  let killed = false;
  const send = (signal: NodeJS.Signals): void => {
    if (exited) return;
    child.kill(signal);
    sent.push({ signal, at: performance.now(), stdout });
  };
  const startInterrupt = (plan: Interrupt): void => {
    send(plan.signal);
    if (plan.then) {
      const { signal, afterMs } = plan.then;
      timers.push(setTimeout(() => send(signal), afterMs));
    }
    const deadline = plan.killAfterMs ?? (plan.then ? plan.then.afterMs + 2_500 : 10_000);
    timers.push(
      setTimeout(() => {
        if (exited) return;
        killed = true;
        send('SIGKILL');
      }, deadline),
    );
  };
  let armed = interrupt;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (armed && armed.when(stdout)) {
      const plan = armed;
      armed = undefined;
      startInterrupt(plan);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', () => (exited = true));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (c, s) => done([c, s])),
  );
  exited = true;
  for (const timer of timers) clearTimeout(timer);
  const ms = performance.now() - started;
  const read = (name: keyof typeof files) =>
    existsSync(files[name]) ? readFileSync(files[name], 'utf8') : '';
  const result = {
    code,
    signal,
    sent,
    killed,
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

/**
 * Reads `name<<DELIMITER\nvalue\nDELIMITER` blocks, as the runner does. Lines end with `\n` or
 * `\r\n`, as the runner reads them: @actions/core ends them with os.EOL, `\r\n` on Windows. A value's
 * lines are joined with `\n`. A block without its closing delimiter is an error, as on the runner.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`Matching delimiter not found '${delimiter}' (for ${name})`);
    values[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return values;
}
