// The three built-in functions run in sequence in the runtime's Node guests, as seeded into a home, on an image
// prepared from the shared CIFAR-100 archive: serialize (through the Scones S3 API of a listening server) ->
// classify (a local server answering like a SageMaker endpoint) -> filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LST_KEY, parseLst } from '../../../src/modules/datasets/index.js';
import type { ObjectStore } from '../../../src/modules/storage/index.js';
import { PYTHON_ARCHIVE } from '../../support/shared-data.js';
import { prepareQuietly } from '../../support/small-dataset.js';
import { type FakeEndpoint, startFakeEndpoint } from './fake-endpoint.js';
import {
  homeStore,
  json,
  openHome,
  removeTempDirs,
  startServer,
  type TestHome,
  type TestServer,
  tempDir,
} from './support.js';

let home: TestHome;
let server: TestServer;
let fake: FakeEndpoint;
let store: ObjectStore;
let key: string;

beforeAll(async () => {
  const root = await tempDir('fn-pipeline');
  store = await homeStore(root);
  await prepareQuietly(store, root, { source: PYTHON_ARCHIVE, bucket: 'scones' });
  const lst = await store.getObject('scones', LST_KEY.test);
  const chunks: Uint8Array[] = [];
  for await (const chunk of lst.body) chunks.push(chunk);
  key = parseLst(Buffer.concat(chunks).toString('utf8'))[0]?.key as string;
  fake = await startFakeEndpoint();
  home = await openHome();
  server = await startServer(store, home.service);
  home.service.useEndpoint(server.url);
  await home.service.seedBuiltins();
  // Endpoints are not served by Scones yet: the SDK's per-service variable sends InvokeEndpoint elsewhere.
  const classify = await home.service.describe('scones-classifyImage');
  await home.service.updateConfiguration('scones-classifyImage', {
    environment: { ...classify.record.environment, AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: fake.url },
  });
});
afterAll(async () => {
  await server?.close();
  await home?.close();
  await fake?.close();
  await removeTempDirs();
});

async function runPipeline(s3Key: string) {
  const serialized = await home.service.invoke('scones-serializeImageData', {
    payload: JSON.stringify({ s3_bucket: 'scones', s3_key: s3Key }),
  });
  expect(serialized.functionError, serialized.payload).toBeUndefined();
  const classified = await home.service.invoke('scones-classifyImage', { payload: serialized.payload });
  expect(classified.functionError, classified.payload).toBeUndefined();
  const filtered = await home.service.invoke('scones-filterLowConfidence', { payload: classified.payload });
  return { serialized, classified, filtered };
}

describe('the built-in image pipeline', () => {
  it('passes a confident prediction through all three functions', async () => {
    const { serialized, classified, filtered } = await runPipeline(key);
    const image = await store.getObject('scones', key);
    const bytes: Uint8Array[] = [];
    for await (const chunk of image.body) bytes.push(chunk);
    expect(json(serialized.payload)).toEqual({
      statusCode: 200,
      body: {
        image_data: Buffer.concat(bytes).toString('base64'),
        s3_bucket: 'scones',
        s3_key: key,
        inferences: [],
      },
    });
    expect(fake.calls.at(-1)).toMatchObject({ endpoint: 'bikes', contentType: 'image/png', signed: true });
    expect(fake.calls.at(-1)?.body.equals(Buffer.concat(bytes))).toBe(true);
    expect((json(classified.payload).body as { inferences: number[] }).inferences).toEqual([0.97, 0.03]);
    expect(filtered.functionError).toBeUndefined();
    expect(json(filtered.payload)).toEqual(json(classified.payload));
  });

  it('stops a low-confidence prediction with THRESHOLD_CONFIDENCE_NOT_MET', async () => {
    fake.answers.set('bikes', '[0.61, 0.39]');
    const { filtered } = await runPipeline(key);
    expect(filtered.functionError).toBe('Unhandled');
    expect(filtered.error?.errorType).toBe('THRESHOLD_CONFIDENCE_NOT_MET');
    expect(json(filtered.payload)).toMatchObject({ errorType: 'THRESHOLD_CONFIDENCE_NOT_MET' });
    const logs = await home.service.logs({
      functionName: 'scones-filterLowConfidence',
      requestId: filtered.requestId,
    });
    expect(logs.map((line) => line.message).join('\n')).toMatch(/THRESHOLD_CONFIDENCE_NOT_MET/);
  });

  it('reports a missing image as the S3 error name', async () => {
    const missing = await home.service.invoke('scones-serializeImageData', {
      payload: JSON.stringify({ s3_bucket: 'scones', s3_key: 'test/nope.png' }),
    });
    expect(missing.error?.errorType).toBe('NoSuchKey');
  });
});
