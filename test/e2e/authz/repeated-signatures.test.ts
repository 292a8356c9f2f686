// A real `scones serve --auth on`: the same signed request sent 20 times back to back gets 20 answers on every
// service that speaks SigV4 (S3, Lambda, Step Functions, SageMaker runtime and control plane, CloudWatch Logs, the
// REST API; IAM and STS are not served over AWS protocols), as AWS answers a valid
// signature any number of times within its window. Signed once by the AWS SDK for JavaScript v3's signer and by
// botocore, and sent as 20 calls of the SDK clients and of boto3 (which signs no nonce).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpCall, send } from '../../security/support/http-client.js';
import { type Service, signCall } from '../../security/support/sign.js';
import { startScones } from '../../support/cli.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import { runPython } from '../../support/python.js';

const REPEATS = 20;
const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/auth/repeat_signed.py');
const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

let cwd: string;
let url: string;
let stop: () => Promise<number | null>;
const key = { accessKeyId: '', secretAccessKey: '' };

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-repeats-'));
  const env = { SCONES_HOME: path.join(cwd, 'home') };
  for (const args of [
    ['iam', 'users', 'create', 'admin'],
    ['iam', 'policies', 'attach', '--user', 'admin', '--name', 'all', '--document', ADMIN_POLICY],
  ]) {
    const done = await runSconesInProcess(args, { cwd, env });
    expect(done.code, done.stderr).toBe(0);
  }
  const created = await runSconesInProcess(['iam', 'keys', 'create', '--user', 'admin', '--json'], {
    cwd,
    env,
  });
  expect(created.code, created.stderr).toBe(0);
  Object.assign(key, JSON.parse(created.stdout.toString()) as typeof key);
  const { child, match, exited } = await startScones(['serve', '--port', '0', '--auth', 'on'], {
    cwd,
    env,
    ready: /(http:\/\/\S+) \((auth \w+)/,
  });
  expect(match[2]).toBe('auth on');
  url = match[1] as string;
  stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
}, 120_000);

afterAll(async () => {
  if (stop) expect(await stop()).toBe(0);
  await rm(cwd, { recursive: true, force: true });
});

const sameBytes: ReadonlyArray<[string, Service, HttpCall, number]> = [
  ['S3 ListBuckets', 's3', { method: 'GET', path: '/' }, 200],
  ['S3 HeadObject', 's3', { method: 'HEAD', path: '/repeats/key.txt' }, 200],
  ['Lambda ListFunctions', 'lambda', { method: 'GET', path: '/2015-03-31/functions' }, 200],
  [
    'Step Functions ListStateMachines',
    'states',
    {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
      },
      body: '{}',
    },
    200,
  ],
  [
    'SageMaker InvokeEndpoint (no such endpoint)',
    'sagemaker',
    {
      method: 'POST',
      path: '/endpoints/none/invocations',
      headers: { 'content-type': 'application/json' },
      body: '[1]',
    },
    400,
  ],
  [
    'SageMaker ListTrainingJobs',
    'sagemaker',
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.ListTrainingJobs' },
      body: '{}',
    },
    200,
  ],
  [
    'CloudWatch Logs DescribeLogGroups',
    'logs',
    {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      },
      body: '{}',
    },
    200,
  ],
  ['REST GET /api/v1/buckets', 'execute-api', { method: 'GET', path: '/api/v1/buckets' }, 200],
];

it('answers the same SDK-signed bytes 20 times on every service', async () => {
  const clients = { endpoint: url, region: 'us-east-1', credentials: key, maxAttempts: 1 };
  const s3 = new S3Client({ ...clients, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'repeats' }));
  await s3.send(new PutObjectCommand({ Bucket: 'repeats', Key: 'key.txt', Body: 'again and again' }));
  s3.destroy();
  for (const [what, service, call, status] of sameBytes) {
    const signed = await signCall(url, service, call, key);
    const statuses: number[] = [];
    for (let i = 0; i < REPEATS; i++) statuses.push((await send(url, signed)).status);
    expect(statuses, what).toEqual(Array(REPEATS).fill(status));
  }
}, 120_000);

it('answers 20 back-to-back calls of each SDK v3 client', async () => {
  const options = { endpoint: url, region: 'us-east-1', credentials: key, maxAttempts: 1 };
  const s3 = new S3Client({ ...options, forcePathStyle: true });
  const lambda = new LambdaClient(options);
  const sfn = new SFNClient(options);
  const runtime = new SageMakerRuntimeClient(options);
  const sagemaker = new SageMakerClient(options);
  const logs = new CloudWatchLogsClient(options);
  const status = (p: Promise<{ $metadata: { httpStatusCode?: number } }>) =>
    p.then(
      (out) => out.$metadata.httpStatusCode,
      (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
    );
  const calls: ReadonlyArray<[string, () => Promise<number | undefined>, number]> = [
    ['S3 ListBuckets', () => status(s3.send(new ListBucketsCommand({}))), 200],
    [
      'S3 HeadObject',
      () => status(s3.send(new HeadObjectCommand({ Bucket: 'repeats', Key: 'key.txt' }))),
      200,
    ],
    ['Lambda ListFunctions', () => status(lambda.send(new ListFunctionsCommand({}))), 200],
    ['SFN ListStateMachines', () => status(sfn.send(new ListStateMachinesCommand({}))), 200],
    [
      'SageMaker InvokeEndpoint',
      () =>
        status(
          runtime.send(
            new InvokeEndpointCommand({ EndpointName: 'none', ContentType: 'application/json', Body: '[1]' }),
          ),
        ),
      400,
    ],
    ['SageMaker ListTrainingJobs', () => status(sagemaker.send(new ListTrainingJobsCommand({}))), 200],
    ['Logs DescribeLogGroups', () => status(logs.send(new DescribeLogGroupsCommand({}))), 200],
  ];
  try {
    for (const [what, call, expected] of calls) {
      const statuses: Array<number | undefined> = [];
      for (let i = 0; i < REPEATS; i++) statuses.push(await call());
      expect(statuses, what).toEqual(Array(REPEATS).fill(expected));
    }
  } finally {
    for (const client of [s3, lambda, sfn, runtime, sagemaker, logs]) client.destroy();
  }
}, 120_000);

it('answers botocore-signed bytes and boto3 calls 20 times each', async () => {
  const result = await runPython(SCRIPT, [url, key.accessKeyId, key.secretAccessKey], { HOME: cwd });
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as Record<string, number[]>;
  const expected: Record<string, number> = {
    's3 ListBuckets': 200,
    's3 HeadObject': 200,
    'lambda ListFunctions': 200,
    'states ListStateMachines': 200,
    'sagemaker InvokeEndpoint': 400,
    'sagemaker ListTrainingJobs': 200,
    'logs DescribeLogGroups': 200,
    'execute-api GET /api/v1/buckets': 200,
    'boto3 s3.list_buckets': 200,
    'boto3 s3.head_object': 200,
    'boto3 lambda.list_functions': 200,
    'boto3 stepfunctions.list_state_machines': 200,
    'boto3 sagemaker-runtime.invoke_endpoint': 400,
    'boto3 sagemaker.list_training_jobs': 200,
    'boto3 logs.describe_log_groups': 200,
  };
  for (const [what, status] of Object.entries(expected))
    expect(report[what], what).toEqual(Array(REPEATS).fill(status));
}, 120_000);
