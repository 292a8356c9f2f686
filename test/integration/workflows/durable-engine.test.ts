// The durable engine through the workflow service: executions commit their history, survive an engine that
// stops mid-run (as after a crash), and never re-run a step whose result was committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { objectStorePort } from '../../../src/modules/workflows/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { type Harness, harness, inProcessFunctions, invokeTask, passChain, startMachine } from './support.js';

let h: Harness;

for (const db of DB_MATRIX)
  describe(`durable engine (${db.name})`, () => {
    beforeEach(async () => {
      h = await harness(db);
    });
    afterEach(() => h.cleanup());

    it('runs a pipeline of functions and commits Step Functions history', async () => {
      const functions = inProcessFunctions({
        serialize: (e) => ({ ...(e as object), image: 'aGVsbG8=' }),
        classify: (e) => ({ ...(e as object), inferences: [0.97, 0.03] }),
      });
      const { service } = await h.open({ functions });
      await service.startEngine();
      const definition = {
        StartAt: 'serialize',
        States: { serialize: invokeTask('serialize', 'classify'), classify: invokeTask('classify') },
      };
      const { executionArn } = await startMachine(service, 'pipeline', definition, {
        name: 'one',
        input: '{"key":"k"}',
      });
      expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      const described = await service.queries.describe(executionArn);
      expect(JSON.parse(described.output as string)).toEqual({
        key: 'k',
        image: 'aGVsbG8=',
        inferences: [0.97, 0.03],
      });
      const { events } = await service.queries.history({ executionArn, maxResults: 1000 });
      expect(events.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(functions.calls).toEqual(['serialize', 'classify']);
      expect(await service.replay(executionArn)).toEqual(events);
    });

    it('runs a 1,000-state Pass chain in one round', async () => {
      const { service } = await h.open();
      await service.startEngine();
      const { executionArn } = await startMachine(service, 'chain', passChain(1000), { input: '{"n":1}' });
      expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      const last = await service.queries.history({ executionArn, reverseOrder: true, maxResults: 1 });
      expect(last.events[0]?.type).toBe('ExecutionSucceeded');
      expect(last.events[0]?.id).toBe(2002);
    });

    it('reads Map items from the object store and writes results back', async () => {
      const store = new ObjectStore(new MemoryBlobStore(systemClock));
      await store.createBucket('scones');
      await store.putObject(
        'scones',
        'items.json',
        Buffer.from(JSON.stringify([{ n: 1 }, { n: 2 }, { n: 3 }])),
      );
      const { service } = await h.open({ objects: objectStorePort(store) });
      await service.startEngine();
      const definition = {
        StartAt: 'each',
        States: {
          each: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:getObject',
              ReaderConfig: { InputType: 'JSON' },
              Parameters: { Bucket: 'scones', Key: 'items.json' },
            },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'double',
              States: {
                double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true },
              },
            },
            Next: 'save',
          },
          save: {
            Type: 'Task',
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'scones', Key: 'out.json', 'Body.$': '$' },
            End: true,
          },
        },
      };
      const { executionArn } = await startMachine(service, 'items', definition);
      expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      expect(JSON.parse((await store.getObjectBytes('scones', 'out.json')).toString())).toEqual([
        { n: 2 },
        { n: 4 },
        { n: 6 },
      ]);
    });

    it('runs a Map of 500 task iterations, each a child run with its own snapshot', async () => {
      const { service, database } = await h.open({ functions: inProcessFunctions({ echo: (e) => e }) });
      await service.startEngine();
      const definition = {
        StartAt: 'each',
        States: {
          each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 't', States: { t: invokeTask('echo') } },
            End: true,
          },
        },
      };
      const items = Array.from({ length: 500 }, (_, i) => ({ i }));
      const { executionArn } = await startMachine(service, 'wide', definition, {
        input: JSON.stringify(items),
      });
      expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      expect(JSON.parse((await service.queries.describe(executionArn)).output as string)).toEqual(items);
      const left = await database.db
        .selectFrom('workflow_runs')
        .select('run_id')
        .where('execution_arn', '=', executionArn)
        .execute();
      expect(left).toEqual([]);
    });

    it('runs nested executions with states:startExecution.sync:2', async () => {
      const { service } = await h.open();
      await service.startEngine();
      const child = {
        StartAt: 'add',
        States: { add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } },
      };
      const { stateMachineArn: childArn } = await service.machines.create({
        name: 'child',
        definition: JSON.stringify(child),
      });
      const parent = {
        StartAt: 'call',
        States: {
          call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: childArn, Input: { a: 2, b: 3 } },
            OutputPath: '$.Output',
            End: true,
          },
        },
      };
      const { executionArn } = await startMachine(service, 'parent', parent);
      expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
      expect(JSON.parse((await service.queries.describe(executionArn)).output as string)).toEqual({ sum: 5 });
      const children = await service.queries.list({ stateMachineArn: childArn });
      expect(children.executions.map((e) => e.status)).toEqual(['SUCCEEDED']);
    });
  });
