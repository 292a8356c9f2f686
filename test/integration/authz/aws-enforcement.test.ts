// Every AWS protocol with auth on, through the real SDK v3 clients and boto3: signed and allowed calls work,
// unsigned, wrongly signed and unknown-key calls are refused with AWS's errors, denied calls with AccessDenied.
import path from 'node:path';
import {
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListLayersCommand,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipOf } from '../../support/zip.js';
import { type AuthServer, type Keys, runPython, startAuthServer } from './support.js';

let server: AuthServer;
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/authz');

beforeAll(async () => {
  server = await startAuthServer();
});
afterAll(() => server?.close());

const common = (keys: Keys) => ({
  endpoint: server.server.url,
  region: 'us-east-1',
  credentials: keys,
  maxAttempts: 1,
});
const s3 = (keys: Keys) => new S3Client({ ...common(keys), forcePathStyle: true });

async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

describe('S3 with auth on', () => {
  it('serves signed, allowed calls and refuses the others with S3 errors, storing nothing', async () => {
    const admin = s3(server.admin);
    await admin.send(new CreateBucketCommand({ Bucket: 'shared' }));
    await admin.send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/a.txt', Body: 'hello' }));
    const reader = s3(server.reader);
    const got = await reader.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/a.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');

    expect(
      await failure(reader.send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/b.txt', Body: 'x' }))),
    ).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(
      await failure(reader.send(new GetObjectCommand({ Bucket: 'shared', Key: 'private/a.txt' }))),
    ).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    const wrongSecret = s3({ ...server.admin, secretAccessKey: 'not-the-secret' });
    expect(
      (await failure(wrongSecret.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/a.txt' })))).name,
    ).toBe('SignatureDoesNotMatch');
    const unknown = s3({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever' });
    expect(
      (await failure(unknown.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/a.txt' })))).name,
    ).toBe('InvalidAccessKeyId');
    const keys = (await server.app.store.listObjects('shared')).contents.map((o) => o.key);
    expect(keys).toEqual(['public/a.txt']);
  });

  it('refuses a signature whose request time is beyond the clock-skew limit', async () => {
    const skewed = new S3Client({
      ...common(server.admin),
      forcePathStyle: true,
      systemClockOffset: -20 * 60_000,
    });
    // The SDK corrects its clock from the server's answer and would retry: one attempt shows the refusal.
    expect(
      (await failure(skewed.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/a.txt' })))).name,
    ).toBe('RequestTimeTooSkewed');
  });

  it('checks the signature of a request forged with a valid key id but no secret', async () => {
    const amzDate = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
    const forged = await fetch(`${server.server.url}/shared/public/a.txt`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${server.admin.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': amzDate,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    expect(forged.status).toBe(403);
    const text = await forged.text();
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(text).toContain('<CanonicalRequest>GET');
  });
});

describe('boto3 with auth on', () => {
  it('signs S3 and Lambda calls that Scones verifies and authorizes; presigned URLs work until tampered', async () => {
    const result = await runPython(
      path.join(FIXTURES, 'boto3_enforcement.py'),
      [server.server.url, JSON.stringify(server.admin), JSON.stringify(server.reader)],
      { HOME: server.home },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.adminPut.ok).toBe(true);
    expect(report.readerGet).toEqual({ ok: true, value: 'from boto3' });
    expect(report.readerPut).toEqual({ ok: false, code: 'AccessDenied' });
    expect(report.readerList).toEqual({ ok: false, code: 'AccessDenied' });
    expect(report.wrongSecret).toEqual({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(report.unknownKey).toEqual({ ok: false, code: 'InvalidAccessKeyId' });
    expect(report.lambdaList.ok).toBe(true);
    expect(report.lambdaInvoke).toEqual({ ok: false, code: 'AccessDeniedException' });
    const presigned = await fetch(report.presigned);
    expect(presigned.status).toBe(200);
    expect(await presigned.text()).toBe('from boto3');
    const tampered = await fetch(report.presigned.replace('public/boto.txt', 'public/a.txt'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('Lambda, Step Functions and SageMaker runtime with auth on', () => {
  it('Lambda: allowed, denied, wrong secret, unsigned', async () => {
    const reader = new LambdaClient(common(server.reader));
    const listed = await reader.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toContain('scones-filterLowConfidence');
    expect(
      await failure(reader.send(new InvokeCommand({ FunctionName: 'scones-filterLowConfidence' }))),
    ).toEqual({
      name: 'AccessDeniedException',
      status: 403,
    });
    const wrong = new LambdaClient(common({ ...server.reader, secretAccessKey: 'nope' }));
    expect((await failure(wrong.send(new ListFunctionsCommand({})))).name).toBe('InvalidSignatureException');
    const unsigned = await fetch(
      `${server.server.url}/2015-03-31/functions/scones-filterLowConfidence/invocations`,
      {
        method: 'POST',
        body: '{}',
      },
    );
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationToken');
    const admin = new LambdaClient(common(server.admin));
    const invoked = await admin.send(
      new InvokeCommand({
        FunctionName: 'scones-filterLowConfidence',
        Payload: Buffer.from('{"body":{"inferences":[0.99,0.01]}}'),
      }),
    );
    expect(invoked.FunctionError).toBeUndefined();
  });

  it('Lambda layers: published from the object store by the administrator, AccessDeniedException for the reader', async () => {
    const admin = s3(server.admin);
    await admin.send(new CreateBucketCommand({ Bucket: 'layer-src' }));
    const zip = zipOf([['python/helper.py', 'X = 1\n']]);
    await admin.send(new PutObjectCommand({ Bucket: 'layer-src', Key: 'helper.zip', Body: zip }));
    const lambda = new LambdaClient(common(server.admin));
    const published = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'helper',
        Content: { S3Bucket: 'layer-src', S3Key: 'helper.zip' },
      }),
    );
    expect(published.Content?.CodeSize).toBe(zip.length);
    const reader = new LambdaClient(common(server.reader));
    const denied = { name: 'AccessDeniedException', status: 403 };
    expect(await failure(reader.send(new ListLayersCommand({})))).toEqual(denied);
    expect(
      await failure(reader.send(new GetLayerVersionCommand({ LayerName: 'helper', VersionNumber: 1 }))),
    ).toEqual(denied);
    expect(
      await failure(reader.send(new GetLayerVersionByArnCommand({ Arn: published.LayerVersionArn }))),
    ).toEqual(denied);
    const publish = reader.send(
      new PublishLayerVersionCommand({ LayerName: 'helper', Content: { ZipFile: zip } }),
    );
    expect(await failure(publish)).toEqual(denied);
    expect(
      (await lambda.send(new ListLayersCommand({}))).Layers?.map((l) => [
        l.LayerName,
        l.LatestMatchingVersion?.Version,
      ]),
      // Every home also has the SageMaker SDK layer Scones ships.
    ).toEqual([
      ['helper', 1],
      ['sagemaker-sdk', 1],
    ]);
  });

  it('Step Functions: allowed for the administrator, AccessDeniedException for the reader', async () => {
    const admin = new SFNClient(common(server.admin));
    expect((await admin.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    const reader = new SFNClient(common(server.reader));
    expect(await failure(reader.send(new ListStateMachinesCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 403,
    });
    const unknown = new SFNClient(common({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' }));
    expect((await failure(unknown.send(new ListStateMachinesCommand({})))).name).toBe(
      'UnrecognizedClientException',
    );
  });

  it('SageMaker runtime: the reader may not invoke; the administrator reaches the endpoint check', async () => {
    const command = new InvokeEndpointCommand({
      EndpointName: 'missing',
      Body: Buffer.from('x'),
      ContentType: 'image/png',
    });
    const reader = new SageMakerRuntimeClient(common(server.reader));
    expect(await failure(reader.send(command))).toEqual({ name: 'AccessDeniedException', status: 403 });
    const admin = new SageMakerRuntimeClient(common(server.admin));
    expect((await failure(admin.send(command))).name).toBe('ValidationError');
  });

  it("signs Scones' own InvokeEndpoint calls (model monitoring) as the monitoring role", async () => {
    const response = await server.app.monitoringFetch(`${server.server.url}/endpoints/missing/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(Buffer.from('x')),
    });
    // Past authentication and authorization: the endpoint check answers.
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationError');
  });
});
