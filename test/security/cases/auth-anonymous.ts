// Every route (read from the Fastify app) and every Step Functions operation without credentials or with wrong
// ones, and anonymous clients declaring huge bodies: each refused before anything runs.
import { executionOperations } from '../../../src/http/aws/sfn/execution-operations.js';
import { machineOperations } from '../../../src/http/aws/sfn/machine-operations.js';
import type { HostileCase } from '../support/hostile-cases.js';
import { bearer, type HostileServer } from '../support/hostile-server.js';
import { asOutcome, type HttpCall, type HttpReply, send, sendRaw } from '../support/http-client.js';
import { type RouteInfo, sampleUrl, serviceOf } from '../support/route-table.js';
import type { Service } from '../support/sign.js';
import { actors, REFUSED, sfnCall, sigv4As, UNKNOWN_KEY, WRONG_SECRET } from './auth-actors.js';

/** Paths open to anyone: liveness, the OpenAPI document, the login itself, and the dashboard's files (GETs). */
const API_PATH = /^\/(api\/|__aws\/|20\d\d-\d\d-\d\d\/|endpoints\/|metrics$)/;
function isPublic(route: RouteInfo): boolean {
  if (['/healthz', '/api/v1/openapi.json', '/api/session'].includes(route.url)) return true;
  return route.method === 'GET' && !API_PATH.test(route.url) && !route.constraints.includes('amzTarget');
}

/** A body each kind of route accepts, so it is the credentials that get refused, not the payload. */
function bodyFor(route: RouteInfo): Pick<HttpCall, 'headers' | 'body'> {
  if (['GET', 'DELETE'].includes(route.method)) return {};
  if (serviceOf(route) === 'sagemaker')
    return { headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50]) };
  if (serviceOf(route) === 's3') return { body: 'overwritten' };
  return { headers: { 'content-type': 'application/json' }, body: '{}' };
}

type Variant = (s: HostileServer, route: RouteInfo, call: HttpCall) => Promise<HttpReply>;
/** Signed for S3 the call goes to the S3 edge by its signature; REST routes take SigV4 of any service. */
const signingService = (route: RouteInfo): Service => serviceOf(route) ?? 'execute-api';
const s3Path = (call: HttpCall) => ({ ...call, path: call.path.replace(/^\/__aws\/s3/, '') || '/' });

const VARIANTS: Readonly<Record<string, Variant>> = {
  'no credentials': (s, _route, call) => send(s.url, call),
  'a Bearer key that does not exist': (s, _route, call) =>
    send(s.url, { ...call, headers: { ...call.headers, authorization: bearer(UNKNOWN_KEY) } }),
  "the admin's key with a wrong secret (Bearer)": (s, _route, call) =>
    send(s.url, {
      ...call,
      headers: { ...call.headers, authorization: bearer(WRONG_SECRET(s.credentials)) },
    }),
  "SigV4 with the admin's key and a wrong secret": (s, route, call) =>
    sigv4As(
      s,
      signingService(route),
      serviceOf(route) === 's3' ? s3Path(call) : call,
      WRONG_SECRET(s.credentials),
    ),
  'SigV4 from an unknown access key': (s, route, call) =>
    sigv4As(s, signingService(route), serviceOf(route) === 's3' ? s3Path(call) : call, UNKNOWN_KEY),
  'a deactivated key (SigV4)': (s, route, call) =>
    sigv4As(s, signingService(route), serviceOf(route) === 's3' ? s3Path(call) : call, actors.carol),
};

/** Every non-public route, with each way of not being who it takes. */
export function everyRouteCases(routes: readonly RouteInfo[]): HostileCase[] {
  return routes
    .filter((route) => !isPublic(route) && !route.constraints.includes('amzTarget'))
    .flatMap((route) =>
      Object.entries(VARIANTS).map(([what, variant]) => ({
        name: `${route.method} ${route.url} with ${what}`,
        act: (s: HostileServer) =>
          variant(s, route, { method: route.method, path: sampleUrl(route), ...bodyFor(route) }),
        refuse: REFUSED,
      })),
    );
}

/** An anonymous client declaring a huge body is refused at once, never left to send (or make us buffer) it. */
export function anonymousUploadCases(routes: readonly RouteInfo[]): HostileCase[] {
  return routes
    .filter(
      (route) => !isPublic(route) && ['POST', 'PUT'].includes(route.method) && serviceOf(route) !== 's3',
    )
    .map((route) => ({
      name: `${route.method} ${route.url} from an anonymous client declaring a 10 GB body`,
      act: async (s: HostileServer) =>
        asOutcome(
          await sendRaw(
            s.url,
            `${route.method} ${sampleUrl(route)} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 ** 3}\r\n${route.constraints.includes('amzTarget') ? 'X-Amz-Target: AWSStepFunctions.ListStateMachines\r\n' : ''}Connection: close\r\n\r\n{"a":`,
          ),
        ),
      refuse: {
        status: [401, 403, 413],
        code: /^(IAM_MISSING_AUTHENTICATION|MissingAuthenticationToken|RequestEntityTooLargeException|HTTP_FST_ERR_CTP_BODY_TOO_LARGE|ValidationError)$/,
      },
    }));
}

const sfnOperations = Object.keys({ ...machineOperations, ...executionOperations });
export const everySfnOperation: HostileCase[] = sfnOperations.flatMap((operation) => [
  {
    name: `Step Functions ${operation} with no credentials`,
    act: (s) => send(s.url, sfnCall(operation)),
    refuse: REFUSED,
  },
  {
    name: `Step Functions ${operation} signed with a wrong secret`,
    act: (s) => sigv4As(s, 'states', sfnCall(operation), WRONG_SECRET(s.credentials)),
    refuse: REFUSED,
  },
]);
