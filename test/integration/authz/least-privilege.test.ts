// THE least-privilege test: the pipeline functions run as the roles `scones up` gives them. serializeImageData (the
// built-in Node handler, and the classic boto3 handler under the same role) may read the dataset bucket's test/
// prefix and nothing else; classifyImage may invoke its endpoint only; filterLowConfidence has no access at all.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessStage } from '../../../src/app/pipeline/access-stage.js';
import type { InvocationResult } from '../../../src/modules/functions/index.js';
import { arns } from '../../../src/modules/iam/index.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';

let server: TestServer;
const IMAGE = Buffer.from('not really a png, only bytes to carry');
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/authz');

beforeAll(async () => {
  server = await startTestServer({ 'server.auth': 'on' });
  const store = server.app.store;
  for (const bucket of ['scones', 'other']) await store.createBucket(bucket);
  for (const [bucket, key] of [
    ['scones', 'test/x.png'],
    ['scones', 'train/x.png'],
    ['other', 'test/x.png'],
  ] as const)
    await store.putObject(bucket, key, IMAGE, { contentType: 'image/png' });
  await accessStage(server.app, 'bikes');
  await server.app.functions.create({
    name: 'serializeImageDataPy',
    runtime: 'python',
    handler: 'lambda_function.lambda_handler',
    timeoutSeconds: 30,
    role: arns.iamRole('scones-serializeImageData'),
    code: { kind: 'path', path: path.join(FIXTURES, 'serialize_py') },
  });
}, 60_000);
afterAll(() => server?.close());

async function snapshot() {
  const objects: string[] = [];
  for (const bucket of await server.app.store.listBuckets()) {
    const page = await server.app.store.listObjects(bucket.name);
    for (const o of page.contents) objects.push(`${bucket.name}/${o.key} ${o.etag} ${o.size}`);
  }
  return objects.sort();
}

function invoke(name: string, event: unknown): Promise<InvocationResult> {
  return server.app.functions.invoke(name, { payload: JSON.stringify(event) });
}

function errorOf(result: InvocationResult): string {
  expect(result.functionError, result.payload).toBe('Unhandled');
  return JSON.stringify(JSON.parse(result.payload));
}

describe.each(['scones-serializeImageData', 'serializeImageDataPy'])(
  '%s under its least-privilege role',
  (name) => {
    it('reads s3://scones/test/x.png, and is AccessDenied for train/ and for another bucket', async () => {
      const before = await snapshot();
      const allowed = await invoke(name, { s3_bucket: 'scones', s3_key: 'test/x.png' });
      expect(allowed.functionError, allowed.payload).toBeUndefined();
      const body = JSON.parse(allowed.payload).body;
      expect(Buffer.from(body.image_data, 'base64')).toEqual(IMAGE);

      const train = await invoke(name, { s3_bucket: 'scones', s3_key: 'train/x.png' });
      expect(errorOf(train)).toMatch(/AccessDenied|403|Forbidden/);
      const other = await invoke(name, { s3_bucket: 'other', s3_key: 'test/x.png' });
      expect(errorOf(other)).toMatch(/AccessDenied|403|Forbidden/);
      expect(await snapshot()).toEqual(before);
    });
  },
);

describe('the other pipeline functions', () => {
  it('classifyImage may invoke bikes only; another endpoint is AccessDenied', async () => {
    const { record } = await server.app.functions.describe('scones-classifyImage');
    const event = { body: { image_data: IMAGE.toString('base64'), inferences: [] } };
    // bikes is not deployed here: getting past IAM to SageMaker's own ValidationError proves the grant.
    const bikes = await invoke('scones-classifyImage', event);
    expect(errorOf(bikes)).toContain('ValidationError');
    await server.app.functions.updateConfiguration('scones-classifyImage', {
      environment: { ...record.environment, ENDPOINT_NAME: 'other-endpoint' },
    });
    const other = await invoke('scones-classifyImage', event);
    expect(errorOf(other)).toContain('AccessDenied');
  });

  it('a function without a role runs as the default role, which may do nothing', async () => {
    await server.app.functions.create({
      name: 'noRole',
      runtime: 'python',
      handler: 'lambda_function.lambda_handler',
      timeoutSeconds: 30,
      code: { kind: 'path', path: path.join(FIXTURES, 'serialize_py') },
    });
    const result = await invoke('noRole', { s3_bucket: 'scones', s3_key: 'test/x.png' });
    expect(errorOf(result)).toMatch(/AccessDenied|403|Forbidden/);
  });

  it('starts guests with temporary credentials of their role (an ASIA key and session token)', async () => {
    await server.app.functions.create({
      name: 'whoami',
      runtime: 'python',
      handler: 'lambda_function.lambda_handler',
      role: arns.iamRole('scones-filterLowConfidence'),
      code: { kind: 'path', path: path.join(FIXTURES, 'whoami_py') },
    });
    const result = await invoke('whoami', {});
    const seen = JSON.parse(result.payload);
    expect(seen).toMatchObject({ hasSecret: true, hasSessionToken: true });
    expect(seen.accessKeyId).toMatch(/^ASIA/);
    const credential = await server.app.iam.sessions.credentialFor(seen.accessKeyId);
    expect(credential?.principal).toMatchObject({
      roleName: 'scones-filterLowConfidence',
      sessionName: 'whoami',
    });
  });
});
