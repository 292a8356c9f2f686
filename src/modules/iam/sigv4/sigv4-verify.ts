// Verifies a SigV4-signed request (Authorization header or presigned URL): key, time, token, signature.
import { iamError } from '../errors.js';
import {
  type ParsedSignature,
  parseAmzDate,
  parseAuthorizationHeader,
  parsePresignedQuery,
} from './authorization-parse.js';
import {
  canonicalRequest,
  EMPTY_SHA256,
  hmacHex,
  lowerHeaders,
  sha256Hex,
  signingKey,
  stringToSign,
} from './canonical-request.js';
import { createChunkVerifier, signaturesEqual } from './chunk-signature.js';
import type {
  SecretLookup,
  SignedRequest,
  SigningCredential,
  VerifiedRequest,
  VerifyOptions,
} from './sigv4-types.js';

/** AWS refuses requests signed more than 15 minutes away from its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const CHUNK_SIGNED = /^STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?$/;
const SPECIAL_PAYLOADS = /^(UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/;

/** Which form the request uses; both at once is refused, as AWS does. */
function readSignature(request: SignedRequest, headers: Map<string, string[]>): ParsedSignature {
  const authorization = headers.get('authorization')?.[0];
  const presigned = /(^|&)X-Amz-(Algorithm|Credential|Signature)=/.test(request.query);
  if (authorization && presigned)
    throw iamError(
      'MALFORMED_AUTHORIZATION',
      'only one authentication mechanism is allowed: header or query',
    );
  if (authorization) return parseAuthorizationHeader(authorization);
  if (presigned) return parsePresignedQuery(request.query);
  throw iamError(
    'MISSING_AUTHENTICATION',
    'the request is not signed (no Authorization header or X-Amz-Signature)',
  );
}

function amzDateOf(parsed: ParsedSignature, headers: Map<string, string[]>): { text: string; ms: number } {
  let text = parsed.form === 'presigned' ? (parsed.amzDate ?? '') : (headers.get('x-amz-date')?.[0] ?? '');
  if (parsed.form === 'header' && text === '') {
    const date = Date.parse(headers.get('date')?.[0] ?? '');
    if (!Number.isNaN(date)) text = new Date(date).toISOString().replace(/[-:]|\.\d{3}/g, '');
  }
  const ms = parseAmzDate(text);
  if (ms === undefined)
    throw iamError('MALFORMED_AUTHORIZATION', 'X-Amz-Date must be yyyymmddThhmmssZ (or send a Date header)');
  if (text.slice(0, 8) !== parsed.scopeDate)
    throw iamError(
      'MALFORMED_AUTHORIZATION',
      `the credential scope date ${parsed.scopeDate} is not the day of X-Amz-Date ${text}`,
    );
  return { text, ms };
}

function checkSignedHeaders(parsed: ParsedSignature, headers: Map<string, string[]>): void {
  if (!parsed.signedHeaders.includes('host'))
    throw iamError('HEADERS_NOT_SIGNED', 'the host header must be signed');
  if (parsed.form !== 'header') return;
  const unsigned = [...headers.keys()].filter(
    (name) => name.startsWith('x-amz-') && !parsed.signedHeaders.includes(name),
  );
  if (unsigned.length > 0)
    throw iamError('HEADERS_NOT_SIGNED', `these headers are present but not signed: ${unsigned.join(', ')}`, {
      unsigned,
    });
}

/** A signature for another region is for another endpoint: its resources are not this server's. */
function checkRegion(parsed: ParsedSignature, expected: string | undefined): void {
  if (expected === undefined || parsed.region === expected) return;
  throw iamError('WRONG_REGION', `Credential should be scoped to a valid region, not '${parsed.region}'.`, {
    region: parsed.region,
    expected,
    form: parsed.form,
  });
}

function checkTime(parsed: ParsedSignature, signedAt: number, now: number, maxSkewMs: number): void {
  if (parsed.form === 'header') {
    if (Math.abs(now - signedAt) > maxSkewMs)
      throw iamError(
        'REQUEST_TIME_SKEWED',
        'the difference between the request time and the server time is too large',
        { signedAt, now },
      );
    return;
  }
  if (signedAt - now > maxSkewMs)
    throw iamError('REQUEST_TIME_SKEWED', 'the presigned URL is not valid yet', { signedAt, now });
  if (now > signedAt + (parsed.expiresSeconds ?? 0) * 1000)
    throw iamError('REQUEST_EXPIRED', 'the presigned URL has expired', { signedAt, now });
}

function checkToken<P>(credential: SigningCredential<P>, token: string | undefined, now: number): void {
  if (credential.sessionTokenSha256 === undefined) {
    if (token !== undefined)
      throw iamError('INVALID_TOKEN', 'a security token was sent with a long-term access key');
    return;
  }
  if (credential.expiresAt !== undefined && now >= credential.expiresAt)
    throw iamError('EXPIRED_TOKEN', 'the temporary credentials have expired', {
      expiresAt: credential.expiresAt,
    });
  if (token === undefined)
    throw iamError('INVALID_TOKEN', 'temporary credentials need their session token (X-Amz-Security-Token)');
  if (!signaturesEqual(sha256Hex(token), credential.sessionTokenSha256))
    throw iamError('INVALID_TOKEN', 'the security token included in the request is invalid');
}

function payloadHashOf(
  parsed: ParsedSignature,
  request: SignedRequest,
  headers: Map<string, string[]>,
): string {
  if (parsed.form === 'presigned')
    return (
      parsed.queryContentSha256 ??
      (parsed.service === 's3' ? 'UNSIGNED-PAYLOAD' : (request.bodySha256 ?? EMPTY_SHA256))
    );
  const declared = headers.get('x-amz-content-sha256')?.[0];
  if (declared === undefined) {
    if (request.bodySha256 === undefined)
      throw iamError(
        'PAYLOAD_HASH_REQUIRED',
        'the request has no x-amz-content-sha256 header and the caller gave no body hash',
      );
    return request.bodySha256;
  }
  if (!HEX_SHA256.test(declared) && !SPECIAL_PAYLOADS.test(declared))
    throw iamError(
      'INVALID_CONTENT_SHA256',
      'x-amz-content-sha256 must be a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING- value',
    );
  return declared;
}

/**
 * Verifies a SigV4 request. Pure apart from `lookupSecret`: the caller passes the time. A valid signature may be
 * used any number of times within the skew window (presigned: until it expires), as AWS accepts it. Throws an IAM error (kind `unauthorized`, or `invalid` for payload-hash problems) when it fails.
 */
export async function verifySigV4<P>(
  request: SignedRequest,
  lookupSecret: SecretLookup<P>,
  now: number,
  options: VerifyOptions = {},
): Promise<VerifiedRequest<P>> {
  const maxSkewMs = options.maxSkewMs ?? MAX_SKEW_MS;
  const headers = lowerHeaders(request.headers);
  const parsed = readSignature(request, headers);
  checkRegion(parsed, options.region);
  const date = amzDateOf(parsed, headers);
  checkSignedHeaders(parsed, headers);
  const credential = await lookupSecret(parsed.accessKeyId);
  if (!credential)
    throw iamError('INVALID_ACCESS_KEY_ID', `the access key id ${parsed.accessKeyId} does not exist`);
  if (!credential.active)
    throw iamError('INACTIVE_ACCESS_KEY', `the access key id ${parsed.accessKeyId} is inactive`);
  checkTime(parsed, date.ms, now, maxSkewMs);
  const token = parsed.form === 'presigned' ? parsed.securityToken : headers.get('x-amz-security-token')?.[0];
  checkToken(credential, token, now);
  const payloadHash = payloadHashOf(parsed, request, headers);
  const canonical = canonicalRequest({
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    signedHeaders: parsed.signedHeaders,
    payloadHash,
    service: parsed.service,
    ...(parsed.form === 'presigned' ? { excludeQueryKey: 'X-Amz-Signature' } : {}),
  });
  const toSign = stringToSign(date.text, parsed.scope, canonical);
  const key = signingKey(credential.secretAccessKey, parsed.scopeDate, parsed.region, parsed.service);
  if (!signaturesEqual(hmacHex(key, toSign), parsed.signature))
    throw iamError(
      'SIGNATURE_MISMATCH',
      'the request signature does not match the one computed with the access key secret',
      {
        canonicalRequest: canonical,
        stringToSign: toSign,
      },
    );
  if (HEX_SHA256.test(payloadHash) && request.bodySha256 !== undefined && request.bodySha256 !== payloadHash)
    throw iamError('CONTENT_SHA256_MISMATCH', 'the body does not match x-amz-content-sha256');
  return {
    principal: credential.principal,
    accessKeyId: parsed.accessKeyId,
    service: parsed.service,
    region: parsed.region,
    form: parsed.form,
    signedAt: date.ms,
    payloadHash,
    chunks: CHUNK_SIGNED.test(payloadHash)
      ? createChunkVerifier(key, date.text, parsed.scope, parsed.signature)
      : undefined,
  };
}
