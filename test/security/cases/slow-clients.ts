// Slow clients (slowloris): headers or bodies trickled, idle connections, and many of them at once. The server
// must cut each one off (408 or a closed socket) on its own timeouts and keep serving everyone else meanwhile.
import { expect } from 'vitest';
import { type HostileCase, hostileSuite } from '../support/hostile-cases.js';
import { type HostileServer, VICTIM_BUCKET } from '../support/hostile-server.js';
import { asOutcome, trickle } from '../support/http-client.js';
import { signCall } from '../support/sign.js';

/** Short timeouts for this suite's server, so each slow client is cut off within about a second. */
const TIMEOUTS = { headersMs: 500, requestMs: 1000 };
/** Far beyond the server's timeouts: a client still connected then was never cut off. */
const GIVE_UP_MS = TIMEOUTS.requestMs * 5;
const GAP_MS = 100;

function slowHeaders(path: string): string[] {
  return [
    `GET ${path} HTTP/1.1\r\n`,
    'Host: localhost\r\n',
    ...Array.from({ length: 200 }, (_, i) => `X-Slow-${i}: a\r\n`),
  ];
}

function slowBody(method: string, path: string, headers: string, length = 10_000): string[] {
  const head = `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Content-Length: ${length}\r\n\r\n`;
  return [head, ...Array.from({ length: 200 }, () => ' ')];
}

function cutOff(pieces: (s: HostileServer) => Promise<string[]> | string[]): HostileCase['act'] {
  return async (server) => {
    const outcome = await trickle(server.url, await pieces(server), { gapMs: GAP_MS, giveUpMs: GIVE_UP_MS });
    expect(outcome.closedByServer, 'the server closed the slow connection').toBe(true);
    return asOutcome(outcome);
  };
}

/** The raw request line and signed headers of an S3 PutObject whose body will be trickled. */
async function signedPut(server: HostileServer): Promise<string[]> {
  const call = await signCall(
    server.url,
    's3',
    {
      method: 'PUT',
      path: `/${VICTIM_BUCKET}/slow.bin`,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': '10000' },
    },
    server.credentials,
  );
  const headers = Object.entries(call.headers ?? {})
    .filter(([name]) => name !== 'content-length')
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return slowBody('PUT', call.path, headers);
}

const TIMED_OUT = { status: [408, 0] };

const cases: HostileCase[] = [
  {
    name: 'headers trickled one line at a time',
    act: cutOff(() => slowHeaders('/healthz')),
    refuse: TIMED_OUT,
  },
  {
    name: 'a request line trickled one byte at a time',
    act: cutOff(() =>
      [...'GET /api/v1/buckets HTTP/1.1\r\nHost: localhost\r\n'].concat(Array(200).fill('X')),
    ),
    refuse: TIMED_OUT,
  },
  { name: 'a connection that sends nothing', act: cutOff(() => ['']), refuse: TIMED_OUT },
  {
    name: 'a JSON body trickled to POST /api/v1/state-machines',
    act: cutOff(() => slowBody('POST', '/api/v1/state-machines', 'Content-Type: application/json\r\n')),
    refuse: TIMED_OUT,
  },
  {
    name: 'an object body trickled to the REST PUT object route',
    act: cutOff(() =>
      slowBody(
        'PUT',
        `/api/v1/buckets/${VICTIM_BUCKET}/objects/slow.bin`,
        'Content-Type: application/octet-stream\r\n',
      ),
    ),
    refuse: TIMED_OUT,
  },
  { name: 'an object body trickled to S3 PutObject', act: cutOff(signedPut), refuse: TIMED_OUT },
  {
    name: 'a payload trickled to Lambda Invoke',
    act: cutOff(() =>
      slowBody('POST', '/2015-03-31/functions/no-such/invocations', 'Content-Type: application/json\r\n'),
    ),
    refuse: TIMED_OUT,
  },
  {
    name: 'an image trickled to SageMaker InvokeEndpoint',
    act: cutOff(() => slowBody('POST', '/endpoints/no-such/invocations', 'Content-Type: image/png\r\n')),
    refuse: TIMED_OUT,
  },
  {
    name: 'a chunked body that stalls after its first chunk',
    act: cutOff(() => [
      'POST /api/v1/state-machines HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      '1\r\n{\r\n',
      ...Array(200).fill(''),
    ]),
    refuse: TIMED_OUT,
  },
  {
    name: '150 slow connections at once while others are served',
    act: async (server) => {
      const attackers = Array.from({ length: 150 }, (_, i) =>
        trickle(
          server.url,
          i % 2
            ? slowHeaders('/healthz')
            : slowBody('POST', '/api/v1/state-machines', 'Content-Type: application/json\r\n'),
          {
            gapMs: GAP_MS,
            giveUpMs: GIVE_UP_MS,
          },
        ),
      );
      // Served while every attacker holds its connection open.
      const during = await server.rest({ method: 'GET', path: `/api/v1/buckets/${VICTIM_BUCKET}` });
      expect(during.status).toBe(200);
      const outcomes = await Promise.all(attackers);
      expect(outcomes.filter((o) => !o.closedByServer)).toEqual([]);
      return asOutcome(outcomes[0] as (typeof outcomes)[number]);
    },
    refuse: TIMED_OUT,
  },
];

export const suite = hostileSuite('slow clients (slowloris)', cases, {
  settings: { 'server.headersTimeoutMs': TIMEOUTS.headersMs, 'server.requestTimeoutMs': TIMEOUTS.requestMs },
  timeoutMs: GIVE_UP_MS + 10_000,
});
