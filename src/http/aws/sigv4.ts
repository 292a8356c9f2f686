// Reads who signed an AWS request and for which service, from a SigV4 Authorization header or presigned query.
import type { IncomingHttpHeaders } from 'node:http';

export interface AwsCredentialScope {
  readonly accessKeyId: string;
  /** Empty for SigV4a, whose scope names no region. */
  readonly region: string;
  readonly service: string;
}

/** What the request says about its signature: none, a readable credential scope, or one we cannot read. */
export type AwsSignature =
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'sigv4'; readonly scope: AwsCredentialScope }
  /** `Authorization: AWS key:signature`, the S3-only SigV2 scheme. */
  | { readonly kind: 'sigv2'; readonly accessKeyId: string }
  | { readonly kind: 'malformed'; readonly reason: string };

const SIGV4_ALGORITHMS = ['AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'];

/** Inspects the Authorization header first, then the X-Amz-Credential query parameter. */
export function readAwsSignature(headers: IncomingHttpHeaders, rawQuery: string): AwsSignature {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) return fromAuthorization(authorization);
  const credential = new URLSearchParams(rawQuery).get('X-Amz-Credential');
  if (credential !== null) return fromCredential(credential);
  return { kind: 'unsigned' };
}

function fromAuthorization(header: string): AwsSignature {
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  const rest = space < 0 ? '' : header.slice(space + 1);
  if (scheme === 'AWS') {
    const colon = rest.indexOf(':');
    return colon > 0
      ? { kind: 'sigv2', accessKeyId: rest.slice(0, colon) }
      : { kind: 'malformed', reason: 'the AWS authorization header must be "AWS <access key>:<signature>"' };
  }
  if (!SIGV4_ALGORITHMS.includes(scheme))
    return { kind: 'malformed', reason: `unsupported authorization scheme ${JSON.stringify(scheme)}` };
  const credential = /(?:^|[\s,])Credential=([^,\s]+)/.exec(rest)?.[1];
  if (!credential) return { kind: 'malformed', reason: 'the authorization header has no Credential=' };
  return fromCredential(credential);
}

/** `AKID/20260101/us-east-1/s3/aws4_request` (SigV4) or `AKID/20260101/s3/aws4_request` (SigV4a). */
function fromCredential(credential: string): AwsSignature {
  const parts = credential.split('/');
  const [accessKeyId, date] = parts;
  const terminator = parts.at(-1);
  const service = parts.at(-2);
  const valid =
    (parts.length === 5 || parts.length === 4) &&
    accessKeyId &&
    /^\d{8}$/.test(date ?? '') &&
    terminator === 'aws4_request' &&
    service;
  if (!valid)
    return {
      kind: 'malformed',
      reason: `the credential ${JSON.stringify(credential)} is not <key>/<yyyymmdd>/<region>/<service>/aws4_request`,
    };
  const region = parts.length === 5 ? (parts[2] ?? '') : '';
  return { kind: 'sigv4', scope: { accessKeyId, region, service } };
}

/** The access key a signed request names, if any. */
export function accessKeyOf(signature: AwsSignature): string | undefined {
  if (signature.kind === 'sigv4') return signature.scope.accessKeyId;
  if (signature.kind === 'sigv2') return signature.accessKeyId;
  return undefined;
}
