// The SigV4 canonical request, string to sign, signing key and signature (AWS's published algorithm).
import { createHash, createHmac } from 'node:crypto';
import { canonicalQuery, canonicalUri, parseQuery } from './uri-encoding.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Header values by lower-cased name, repeated headers as lists. */
export function lowerHeaders(headers: HeaderMap): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const list = out.get(name.toLowerCase()) ?? [];
    list.push(...(typeof value === 'string' ? [value] : value));
    out.set(name.toLowerCase(), list);
  }
  return out;
}

/** Trimmed values with inner whitespace runs collapsed, repeated headers joined by commas. */
export function canonicalHeaderValue(values: readonly string[] | undefined): string {
  return (values ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

export interface CanonicalInput {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Map<string, string[]>;
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  readonly service: string;
  /** Presigned URLs leave their own signature out of the canonical query. */
  readonly excludeQueryKey?: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const headerLines = input.signedHeaders.map(
    (name) => `${name}:${canonicalHeaderValue(input.headers.get(name))}\n`,
  );
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path, input.service),
    canonicalQuery(parseQuery(input.query), input.excludeQueryKey),
    headerLines.join(''),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}
