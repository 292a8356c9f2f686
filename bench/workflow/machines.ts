// The state machines the workflow benches run: a 1,000-state Pass chain (transitions/s) and the three-function
// pipeline (serialize -> classify -> filter, `lambda:invoke` with `OutputPath: $.Payload`), with no-op handlers.
import type { FunctionInvoker, StateMachineDefinition } from '../../src/modules/workflows/index.js';

export const STATES = 1000;

export function chain(): StateMachineDefinition {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < STATES; i++) {
    states[`S${i}`] = i === STATES - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
  }
  return { StartAt: 'S0', States: states } as StateMachineDefinition;
}

const RETRY = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];
const task = (name: string, next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  OutputPath: '$.Payload',
  Parameters: {
    'Payload.$': '$',
    FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`,
  },
  Retry: RETRY,
  ...(next === undefined ? { End: true } : { Next: next }),
});
export const PIPELINE = {
  StartAt: 'serializeImageData',
  States: {
    serializeImageData: task('serializeImageData', 'classifyImage'),
    classifyImage: task('classifyImage', 'filterLowConfidence'),
    filterLowConfidence: task('filterLowConfidence'),
  },
} as unknown as StateMachineDefinition;
export const NAMES = ['serializeImageData', 'classifyImage', 'filterLowConfidence'];
export const INPUT = { s3_bucket: 'scones', s3_key: 'test/bicycle_s_000513.png' };

/** No-op handlers in this process: each returns its event. */
export const echo: FunctionInvoker = {
  invoke: async (invocation) => ({ payload: invocation.payload, executedVersion: '$LATEST' }),
};
