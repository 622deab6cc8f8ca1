// Shared by the end-to-end suites: a fake Infisical per test whose every JSON answer is checked
// against the published contract (revoke) or our schemas (testbed/schemas.ts, the other routes),
// a fake GitHub ID-token service, the step run as a runner runs it, and the leak check.
import { afterEach, expect } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { FakeGitHubOidc, type GitHubOidcOptions } from '../../testbed/fake-github-oidc.js';
import {
  FakeInfisical,
  type Exchange,
  type Fault,
  type FakeOptions,
  type RouteFamily,
  type SentAnswer,
} from '../../testbed/fake-infisical.js';
import { schemaFor } from '../../testbed/schemas.js';
import { runStep, type StepResult, type StepRun } from '../../testbed/runner.js';

const contract = JSON.parse(
  readFileSync(new URL('../../contract/revoke-token.openapi.json', import.meta.url), 'utf8'),
);
const responses = contract.paths['/api/v1/auth/token-auth/tokens/{tokenId}/revoke'].post.responses;
const ajv = new Ajv({ strict: false });
const compiled = new Map<string, ValidateFunction>();
const compile = (key: string, schema: object): ValidateFunction => {
  const known = compiled.get(key);
  if (known) return known;
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
};

/** The contract's schema for a status of the revoke route, compiled; undefined when it has none. */
export function contractSchema(status: number) {
  const schema = responses[String(status)]?.content?.['application/json']?.schema;
  return schema ? compile(`contract ${status}`, schema) : undefined;
}

/**
 * The schema an answer of a route must fit: the published contract for the revoke route (statuses
 * it does not list are not checked, as before), ours (testbed/schemas.ts) for every other route.
 */
export function routeSchema(route: RouteFamily, status: number): ValidateFunction | undefined {
  if (route === 'revoke') return contractSchema(status);
  const schema = schemaFor(route, status);
  return schema ? compile(`${route} ${status}`, schema) : undefined;
}

/** Throws when a recorded answer does not fit its route's schema, or has none to fit. */
export function checkAnswers(answers: SentAnswer[]): void {
  for (const { path, route, status, body } of answers) {
    const validate = routeSchema(route, status);
    if (!validate) {
      if (route === 'revoke') continue;
      throw new Error(`the fake answered ${route} ${path} with ${status}, which has no schema`);
    }
    if (!validate(body)) {
      throw new Error(
        `the fake answered ${route} ${path} ${status} off-contract: ${JSON.stringify(validate.errors)}`,
      );
    }
  }
}

const running: Array<{ close: () => Promise<void> }> = [];
const fakes: FakeInfisical[] = [];

afterEach(async () => {
  const checked = fakes.splice(0);
  await Promise.all(running.splice(0).map((server) => server.close()));
  for (const fake of checked) checkAnswers(fake.answers);
});

/** A base64url JWT-shaped access token with these claims (unsigned: only its shape matters here). */
export function makeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** The claims of an access token (a JWT), unchecked. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** A well-formed token id that no fake holds unless a test adds it. */
export const TOKEN_ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';

export const SELF_TOKEN_ID = '0b7c53f8-1f0a-4c7e-9a55-3c2d1e0f9a8b';
export const ACCESS_TOKEN = makeJwt({
  identityId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  identityAccessTokenId: SELF_TOKEN_ID,
  authTokenType: 'identityAccessToken',
  iat: 1_790_000_000,
});

export async function startFake(options: FakeOptions = {}): Promise<FakeInfisical> {
  const fake = await new FakeInfisical(options).start();
  fake.addAccessToken(ACCESS_TOKEN);
  running.push(fake);
  fakes.push(fake);
  return fake;
}

/** A fake GitHub ID-token service, closed after the test. */
export async function startGitHubOidc(options: GitHubOidcOptions = {}): Promise<FakeGitHubOidc> {
  const oidc = await new FakeGitHubOidc(options).start();
  running.push(oidc);
  return oidc;
}

export async function revokeStep(
  fake: { url: string } | undefined,
  inputs: Record<string, string>,
  run: Omit<StepRun, 'inputs'> = {},
): Promise<StepResult> {
  return runStep({
    ...run,
    inputs: {
      'access-token': ACCESS_TOKEN,
      ...(fake ? { 'server-url': fake.url } : {}),
      ...inputs,
    },
  });
}

/**
 * The secret appears nowhere but in its own add-mask line, and that line comes before anything
 * else the step printed.
 */
export function expectNoLeak(result: StepResult, secret: string = ACCESS_TOKEN): void {
  if (secret.includes('\n')) {
    for (const line of secret.split('\n')) expectNoLeak(result, line);
    return;
  }
  const maskLine = `::add-mask::${secret}`;
  const firstLines = result.stdout.split('\n');
  const maskAt = firstLines.indexOf(maskLine);
  expect(maskAt).toBeGreaterThanOrEqual(0);
  expect(firstLines.slice(0, maskAt).every((line) => line.startsWith('::add-mask::'))).toBe(true);
  expect(unmasked(result)).not.toContain(secret);
}

/** Every line of everything the step wrote, but its add-mask lines. */
export const unmasked = (result: StepResult): string =>
  result.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

/** The workflow commands of one kind (`error`, `warning`, …) the step printed. */
export function commands(result: StepResult, kind: string): string[] {
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) => line.replace(/^::[^:]*::/, ''));
}

/** A loopback port with nothing listening on it (for refused connections). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The next `requests` revoke-by-id requests: the one for each id in `faults` is answered by its
 * fault (once), every other one normally. For batches whose order is not fixed.
 */
export function answerById(
  fake: FakeInfisical,
  faults: Record<string, Fault>,
  requests: number,
): void {
  const pending = new Map(Object.entries(faults));
  const fault: Fault = (exchange: Exchange) => {
    const own = pending.get(exchange.tokenId.toLowerCase());
    if (!own) return exchange.answerNormally();
    pending.delete(exchange.tokenId.toLowerCase());
    return own(exchange);
  };
  fake.inject(...Array.from({ length: requests }, () => fault));
}
