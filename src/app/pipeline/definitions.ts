// The state machines `scones up` runs: the classic three-function image pipeline, and a Distributed Map over test.lst.
import { BUILTIN_NAMES } from '../../modules/functions/index.js';

export const IMAGE_PIPELINE = 'scones-image-pipeline';
export const TEST_BATCH = 'scones-test-batch';
export const THRESHOLD_ERROR = 'THRESHOLD_CONFIDENCE_NOT_MET';

/** The retry the Step Functions console adds to every Lambda task of the classic exercise. */
const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

function lambdaTask(functionArn: string, next: string | undefined) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    OutputPath: '$.Payload',
    Parameters: { 'Payload.$': '$', FunctionName: `${functionArn}:$LATEST` },
    Retry: [LAMBDA_RETRY],
    ...(next ? { Next: next } : { End: true }),
  };
}

/**
 * serializeImageData -> classifyImage -> filterLowConfidence, exactly as the classic exercise wires them; the states
 * keep the classic names, the functions are the built-ins (`scones-...`), so users keep the classic names.
 */
export function imagePipelineDefinition(functionArn: (name: string) => string): string {
  return JSON.stringify({
    Comment: 'Scones Unlimited: classify one delivery image and keep only confident predictions',
    StartAt: 'serializeImageData',
    States: {
      serializeImageData: lambdaTask(functionArn(BUILTIN_NAMES.serialize), 'classifyImage'),
      classifyImage: lambdaTask(functionArn(BUILTIN_NAMES.classify), 'filterLowConfidence'),
      filterLowConfidence: lambdaTask(functionArn(BUILTIN_NAMES.filter), undefined),
    },
  });
}

/** Every line of `s3://bucket/test.lst` (index, class, key; tab-separated) becomes one image pipeline execution. */
export function testBatchDefinition(
  bucket: string,
  imagePipelineArn: string,
  maxConcurrency: number,
): string {
  return JSON.stringify({
    Comment: 'Runs the image pipeline on every test image listed in test.lst',
    StartAt: 'EveryTestImage',
    States: {
      EveryTestImage: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: {
            InputType: 'CSV',
            CSVHeaderLocation: 'GIVEN',
            CSVHeaders: ['index', 'label', 'key'],
            CSVDelimiter: 'TAB',
          },
          Parameters: { Bucket: bucket, Key: 'test.lst' },
        },
        ItemSelector: { s3_bucket: bucket, 's3_key.$': '$$.Map.Item.Value.key' },
        MaxConcurrency: maxConcurrency,
        ToleratedFailurePercentage: 100,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'ClassifyOneImage',
          States: {
            ClassifyOneImage: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.sync:2',
              Parameters: { StateMachineArn: imagePipelineArn, 'Input.$': '$' },
              // The image itself stays in the child execution: the Map keeps only what the summary needs.
              ResultSelector: { 'key.$': '$.Output.body.s3_key', 'inferences.$': '$.Output.body.inferences' },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  });
}
