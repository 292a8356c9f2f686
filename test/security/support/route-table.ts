// The server's routes, read from the Fastify app itself (so new routes are covered without editing a list), and
// how a hostile case reaches each one: REST as is, AWS protocol routes signed for their service.
import type { FastifyInstance } from 'fastify';
import type { HostileServer } from './hostile-server.js';
import type { HttpCall, HttpReply } from './http-client.js';
import type { Service } from './sign.js';

export interface RouteInfo {
  readonly method: string;
  /** The route pattern, e.g. `/api/v1/buckets/:bucket`. */
  readonly url: string;
  /** Route constraints as printed by Fastify (the Step Functions route has `amzTarget`). */
  readonly constraints: string;
}

/** Every method and URL the app routes, from `printRoutes` (HEAD routes Fastify adds for GETs left out). */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const match = /^(.*?)(?: \(([^)]*)\))?(?: (\{.*\}))?$/.exec(line.slice(at + 3));
    if (!match) continue;
    const [, segment = '', methods = '', constraints = ''] = match;
    const parent = stack[depth - 1] ?? '';
    // Each node prints the text it adds to its parent's path.
    // except that a wildcard node prints `*` alone where the route has `/*`.
    const url = segment === '*' && !parent.endsWith('/') ? `${parent}/*` : `${parent}${segment}`;
    stack[depth] = url;
    stack.length = depth + 1;
    for (const method of methods
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '' && m !== 'HEAD'))
      routes.push({ method, url, constraints });
  }
  return routes;
}

const SAMPLE_PARAMS: Readonly<Record<string, string>> = {
  bucket: 'victim',
  '*': 'no-such-key',
  execution: 'no-such-execution',
  requestId: 'no-such-request',
};

/** The route's URL with sample values for its parameters (resources that do not exist). */
export function sampleUrl(route: RouteInfo): string {
  return route.url
    .split('/')
    .map((part) => {
      if (part === '*') return SAMPLE_PARAMS['*'];
      if (!part.startsWith(':')) return part;
      return SAMPLE_PARAMS[part.slice(1)] ?? 'no-such-thing';
    })
    .join('/');
}

/** The AWS service a path belongs to (so the call is signed for it), or undefined for REST routes. */
export function serviceOf(route: RouteInfo): Service | undefined {
  if (route.url.startsWith('/__aws/s3')) return 's3';
  if (/^\/20\d\d-\d\d-\d\d\/functions/.test(route.url)) return 'lambda';
  if (route.url === '/endpoints/:name/invocations') return 'sagemaker';
  if (route.constraints.includes('amzTarget')) return 'states';
  return undefined;
}

/** Sends `call` the way a client of the route's protocol would (signed for AWS routes, as admin for REST). */
export function callRoute(server: HostileServer, route: RouteInfo, call: HttpCall): Promise<HttpReply> {
  const service = serviceOf(route);
  if (service === undefined) return server.rest(call);
  if (service === 's3')
    return server.aws('s3', { ...call, path: call.path.replace(/^\/__aws\/s3/, '') || '/' });
  return server.aws(service, call);
}
