// Lambda tasks of durable executions through the real function runtime: the reference pipeline's handlers run
// in guest processes, their errors surface with the handler's error name, and a missing invoker is a clear failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionRuntime } from '../../../src/modules/functions/index.js';
import type { WorkflowService } from '../../../src/modules/workflows/index.js';
import { fixtureRuntime, nodeFixture, runtimeInvoker } from '../../support/runtime-invoker.js';
import { type Harness, harness, invokeTask } from './support.js';

let h: Harness;
let runtime: FunctionRuntime;
let service: WorkflowService;

const pipeline = {
  StartAt: 'serializeImageData',
  States: {
    serializeImageData: invokeTask('serializeImageData', 'classifyImage'),
    classifyImage: invokeTask('classifyImage', 'filterLowConfidence'),
    filterLowConfidence: {
      ...invokeTask('filterLowConfidence'),
      Catch: [{ ErrorEquals: ['ThresholdConfidenceNotMet'], ResultPath: '$.error', Next: 'lowConfidence' }],
      End: undefined,
      Next: 'done',
    },
    lowConfidence: { Type: 'Fail', Error: 'LowConfidence', CausePath: '$.error.Cause' },
    done: { Type: 'Succeed' },
  },
};

beforeAll(async () => {
  h = await harness();
  runtime = await fixtureRuntime();
  const functions = runtimeInvoker(runtime, [
    nodeFixture('serializeImageData', 'pipeline', 'index.serialize'),
    nodeFixture('classifyImage', 'pipeline', 'index.classify'),
    nodeFixture('filterLowConfidence', 'pipeline', 'index.filter'),
  ]);
  ({ service } = await h.open({ functions }));
  await service.startEngine();
  await service.machines.create({ name: 'pipeline', definition: JSON.stringify(pipeline) });
});
afterAll(async () => {
  await runtime.close();
  await h.cleanup();
});

describe('Lambda tasks on the function runtime', () => {
  it('passes a confident inference through the three functions', async () => {
    const { executionArn } = await service.executions.start({
      stateMachineArn: 'pipeline',
      input: JSON.stringify({ s3_bucket: 'scones', s3_key: 'test/bicycle_s_000513.png' }),
    });
    expect(await service.executions.waitFor(executionArn)).toBe('SUCCEEDED');
    const output = JSON.parse((await service.queries.describe(executionArn)).output as string);
    expect(output).toEqual({
      statusCode: 200,
      body: {
        s3_bucket: 'scones',
        s3_key: 'test/bicycle_s_000513.png',
        image_data: Buffer.from('test/bicycle_s_000513.png').toString('base64'),
        inferences: [0.97, 0.03],
      },
    });
  });

  it('catches the handler error by its name and fails with its cause', async () => {
    const { executionArn } = await service.executions.start({
      stateMachineArn: 'pipeline',
      input: JSON.stringify({ s3_bucket: 'scones', s3_key: 'test/motorcycle_s_000001.png' }),
    });
    expect(await service.executions.waitFor(executionArn)).toBe('FAILED');
    const described = await service.queries.describe(executionArn);
    expect(described.error).toBe('LowConfidence');
    expect(JSON.parse(described.cause as string)).toMatchObject({
      errorType: 'ThresholdConfidenceNotMet',
      errorMessage: 'THRESHOLD_CONFIDENCE_NOT_MET',
    });
  });

  it('fails Lambda tasks with a clear cause when no function runtime is configured', async () => {
    const bare = await h.open();
    const outcome = await bare.service.run(JSON.stringify(pipeline), { s3_key: 'x' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(outcome.cause).toContain('No function runtime is configured');
  });
});
