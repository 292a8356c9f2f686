// The express runner: integrations through the ports, Lambda result/error shapes, task tokens, stop, mocks.
import { describe, expect, it } from 'vitest';
import { isSconesError } from '../../../src/kernel/errors.js';
import {
  ExpressRunner,
  type InvokeFunctionRequest,
  type Json,
} from '../../../src/modules/workflows/index.js';
import { dispatcherOf, memoryStore, ok, raise, runExpress, single, types } from './helpers.js';

const INVOKE = 'arn:aws:states:::lambda:invoke';

/** A runner and a `.waitForTaskToken` task whose function `ask` hands its token to `answer` once it returns. */
function tokenTask(answer: (runner: ExpressRunner, token: string) => void) {
  const dispatcher = dispatcherOf({
    ask: (payload) => {
      setImmediate(() => answer(runner, (payload as { token: string }).token));
      return ok(null);
    },
  });
  const runner = new ExpressRunner({ dispatcher, timeScale: 0 });
  const def = single({
    Type: 'Task',
    Resource: `${INVOKE}.waitForTaskToken`,
    Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
  });
  return { runner, def };
}

describe('ExpressRunner', () => {
  it('wraps lambda:invoke results so OutputPath $.Payload picks the function output', async () => {
    const def = single({
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
    });
    const wrapped = await runExpress(def, { a: 1 }, { echo: (p) => ok(p) });
    expect(wrapped.output).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { a: 1 }, StatusCode: 200 });
    expect(wrapped.output).toHaveProperty('SdkHttpMetadata.HttpStatusCode', 200);
    const picked = await runExpress(
      single({
        Type: 'Task',
        Resource: INVOKE,
        Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
        OutputPath: '$.Payload',
      }),
      { a: 1 },
      { echo: (p) => ok(p) },
    );
    expect(picked.output).toEqual({ a: 1 });
  });

  it('reports a Lambda error with its errorType as the error and the error object as the cause', async () => {
    const def = single({ Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: 'boom', Payload: {} } });
    const result = await runExpress(def, {}, { boom: () => raise('TypeError', 'bad thing') });
    expect(result).toMatchObject({ status: 'FAILED', error: 'TypeError' });
    expect(JSON.parse(result.cause as string)).toEqual({ errorType: 'TypeError', errorMessage: 'bad thing' });
  });

  it('passes FunctionName ARNs with qualifiers, and plain function ARNs return raw output', async () => {
    const seen: InvokeFunctionRequest[] = [];
    const fn = (p: Json, r: InvokeFunctionRequest) => {
      seen.push(r);
      return ok(p);
    };
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:echo';
    await runExpress(
      single({ Type: 'Task', Resource: INVOKE, Parameters: { FunctionName: `${arn}:live`, Payload: {} } }),
      {},
      { echo: fn },
    );
    expect(seen[0]).toMatchObject({ functionName: arn, qualifier: 'live' });
    const raw = await runExpress(single({ Type: 'Task', Resource: arn }), { r: 1 }, { echo: fn });
    expect(raw.output).toEqual({ r: 1 });
  });

  it('completes .waitForTaskToken tasks through SendTaskSuccess with the token', async () => {
    const { runner, def } = tokenTask((r, token) => r.sendTaskSuccess(token, { answer: 42 }));
    const result = await runner.run({ definition: def });
    expect(result.output).toEqual({ answer: 42 });
    expect(types(result.history)).toEqual(expect.arrayContaining(['TaskSubmitted', 'TaskSucceeded']));
    expect(() => runner.sendTaskHeartbeat('unknown')).toThrowError(
      expect.objectContaining({ code: 'WORKFLOW_TASK_TOKEN_NOT_FOUND' }),
    );
  });

  it('fails a token task through SendTaskFailure', async () => {
    const { runner, def } = tokenTask((r, token) => r.sendTaskFailure(token, 'Rejected', 'no'));
    expect(await runner.run({ definition: def })).toMatchObject({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'no',
    });
  });

  it('stops a running execution (ABORTED) and ends its outstanding work', async () => {
    const runner = new ExpressRunner({ dispatcher: dispatcherOf({}), timeScale: 1 });
    const started = runner.start({ definition: single({ Type: 'Wait', Seconds: 3600 }) });
    setImmediate(() => started.stop('Stopped', 'by test'));
    const result = await started.done;
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Stopped', cause: 'by test' });
    expect(types(result.history).at(-1)).toBe('ExecutionAborted');
  });

  it('scales Wait delays by the time scale', async () => {
    const result = await runExpress(single({ Type: 'Wait', Seconds: 86_400 }), { done: true });
    expect(result.output).toEqual({ done: true });
  });

  it('answers mocked states from numbered responses, including retries', async () => {
    const def = single({
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { FunctionName: 'real', Payload: {} },
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1 }],
    });
    const result = await runExpress(
      def,
      {},
      {},
      {
        mocks: {
          S: {
            '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'slow down' } },
            '2': { Return: { Payload: 'third' } },
          },
        },
      },
    );
    expect(result.output).toEqual({ Payload: 'third' });
    expect(types(result.history).filter((t) => t === 'TaskFailed')).toHaveLength(2);
  });

  it('runs SageMaker invokeEndpoint, S3 getObject/putObject and startExecution.sync through the ports', async () => {
    const store = memoryStore({ 'b/k': 'hello' });
    const def = {
      StartAt: 'Get',
      States: {
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
          Parameters: { Bucket: 'b', Key: 'k' },
          ResultSelector: { 'body.$': '$.Body' },
          Next: 'Infer',
        },
        Infer: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint',
          Parameters: { EndpointName: 'bikes', 'Body.$': '$.body', ContentType: 'text/plain' },
          ResultSelector: { 'prediction.$': 'States.StringToJson($.Body)' },
          Next: 'Put',
        },
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
          Parameters: { Bucket: 'b', Key: 'out', 'Body.$': '$.prediction' },
          ResultPath: null,
          Next: 'Child',
        },
        Child: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: 'arn:child', 'Input.$': '$' },
          OutputPath: '$.Output',
          End: true,
        },
      },
    };
    const result = await runExpress(
      def,
      {},
      {},
      {
        objects: store,
        dispatcher: {
          invokeEndpoint: async (r) => ({
            body: JSON.stringify([r.body.length / 10, 0.5]),
            contentType: 'application/json',
            invokedProductionVariant: 'v1',
          }),
          startExecution: async (r) => ({
            executionArn: 'arn:exec',
            startDate: 0,
            stopDate: 1,
            status: 'SUCCEEDED',
            output: { child: r.input },
          }),
        },
      },
    );
    expect(result.output).toEqual({ child: { prediction: [0.5, 0.5] } });
    expect(store.objects.get('b/out')).toBe('[0.5,0.5]');
  });

  it('fails tasks whose integration the deployment does not offer', async () => {
    const result = await runExpress(
      single({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q' } }),
      {},
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('rejects an invalid definition with WORKFLOW_INVALID_DEFINITION and every diagnostic', async () => {
    const error = await runExpress({
      StartAt: 'Nope',
      States: { A: { Type: 'Pass', Next: 'B' } },
    } as never).catch((e: unknown) => e);
    expect(isSconesError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'WORKFLOW_INVALID_DEFINITION' });
    const locations = (error as { details: { diagnostics: { location: string }[] } }).details.diagnostics.map(
      (d) => d.location,
    );
    expect(locations).toEqual(expect.arrayContaining(['/StartAt', '/States/A/Next']));
  });
});
