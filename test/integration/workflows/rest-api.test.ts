// The workflows REST API (/api/v1) through Fastify's injection: state machines, versions, aliases, executions,
// history, task tokens, validation and TestState, and their place in the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import type { WorkflowService } from '../../../src/modules/workflows/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { type Harness, harness, inProcessFunctions } from './support.js';

for (const db of DB_MATRIX)
  describe(`workflows REST API on ${db.name}`, () => {
    let h: Harness;
    let app: FastifyInstance;
    let service: WorkflowService;
    const tokens: string[] = [];

    const adder = {
      StartAt: 'add',
      States: { add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } },
    };

    beforeAll(async () => {
      h = await harness(db);
      ({ service } = await h.open({
        functions: inProcessFunctions({
          'hand-over': (e) => void tokens.push((e as { token: string }).token),
        }),
      }));
      await service.startEngine();
      app = await buildHttpApp(
        { store: new ObjectStore(new MemoryBlobStore(systemClock)), workflows: service },
        { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
      );
    });
    afterAll(async () => {
      await app.close();
      await h.cleanup();
    });

    const post = (url: string, payload?: object) =>
      app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload ?? {} });
    const get = (url: string) => app.inject({ url: `/api/v1${url}` });

    async function ended(name: string, execution: string) {
      for (;;) {
        const body = (await get(`/state-machines/${name}/executions/${execution}`)).json();
        if (body.status !== 'RUNNING') return body;
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    describe('workflows REST API', () => {
      it('creates state machines and runs, lists and describes executions', async () => {
        const created = await post('/state-machines', { name: 'adder', definition: adder });
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:adder',
        });
        expect((await get('/state-machines/adder')).json()).toMatchObject({
          name: 'adder',
          type: 'STANDARD',
          definition: adder,
        });
        const started = await post('/state-machines/adder/executions', {
          name: 'one',
          input: { a: 1, b: 2 },
        });
        expect(started.statusCode).toBe(201);
        expect(await ended('adder', 'one')).toMatchObject({
          status: 'SUCCEEDED',
          input: { a: 1, b: 2 },
          output: { sum: 3 },
        });
        const listed = (await get('/state-machines/adder/executions?status=SUCCEEDED')).json();
        expect(listed.executions.map((e: { name: string }) => e.name)).toEqual(['one']);
        const history = (
          await get('/state-machines/adder/executions/one/history?reverse=true&maxResults=2')
        ).json();
        expect(history.events.map((e: { type: string }) => e.type)).toEqual([
          'ExecutionSucceeded',
          'PassStateExited',
        ]);
        expect(history.nextToken).toEqual(expect.any(String));
        const missing = await get('/state-machines/adder/executions/none');
        expect(missing.statusCode).toBe(404);
        expect(missing.json().error.code).toBe('WORKFLOW_EXECUTION_NOT_FOUND');
      });

      it('publishes versions and routes aliases', async () => {
        expect((await post('/state-machines/adder/versions', { description: 'v1' })).json()).toMatchObject({
          stateMachineVersionArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:adder:1',
        });
        const alias = await post('/state-machines/adder/aliases', {
          name: 'live',
          routing: [{ version: 1, weight: 100 }],
        });
        expect(alias.statusCode).toBe(201);
        await post('/state-machines/adder/executions', {
          name: 'via-alias',
          input: { a: 2, b: 2 },
          qualifier: 'live',
        });
        expect(await ended('adder', 'via-alias')).toMatchObject({
          output: { sum: 4 },
          stateMachineAliasArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:adder:live',
        });
        expect((await get('/state-machines/adder/aliases')).json().stateMachineAliases).toHaveLength(1);
        expect(
          (await app.inject({ method: 'DELETE', url: '/api/v1/state-machines/adder/aliases/live' }))
            .statusCode,
        ).toBe(204);
      });

      it('runs EXPRESS machines synchronously', async () => {
        await post('/state-machines', { name: 'quick', definition: JSON.stringify(adder), type: 'EXPRESS' });
        const run = await post('/state-machines/quick/sync-executions', { input: { a: 20, b: 22 } });
        expect(run.json()).toMatchObject({ status: 'SUCCEEDED', output: { sum: 42 } });
        const refused = await post('/state-machines/adder/sync-executions', {});
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error.code).toBe('WORKFLOW_STATE_MACHINE_TYPE_NOT_SUPPORTED');
      });

      it('completes callback tasks and stops executions', async () => {
        await post('/state-machines', {
          name: 'callback',
          definition: {
            StartAt: 'wait',
            States: {
              wait: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: { FunctionName: 'hand-over', Payload: { 'token.$': '$$.Task.Token' } },
                End: true,
              },
            },
          },
        });
        await post('/state-machines/callback/executions', { name: 'a' });
        await post('/state-machines/callback/executions', { name: 'b' });
        while (tokens.length < 2) await new Promise((r) => setTimeout(r, 20));
        expect((await post('/tasks/heartbeat', { taskToken: tokens[0] })).statusCode).toBe(204);
        expect((await post('/tasks/success', { taskToken: tokens[0], output: { ok: 1 } })).statusCode).toBe(
          204,
        );
        expect((await post('/state-machines/callback/executions/b/stop', { error: 'Stop' })).statusCode).toBe(
          200,
        );
        expect(await ended('callback', 'a')).toMatchObject({ status: 'SUCCEEDED', output: { ok: 1 } });
        expect(await ended('callback', 'b')).toMatchObject({ status: 'ABORTED', error: 'Stop' });
        const unknown = await post('/tasks/failure', { taskToken: tokens[1], error: 'E' });
        expect(unknown.json().error.code).toBe('WORKFLOW_TASK_TOKEN_NOT_FOUND');
      });

      it('validates definitions and tests one state', async () => {
        const invalid = (
          await post('/workflows/validate', { definition: { StartAt: 'x', States: {} } })
        ).json();
        expect(invalid.result).toBe('FAIL');
        const tested = (
          await post('/workflows/test-state', { definition: adder.States.add, input: { a: 1, b: 1 } })
        ).json();
        expect(tested).toMatchObject({
          status: 'SUCCEEDED',
          output: '{"sum":2}',
          inspectionData: { input: '{"a":1,"b":1}' },
        });
      });

      it('describes its routes in the OpenAPI document', async () => {
        const spec = (await get('/openapi.json')).json();
        expect(Object.keys(spec.paths)).toEqual(
          expect.arrayContaining([
            '/api/v1/state-machines',
            '/api/v1/state-machines/{name}',
            '/api/v1/state-machines/{name}/versions',
            '/api/v1/state-machines/{name}/aliases/{alias}',
            '/api/v1/state-machines/{name}/executions',
            '/api/v1/state-machines/{name}/sync-executions',
            '/api/v1/state-machines/{name}/executions/{execution}/history',
            '/api/v1/tasks/success',
            '/api/v1/workflows/validate',
            '/api/v1/workflows/test-state',
          ]),
        );
        expect(Object.keys(spec.paths)).not.toContain('/');
      });
    });
  });
