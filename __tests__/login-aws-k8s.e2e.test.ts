// method: aws-iam and method: kubernetes, end to end: the built dist/ run as a runner runs it,
// against the fake Infisical, which checks what it is sent as the real services would. The AWS
// login's SigV4 signature is recomputed by an independent implementation (testbed/infisical/aws-sts.ts)
// with the test credentials, its host and region checked, and its caller mapped to an allowed
// principal ARN; the instance-role path goes through a fake IMDSv2 (testbed/fake-imds.ts). The
// Kubernetes login's service-account JWT is checked against its issuer's key, and its namespace
// and name against the identity's bindings. Every login is revoked and read back at the end.
import { afterEach, describe, expect, test } from '@jest/globals';
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeImds } from '../testbed/fake-imds.js';
import type { AwsCaller, FakeInfisical, RouteFamily } from '../testbed/fake-infisical.js';
import { signRs256 } from '../testbed/infisical/jwt.js';
import type { StepResult } from '../testbed/runner.js';
import { claimsOf, commands, revokeStep, startFake, unmasked } from './support/harness.js';

const ACCOUNT = '123456789012';
const ROLE = 'gh-runner';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;

function awsCaller(): AwsCaller {
  return {
    accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(60).toString('base64'),
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/i-0abc1234def567890`,
    account: ACCOUNT,
  };
}

/** The runner's environment as aws-actions/configure-aws-credentials leaves it. */
function awsEnv(caller: AwsCaller, region = 'eu-west-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: caller.accessKeyId,
    AWS_SECRET_ACCESS_KEY: caller.secretAccessKey,
    AWS_SESSION_TOKEN: caller.sessionToken ?? '',
    AWS_REGION: region,
    // A test machine may itself be on EC2: never ask a real metadata service.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const imdsServers: FakeImds[] = [];
afterEach(async () => {
  await Promise.all(imdsServers.splice(0).map((s) => s.close()));
});

async function awsSetup(callers: AwsCaller[], allowed = ROLE_ARN) {
  const fake = await startFake();
  const identityId = fake.addIdentity({ name: 'aws-revoker' });
  fake.configureAwsAuth(identityId, {
    callers,
    allowedPrincipalArns: allowed,
    allowedAccountIds: ACCOUNT,
  });
  return {
    fake,
    identityId,
    inputs: { 'access-token': '', method: 'aws-iam', 'identity-id': identityId },
  };
}

/** The login token the fake issued on a route, revoked by POST /auth/token/revoke and read back 401. */
function expectLoginRevoked(
  fake: FakeInfisical,
  route: RouteFamily,
  identityId: string,
  run: StepResult,
) {
  const issued = fake.answers
    .filter((a) => a.route === route && a.status === 200)
    .map((a) => (a.body as { accessToken: string }).accessToken);
  expect(issued).toHaveLength(1);
  const token = issued[0] as string;
  expect(claimsOf(token).identityId).toBe(identityId);
  expect(fake.isLive(token)).toBe(false);
  const logouts = fake.requestsTo('token-revoke');
  expect(logouts.map((r) => JSON.parse(r.body ?? ''))).toEqual([{ accessToken: token }]);
  expect(fake.answers.filter((a) => a.route === 'identity-details')).toEqual([
    expect.objectContaining({ status: 401 }),
  ]);
  expect(fake.requests.map((r) => r.route)).toEqual([
    route,
    'revoke',
    'get-token',
    'token-revoke',
    'identity-details',
  ]);
  expect(run.stdout).toMatch(/Revoked the login token \((AWS IAM|Kubernetes) as identity /);
  expectMasked(run, token);
}

/** Masked (an add-mask line) and shown nowhere else, in anything the step wrote. */
function expectMasked(run: StepResult, secret: string) {
  expect(run.stdout.split('\n')).toContain(`::add-mask::${secret}`);
  expect(unmasked(run)).not.toContain(secret);
}

describe('method: aws-iam', () => {
  test('signs GetCallerIdentity with the runner’s AWS variables; Infisical’s STS check accepts it; the login is revoked and read back; no AWS secret shown', async () => {
    const caller = awsCaller();
    const { fake, identityId, inputs } = await awsSetup([caller]);
    const id = fake.addToken();
    const run = await revokeStep(fake, { ...inputs, 'token-id': id }, { env: awsEnv(caller) });

    expect(commands(run, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    const [login] = fake.requestsTo('aws-auth-login');
    expect(login?.headers.authorization).toBeUndefined();
    const body = JSON.parse(login?.body ?? '') as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual([
      'iamHttpRequestMethod',
      'iamRequestBody',
      'iamRequestHeaders',
      'identityId',
    ]);
    expect(body.identityId).toBe(identityId);
    expect(body.iamHttpRequestMethod).toBe('POST');
    expect(Buffer.from(body.iamRequestBody ?? '', 'base64').toString()).toBe(
      'Action=GetCallerIdentity&Version=2011-06-15',
    );
    const headers = JSON.parse(
      Buffer.from(body.iamRequestHeaders ?? '', 'base64').toString(),
    ) as Record<string, string>;
    expect(headers.Host).toBe('sts.eu-west-1.amazonaws.com');
    expect(headers.Authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${caller.accessKeyId}/\\d{8}/eu-west-1/sts/aws4_request, `,
      ),
    );
    expect(headers['X-Amz-Security-Token']).toBe(caller.sessionToken);
    expectLoginRevoked(fake, 'aws-auth-login', identityId, run);
    expectMasked(run, caller.secretAccessKey);
    expectMasked(run, caller.sessionToken as string);
    // The signature replays for 15 minutes: masked too.
    expectMasked(run, (headers.Authorization ?? '').replace(/^.*Signature=/, ''));
  });

  test('without AWS variables, takes the instance role and region from IMDSv2 (a session token first)', async () => {
    const caller = awsCaller();
    const imds = await new FakeImds({
      name: ROLE,
      credentials: {
        accessKeyId: caller.accessKeyId,
        secretAccessKey: caller.secretAccessKey,
        sessionToken: caller.sessionToken as string,
      },
      region: 'ap-southeast-2',
    }).start();
    imdsServers.push(imds);
    const { fake, identityId, inputs } = await awsSetup([caller]);
    const id = fake.addToken();
    const run = await revokeStep(
      fake,
      { ...inputs, 'token-id': id },
      {
        env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url },
      },
    );

    expect(commands(run, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(imds.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/latest/api/token',
      status: 200,
    });
    expect(
      imds.requests.slice(1).map((r) => [r.method, r.path, r.token === imds.sessionToken]),
    ).toEqual([
      ['GET', '/latest/meta-data/iam/security-credentials/', true],
      ['GET', `/latest/meta-data/iam/security-credentials/${ROLE}`, true],
      ['GET', '/latest/meta-data/placement/region', true],
    ]);
    const body = JSON.parse(fake.requestsTo('aws-auth-login')[0]?.body ?? '{}') as Record<
      string,
      string
    >;
    const headers = JSON.parse(
      Buffer.from(body.iamRequestHeaders ?? '', 'base64').toString(),
    ) as Record<string, string>;
    expect(headers.Host).toBe('sts.ap-southeast-2.amazonaws.com');
    expectLoginRevoked(fake, 'aws-auth-login', identityId, run);
    expectMasked(run, caller.secretAccessKey);
    expectMasked(run, caller.sessionToken as string);
  });

  test('a wrong signature (another secret key for the same key id) is refused by the STS check: nothing revoked, nothing left live', async () => {
    const caller = awsCaller();
    const { fake, inputs } = await awsSetup([caller]);
    const id = fake.addToken();
    const wrong = { ...caller, secretAccessKey: randomBytes(30).toString('base64') };
    const run = await revokeStep(fake, { ...inputs, 'token-id': id }, { env: awsEnv(wrong) });

    expect(run.code).toBe(1);
    expect(fake.isRevoked(id)).toBe(false);
    expect(fake.requests.map((r) => r.route)).toEqual(['aws-auth-login']);
    expect(fake.answers.map((a) => a.status)).toEqual([401]);
    const [error] = commands(run, 'error');
    expect(error).toContain('Could not log in to Infisical');
    expect(error).toContain('AWS IAM as identity');
    expect(error).toContain('SignatureDoesNotMatch');
    expect(error).toContain('AWS Auth in Infisical must allow this caller');
    expect(run.outputs['not-attempted']).toBe(JSON.stringify([id]));
    expectMasked(run, wrong.secretAccessKey);
  });

  test('a caller whose role is not an allowed principal is refused, with the ARN Infisical matched', async () => {
    const caller = awsCaller();
    const { fake, inputs } = await awsSetup([caller], `arn:aws:iam::${ACCOUNT}:role/other-*`);
    const run = await revokeStep(
      fake,
      { ...inputs, 'token-id': fake.addToken() },
      { env: awsEnv(caller) },
    );

    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toContain(`[principal-arn=${ROLE_ARN}]`);
  });

  test('no AWS credentials and IMDS turned off: one clear error before any request', async () => {
    const { fake, inputs } = await awsSetup([awsCaller()]);
    const run = await revokeStep(
      fake,
      { ...inputs, 'token-id': fake.addToken() },
      {
        env: { AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
      },
    );

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    const errors = commands(run, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    expect(errors[0]).toContain('aws-actions/configure-aws-credentials');
  });

  test('AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY: an error naming both, before any request, the key id not needed to say so', async () => {
    const caller = awsCaller();
    const { fake, inputs } = await awsSetup([caller]);
    const run = await revokeStep(
      fake,
      { ...inputs, 'token-id': fake.addToken() },
      {
        env: { AWS_ACCESS_KEY_ID: caller.accessKeyId, AWS_REGION: 'us-east-1' },
      },
    );

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')[0]).toContain(
      'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not',
    );
  });

  test('an instance metadata service that never answers ends the login by its short deadline, before any request to Infisical', async () => {
    const imds = await new FakeImds({
      name: ROLE,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y', sessionToken: 'z' },
      region: 'us-east-1',
    }).start();
    imds.mode = 'never-answer';
    imdsServers.push(imds);
    const { fake, inputs } = await awsSetup([awsCaller()]);
    const run = await revokeStep(
      fake,
      { ...inputs, 'token-id': fake.addToken() },
      {
        env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url, AWS_REGION: 'us-east-1' },
      },
    );

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(imds.requests.map((r) => r.path)).toEqual(['/latest/api/token']);
    expect(commands(run, 'error')[0]).toContain(
      'the instance role could not be read (IMDSv2: no answer from',
    );
    // 2 s deadline, not timeout-seconds (30 s).
    expect(run.ms).toBeLessThan(8_000);
  });
});

describe('method: kubernetes', () => {
  const ISSUER = 'https://kubernetes.default.svc.cluster.local';

  function serviceAccountToken(
    key: KeyObject,
    sub = 'system:serviceaccount:arc-runners:runner-sa',
  ) {
    const now = Math.floor(Date.now() / 1000);
    return signRs256(
      {
        iss: ISSUER,
        sub,
        aud: [ISSUER],
        iat: now,
        nbf: now,
        exp: now + 3600,
        'kubernetes.io': { namespace: 'arc-runners' },
      },
      key,
      { kid: 'k8s-key-1' },
    );
  }

  function tokenFile(content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'sa-token-'));
    const path = join(dir, 'token');
    writeFileSync(path, `${content}\n`);
    return path;
  }

  async function k8sSetup() {
    const issuer = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const fake = await startFake();
    const identityId = fake.addIdentity({ name: 'k8s-revoker' });
    fake.configureKubernetesAuth(identityId, {
      publicKeyPem: issuer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issuer: ISSUER,
      allowedNamespaces: 'arc-runners',
      allowedNames: 'runner-sa',
    });
    const inputs = { 'access-token': '', method: 'kubernetes', 'identity-id': identityId };
    return { fake, identityId, inputs, issuer };
  }

  test('logs in with the service account token from service-account-token-path; the JWT verifies against the issuer key; the login is revoked and read back; the token masked', async () => {
    const { fake, identityId, inputs, issuer } = await k8sSetup();
    const jwt = serviceAccountToken(issuer.privateKey);
    const id = fake.addToken();
    const run = await revokeStep(fake, {
      ...inputs,
      'token-id': id,
      'service-account-token-path': tokenFile(jwt),
    });

    expect(commands(run, 'error')).toEqual([]);
    expect(run.code).toBe(0);
    expect(fake.isRevoked(id)).toBe(true);
    expect(JSON.parse(fake.requestsTo('kubernetes-auth-login')[0]?.body ?? '')).toEqual({
      identityId,
      jwt,
    });
    expectLoginRevoked(fake, 'kubernetes-auth-login', identityId, run);
    expectMasked(run, jwt);
  });

  test('a token signed by another key is refused; the error shows its subject, never the token', async () => {
    const { fake, inputs } = await k8sSetup();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = serviceAccountToken(other.privateKey);
    const id = fake.addToken();
    const run = await revokeStep(fake, {
      ...inputs,
      'token-id': id,
      'service-account-token-path': tokenFile(jwt),
    });

    expect(run.code).toBe(1);
    expect(fake.isRevoked(id)).toBe(false);
    expect(fake.requests.map((r) => r.route)).toEqual(['kubernetes-auth-login']);
    const [error] = commands(run, 'error');
    expect(error).toContain('invalid signature');
    expect(error).toContain('sub="system:serviceaccount:arc-runners:runner-sa"');
    expectMasked(run, jwt);
  });

  test('a service account outside the bound namespace is refused', async () => {
    const { fake, inputs, issuer } = await k8sSetup();
    const jwt = serviceAccountToken(issuer.privateKey, 'system:serviceaccount:default:runner-sa');
    const run = await revokeStep(fake, {
      ...inputs,
      'token-id': fake.addToken(),
      'service-account-token-path': tokenFile(jwt),
    });

    expect(run.code).toBe(1);
    expect(commands(run, 'error')[0]).toContain('namespace not allowed');
  });

  test('no token file: an error naming the path and service-account-token-path, before any request', async () => {
    const { fake, inputs } = await k8sSetup();
    const path = join(mkdtempSync(join(tmpdir(), 'sa-none-')), 'token');
    const run = await revokeStep(fake, {
      ...inputs,
      'token-id': fake.addToken(),
      'service-account-token-path': path,
    });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    const [error] = commands(run, 'error');
    expect(error).toContain(path);
    expect(error).toContain('service-account-token-path');
  });

  test('a file that is not a JWT is refused before any request, and its content is not shown', async () => {
    const { fake, inputs } = await k8sSetup();
    const content = `not-a-token-${randomUUID()}`;
    const run = await revokeStep(fake, {
      ...inputs,
      'token-id': fake.addToken(),
      'service-account-token-path': tokenFile(content),
    });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')[0]).toContain('does not hold a service account token');
    expectMasked(run, content);
  });
});

describe('inputs', () => {
  test.each(['aws-iam', 'kubernetes'])(
    'method: %s without identity-id is refused before any request',
    async (method) => {
      const fake = await startFake();
      const run = await revokeStep(fake, {
        'access-token': '',
        method,
        'token-id': fake.addToken(),
      });

      expect(run.code).toBe(1);
      expect(fake.requests).toEqual([]);
      expect(commands(run, 'error')[0]).toContain(
        `Input identity-id is required with method: ${method}`,
      );
    },
  );

  test('service-account-token-path without method: kubernetes is refused', async () => {
    const fake = await startFake();
    const run = await revokeStep(fake, {
      'token-id': fake.addToken(),
      'service-account-token-path': '/tmp/token',
    });

    expect(run.code).toBe(1);
    expect(fake.requests).toEqual([]);
    expect(commands(run, 'error')[0]).toContain(
      'Input service-account-token-path is for method: kubernetes',
    );
  });
});
