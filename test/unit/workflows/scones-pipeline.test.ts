// The reference workflow (serializeImageData -> classifyImage -> filterLowConfidence) as users write it for AWS.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../src/modules/workflows/index.js';
import { ok, raise, runExpress, types } from './helpers.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];

const task = (name: string, next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  OutputPath: '$.Payload',
  Parameters: { 'Payload.$': '$', FunctionName: `${ARN}:${name}:$LATEST` },
  Retry: RETRY,
  ...(next === undefined ? { End: true } : { Next: next }),
});

const definition = {
  Comment: 'Scones Unlimited image classification',
  StartAt: 'serializeImageData',
  States: {
    serializeImageData: task('serializeImageData', 'classifyImage'),
    classifyImage: task('classifyImage', 'filterLowConfidence'),
    filterLowConfidence: task('filterLowConfidence'),
  },
};

type Event = { body: Record<string, Json> };

function functions(confidence: number, throttleOnce = false) {
  let throttled = !throttleOnce;
  return {
    serializeImageData: (e: Json) =>
      ok({ statusCode: 200, body: { ...(e as Record<string, Json>), image_data: 'aGVsbG8=' } }),
    classifyImage: (e: Json) => {
      if (!throttled) {
        throttled = true;
        return raise('Lambda.TooManyRequestsException', 'Rate exceeded');
      }
      return ok({
        statusCode: 200,
        body: { ...(e as Event).body, inferences: [confidence, 1 - confidence] },
      });
    },
    filterLowConfidence: (e: Json) =>
      Math.max(...((e as Event).body.inferences as number[])) >= 0.93
        ? ok(e)
        : raise('TypeError', 'exceptions must derive from BaseException'),
  };
}

describe('reference workflow', () => {
  it('passes confident inferences through, retrying a throttled invocation', async () => {
    const result = await runExpress(
      definition,
      { s3_bucket: 'b', s3_key: 'test/bicycle_s_000513.png' },
      functions(0.97, true),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect((result.output as Event).body.inferences).toEqual([0.97, expect.closeTo(0.03)]);
    expect(types(result.history).filter((t) => t === 'TaskFailed')).toHaveLength(1);
  });

  it('fails with the Python error type when confidence is below the threshold', async () => {
    const result = await runExpress(definition, { s3_bucket: 'b', s3_key: 'k' }, functions(0.6));
    expect(result).toMatchObject({ status: 'FAILED', error: 'TypeError' });
    expect(JSON.parse(result.cause as string)).toMatchObject({ errorType: 'TypeError' });
  });
});
