// Data capture with auth on (issue #12 items 6, 7 and 8): capture files are written as the endpoint's execution
// role, deploying with a role needs iam:PassRole on it, the captures route needs S3 read access to the captured
// objects, and an unknown capture setting is refused. Real server, real IAM users and roles, the real SDK client.
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustPolicyForServices } from '../../../src/modules/iam/index.js';
import { registerNanModel } from '../../support/onnx-nan-model.js';
import { type AuthServer, type Keys, startAuthServer } from './support.js';

let server: AuthServer;
let png: Buffer;
const keys: Record<string, Keys> = {};
const ROLE = 'arn:aws:iam::000000000000:role/frank-capture';
const LAMBDA_ONLY_ROLE = 'arn:aws:iam::000000000000:role/frank-lambda-only';

const allow = (Action: string | string[], Resource: string | string[]) => ({
  Effect: 'Allow',
  Action,
  Resource,
});

async function user(name: string, statements: object[]): Promise<void> {
  const iam = server.app.iam;
  await iam.users.createUser(name);
  await iam.policies.attach({ type: 'user', name }, 'access', {
    Version: '2012-10-17',
    Statement: statements,
  });
  const key = await iam.users.createAccessKey(name);
  keys[name] = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

beforeAll(async () => {
  server = await startAuthServer({ 'inference.workers': 1 });
  const { app } = server;
  await registerNanModel(app, 'capture-authz');
  for (const bucket of ['victim', 'frank-data']) await app.store.ensureBucket(bucket);
  await app.iam.roles.createRole('frank-capture', {
    trustPolicy: trustPolicyForServices(['sagemaker.amazonaws.com']),
  });
  await app.iam.policies.attach({ type: 'role', name: 'frank-capture' }, 'write-capture', {
    Version: '2012-10-17',
    Statement: [allow('s3:PutObject', 'arn:aws:s3:::frank-data/capture/*')],
  });
  // Allowed to write anywhere, but trusting Lambda only: SageMaker may not act as it.
  await app.iam.roles.createRole('frank-lambda-only', {
    trustPolicy: trustPolicyForServices(['lambda.amazonaws.com']),
  });
  await app.iam.policies.attach({ type: 'role', name: 'frank-lambda-only' }, 'anything', {
    Version: '2012-10-17',
    Statement: [allow('s3:*', '*')],
  });
  // The user: endpoints erin-* only, no S3 access, no iam:PassRole.
  await user('erin', [allow('sagemaker:*', 'arn:aws:sagemaker:*:000000000000:endpoint/erin-*')]);
  // Endpoints frank-* and passing his capture roles to SageMaker.
  await user('frank', [
    allow('sagemaker:*', 'arn:aws:sagemaker:*:000000000000:endpoint/frank-*'),
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: [ROLE, LAMBDA_ONLY_ROLE],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
  ]);
  // May describe every endpoint, nothing in S3.
  await user('dora', [allow('sagemaker:DescribeEndpoint', '*')]);
  // May describe endpoints and read frank's capture objects through S3.
  await user('sam', [
    allow('sagemaker:DescribeEndpoint', '*'),
    allow('s3:ListBucket', 'arn:aws:s3:::frank-data'),
    allow('s3:GetObject', 'arn:aws:s3:::frank-data/capture/*'),
  ]);
  // Lists the folder, but one variant's files are denied.
  await user('lena', [
    allow('sagemaker:DescribeEndpoint', '*'),
    allow('s3:ListBucket', 'arn:aws:s3:::frank-data'),
    allow('s3:GetObject', 'arn:aws:s3:::frank-data/capture/*'),
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::frank-data/capture/frank-read/*' },
  ]);
  png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c08040' } })
    .png()
    .toBuffer();
}, 120_000);
afterAll(() => server?.close());

async function rest(who: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.server.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: server.bearer(keys[who] as Keys),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const deploy = (who: string, name: string, capture: object, extra: object = {}) =>
  rest(who, 'PUT', `/endpoints/${name}`, { model: '1', capture, ...extra });

/** Invokes as `who` through the SDK, then waits until the server buffered the capture records and flushes them. */
async function invokeAndFlush(who: string, endpoint: string, times = 1): Promise<void> {
  const client = new SageMakerRuntimeClient({
    endpoint: server.server.url,
    region: 'us-east-1',
    credentials: keys[who] as Keys,
    maxAttempts: 1,
  });
  const host = server.server.endpoints;
  const before = host.captureStats.captured;
  for (let i = 0; i < times; i++) {
    const answer = await client.send(
      new InvokeEndpointCommand({ EndpointName: endpoint, Body: png, ContentType: 'image/png' }),
    );
    expect(answer.$metadata.httpStatusCode).toBe(200);
  }
  // Records are buffered just after each response (setImmediate): wait for them by count, not by time.
  for (let spins = 0; host.captureStats.captured < before + times; spins++) {
    if (spins > 2000) throw new Error('capture records never reached the buffer');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await host.flushCapture();
}

async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of server.app.store.listAllObjects(bucket, prefix)) found.push(object.key);
  return found;
}

async function captureErrors(endpoint: string, reason: string): Promise<number> {
  const metrics = server.app.monitoring.metrics;
  await metrics.flush();
  const now = Date.now();
  const result = await metrics.query({
    namespace: 'Scones/Endpoints',
    name: 'DataCaptureErrors',
    dimensions: { EndpointName: endpoint, Reason: reason },
    statistics: ['Sum'],
    periodSeconds: 7200,
    start: now - 3_600_000,
    end: now + 60_000,
  });
  return result.datapoints.reduce((total, d) => total + (d.values.Sum ?? 0), 0);
}

describe('data capture is written as the endpoint execution role (item 6)', () => {
  it("erin (endpoint/erin-* only) captures into another user's bucket: inference 200, nothing written, error counted", async () => {
    const deployed = await deploy('erin', 'erin-steal', {
      enabled: true,
      samplingPercent: 100,
      destination: 's3://victim/stolen',
    });
    expect(deployed.status).toBe(200);
    const deniedBefore = server.server.endpoints.captureStats.deniedWrites;
    await invokeAndFlush('erin', 'erin-steal', 2);
    expect(await keysUnder('victim', 'stolen/')).toEqual([]);
    expect(server.server.endpoints.captureStats.deniedWrites).toBeGreaterThan(deniedBefore);
    expect(await captureErrors('erin-steal', 'AccessDenied')).toBeGreaterThanOrEqual(1);
  });

  it('erin may not pass a role she has no iam:PassRole on (403 IAM_ACCESS_DENIED, nothing deployed)', async () => {
    const refused = await deploy(
      'erin',
      'erin-role',
      { enabled: true, samplingPercent: 100, destination: 's3://frank-data/capture' },
      { executionRoleArn: ROLE },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('IAM_ACCESS_DENIED');
    expect(refused.body.error.message).toContain('iam:PassRole');
    expect((await rest('erin', 'GET', '/endpoints/erin-role')).status).toBe(404);
  });

  it('frank passes his role: capture lands where the role may write, and nowhere else', async () => {
    const allowed = await deploy(
      'frank',
      'frank-ok',
      { enabled: true, samplingPercent: 100, destination: 's3://frank-data/capture' },
      { executionRoleArn: ROLE },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.executionRoleArn).toBe(ROLE);
    await invokeAndFlush('frank', 'frank-ok');
    const written = await keysUnder('frank-data', 'capture/frank-ok/');
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written[0]).toMatch(/^capture\/frank-ok\/AllTraffic\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/.+\.jsonl$/);

    // The same role pointed at the victim's bucket: PutObject is not allowed there.
    const elsewhere = await deploy(
      'frank',
      'frank-away',
      { enabled: true, samplingPercent: 100, destination: 's3://victim/frank' },
      { executionRoleArn: ROLE },
    );
    expect(elsewhere.status).toBe(200);
    await invokeAndFlush('frank', 'frank-away');
    expect(await keysUnder('victim', 'frank/')).toEqual([]);
    expect(await captureErrors('frank-away', 'AccessDenied')).toBeGreaterThanOrEqual(1);
  });

  it('a role that does not trust sagemaker.amazonaws.com writes nothing, whatever its policy allows', async () => {
    const deployed = await deploy(
      'frank',
      'frank-untrusted',
      { enabled: true, samplingPercent: 100, destination: 's3://frank-data/capture' },
      { executionRoleArn: LAMBDA_ONLY_ROLE },
    );
    expect(deployed.status).toBe(200);
    await invokeAndFlush('frank', 'frank-untrusted');
    expect(await keysUnder('frank-data', 'capture/frank-untrusted/')).toEqual([]);
    expect(await captureErrors('frank-untrusted', 'AccessDenied')).toBeGreaterThanOrEqual(1);
  });
});

describe('captured data through the captures route needs S3 read access (item 7)', () => {
  beforeAll(async () => {
    const deployed = await deploy(
      'frank',
      'frank-read',
      { enabled: true, samplingPercent: 100, destination: 's3://frank-data/capture' },
      { executionRoleArn: ROLE },
    );
    expect(deployed.status).toBe(200);
    await invokeAndFlush('frank', 'frank-read', 3);
  });

  it('dora (DescribeEndpoint only) gets 403, not the images and predictions', async () => {
    const refused = await rest('dora', 'GET', '/endpoints/frank-read/captures?images=3');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('IAM_ACCESS_DENIED');
    expect(JSON.stringify(refused.body)).not.toContain('probabilities');
    // Predictions alone are captured data too.
    expect((await rest('dora', 'GET', '/endpoints/frank-read/captures?images=0')).status).toBe(403);
  });

  it('sam, who may list and get the capture objects through S3, reads them here too', async () => {
    const answer = await rest('sam', 'GET', '/endpoints/frank-read/captures?images=3');
    expect(answer.status).toBe(200);
    expect(answer.body.inferences).toHaveLength(3);
    expect(answer.body.inferences[0].image).toBe(png.toString('base64'));
  });

  it('lena, denied GetObject on these files, gets 403 even though she may list them', async () => {
    const refused = await rest('lena', 'GET', '/endpoints/frank-read/captures?images=1');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('IAM_ACCESS_DENIED');
    expect(refused.body.error.message).toContain('s3:GetObject');
  });
});

describe('capture settings are validated as AWS validates DataCaptureConfig (item 8)', () => {
  it('refuses an unknown capture field with the validation error and saves nothing', async () => {
    const refused = await deploy('frank', 'frank-bogus', { enabled: true, samplingPercent: 5, bogus: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('HTTP_INVALID_REQUEST');
    expect((await rest('frank', 'GET', '/endpoints/frank-bogus')).status).toBe(404);
  });

  it('the service refuses one too (CLI and in-process callers), naming the field', async () => {
    const deploy = server.app.inference.endpoints.deploy({
      name: 'frank-bogus',
      variants: [{ model: '1' }],
      capture: { enabled: true, bogus: 1 } as unknown as { enabled: boolean },
    });
    await expect(deploy).rejects.toMatchObject({
      code: 'INFERENCE_INVALID_DEFINITION',
      message: expect.stringContaining('"bogus"'),
    });
  });

  it('refuses an executionRoleArn that is not a role ARN', async () => {
    const refused = await deploy('frank', 'frank-badrole', {}, { executionRoleArn: 'not-a-role' });
    // PassRole on the given string is checked first (frank may not pass it), as AWS would.
    expect(refused.status).toBe(403);
    await expect(
      server.app.inference.endpoints.deploy({
        name: 'frank-badrole',
        variants: [{ model: '1' }],
        executionRoleArn: 'not-a-role',
      }),
    ).rejects.toMatchObject({ code: 'INFERENCE_INVALID_DEFINITION' });
  });
});
