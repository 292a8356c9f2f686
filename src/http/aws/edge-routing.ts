// Routes AWS-protocol requests on the shared port before Fastify's router sees them (Fastify `rewriteUrl`).
//
// The rule, in order:
//   1. Paths already under /__aws/ are internal mounts: left as they are.
//   2. A request signed for service `s3` (SigV4 Authorization header or X-Amz-Credential query, or the S3-only
//      SigV2 `AWS key:sig` header) goes to S3, whatever its path: a bucket may be called `healthz` or `api`.
//   3. An unsigned request goes to S3 when its path names a bucket that is not the first segment of one of
//      Scones's own routes (`api`, `healthz`, `metrics`, the dashboard's files, ...): S3 answers anonymous callers
//      in its XML, as the bucket's policy and ACLs decide. A bucket whose name collides with a Scones route is
//      reached by signed requests only.
//   4. Everything else keeps its path: requests signed for other services and X-Amz-Target requests reach the
//      Lambda, SageMaker runtime and Step Functions plugins by their paths and headers; unsigned requests for `/`
//      and Scones's own paths reach their routes, and unknown ones under them get the JSON 404.
import type { IncomingMessage } from 'node:http';
import { readAwsSignature } from './sigv4.js';

/** Internal mount of the S3 plugin; `_` cannot occur in bucket names, so no bucket shadows it. */
export const S3_MOUNT = '/__aws/s3';
const INTERNAL_PREFIX = '/__aws/';

export type AwsDestination = 's3' | 'routes';

/** The first path segments of Scones's own routes, learnt from Fastify's `onRoute` as they are registered. */
export class OwnRoutes {
  readonly #segments = new Set<string>();

  /** Notes one registered route path (`/api/v1/...`, `/healthz`, `/assets/app.js`). */
  add(url: string): void {
    if (url.startsWith(INTERNAL_PREFIX)) return;
    const segment = firstSegment(url);
    // `/` and parametric or wildcard first segments name no path of their own.
    if (segment === '' || segment.startsWith(':') || segment.includes('*')) return;
    this.#segments.add(segment);
  }

  has(segment: string): boolean {
    return this.#segments.has(segment);
  }
}

export function awsEdgeRewriteUrl(req: IncomingMessage, own: OwnRoutes = new OwnRoutes()): string {
  const url = req.url ?? '/';
  return chooseDestination(req, own) === 's3' ? `${S3_MOUNT}${url}` : url;
}

export function chooseDestination(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  own: OwnRoutes = new OwnRoutes(),
): AwsDestination {
  const url = req.url ?? '/';
  if (url.startsWith(INTERNAL_PREFIX)) return 'routes';
  const queryAt = url.indexOf('?');
  const signature = readAwsSignature(req.headers, queryAt < 0 ? '' : url.slice(queryAt + 1));
  if (signature.kind === 'sigv2') return 's3';
  if (signature.kind === 'sigv4') return signature.scope.service === 's3' ? 's3' : 'routes';
  if (signature.kind !== 'unsigned' || req.headers['x-amz-target'] !== undefined) return 'routes';
  const segment = firstSegment(queryAt < 0 ? url : url.slice(0, queryAt));
  return segment === '' || own.has(safeDecode(segment)) ? 'routes' : 's3';
}

function firstSegment(path: string): string {
  const rest = path.startsWith('/') ? path.slice(1) : path;
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
