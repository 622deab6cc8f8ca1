// AWS IAM auth: no stored Infisical credential on a runner that has an AWS identity. The action
// signs an STS GetCallerIdentity request (SigV4, with aws4: small, no dependencies) but does not
// send it: Infisical sends it to STS, learns the caller's ARN, and matches it against the
// identity's allowed principals and accounts. The credentials are the runner's
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, as
// aws-actions/configure-aws-credentials exports them), else the EC2 instance role through IMDSv2;
// the region is AWS_REGION or AWS_DEFAULT_REGION, else the instance's. Every AWS secret, and the
// signature (it replays for 15 minutes), is masked before anything could print it.
import aws4 from 'aws4';
import { awsLoginRequest } from '../infisical/login.js';
import { quotePrefix } from '../text/echo.js';
import { DEFAULT_IMDS_ENDPOINT, ImdsError, imdsClient, type Imds } from './imds.js';
import { LoginError, logInWith, type LoginContext, type Session } from './session.js';

/** The runner's AWS variables, as main.ts reads them (unset or empty: undefined). */
export interface AwsEnvironment {
  /** AWS_ACCESS_KEY_ID */
  accessKeyId?: string;
  /** AWS_SECRET_ACCESS_KEY */
  secretAccessKey?: string;
  /** AWS_SESSION_TOKEN */
  sessionToken?: string;
  /** AWS_REGION */
  region?: string;
  /** AWS_DEFAULT_REGION */
  defaultRegion?: string;
  /** AWS_EC2_METADATA_SERVICE_ENDPOINT (the AWS SDKs' name for it); default 169.254.169.254. */
  imdsEndpoint?: string;
  /** AWS_EC2_METADATA_DISABLED=true: never ask the instance metadata service. */
  imdsDisabled?: boolean;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The request Infisical sends to STS: always this body (Infisical's own clients send the same). */
export const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

const LEAD = 'Could not log in with method: aws-iam';
const SETUP =
  'Give the job AWS credentials (aws-actions/configure-aws-credentials sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) or run it on an EC2 instance with an instance role (IMDSv2; a container on it needs a metadata hop limit of 2).';

export function awsIamAuth(identityId: string): (ctx: LoginContext) => Promise<Session> {
  return async (ctx) => {
    const env = ctx.aws ?? {};
    const imds = lazyImds(env, ctx);
    const credentials = await credentialsOf(env, imds, ctx);
    const region = await regionOf(env, imds, ctx);
    const signed = signGetCallerIdentity(credentials, region);
    // The signature is a credential for 15 minutes; the headers, base64, carry it too.
    ctx.mask(signed.headers.Authorization?.replace(/^.*Signature=/, '') ?? '');
    const request = awsLoginRequest(ctx.server, identityId, signed);
    ctx.mask((request.json as { iamRequestHeaders: string }).iamRequestHeaders);
    return logInWith(request, `AWS IAM as identity ${identityId}`, ctx, (status) =>
      status === 401 || status === 403
        ? "The identity's AWS Auth in Infisical must allow this caller: check its allowed principal ARNs (an assumed role is matched as arn:aws:iam::ACCOUNT:role/NAME) and account ids, and that the credentials are valid and unexpired."
        : status === 404
          ? 'Check identity-id: the identity must exist on this server (and region) and have AWS Auth configured.'
          : status === 400
            ? `Check the region (${region}): Infisical sends the signed request to sts.${region}.amazonaws.com.`
            : '',
    );
  };
}

/** SigV4 for POST https://sts.<region>.amazonaws.com/ with the GetCallerIdentity body. */
export function signGetCallerIdentity(
  credentials: AwsCredentials,
  region: string,
  date?: Date,
): { method: 'POST'; body: string; headers: Record<string, string> } {
  const host = `sts.${region}.amazonaws.com`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    Host: host,
  };
  if (date) headers['X-Amz-Date'] = date.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signed = aws4.sign(
    { host, method: 'POST', path: '/', service: 'sts', region, body: GET_CALLER_IDENTITY, headers },
    credentials,
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (value !== undefined) out[name] = String(value);
  }
  return { method: 'POST', body: GET_CALLER_IDENTITY, headers: out };
}

async function credentialsOf(
  env: AwsEnvironment,
  imds: () => Imds | undefined,
  ctx: LoginContext,
): Promise<AwsCredentials> {
  const { accessKeyId, secretAccessKey, sessionToken } = env;
  if (secretAccessKey) ctx.mask(secretAccessKey);
  if (sessionToken) ctx.mask(sessionToken);
  if (accessKeyId && secretAccessKey) {
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  if (accessKeyId || secretAccessKey) {
    const [set, unset] = accessKeyId
      ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
      : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
    throw new LoginError(
      `${LEAD}: ${set} is set but ${unset} is not: give both, or neither to use the instance role.`,
    );
  }
  const client = imds();
  if (client === undefined) {
    throw new LoginError(
      `${LEAD}: no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and the instance metadata service is turned off (AWS_EC2_METADATA_DISABLED). ${SETUP}`,
    );
  }
  try {
    const role = (await client.get('meta-data/iam/security-credentials/')).split('\n')[0]?.trim();
    if (!role) throw new ImdsError('the instance has no role');
    const text = await client.get(`meta-data/iam/security-credentials/${encodeURIComponent(role)}`);
    const role_ = parseRoleCredentials(text);
    ctx.mask(role_.secretAccessKey);
    if (role_.sessionToken) ctx.mask(role_.sessionToken);
    return role_;
  } catch (error) {
    throw noRole(
      error,
      ctx,
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and the instance role could not be read',
    );
  }
}

function parseRoleCredentials(text: string): AwsCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImdsError('the role credentials are not JSON');
  }
  const { AccessKeyId, SecretAccessKey, Token } = (json ?? {}) as Record<string, unknown>;
  if (
    typeof AccessKeyId !== 'string' ||
    typeof SecretAccessKey !== 'string' ||
    !AccessKeyId ||
    !SecretAccessKey
  ) {
    throw new ImdsError('the role credentials have no AccessKeyId and SecretAccessKey');
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof Token === 'string' && Token !== '' ? { sessionToken: Token } : {}),
  };
}

async function regionOf(
  env: AwsEnvironment,
  imds: () => Imds | undefined,
  ctx: LoginContext,
): Promise<string> {
  const [from, given] = env.region
    ? ['AWS_REGION', env.region]
    : env.defaultRegion
      ? ['AWS_DEFAULT_REGION', env.defaultRegion]
      : ['the instance metadata service', undefined];
  let region = given?.trim();
  if (region === undefined) {
    const client = imds();
    if (client === undefined) {
      throw new LoginError(
        `${LEAD}: no AWS region: set AWS_REGION (aws-actions/configure-aws-credentials sets it) or AWS_DEFAULT_REGION; the instance metadata service is turned off (AWS_EC2_METADATA_DISABLED).`,
      );
    }
    try {
      region = (await client.get('meta-data/placement/region')).trim();
    } catch (error) {
      throw noRole(
        error,
        ctx,
        'no AWS region: AWS_REGION and AWS_DEFAULT_REGION are not set, and the instance metadata service did not tell',
      );
    }
  }
  // Infisical refuses anything else ("Invalid AWS region"), and the region names the STS host.
  if (!/^[a-z0-9-]{1,20}$/.test(region)) {
    throw new LoginError(
      `${LEAD}: the region from ${from}, ${quotePrefix(region, 24)}, is not an AWS region (such as us-east-1).`,
    );
  }
  return region;
}

/** One metadata client for the login, made only when the environment does not already tell. */
function lazyImds(env: AwsEnvironment, ctx: LoginContext): () => Imds | undefined {
  let client: Imds | undefined;
  return () => {
    if (env.imdsDisabled || ctx.imds === undefined) return undefined;
    return (client ??= imdsClient(ctx.imds, env.imdsEndpoint || DEFAULT_IMDS_ENDPOINT));
  };
}

function noRole(error: unknown, ctx: LoginContext, what: string): LoginError {
  if (ctx.attempts.stop.aborted) {
    return new LoginError(`${LEAD}: the run was stopped first.`, true);
  }
  if (!(error instanceof ImdsError)) throw error;
  return new LoginError(`${LEAD}: ${what} (IMDSv2: ${error.message}). ${SETUP}`);
}
