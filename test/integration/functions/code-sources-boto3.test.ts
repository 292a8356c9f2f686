// A fresh home with auth on, through boto3 and SDK v3: users take the classic exercise's function names, and
// CreateFunction / UpdateFunctionCode read code from S3 with the caller's own s3:GetObject, as Lambda does.
import path from 'node:path';
import { CreateFunctionCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AuthServer, type Keys, runPython, startAuthServer } from '../authz/support.js';

let server: AuthServer;
let deployer: Keys;
const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/functions/platform/boto3_code_sources.py');
const ROLE = 'arn:aws:iam::000000000000:role/code-sources-role';

beforeAll(async () => {
  server = await startAuthServer();
  const iam = server.app.iam;
  await iam.roles.createRole('code-sources-role');
  await iam.users.createUser('deployer');
  await iam.policies.attach({ type: 'user', name: 'deployer' }, 'deploy', {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::code/allowed/*' },
    ],
  });
  const key = await iam.users.createAccessKey('deployer');
  deployer = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}, 120_000);
afterAll(() => server?.close());

const denied = (key: string) =>
  `Your access has been denied by S3, please make sure your request credentials have permission to GetObject for code/${key}. S3 Error Code: AccessDenied. S3 Error Message: Access Denied`;

it('boto3: classic names are free in a fresh home; code from S3 with the caller’s permissions; clear refusals', async () => {
  const { admin } = server;
  const keys = [admin.accessKeyId, admin.secretAccessKey, deployer.accessKeyId, deployer.secretAccessKey];
  const result = await runPython(SCRIPT, [server.server.url, ...keys]);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.builtins).toEqual([
    'scones-classifyImage',
    'scones-filterLowConfidence',
    'scones-serializeImageData',
  ]);
  expect(report.classic).toEqual([
    { name: 'serializeImageData', revision: 1 },
    { name: 'classifyImage', revision: 1 },
    { name: 'filterLowConfidence', revision: 1 },
  ]);
  expect(report.classicAgain).toEqual([
    'ResourceConflictException',
    409,
    'Function already exist: classifyImage',
  ]);
  expect(report.fromS3).toEqual({ size: expect.any(Number), invoked: { name: 'from-s3', revision: 1 } });
  expect(report.updated).toEqual({ shaChanged: true, invoked: { name: 'from-s3', revision: 2 } });
  expect(report.errors).toEqual({
    denied: ['AccessDeniedException', 403, denied('secret/v1.zip')],
    deniedUpdate: ['AccessDeniedException', 403, denied('secret/v1.zip')],
    noKey: [
      'InvalidParameterValueException',
      400,
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    ],
    noBucket: [
      'InvalidParameterValueException',
      400,
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    ],
    objectVersion: ['InvalidParameterValueException', 400, expect.stringContaining('S3ObjectVersion')],
    image: ['InvalidParameterValueException', 400, expect.stringContaining("PackageType 'Image'")],
  });
  expect(report.afterErrors).toEqual([
    'classifyImage',
    'filterLowConfidence',
    'from-s3',
    'serializeImageData',
  ]);
}, 180_000);

it('SDK v3: CreateFunction and UpdateFunctionCode from S3, and their refusals', async () => {
  const lambda = new LambdaClient({
    endpoint: server.server.url,
    region: 'us-east-1',
    credentials: deployer,
    maxAttempts: 1,
  });
  const base = { Runtime: 'python3.12' as const, Role: ROLE, Handler: 'app.handler' };
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'sdk-from-s3',
      Code: { S3Bucket: 'code', S3Key: 'allowed/v1.zip' },
      ...base,
    }),
  );
  expect(created.PackageType).toBe('Zip');
  const updated = await lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: 'sdk-from-s3', S3Bucket: 'code', S3Key: 'allowed/v2.zip' }),
  );
  expect(updated.CodeSha256).not.toBe(created.CodeSha256);
  const refusal = (command: CreateFunctionCommand | UpdateFunctionCodeCommand) =>
    lambda.send(command as CreateFunctionCommand).then(
      () => undefined,
      (error: { name: string; $metadata: { httpStatusCode?: number } }) => [
        error.name,
        error.$metadata.httpStatusCode,
      ],
    );
  expect(
    await refusal(
      new UpdateFunctionCodeCommand({
        FunctionName: 'sdk-from-s3',
        S3Bucket: 'code',
        S3Key: 'secret/v1.zip',
      }),
    ),
  ).toEqual(['AccessDeniedException', 403]);
  expect(
    await refusal(
      new CreateFunctionCommand({
        FunctionName: 'sdk-image',
        PackageType: 'Image',
        Code: { ImageUri: '000000000000.dkr.ecr.us-east-1.amazonaws.com/fn:latest' },
        Role: ROLE,
      }),
    ),
  ).toEqual(['InvalidParameterValueException', 400]);
  lambda.destroy();
}, 120_000);
