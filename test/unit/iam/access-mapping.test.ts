// API calls -> (action, resource ARN, context keys) for S3, Lambda, Step Functions and SageMaker; global keys.
import { describe, expect, it } from 'vitest';
import {
  arns,
  globalContext,
  lambdaAccess,
  roleNameOf,
  S3_OPERATIONS,
  s3Access,
  sagemakerAccess,
  statesAccess,
} from '../../../src/modules/iam/index.js';

describe('ARNs', () => {
  it('names Scones resources as AWS does', () => {
    expect(arns.s3Bucket('data')).toBe('arn:aws:s3:::data');
    expect(arns.s3Object('data', 'train/a b.png')).toBe('arn:aws:s3:::data/train/a b.png');
    expect(arns.lambdaFunction('us-east-1', 'f')).toBe('arn:aws:lambda:us-east-1:000000000000:function:f');
    expect(arns.lambdaFunction('us-east-1', 'f', 'prod')).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:f:prod',
    );
    expect(arns.stateMachine('eu-west-1', 'pipeline')).toBe(
      'arn:aws:states:eu-west-1:000000000000:stateMachine:pipeline',
    );
    expect(arns.execution('eu-west-1', 'pipeline', 'run-1')).toBe(
      'arn:aws:states:eu-west-1:000000000000:execution:pipeline:run-1',
    );
    expect(arns.endpoint('us-east-1', 'Bikes')).toBe(
      'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes',
    );
    expect(arns.assumedRole('exec', 's1')).toBe('arn:aws:sts::000000000000:assumed-role/exec/s1');
    expect(roleNameOf('arn:aws:iam::000000000000:role/service/exec')).toBe('exec');
    expect(roleNameOf('arn:aws:iam::000000000000:user/exec')).toBeUndefined();
  });
});

describe('S3', () => {
  it('maps object, bucket and account operations', () => {
    expect(s3Access('GetObject', { bucket: 'data', key: 'k' })).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::data/k', context: {} },
    ]);
    expect(s3Access('HeadObject', { bucket: 'data', key: 'k' })[0]?.action).toBe('s3:GetObject');
    expect(s3Access('UploadPart', { bucket: 'data', key: 'k' })[0]?.action).toBe('s3:PutObject');
    expect(s3Access('ListBuckets')).toEqual([{ action: 's3:ListAllMyBuckets', resource: '*', context: {} }]);
    expect(s3Access('HeadBucket', { bucket: 'data' })).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::data', context: {} },
    ]);
  });

  it('gives ListObjects its s3:prefix, s3:delimiter and s3:max-keys', () => {
    expect(
      s3Access('ListObjectsV2', { bucket: 'data', prefix: 'train/', delimiter: '/', maxKeys: 100 }),
    ).toEqual([
      {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::data',
        context: { 's3:prefix': 'train/', 's3:delimiter': '/', 's3:max-keys': 100 },
      },
    ]);
  });

  it('checks the copy source and every key of a batch delete', () => {
    expect(
      s3Access('CopyObject', { bucket: 'a', key: 'to', copySource: { bucket: 'b', key: 'from' } }).map(
        (r) => [r.action, r.resource],
      ),
    ).toEqual([
      ['s3:PutObject', 'arn:aws:s3:::a/to'],
      ['s3:GetObject', 'arn:aws:s3:::b/from'],
    ]);
    expect(s3Access('DeleteObjects', { bucket: 'a', keys: ['x', 'y'] }).map((r) => r.resource)).toEqual([
      'arn:aws:s3:::a/x',
      'arn:aws:s3:::a/y',
    ]);
  });

  it('maps every operation it lists to an s3: action', () => {
    for (const operation of S3_OPERATIONS)
      for (const request of s3Access(operation, { bucket: 'b', key: 'k', keys: ['k'] }))
        expect(request.action).toMatch(/^s3:[A-Za-z]+$/);
  });
});

describe('Lambda, Step Functions, SageMaker', () => {
  it('maps Lambda calls, with the qualifier and iam:PassRole', () => {
    expect(lambdaAccess('Invoke', { region: 'us-east-1', functionName: 'f' })[0]).toMatchObject({
      action: 'lambda:InvokeFunction',
      resource: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    });
    expect(
      lambdaAccess('Invoke', { region: 'us-east-1', functionName: 'f', qualifier: '3' })[0]?.resource,
    ).toBe('arn:aws:lambda:us-east-1:000000000000:function:f:3');
    expect(lambdaAccess('ListFunctions', { region: 'us-east-1' })[0]?.resource).toBe('*');
    const create = lambdaAccess('CreateFunction', {
      region: 'us-east-1',
      functionName: 'f',
      roleArn: arns.iamRole('exec'),
    });
    expect(create.map((r) => r.action)).toEqual(['lambda:CreateFunction', 'iam:PassRole']);
    expect(create[1]).toMatchObject({
      resource: 'arn:aws:iam::000000000000:role/exec',
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
  });

  it('maps Step Functions calls to state machine and execution ARNs', () => {
    const machine = arns.stateMachine('us-east-1', 'pipeline');
    expect(statesAccess('StartExecution', { region: 'us-east-1', stateMachineArn: machine })).toEqual([
      { action: 'states:StartExecution', resource: machine, context: {} },
    ]);
    expect(
      statesAccess('CreateStateMachine', {
        region: 'us-east-1',
        stateMachineName: 'pipeline',
        roleArn: arns.iamRole('x'),
      }).map((r) => r.resource),
    ).toEqual([machine, 'arn:aws:iam::000000000000:role/x']);
    const execution = arns.execution('us-east-1', 'pipeline', 'run');
    expect(
      statesAccess('DescribeExecution', { region: 'us-east-1', executionArn: execution })[0]?.resource,
    ).toBe(execution);
    expect(statesAccess('ListStateMachines', { region: 'us-east-1' })[0]?.resource).toBe('*');
  });

  it('maps SageMaker InvokeEndpoint with sagemaker:TargetVariant', () => {
    expect(
      sagemakerAccess('InvokeEndpoint', { region: 'us-east-1', name: 'bikes', targetVariant: 'canary' }),
    ).toEqual([
      {
        action: 'sagemaker:InvokeEndpoint',
        resource: 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/bikes',
        context: { 'sagemaker:TargetVariant': 'canary' },
      },
    ]);
  });
});

describe('global context', () => {
  it('unwraps IPv4-mapped addresses and formats time as AWS does', () => {
    expect(
      globalContext({
        sourceIp: '::ffff:127.0.0.1',
        secureTransport: false,
        now: Date.UTC(2026, 0, 15, 12, 0, 0, 999),
        region: 'us-east-1',
      }),
    ).toEqual({
      'aws:SourceIp': '127.0.0.1',
      'aws:SecureTransport': false,
      'aws:RequestedRegion': 'us-east-1',
      'aws:UserAgent': undefined,
      'aws:Referer': undefined,
      'aws:CurrentTime': '2026-01-15T12:00:00Z',
      'aws:EpochTime': 1768478400,
    });
  });
});
