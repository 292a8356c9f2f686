// Routes AWS-protocol requests on the shared port before Fastify's router sees them (Fastify `rewriteUrl`).
//
// The rule, in order:
//   1. Paths already under /__aws/ are internal mounts: left as they are.
//   2. A request signed for service `s3` (SigV4 Authorization header or X-Amz-Credential query, or the S3-only
//      SigV2 `AWS key:sig` header) goes to S3, whatever its path: a bucket may be called `healthz` or `api`.
//   3. Everything else keeps its path: requests signed for other services and X-Amz-Target requests reach the
//      Lambda, SageMaker runtime and Step Functions plugins by their paths and headers; unsigned requests reach
//      the route that owns their path (REST API, /healthz, dashboard), and unknown paths get the JSON 404.
// S3 therefore needs a signature (or a presigned URL); anonymous path-style requests are not S3's, which keeps
// unsigned traffic (browsers, curl, typos under /api) out of the XML protocol.
import type { IncomingMessage } from 'node:http';
import { readAwsSignature } from './sigv4.js';

/** Internal mount of the S3 plugin; `_` cannot occur in bucket names, so no bucket shadows it. */
export const S3_MOUNT = '/__aws/s3';
const INTERNAL_PREFIX = '/__aws/';

export type AwsDestination = 's3' | 'routes';

export function awsEdgeRewriteUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  return chooseDestination(req) === 's3' ? `${S3_MOUNT}${url}` : url;
}

export function chooseDestination(req: Pick<IncomingMessage, 'url' | 'headers'>): AwsDestination {
  const url = req.url ?? '/';
  if (url.startsWith(INTERNAL_PREFIX)) return 'routes';
  const queryAt = url.indexOf('?');
  const signature = readAwsSignature(req.headers, queryAt < 0 ? '' : url.slice(queryAt + 1));
  if (signature.kind === 'sigv2') return 's3';
  if (signature.kind === 'sigv4' && signature.scope.service === 's3') return 's3';
  return 'routes';
}
