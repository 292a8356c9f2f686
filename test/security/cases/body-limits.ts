// Oversized requests: bodies over each route's limit (sent, or only declared), chunked bodies that never end
// under the limit, and header blocks and URLs over Node's header limit.
import { type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import { type HostileServer, LIMITS, startHostileServer, VICTIM_BUCKET } from '../support/hostile-server.js';
import { asOutcome, sendRaw } from '../support/http-client.js';
import { callRoute, listRoutes, sampleUrl, serviceOf } from '../support/route-table.js';

const server = await startHostileServer();
const bodyRoutes = listRoutes(server.running.http).filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));

/** Lambda's and SageMaker's own payload limits are above the server's, and fixed by the protocols. */
const MIB = 1024 * 1024;
function limitOf(url: string): number {
  if (url === '/2015-03-31/functions/:name/invocations') return 7 * MIB;
  if (url === '/endpoints/:name/invocations') return 6 * MIB;
  if (url === '/2015-03-31/functions' || url.endsWith('/code')) return 68 * MIB;
  // PublishLayerVersion takes an inline zip as CreateFunction does.
  if (url === '/2018-10-31/layers/:layer/versions') return 68 * MIB;
  return LIMITS.bodyLimitBytes;
}

/** Routes that stream a body of any size into the store (S3 objects up to 5 GB): not a size refusal. */
const STREAMED = [/\/objects\/\*$/, /^\/__aws\/s3/];

/** A request line and headers declaring `length` bytes, then only a few of them. */
function declaring(method: string, url: string, length: number, extra = ''): string {
  return `${method} ${url} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}Connection: close\r\n\r\n{"a":`;
}

const sentCases: HostileCase[] = bodyRoutes
  .filter((r) => !STREAMED.some((p) => p.test(r.url)))
  .map((route) => ({
    name: `${route.method} ${route.url} with a body 1 byte over its limit`,
    act: (s: HostileServer) =>
      callRoute(s, route, {
        method: route.method,
        path: sampleUrl(route),
        headers: { 'content-type': serviceOf(route) === 'sagemaker' ? 'image/png' : 'application/json' },
        body: Buffer.alloc(limitOf(route.url) + 1, 0x20),
      }),
    refuse: { status: 413 },
  }));

const declaredCases: HostileCase[] = bodyRoutes
  .filter((r) => !STREAMED.some((p) => p.test(r.url)) && serviceOf(r) !== 'states')
  .map((route) => ({
    name: `${route.method} ${route.url} declaring a 10 GB body`,
    act: async (s: HostileServer) =>
      asOutcome(await sendRaw(s.url, declaring(route.method, sampleUrl(route), 10 * 1024 ** 3))),
    refuse: { status: 413 },
  }));

const chunkedCase: HostileCase = {
  name: 'POST /api/v1/state-machines with a chunked body growing past the limit',
  act: (s) =>
    s.rest({
      method: 'POST',
      path: '/api/v1/state-machines',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(LIMITS.bodyLimitBytes * 2, 0x20),
    }),
  refuse: { status: 413 },
};

const smuggling: HostileCase[] = [
  [
    'Content-Length and Transfer-Encoding both',
    'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n',
    '0\r\n\r\n',
  ],
  ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 40\r\n', '{}'],
  ['a negative Content-Length', 'Content-Length: -1\r\n', '{}'],
  ['an invalid chunk size', 'Transfer-Encoding: chunked\r\n', 'zz\r\n{}\r\n0\r\n\r\n'],
].map(([what, headers, body]) => ({
  name: `POST /api/v1/state-machines with ${what} (request smuggling)`,
  act: async (s: HostileServer) =>
    asOutcome(
      await sendRaw(
        s.url,
        `POST /api/v1/state-machines HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}GET /api/v1/buckets HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      ),
    ),
  refuse: { status: 400 },
}));

const s3Declared: HostileCase = {
  name: 'S3 PutObject declaring a body over the 5 GB single-upload limit',
  act: async (s) => {
    const signed = await s
      .aws('s3', {
        method: 'PUT',
        path: `/${VICTIM_BUCKET}/huge.bin`,
        headers: { 'content-length': String(6 * 1024 ** 3), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      })
      .catch((error: unknown) => ({ thrown: error }));
    return signed;
  },
  refuse: { status: 400, code: 'EntityTooLarge' },
};

const restDeclared: HostileCase = {
  name: 'REST PUT object declaring a body over the 5 GB object limit',
  act: async (s) =>
    asOutcome(
      await sendRaw(
        s.url,
        `PUT /api/v1/buckets/${VICTIM_BUCKET}/objects/huge.bin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: ${6 * 1024 ** 3}\r\nConnection: close\r\n\r\nxx`,
      ),
    ),
  refuse: { status: 413, code: 'STORAGE_ENTITY_TOO_LARGE' },
};

const headerCases: HostileCase[] = [
  [
    'a 64 KB header',
    `GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`,
  ],
  [
    'a 64 KB URL',
    `GET /api/v1/buckets/${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
  ],
  [
    '10,000 headers',
    `GET /healthz HTTP/1.1\r\nHost: localhost\r\n${Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
  ],
].map(([what, raw]) => ({
  name: `a request with ${what}`,
  act: async (s: HostileServer) => asOutcome(await sendRaw(s.url, raw as string)),
  refuse: { status: 431 },
}));

export const suite = hostileSuite(
  'oversized requests',
  [...sentCases, ...declaredCases, chunkedCase, ...smuggling, s3Declared, restDeclared, ...headerCases],
  {
    server,
  },
);
