// What AWS STS does with the GetCallerIdentity request Infisical forwards: checks its SigV4
// signature with the caller's secret key and answers who the caller is. Written here from AWS's
// SigV4 specification with node:crypto alone, independently of the signer the action uses, so
// that a signature the action gets wrong is refused, as STS would refuse it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface AwsCaller {
  accessKeyId: string;
  secretAccessKey: string;
  /** The session token of temporary credentials (required in the request when set). */
  sessionToken?: string;
  /** What GetCallerIdentity answers. */
  arn: string;
  account: string;
  userId?: string;
}

export type StsVerdict = { caller: AwsCaller } | { refused: string } | { badRegion: true };

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
/** STS accepts a signed request for 15 minutes either side of its X-Amz-Date. */
const SKEW_MS = 15 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text, 'utf8').digest();

/** The request as Infisical would send it to STS, judged as STS judges it. */
export function callerOf(
  callers: AwsCaller[],
  method: string,
  rawHeaders: Record<string, string>,
  body: string,
  now = Date.now(),
): StsVerdict {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(rawHeaders)) {
    headers.set(name.toLowerCase(), String(value).trim().replace(/\s+/g, ' '));
  }
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/sts\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      headers.get('authorization') ?? '',
    );
  // Infisical reads the region out of the Authorization header before anything else.
  const region = /Credential=[^/]+\/[^/]+\/([^/,\s]+)/.exec(
    headers.get('authorization') ?? '',
  )?.[1];
  if (!region || !/^[a-z0-9-]{1,20}$/.test(region)) return { badRegion: true };
  if (!auth) return { refused: 'IncompleteSignature' };
  const [, keyId, day, scopeRegion, signedList, signature] = auth as unknown as string[];
  if (method !== 'POST' || body !== BODY) return { refused: 'InvalidAction' };
  if (headers.get('host') !== `sts.${scopeRegion}.amazonaws.com`) {
    return { refused: 'SignatureDoesNotMatch (host)' };
  }
  const amzDate = headers.get('x-amz-date') ?? '';
  const at = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (Number.isNaN(at) || amzDate.slice(0, 8) !== day)
    return { refused: 'IncompleteSignature (date)' };
  if (Math.abs(now - at) > SKEW_MS) return { refused: 'SignatureDoesNotMatch (expired)' };
  const caller = callers.find((c) => c.accessKeyId === keyId);
  if (!caller) return { refused: 'InvalidClientTokenId' };
  const signed = (signedList as string).split(';');
  for (const required of [
    'host',
    'x-amz-date',
    ...(caller.sessionToken ? ['x-amz-security-token'] : []),
  ]) {
    if (!signed.includes(required))
      return { refused: `SignatureDoesNotMatch (${required} not signed)` };
  }
  if (caller.sessionToken && headers.get('x-amz-security-token') !== caller.sessionToken) {
    return { refused: 'InvalidClientTokenId (session token)' };
  }
  const canonical = [
    'POST',
    '/',
    '',
    ...signed.map((name) => `${name}:${headers.get(name) ?? ''}`),
    '',
    signedList,
    sha256(body),
  ].join('\n');
  const scope = `${day}/${scopeRegion}/sts/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${caller.secretAccessKey}`, day as string);
  for (const part of [scopeRegion as string, 'sts', 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest();
  const given = Buffer.from(signature as string, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { refused: 'SignatureDoesNotMatch' };
  }
  return { caller };
}

/**
 * Infisical's extractPrincipalArn: an assumed role's session ARN
 * (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) is matched as its role (arn:aws:iam::ACCOUNT:role/NAME).
 */
export function principalArnOf(arn: string): string {
  const assumed = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : arn;
}
