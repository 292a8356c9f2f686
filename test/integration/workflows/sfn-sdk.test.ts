// The Step Functions API through the official @aws-sdk/client-sfn against a listening server.
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/http/http-app.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import type { WorkflowService } from '../../../src/modules/workflows/index.js';
import { MemoryBlobStore } from '../../../src/platform/blob/memory/memory-blob-store.js';
import { DB_MATRIX } from '../../support/db-matrix.js';
import { type Harness, harness, inProcessFunctions, invokeTask } from './support.js';

for (const db of DB_MATRIX)
  describe(`Step Functions API on ${db.name}`, () => {
    let h: Harness;
    let app: FastifyInstance;
    let sfn: SFNClient;
    let service: WorkflowService;
    const tokens: string[] = [];
    /** Each execution's token by its name: the three executions started at once reach the function in any order. */
    const tokenOf = new Map<string, string>();

    const pipeline = {
      StartAt: 'double',
      States: {
        double: invokeTask('double', 'wait'),
        wait: { Type: 'Wait', Seconds: 0, Next: 'done' },
        done: { Type: 'Pass', End: true },
      },
    };

    beforeAll(async () => {
      h = await harness(db);
      const functions = inProcessFunctions({
        double: (e) => ({ n: (e as { n: number }).n * 2 }),
        'hand-over': (e) => {
          const { token, name } = e as { token: string; name: string };
          tokens.push(token);
          tokenOf.set(name, token);
        },
      });
      ({ service } = await h.open({ functions }));
      await service.startEngine();
      app = await buildHttpApp(
        { store: new ObjectStore(new MemoryBlobStore(systemClock)), workflows: service },
        { version: 'test', logger: pino({ level: 'silent' }), bodyLimitBytes: 1 << 20 },
      );
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address() as { port: number };
      sfn = new SFNClient({
        endpoint: `http://127.0.0.1:${address.port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        // StartSyncExecution's endpoint has a `sync-` host prefix in AWS; a local endpoint has none.
        disableHostPrefix: true,
      });
    });
    afterAll(async () => {
      sfn.destroy();
      await app.close();
      await h.cleanup();
    });

    async function finished(executionArn: string) {
      for (;;) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (described.status !== 'RUNNING') return described;
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    describe('Step Functions API (@aws-sdk/client-sfn)', () => {
      it('creates, describes, updates, lists and runs a STANDARD state machine', async () => {
        const created = await sfn.send(
          new CreateStateMachineCommand({
            name: 'pipeline',
            definition: JSON.stringify(pipeline),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:pipeline');
        expect(created.creationDate).toBeInstanceOf(Date);
        const again = await sfn.send(
          new CreateStateMachineCommand({
            name: 'pipeline',
            definition: JSON.stringify(pipeline),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        expect(again.stateMachineArn).toBe(created.stateMachineArn);
        const described = await sfn.send(
          new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
        );
        expect(described).toMatchObject({ name: 'pipeline', type: 'STANDARD', status: 'ACTIVE' });
        expect(JSON.parse(described.definition as string)).toEqual(pipeline);
        const listed = await sfn.send(new ListStateMachinesCommand({}));
        expect(listed.stateMachines?.map((m) => m.name)).toContain('pipeline');

        const start = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: created.stateMachineArn,
            name: 'run-1',
            input: '{"n":21}',
          }),
        );
        expect(start.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1');
        const done = await finished(start.executionArn as string);
        expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"n":42}', name: 'run-1' });
        expect(done.stopDate).toBeInstanceOf(Date);
        // A closed execution's name cannot be used again, even with the same input.
        await expect(
          sfn.send(
            new StartExecutionCommand({
              stateMachineArn: created.stateMachineArn,
              name: 'run-1',
              input: '{"n":21}',
            }),
          ),
        ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists', $metadata: { httpStatusCode: 400 } });

        const updated = await sfn.send(
          new UpdateStateMachineCommand({
            stateMachineArn: created.stateMachineArn,
            definition: JSON.stringify({ StartAt: 'p', States: { p: { Type: 'Pass', End: true } } }),
          }),
        );
        expect(updated.revisionId).not.toBe(described.revisionId);
        const forExecution = await sfn.send(
          new DescribeStateMachineForExecutionCommand({ executionArn: start.executionArn }),
        );
        expect(forExecution.name).toBe('pipeline');
      });

      it('pages history in both orders and lists executions with filters and paging', async () => {
        const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:pipeline';
        const history = await sfn.send(
          new GetExecutionHistoryCommand({
            executionArn: `arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1`,
            maxResults: 3,
          }),
        );
        expect(history.events?.map((e) => [e.id, e.type])).toEqual([
          [1, 'ExecutionStarted'],
          [2, 'TaskStateEntered'],
          [3, 'TaskScheduled'],
        ]);
        expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
        expect(history.events?.[0]?.executionStartedEventDetails?.input).toBe('{"n":21}');
        const next = await sfn.send(
          new GetExecutionHistoryCommand({
            executionArn: `arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1`,
            maxResults: 3,
            nextToken: history.nextToken,
          }),
        );
        expect(next.events?.map((e) => e.id)).toEqual([4, 5, 6]);
        const reverse = await sfn.send(
          new GetExecutionHistoryCommand({
            executionArn: `arn:aws:states:us-east-1:000000000000:execution:pipeline:run-1`,
            reverseOrder: true,
            maxResults: 1,
          }),
        );
        expect(reverse.events?.[0]).toMatchObject({
          type: 'ExecutionSucceeded',
          executionSucceededEventDetails: { output: '{"n":42}' },
        });

        for (const name of ['run-2', 'run-3']) {
          await finished(
            (await sfn.send(new StartExecutionCommand({ stateMachineArn, name }))).executionArn as string,
          );
        }
        const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
        const page2 = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken: page1.nextToken }),
        );
        const names = [...(page1.executions ?? []), ...(page2.executions ?? [])].map((e) => e.name);
        expect(names.sort()).toEqual(['run-1', 'run-2', 'run-3']);
        expect(page2.nextToken).toBeUndefined();
        const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));
        expect(failed.executions).toEqual([]);
      });

      it('publishes versions, routes aliases and runs them', async () => {
        const { stateMachineArn } = await sfn.send(
          new CreateStateMachineCommand({
            name: 'versioned',
            definition: JSON.stringify({
              StartAt: 'p',
              States: { p: { Type: 'Pass', Result: 1, End: true } },
            }),
            roleArn: 'arn:aws:iam::000000000000:role/r',
            publish: true,
          }),
        );
        await sfn.send(
          new UpdateStateMachineCommand({
            stateMachineArn,
            definition: JSON.stringify({
              StartAt: 'p',
              States: { p: { Type: 'Pass', Result: 2, End: true } },
            }),
          }),
        );
        const v2 = await sfn.send(
          new PublishStateMachineVersionCommand({ stateMachineArn, description: 'two' }),
        );
        expect(v2.stateMachineVersionArn).toBe(`${stateMachineArn}:2`);
        const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
        expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([
          `${stateMachineArn}:2`,
          `${stateMachineArn}:1`,
        ]);
        const v1 = await sfn.send(
          new DescribeStateMachineCommand({ stateMachineArn: `${stateMachineArn}:1` }),
        );
        expect(JSON.parse(v1.definition as string).States.p.Result).toBe(1);

        const alias = await sfn.send(
          new CreateStateMachineAliasCommand({
            name: 'live',
            routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:1`, weight: 100 }],
          }),
        );
        expect(alias.stateMachineAliasArn).toBe(`${stateMachineArn}:live`);
        const viaAlias = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn, name: 'a1' }),
        );
        expect(await finished(viaAlias.executionArn as string)).toMatchObject({
          output: '1',
          stateMachineAliasArn: alias.stateMachineAliasArn,
          stateMachineVersionArn: `${stateMachineArn}:1`,
        });
        await sfn.send(
          new UpdateStateMachineAliasCommand({
            stateMachineAliasArn: alias.stateMachineAliasArn,
            routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:2`, weight: 100 }],
          }),
        );
        const viaAlias2 = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn, name: 'a2' }),
        );
        expect((await finished(viaAlias2.executionArn as string)).output).toBe('2');
        const described = await sfn.send(
          new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn }),
        );
        expect(described.routingConfiguration).toEqual([
          { stateMachineVersionArn: `${stateMachineArn}:2`, weight: 100 },
        ]);
        const byAlias = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn: alias.stateMachineAliasArn }),
        );
        expect(byAlias.executions?.map((e) => e.name).sort()).toEqual(['a1', 'a2']);
        const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }));
        expect(aliases.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([
          alias.stateMachineAliasArn,
        ]);
        await expect(
          sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` })),
        ).rejects.toMatchObject({ name: 'ConflictException' });
        await sfn.send(
          new DeleteStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn }),
        );
        await sfn.send(
          new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }),
        );
        const left = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
        expect(left.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([
          `${stateMachineArn}:1`,
        ]);
        await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
        await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
          name: 'StateMachineDoesNotExist',
        });
      });

      it('runs EXPRESS machines synchronously and refuses them for STANDARD ones', async () => {
        const express = await sfn.send(
          new CreateStateMachineCommand({
            name: 'fast',
            type: 'EXPRESS',
            definition: JSON.stringify(pipeline),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        const run = await sfn.send(
          new StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn, input: '{"n":2}' }),
        );
        expect(run).toMatchObject({ status: 'SUCCEEDED', output: '{"n":4}' });
        expect(run.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:fast:/);
        await expect(
          sfn.send(
            new StartSyncExecutionCommand({
              stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:pipeline',
            }),
          ),
        ).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
      });

      it('completes callback tasks with SendTask* and stops executions', async () => {
        const definition = {
          StartAt: 'callback',
          States: {
            callback: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: {
                FunctionName: 'hand-over',
                Payload: { 'token.$': '$$.Task.Token', 'name.$': '$$.Execution.Name' },
              },
              End: true,
            },
          },
        };
        const { stateMachineArn } = await sfn.send(
          new CreateStateMachineCommand({
            name: 'callbacks',
            definition: JSON.stringify(definition),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        const runs = await Promise.all(
          ['ok', 'bad', 'stop'].map((name) => sfn.send(new StartExecutionCommand({ stateMachineArn, name }))),
        );
        while (tokens.length < 3) await new Promise((r) => setTimeout(r, 20));
        // Starting a running execution again with the same name and input is idempotent; another input is not.
        const same = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ok' }));
        expect(same.executionArn).toBe(runs[0]?.executionArn);
        await expect(
          sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'ok', input: '{"x":1}' })),
        ).rejects.toMatchObject({
          name: 'ExecutionAlreadyExists',
        });
        const ok = tokenOf.get('ok');
        const bad = tokenOf.get('bad');
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken: ok }));
        await sfn.send(new SendTaskSuccessCommand({ taskToken: ok, output: '{"fine":true}' }));
        await sfn.send(new SendTaskFailureCommand({ taskToken: bad, error: 'Nope', cause: 'refused' }));
        await sfn.send(
          new StopExecutionCommand({ executionArn: runs[2]?.executionArn, error: 'Halt', cause: 'test' }),
        );
        const results = await Promise.all(runs.map((r) => finished(r.executionArn as string)));
        const byName = Object.fromEntries(results.map((r) => [r.name, r]));
        expect(byName.ok).toMatchObject({ status: 'SUCCEEDED', output: '{"fine":true}' });
        expect(byName.bad).toMatchObject({ status: 'FAILED', error: 'Nope', cause: 'refused' });
        expect(byName.stop).toMatchObject({ status: 'ABORTED', error: 'Halt', cause: 'test' });
        await expect(
          sfn.send(new SendTaskSuccessCommand({ taskToken: ok, output: '{}' })),
        ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
        // Task tokens of EXPRESS executions running in memory work the same way.
        const express = await sfn.send(
          new CreateStateMachineCommand({
            name: 'express-callbacks',
            type: 'EXPRESS',
            definition: JSON.stringify(definition),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        const sync = sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn }));
        while (tokens.length < 4) await new Promise((r) => setTimeout(r, 20));
        await sfn.send(new SendTaskSuccessCommand({ taskToken: tokens[3], output: '"in memory"' }));
        expect(await sync).toMatchObject({ status: 'SUCCEEDED', output: '"in memory"' });
      });

      it('validates definitions, tests single states and answers AWS error shapes', async () => {
        const valid = await sfn.send(
          new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(pipeline) }),
        );
        expect(valid).toMatchObject({ result: 'OK', diagnostics: [] });
        const invalid = await sfn.send(
          new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":"x","States":{}}' }),
        );
        expect(invalid.result).toBe('FAIL');
        expect(invalid.diagnostics?.[0]).toMatchObject({
          severity: 'ERROR',
          code: expect.any(String),
          location: expect.any(String),
        });
        const tested = await sfn.send(
          new TestStateCommand({
            definition: JSON.stringify({
              Type: 'Pass',
              Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' },
              Next: 'after',
            }),
            roleArn: 'arn:aws:iam::000000000000:role/r',
            input: '{"n":5}',
          }),
        );
        expect(tested).toMatchObject({ status: 'SUCCEEDED', output: '{"doubled":10}', nextState: 'after' });
        const caught = await sfn.send(
          new TestStateCommand({
            definition: JSON.stringify({ Type: 'Fail', Error: 'Boom', Cause: 'bad' }),
            roleArn: 'arn:aws:iam::000000000000:role/r',
          }),
        );
        expect(caught).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'bad' });
        await expect(
          sfn.send(
            new CreateStateMachineCommand({
              name: 'broken',
              definition: '{"StartAt":"x","States":{}}',
              roleArn: 'arn:aws:iam::000000000000:role/r',
            }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidDefinition', $metadata: { httpStatusCode: 400 } });
        await expect(
          sfn.send(
            new DescribeExecutionCommand({
              executionArn: 'arn:aws:states:us-east-1:000000000000:execution:pipeline:none',
            }),
          ),
        ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
        await expect(
          sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not an arn' })),
        ).rejects.toMatchObject({ name: 'InvalidName' });
        const raw = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/`, {
          method: 'POST',
          headers: {
            'x-amz-target': 'AWSStepFunctions.NoSuchThing',
            'content-type': 'application/x-amz-json-1.0',
          },
          body: '{}',
        });
        expect(raw.status).toBe(400);
        expect(await raw.json()).toMatchObject({ __type: 'UnknownOperationException' });
        // Only AWSStepFunctions.* targets come to this plugin; other requests to / go on to other routes.
        const other = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/`, {
          method: 'POST',
          headers: {
            'x-amz-target': 'Logs_20140328.PutLogEvents',
            'content-type': 'application/x-amz-json-1.1',
          },
          body: '{}',
        });
        expect(other.status).toBe(404);
        const broken = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/`, {
          method: 'POST',
          headers: {
            'x-amz-target': 'AWSStepFunctions.ListStateMachines',
            'content-type': 'application/x-amz-json-1.0',
          },
          body: '{not json',
        });
        expect(broken.status).toBe(400);
        expect(await broken.json()).toMatchObject({ __type: 'SerializationException' });
      });
    });
  });
