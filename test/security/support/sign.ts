// SigV4 signing of hostile calls with the AWS SDK's own signer, so they reach (and pass) the AWS protocol edge.
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../support/node-sha256.js';
import type { HttpCall } from './http-client.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The SigV4 service of a credential scope (`execute-api` for REST calls, iam and sts for calls Scones refuses). */
export type Service = 's3' | 'lambda' | 'states' | 'sagemaker' | 'logs' | 'execute-api' | 'iam' | 'sts';

export interface SignOptions {
  readonly region?: string;
  readonly signingDate?: Date;
  /** Presign (query string) instead of an Authorization header, valid this many seconds. */
  readonly presignSeconds?: number;
}

function signerFor(service: Service, credentials: Credentials, region: string) {
  return new SignatureV4({
    service,
    region,
    credentials,
    sha256: NodeSha256,
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
}

/** Signs `call` for `service` as the SDK would, keeping its raw path; the result is sent with `send`. */
export async function signCall(
  baseUrl: string,
  service: Service,
  call: HttpCall,
  credentials: Credentials,
  options: SignOptions = {},
): Promise<HttpCall> {
  const url = new URL(baseUrl);
  const queryAt = call.path.indexOf('?');
  const path = queryAt < 0 ? call.path : call.path.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : call.path.slice(queryAt + 1);
  const body = call.body === undefined ? undefined : Buffer.from(call.body);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const request = {
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    method: call.method,
    path,
    query: decodeQuery(rawQuery),
    headers,
    ...(body === undefined ? {} : { body: new Uint8Array(body) }),
  };
  const signer = signerFor(service, credentials, options.region ?? 'us-east-1');
  const when = options.signingDate ?? new Date();
  if (options.presignSeconds !== undefined) {
    const presigned = await signer.presign(request, { signingDate: when, expiresIn: options.presignSeconds });
    const query = encodeQuery(presigned.query as Record<string, string | string[]>);
    return { ...call, path: `${path}?${query}` };
  }
  const signed = await signer.sign(request, { signingDate: when });
  const { host: _host, ...rest } = signed.headers;
  return { ...call, headers: rest };
}

function decodeQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const part of raw.split('&').filter((p) => p !== '')) {
    const at = part.indexOf('=');
    const key = safeDecode(at < 0 ? part : part.slice(0, at));
    const value = at < 0 ? '' : safeDecode(part.slice(at + 1));
    const existing = out[key];
    out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return out;
}

function encodeQuery(query: Record<string, string | string[]>): string {
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${rfc3986(key)}=${rfc3986(v)}`),
    )
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
