// Malformed JSON on every route that reads a JSON body (listed from the Fastify app) and on every Step Functions
// operation: broken syntax, prototype pollution, a 100,000-deep nesting, invalid UTF-8, NUL, form bodies.
import { expect } from 'vitest';
import { executionOperations } from '../../../src/http/aws/sfn/execution-operations.js';
import { machineOperations } from '../../../src/http/aws/sfn/machine-operations.js';
import { type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import { startHostileServer } from '../support/hostile-server.js';
import { callRoute, listRoutes, type RouteInfo, sampleUrl } from '../support/route-table.js';

const server = await startHostileServer();

/** Routes whose body is not JSON: object bytes, S3 XML, images. */
const RAW_BODY = [/\/objects\/\*$/, /^\/__aws\/s3/, /^\/endpoints\/:name\/invocations$/];
const jsonRoutes = listRoutes(server.running.http).filter(
  (r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !RAW_BODY.some((p) => p.test(r.url)),
);

const DEPTH = 100_000;
const PAYLOADS: Readonly<Record<string, { body: Buffer | string; type?: string }>> = {
  'truncated JSON': { body: '{"name": "x", "definition": {"StartAt": ' },
  'a trailing comma': { body: '{"name": "x",}' },
  'form data sent as JSON': { body: 'name=x&definition=y' },
  'a __proto__ key': { body: '{"name": "x", "__proto__": {"polluted": "yes"}}' },
  'a constructor.prototype key': { body: '{"name": "x", "constructor": {"prototype": {"polluted": "yes"}}}' },
  [`arrays nested ${DEPTH} deep`]: { body: `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}` },
  'invalid UTF-8': { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x3a, 0x31, 0x7d]) },
  'a NUL byte': { body: '{"name": "x\u0000y"}' },
};

function refusedStatuses(route: RouteInfo): number[] {
  // Bodies that parse (the deep array, replaced UTF-8) then meet the route's own checks or a missing resource.
  return route.url.includes('/invocations') ? [400, 404, 413] : [400, 404, 409, 413, 415];
}

const routeCases: HostileCase[] = jsonRoutes.flatMap((route) =>
  Object.entries(PAYLOADS).map(([what, payload]) => ({
    name: `${route.method} ${route.url} with ${what}`,
    act: (s) =>
      callRoute(s, route, {
        method: route.method,
        path: sampleUrl(route),
        headers: { 'content-type': payload.type ?? 'application/json' },
        body: payload.body,
      }),
    refuse: { status: refusedStatuses(route) },
    check: () => expect(({} as Record<string, unknown>).polluted, 'no prototype pollution').toBeUndefined(),
  })),
);

const SFN_BODIES: Readonly<Record<string, string>> = {
  'truncated JSON': '{"name": ',
  'an array body': '[1, 2, 3]',
  'a string body': '"AWSStepFunctions"',
};
const sfnOperations = Object.keys({ ...machineOperations, ...executionOperations });
const sfnCases: HostileCase[] = sfnOperations.flatMap((operation) =>
  Object.entries(SFN_BODIES).map(([what, body]) => ({
    name: `Step Functions ${operation} with ${what}`,
    act: (s) =>
      s.aws('states', {
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSStepFunctions.${operation}`,
        },
        body,
      }),
    refuse: { status: 400 },
  })),
);

const wrongType: HostileCase[] = jsonRoutes
  .filter((r) => r.url.startsWith('/api/v1/'))
  .map((route) => ({
    name: `${route.method} ${route.url} with a form body`,
    act: (s) =>
      callRoute(s, route, {
        method: route.method,
        path: sampleUrl(route),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x&__proto__[polluted]=yes',
      }),
    refuse: { status: 415 },
  }));

export const suite = hostileSuite('malformed JSON', [...routeCases, ...sfnCases, ...wrongType], { server });
