// Routes AWS-protocol requests on the shared port before Fastify's router sees them (Fastify `rewriteUrl`).
//
// The rule, in order:
//   1. Paths already under /__aws/ are internal mounts: left as they are.
//   2. A request signed for service `s3` (SigV4 Authorization header or X-Amz-Credential query, or the S3-only
//      SigV2 `AWS key:sig` header) goes to S3, whatever its path: a bucket may be called `healthz` or `api`.
//   3. A request signed for another service, or carrying X-Amz-Target (AWS JSON protocols), keeps its path for
//      the other plugins (Lambda, SageMaker runtime, Step Functions) and the REST API.
//   4. An unsigned request goes to the route that owns its path (any method), else to S3 (anonymous path-style).
//      So `/healthz`, `/api/v1/...`, `/metrics`, the dashboard at `/` stay theirs; `/my-bucket/key` is S3.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { readAwsSignature } from './sigv4.js';

/** Internal mount of the S3 plugin; `_` cannot occur in bucket names, so no bucket shadows it. */
export const S3_MOUNT = '/__aws/s3';
const INTERNAL_PREFIX = '/__aws/';
const PROBED_METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

export type AwsDestination = 's3' | 'routes';

export function awsEdgeRewriteUrl(this: FastifyInstance, req: IncomingMessage): string {
  const url = req.url ?? '/';
  return chooseDestination(req, (path) => ownedByRoute(this, path)) === 's3' ? `${S3_MOUNT}${url}` : url;
}

/** The routing rule above, with route ownership passed in so it can be tested alone. */
export function chooseDestination(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  isOwnedPath: (path: string) => boolean,
): AwsDestination {
  const url = req.url ?? '/';
  if (url.startsWith(INTERNAL_PREFIX)) return 'routes';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const signature = readAwsSignature(req.headers, queryAt < 0 ? '' : url.slice(queryAt + 1));
  if (signature.kind === 'sigv2') return 's3';
  if (signature.kind === 'sigv4') return signature.scope.service === 's3' ? 's3' : 'routes';
  if (req.headers['x-amz-target'] !== undefined) return 'routes';
  return isOwnedPath(path) ? 'routes' : 's3';
}

function ownedByRoute(app: FastifyInstance, path: string): boolean {
  return PROBED_METHODS.some((method) => app.findRoute({ method, url: path }) !== null);
}
