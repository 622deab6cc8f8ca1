// The AWS IAM login: the SigV4 signature checked by the testbed's independent verifier (what STS
// would accept), where credentials and region come from (the runner's variables, else IMDSv2),
// what is masked, and the errors that end it before any request to Infisical.
import { describe, expect, jest, test } from '@jest/globals';
import { RateLimitPacer } from '../../../src/calls/pacer.js';
import type { Answer, Request, Send } from '../../../src/http/index.js';
import {
  awsIamAuth,
  GET_CALLER_IDENTITY,
  signGetCallerIdentity,
  type AwsEnvironment,
} from '../../../src/login/aws-iam.js';
import { LoginError, type LoginContext } from '../../../src/login/session.js';
import { callerOf, principalArnOf, type AwsCaller } from '../../../testbed/infisical/aws-sts.js';

const IDENTITY = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const CALLER: AwsCaller = {
  accessKeyId: 'ASIAEXAMPLEKEY000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN+/=',
  arn: 'arn:aws:sts::123456789012:assumed-role/gh-runner/i-0abc',
  account: '123456789012',
};

const json = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  truncated: false,
});

function context(aws: AwsEnvironment, imds?: Send) {
  const infisical = jest.fn<Send>(async () =>
    json(200, { accessToken: 'login.jwt.token', expiresIn: 60 }),
  );
  const masked: string[] = [];
  const stop = new AbortController();
  const ctx: LoginContext = {
    server: { origin: 'https://infisical.example', prefix: '' },
    attempts: {
      retries: 0,
      send: infisical,
      pacer: new RateLimitPacer({ now: () => Date.now(), sleep: () => Promise.resolve() }),
      sleep: () => Promise.resolve(),
      log: () => undefined,
      stop: stop.signal,
    },
    getIdToken: () => Promise.reject(new Error('not used')),
    mask: (secret) => masked.push(secret),
    warn: () => undefined,
    timeoutMs: 30_000,
    aws,
    imds,
  };
  return { ctx, infisical, masked };
}

/** The signed request inside the login body the action sent. */
function signedOf(request: Request | undefined) {
  const body = request?.json as Record<string, string>;
  return {
    body,
    headers: JSON.parse(Buffer.from(body.iamRequestHeaders ?? '', 'base64').toString()) as Record<
      string,
      string
    >,
    stsBody: Buffer.from(body.iamRequestBody ?? '', 'base64').toString(),
  };
}

describe('signGetCallerIdentity', () => {
  test('a signature the independent SigV4 check accepts, with the session token signed', () => {
    const signed = signGetCallerIdentity(CALLER, 'eu-central-1');
    expect(signed.body).toBe(GET_CALLER_IDENTITY);
    expect(signed.headers.Host).toBe('sts.eu-central-1.amazonaws.com');
    expect(callerOf([CALLER], 'POST', signed.headers, signed.body)).toEqual({ caller: CALLER });
  });

  test('the check can fail: another secret, another body, another host or an old date are refused', () => {
    const other = { ...CALLER, secretAccessKey: 'x'.repeat(40) };
    const signed = signGetCallerIdentity(other, 'eu-central-1');
    expect(callerOf([CALLER], 'POST', signed.headers, signed.body)).toEqual({
      refused: 'SignatureDoesNotMatch',
    });
    const good = signGetCallerIdentity(CALLER, 'eu-central-1');
    expect(callerOf([CALLER], 'POST', good.headers, `${good.body}&x=1`)).toHaveProperty('refused');
    expect(
      callerOf(
        [CALLER],
        'POST',
        { ...good.headers, Host: 'sts.us-east-1.amazonaws.com' },
        good.body,
      ),
    ).toHaveProperty('refused');
    const old = signGetCallerIdentity(CALLER, 'eu-central-1', new Date(Date.now() - 3_600_000));
    expect(callerOf([CALLER], 'POST', old.headers, old.body)).toEqual({
      refused: 'SignatureDoesNotMatch (expired)',
    });
  });

  test('without a session token none is sent', () => {
    const longTerm = { ...CALLER, sessionToken: undefined };
    const signed = signGetCallerIdentity(longTerm, 'us-east-1');
    expect(Object.keys(signed.headers).map((k) => k.toLowerCase())).not.toContain(
      'x-amz-security-token',
    );
    expect(callerOf([longTerm], 'POST', signed.headers, signed.body)).toEqual({ caller: longTerm });
  });

  test("an assumed role is matched as its role's ARN (Infisical's extractPrincipalArn)", () => {
    expect(principalArnOf(CALLER.arn)).toBe('arn:aws:iam::123456789012:role/gh-runner');
  });
});

describe('awsIamAuth', () => {
  test('the runner variables sign the request; AWS_REGION wins over AWS_DEFAULT_REGION; secrets masked before the login', async () => {
    const imds = jest.fn<Send>();
    const { ctx, infisical, masked } = context(
      {
        accessKeyId: CALLER.accessKeyId,
        secretAccessKey: CALLER.secretAccessKey,
        sessionToken: CALLER.sessionToken,
        region: 'eu-west-1',
        defaultRegion: 'us-west-2',
      },
      imds,
    );
    const session = await awsIamAuth(IDENTITY)(ctx);

    expect(session.accessToken).toBe('login.jwt.token');
    expect(session.login?.as).toBe(`AWS IAM as identity ${IDENTITY}`);
    expect(imds).not.toHaveBeenCalled();
    const request = infisical.mock.calls[0]?.[0];
    expect(request?.url).toBe('https://infisical.example/api/v1/auth/aws-auth/login');
    const { body, headers, stsBody } = signedOf(request);
    expect(body.identityId).toBe(IDENTITY);
    expect(body.iamHttpRequestMethod).toBe('POST');
    expect(stsBody).toBe(GET_CALLER_IDENTITY);
    expect(headers.Host).toBe('sts.eu-west-1.amazonaws.com');
    expect(callerOf([CALLER], 'POST', headers, stsBody)).toEqual({ caller: CALLER });
    expect(masked).toEqual(
      expect.arrayContaining([
        CALLER.secretAccessKey,
        CALLER.sessionToken,
        body.iamRequestHeaders,
        (headers.Authorization ?? '').replace(/^.*Signature=/, ''),
        'login.jwt.token',
      ]),
    );
  });

  test('AWS_DEFAULT_REGION when AWS_REGION is unset', async () => {
    const { ctx, infisical } = context({
      accessKeyId: CALLER.accessKeyId,
      secretAccessKey: CALLER.secretAccessKey,
      defaultRegion: 'us-west-2',
    });
    await awsIamAuth(IDENTITY)(ctx);
    expect(signedOf(infisical.mock.calls[0]?.[0]).headers.Host).toBe('sts.us-west-2.amazonaws.com');
  });

  test('no variables: the instance role and region from IMDSv2, every GET with the session token', async () => {
    const seen: Request[] = [];
    const imds = jest.fn<Send>(async (request) => {
      seen.push(request);
      const path = new URL(request.url).pathname;
      const text = (body: string): Answer => ({ status: 200, headers: {}, body, truncated: false });
      if (path === '/latest/api/token') return text('imds-session');
      if (path === '/latest/meta-data/iam/security-credentials/') return text('gh-runner\n');
      if (path === '/latest/meta-data/iam/security-credentials/gh-runner') {
        return json(200, {
          Code: 'Success',
          AccessKeyId: CALLER.accessKeyId,
          SecretAccessKey: CALLER.secretAccessKey,
          Token: CALLER.sessionToken,
        });
      }
      if (path === '/latest/meta-data/placement/region') return text('ap-south-1');
      return { status: 404, headers: {}, body: '', truncated: false };
    });
    const { ctx, infisical, masked } = context({ imdsEndpoint: 'http://127.0.0.1:1/' }, imds);
    await awsIamAuth(IDENTITY)(ctx);

    expect(seen.map((r) => [r.method, r.url])).toEqual([
      ['PUT', 'http://127.0.0.1:1/latest/api/token'],
      ['GET', 'http://127.0.0.1:1/latest/meta-data/iam/security-credentials/'],
      ['GET', 'http://127.0.0.1:1/latest/meta-data/iam/security-credentials/gh-runner'],
      ['GET', 'http://127.0.0.1:1/latest/meta-data/placement/region'],
    ]);
    expect(seen[0]?.headers).toEqual({ 'x-aws-ec2-metadata-token-ttl-seconds': '60' });
    for (const r of seen.slice(1))
      expect(r.headers).toEqual({ 'x-aws-ec2-metadata-token': 'imds-session' });
    const { headers, stsBody } = signedOf(infisical.mock.calls[0]?.[0]);
    expect(headers.Host).toBe('sts.ap-south-1.amazonaws.com');
    expect(callerOf([CALLER], 'POST', headers, stsBody)).toEqual({ caller: CALLER });
    expect(masked).toEqual(expect.arrayContaining([CALLER.secretAccessKey, CALLER.sessionToken]));
  });

  async function refusal(aws: AwsEnvironment, imds?: Send): Promise<string> {
    const { ctx, infisical } = context(aws, imds);
    const error = await awsIamAuth(IDENTITY)(ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoginError);
    expect(infisical).not.toHaveBeenCalled();
    return (error as LoginError).message;
  }

  test('half a key pair, no credentials with IMDS off, no region, or a region that is not one: refused before any request', async () => {
    expect(await refusal({ accessKeyId: 'AKID', region: 'us-east-1' })).toContain(
      'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not',
    );
    expect(await refusal({ secretAccessKey: 's', region: 'us-east-1' })).toContain(
      'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not',
    );
    expect(await refusal({ region: 'us-east-1', imdsDisabled: true }, jest.fn<Send>())).toContain(
      'the instance metadata service is turned off (AWS_EC2_METADATA_DISABLED)',
    );
    expect(await refusal({ accessKeyId: 'a', secretAccessKey: 's', imdsDisabled: true })).toContain(
      'no AWS region',
    );
    expect(await refusal({ accessKeyId: 'a', secretAccessKey: 's', region: 'EU West 1' })).toBe(
      'Could not log in with method: aws-iam: the region from AWS_REGION, "EU West 1", is not an AWS region (such as us-east-1).',
    );
  });

  test('an IMDS that does not answer, or refuses, says so in one line without quoting it', async () => {
    const down = jest.fn<Send>(() =>
      Promise.reject(new Error('connection timed out after 2000 ms')),
    );
    expect(await refusal({ region: 'us-east-1' }, down)).toMatch(
      /the instance role could not be read \(IMDSv2: no answer from http:\/\/169\.254\.169\.254: connection timed out after 2000 ms\)\. Give the job AWS credentials/,
    );
    const refuses = jest.fn<Send>(async () => ({
      status: 403,
      headers: {},
      body: 'secret-ish',
      truncated: false,
    }));
    const message = await refusal({ region: 'us-east-1' }, refuses);
    expect(message).toContain('answered 403 to PUT /latest/api/token');
    expect(message).not.toContain('secret-ish');
  });
});
