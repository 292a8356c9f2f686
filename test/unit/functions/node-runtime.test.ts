// Node.js handlers: resolution, context, error shapes, warm starts, environment, /tmp and logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunctionRuntime, type FunctionRuntime } from '../../../src/modules/functions/index.js';
import { fixtureVersion, MemoryLogSink, parse, tempDir } from './support.js';

let runtime: FunctionRuntime;
const sink = new MemoryLogSink();

beforeAll(async () => {
  runtime = createFunctionRuntime({ workDir: await tempDir('fn-node'), logSink: sink });
});
afterAll(() => runtime.close());

describe('node handlers', () => {
  it('runs an async CommonJS handler with Lambda context', async () => {
    const fn = fixtureVersion('nodejs', 'basic', 'index.handler', { memoryMb: 256 });
    const result = await runtime.invoke({ fn, payload: '{"a":1}' });
    expect(result.status).toBe('success');
    const body = parse(result.payload);
    expect(body).toMatchObject({
      event: { a: 1 },
      awsRequestId: result.requestId,
      functionName: fn.config.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn.config.name}`,
      memoryLimitInMB: '256',
      logGroupName: `/aws/lambda/${fn.config.name}`,
      logStreamName: result.logStream,
    });
    expect(body.remaining).toBeGreaterThan(0);
    expect(result.initDurationMs).toBeGreaterThan(0);
  });
});
