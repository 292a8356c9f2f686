// Reads a SigV4 signature from the Authorization header or a presigned URL's query, refusing malformed ones.
import { iamError } from '../errors.js';
import { ALGORITHM } from './canonical-request.js';
import { parseQuery } from './uri-encoding.js';

export interface ParsedSignature {
  readonly form: 'header' | 'presigned';
  readonly accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** `date/region/service/aws4_request`. */
  readonly scope: string;
  readonly signedHeaders: readonly string[];
  /** Lower-case hex. */
  readonly signature: string;
  /** Presigned only: X-Amz-Date, X-Amz-Expires (s) and X-Amz-Security-Token from the query. */
  readonly amzDate?: string;
  readonly expiresSeconds?: number;
  readonly securityToken?: string;
  readonly queryContentSha256?: string;
}

const MAX_PRESIGN_SECONDS = 604_800;
const SIGNATURE = /^[0-9a-f]{64}$/;
const SIGNED_HEADERS = /^[a-z0-9!#$%&'*+.^_`|~-]+(;[a-z0-9!#$%&'*+.^_`|~-]+)*$/;

function malformed(message: string): never {
  throw iamError('MALFORMED_AUTHORIZATION', message);
}

function parseCredential(credential: string) {
  const parts = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !region || !service)
    malformed('Credential must be <access key id>/<yyyymmdd>/<region>/<service>/aws4_request');
  if (!/^\d{8}$/.test(scopeDate ?? '')) malformed('the credential scope date must be yyyymmdd');
  if (terminator !== 'aws4_request') malformed('the credential scope must end with aws4_request');
  return {
    accessKeyId,
    scopeDate: scopeDate as string,
    region,
    service,
    scope: `${scopeDate}/${region}/${service}/aws4_request`,
  };
}

function parseSignedHeaders(text: string | undefined): string[] {
  if (!text || !SIGNED_HEADERS.test(text)) malformed('SignedHeaders must be lower-case names joined by ";"');
  return text.split(';');
}

function parseSignatureValue(text: string | undefined): string {
  if (!text || !SIGNATURE.test(text)) malformed('Signature must be 64 lower-case hex digits');
  return text;
}

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` (commas, spaces, any order). */
export function parseAuthorizationHeader(header: string): ParsedSignature {
  if (header.length > 8192) malformed('the Authorization header is too long');
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme !== ALGORITHM)
    throw iamError(
      'UNSUPPORTED_ALGORITHM',
      `unsupported authorization scheme ${JSON.stringify(scheme.slice(0, 40))}; use ${ALGORITHM}`,
    );
  const fields = new Map<string, string>();
  for (const piece of header.slice(space + 1).split(',')) {
    const trimmed = piece.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) malformed(`malformed Authorization component ${JSON.stringify(trimmed.slice(0, 40))}`);
    const name = trimmed.slice(0, eq);
    if (fields.has(name)) malformed(`Authorization repeats ${name}`);
    fields.set(name, trimmed.slice(eq + 1));
  }
  const credential = fields.get('Credential');
  if (!credential) malformed('the Authorization header has no Credential');
  return {
    form: 'header',
    ...parseCredential(credential),
    signedHeaders: parseSignedHeaders(fields.get('SignedHeaders')),
    signature: parseSignatureValue(fields.get('Signature')),
  };
}

/** The X-Amz-* parameters of a presigned URL. */
export function parsePresignedQuery(rawQuery: string): ParsedSignature {
  const params = new Map<string, string>();
  for (const [rawKey, value] of parseQuery(rawQuery)) {
    // The SDK hoists x-amz-* headers into the query in lower case; the X-Amz-* parameters are mixed case.
    const lower = rawKey.toLowerCase();
    if (!lower.startsWith('x-amz-')) continue;
    const key = lower === 'x-amz-content-sha256' ? 'X-Amz-Content-Sha256' : rawKey;
    if (params.has(key)) malformed(`the query repeats ${key}`);
    params.set(key, value);
  }
  const algorithm = params.get('X-Amz-Algorithm');
  if (algorithm !== ALGORITHM)
    throw iamError('UNSUPPORTED_ALGORITHM', `X-Amz-Algorithm must be ${ALGORITHM}`);
  const credential = params.get('X-Amz-Credential');
  if (!credential) malformed('the presigned URL has no X-Amz-Credential');
  const expiresText = params.get('X-Amz-Expires') ?? '';
  const expiresSeconds = Number(expiresText);
  if (!/^\d{1,6}$/.test(expiresText) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_SECONDS)
    malformed(`X-Amz-Expires must be an integer from 1 to ${MAX_PRESIGN_SECONDS} seconds`);
  const securityToken = params.get('X-Amz-Security-Token');
  const queryContentSha256 = params.get('X-Amz-Content-Sha256');
  return {
    form: 'presigned',
    ...parseCredential(credential),
    signedHeaders: parseSignedHeaders(params.get('X-Amz-SignedHeaders')),
    signature: parseSignatureValue(params.get('X-Amz-Signature')),
    amzDate: params.get('X-Amz-Date') ?? '',
    expiresSeconds,
    ...(securityToken === undefined ? {} : { securityToken }),
    ...(queryContentSha256 === undefined ? {} : { queryContentSha256 }),
  };
}

/** `20260101T120000Z` -> epoch ms; undefined when malformed. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  return check.getUTCDate() === d && check.getUTCMonth() === mo - 1 && h < 24 && mi < 60 && s < 60
    ? ms
    : undefined;
}
