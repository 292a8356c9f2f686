// The dashboard's REST routes for functions, through Fastify injection: list, describe, invoke, logs, OpenAPI.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { homeStore, openHome, PLATFORM_FIXTURES, removeTempDirs, type TestHome } from './support.js';

let home: TestHome;
let http: FastifyInstance;

for (const engine of DB_MATRIX) {
  describe(`functions REST API on ${engine.name}`, () => {
    beforeAll(async () => {
      home = await openHome(undefined, { asyncPollMs: 50 }, engine);
      const store = await homeStore(home.home);
      http = await buildHttpApp(
        { store, functions: home.service },
        { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
      );
      await home.service.seedBuiltins();
      await home.service.deploy({
        name: 'echo',
        runtime: 'nodejs',
        handler: 'index.handler',
        code: { kind: 'path', path: path.join(PLATFORM_FIXTURES, 'echo-v1') },
        environment: { GREETING: 'hey' },
      });
      home.service.start();
    });
    afterAll(async () => {
      await http.close();
      await home.close();
      await removeTempDirs();
    });

    describe('functions REST API', () => {
      it('is described in the OpenAPI document, without the Lambda protocol routes', async () => {
        const spec = (await http.inject({ url: '/api/v1/openapi.json' })).json();
        expect(Object.keys(spec.paths)).toEqual(
          expect.arrayContaining([
            '/api/v1/functions',
            '/api/v1/functions/{name}',
            '/api/v1/functions/{name}/invoke',
            '/api/v1/functions/{name}/logs',
            '/api/v1/functions/{name}/invocations/{requestId}',
          ]),
        );
        expect(Object.keys(spec.paths).some((p) => p.startsWith('/2015-03-31'))).toBe(false);
      });

      it('lists and describes functions, built-ins marked', async () => {
        const list = (await http.inject({ url: '/api/v1/functions' })).json();
        const byName = Object.fromEntries(list.functions.map((f: { name: string }) => [f.name, f]));
        expect(byName['scones-classifyImage']).toMatchObject({
          builtin: true,
          runtime: 'nodejs20.x',
          environment: { ENDPOINT_NAME: 'bikes' },
        });
        expect(byName.echo).toMatchObject({
          builtin: false,
          version: '$LATEST',
          latestVersion: 1,
          environment: { GREETING: 'hey' },
        });
        const described = (await http.inject({ url: '/api/v1/functions/echo' })).json();
        expect(described).toMatchObject({
          name: 'echo',
          arn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
          aliases: [],
        });
        expect(described.versions).toHaveLength(1);
        const missing = await http.inject({ url: '/api/v1/functions/nope' });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().error.code).toBe('FUNCTIONS_FUNCTION_NOT_FOUND');
      });

      it('invokes synchronously and asynchronously, and serves logs filtered by request id', async () => {
        const invoked = await http.inject({
          method: 'POST',
          url: '/api/v1/functions/echo/invoke?log=true',
          payload: { a: 1 },
        });
        expect(invoked.statusCode).toBe(200);
        const result = invoked.json();
        expect(result).toMatchObject({
          status: 'success',
          executedVersion: '$LATEST',
          payload: { revision: 1, event: { a: 1 }, greeting: 'hey' },
        });
        expect(result.logTail).toContain('echo v1 got {"a":1}');
        const failed = (
          await http.inject({
            method: 'POST',
            url: '/api/v1/functions/echo/invoke',
            payload: { fail: 'now' },
          })
        ).json();
        expect(failed).toMatchObject({
          status: 'error',
          functionError: 'Unhandled',
          errorType: 'EchoFailed',
        });

        const queued = await http.inject({
          method: 'POST',
          url: '/api/v1/functions/echo/invoke?async=true',
          payload: { q: 1 },
        });
        expect(queued.statusCode).toBe(202);
        const { requestId } = queued.json();
        await home.service.asyncSettled(requestId);
        const settled = (
          await http.inject({ url: `/api/v1/functions/echo/invocations/${requestId}` })
        ).json();
        expect(settled).toMatchObject({ requestId, status: 'succeeded', payload: { event: { q: 1 } } });
        expect(
          (await http.inject({ url: `/api/v1/functions/scones-classifyImage/invocations/${requestId}` }))
            .statusCode,
        ).toBe(404);

        const logs = (
          await http.inject({ url: `/api/v1/functions/echo/logs?requestId=${result.requestId}` })
        ).json();
        const messages = logs.events.map((e: { message: string }) => e.message);
        expect(messages[0]).toMatch(/^START RequestId/);
        // Node's console lines carry Lambda's prefix: time, request id, level.
        expect(messages.some((m: string) => m.endsWith('\tINFO\techo v1 got {"a":1}'))).toBe(true);
        expect(logs.events.every((e: { requestId: string }) => e.requestId === result.requestId)).toBe(true);
        const all = (await http.inject({ url: '/api/v1/functions/echo/logs?limit=3' })).json();
        expect(all.events).toHaveLength(3);
      });
    });
  });
}
