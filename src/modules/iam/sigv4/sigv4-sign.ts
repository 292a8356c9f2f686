// Signs an outgoing request with SigV4 (header form), for Scones' own calls to its AWS APIs under a role.
import {
  ALGORITHM,
  canonicalRequest,
  hmacHex,
  lowerHeaders,
  sha256Hex,
  signingKey,
  stringToSign,
} from './canonical-request.js';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Headers the request will carry; `host` is added from the URL. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
  readonly service: string;
  readonly region: string;
  readonly credentials: SigningCredentials;
  /** Epoch ms. */
  readonly now: number;
}

/** The request's headers with `authorization`, `x-amz-date` (and `x-amz-security-token`) added. */
export function signRequest(request: OutgoingRequest): Record<string, string> {
  const amzDate = `${new Date(request.now).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const date = amzDate.slice(0, 8);
  const token = request.credentials.sessionToken;
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: request.url.host,
    'x-amz-date': amzDate,
    ...(token === undefined ? {} : { 'x-amz-security-token': token }),
  };
  const signedHeaders = Object.keys(headers).sort();
  const scope = `${date}/${request.region}/${request.service}/aws4_request`;
  const canonical = canonicalRequest({
    method: request.method,
    path: request.url.pathname,
    query: request.url.search.replace(/^\?/, ''),
    headers: lowerHeaders(headers),
    signedHeaders,
    payloadHash: sha256Hex(request.body),
    service: request.service,
  });
  const key = signingKey(request.credentials.secretAccessKey, date, request.region, request.service);
  const signature = hmacHex(key, stringToSign(amzDate, scope, canonical));
  headers.authorization = `${ALGORITHM} Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return headers;
}
