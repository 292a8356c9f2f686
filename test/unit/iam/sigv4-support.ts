// Signs requests with the official AWS SDK signer (@smithy/signature-v4) for the verifier tests.
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest, SigningCredential } from '../../../src/modules/iam/index.js';
import { NodeSha256 } from '../../support/node-sha256.js';

export const AKID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface SdkRequest {
  method: string;
  hostname?: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export function signer(
  service: string,
  options: { region?: string; token?: string; secret?: string; akid?: string } = {},
) {
  return new SignatureV4({
    service,
    region: options.region ?? 'us-east-1',
    credentials: {
      accessKeyId: options.akid ?? AKID,
      secretAccessKey: options.secret ?? SECRET,
      ...(options.token ? { sessionToken: options.token } : {}),
    },
    sha256: NodeSha256,
    uriEscapePath: service !== 's3',
    // Only S3 sends x-amz-content-sha256; other services' clients sign the body hash without the header.
    applyChecksum: service === 's3',
  });
}

function full(request: SdkRequest) {
  const hostname = request.hostname ?? 'localhost';
  const host = request.port ? `${hostname}:${request.port}` : hostname;
  return {
    protocol: 'http:',
    hostname,
    ...(request.port ? { port: request.port } : {}),
    method: request.method,
    path: request.path,
    query: request.query ?? {},
    headers: { host, ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}

/** What the server would see on the wire: the raw path and query as the SDK serializes them. */
export function wire(
  signed: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string> },
  body?: string | Uint8Array,
): SignedRequest {
  const query = Object.entries(signed.query ?? {})
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) =>
        v === null ? encode(key) : `${encode(key)}=${encode(String(v))}`,
      ),
    )
    .join('&');
  return {
    method: signed.method,
    path: signed.path,
    query,
    headers: signed.headers,
    ...(body === undefined ? {} : { bodySha256: createHash('sha256').update(body).digest('hex') }),
  };
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`,
  );
}

export async function signHeader(
  service: string,
  request: SdkRequest,
  at = T0,
  options: Parameters<typeof signer>[1] = {},
) {
  const signed = await signer(service, options).sign(full(request), { signingDate: new Date(at) });
  return wire(signed as never, request.body);
}

export async function presign(
  service: string,
  request: SdkRequest,
  expiresIn: number,
  at = T0,
  options: Parameters<typeof signer>[1] = {},
) {
  const signed = await signer(service, options).presign(full(request), {
    signingDate: new Date(at),
    expiresIn,
  });
  return wire(signed as never, request.body);
}

export function lookupFor(
  credentials: Record<string, Partial<SigningCredential<string>> & { secretAccessKey: string }>,
) {
  return async (accessKeyId: string): Promise<SigningCredential<string> | undefined> => {
    const found = credentials[accessKeyId];
    return found ? { principal: accessKeyId, active: true, ...found } : undefined;
  };
}
