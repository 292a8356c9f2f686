// The built-in pipeline handlers, called in-process with the AWS SDK pointed at a listening Scones server (S3)
// and a local server answering like a SageMaker endpoint, on a real dataset image.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { handler as classify } from '../../../src/modules/functions/builtin/handlers/classify-image.mjs';
import { handler as filter } from '../../../src/modules/functions/builtin/handlers/filter-low-confidence.mjs';
import { handler as serialize } from '../../../src/modules/functions/builtin/handlers/serialize-image-data.mjs';
import { ObjectStore } from '../../../src/modules/storage/index.js';
import { openFsBlobStore } from '../../../src/platform/blob/fs/fs-blob-store.js';
import { PNG_FOLDER } from '../../support/shared-data.js';
import { type FakeEndpoint, startFakeEndpoint } from './fake-endpoint.js';
import { removeTempDirs, startServer, type TestServer, tempDir } from './support.js';

let fake: FakeEndpoint;
let server: TestServer;
let image: Buffer;
const KEY = 'test/bike_s_000041.png';

beforeAll(async () => {
  const store = new ObjectStore(
    await openFsBlobStore(path.join(await tempDir('fn-builtin'), 'objects'), systemClock),
  );
  const file = (await readFile(path.join(PNG_FOLDER, 'test.csv'), 'utf8'))
    .split('\n')[1]
    ?.split(',')[0] as string;
  image = await readFile(path.join(PNG_FOLDER, 'test', file));
  await store.createBucket('scones');
  await store.putObject('scones', KEY, image, { contentType: 'image/png' });
  fake = await startFakeEndpoint();
  server = await startServer(store);
  vi.stubEnv('AWS_ENDPOINT_URL', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', fake.url);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'scones');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'scones');
  vi.stubEnv('ENDPOINT_NAME', 'bikes');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
  await server.close();
  await removeTempDirs();
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the handler to fail');
}

describe('serializeImageData', () => {
  it('reads the object and returns it base64-encoded with empty inferences', async () => {
    const result = await serialize({ s3_bucket: 'scones', s3_key: KEY });
    expect(result).toEqual({
      statusCode: 200,
      body: { image_data: image.toString('base64'), s3_bucket: 'scones', s3_key: KEY, inferences: [] },
    });
  });

  it('fails with the S3 error name or InvalidEvent', async () => {
    expect((await errorOf(serialize({ s3_bucket: 'scones', s3_key: 'test/missing.png' }))).name).toBe(
      'NoSuchKey',
    );
    expect((await errorOf(serialize({ s3_bucket: 'scones' }))).name).toBe('InvalidEvent');
    expect((await errorOf(serialize('scones/x.png'))).name).toBe('InvalidEvent');
  });
});

describe('classifyImage', () => {
  it('sends the decoded PNG to ENDPOINT_NAME and puts the probabilities in body.inferences', async () => {
    const serialized = await serialize({ s3_bucket: 'scones', s3_key: KEY });
    const classified = await classify(serialized);
    expect(classified).toEqual({ statusCode: 200, body: { ...serialized.body, inferences: [0.97, 0.03] } });
    const call = fake.calls.at(-1);
    expect(call).toMatchObject({ endpoint: 'bikes', contentType: 'image/png', signed: true });
    expect(call?.body.equals(image)).toBe(true);
  });

  it('accepts a body given as JSON text, as some handlers return it', async () => {
    const body = { image_data: image.toString('base64'), s3_bucket: 'scones', s3_key: KEY, inferences: [] };
    const classified = await classify({ statusCode: 200, body: JSON.stringify(body) });
    expect(classified.body.inferences).toEqual([0.97, 0.03]);
  });

  it('fails clearly without an endpoint name, for an unknown endpoint or an answer that is not a list', async () => {
    const event = { body: { image_data: image.toString('base64') } };
    vi.stubEnv('ENDPOINT_NAME', '');
    expect((await errorOf(classify(event))).name).toBe('ConfigurationError');
    vi.stubEnv('ENDPOINT_NAME', 'nowhere');
    expect((await errorOf(classify(event))).name).toBe('ValidationError');
    fake.answers.set('garbled', '{"label":"bicycle"}');
    vi.stubEnv('ENDPOINT_NAME', 'garbled');
    expect((await errorOf(classify(event))).name).toBe('InvalidEndpointResponse');
    vi.stubEnv('ENDPOINT_NAME', 'bikes');
    expect((await errorOf(classify({ body: {} }))).name).toBe('InvalidEvent');
  });
});

describe('filterLowConfidence', () => {
  const event = (inferences: unknown) => ({ statusCode: 200, body: { s3_key: KEY, inferences } });

  it('passes the event through unchanged when the highest inference reaches the threshold', async () => {
    const confident = event([0.97, 0.03]);
    expect(await filter(confident)).toBe(confident);
    expect(await filter(event([0.07, 0.93]))).toEqual(event([0.07, 0.93]));
    expect(await filter(event('[0.95, 0.05]'))).toEqual(event('[0.95, 0.05]'));
  });

  it('fails THRESHOLD_CONFIDENCE_NOT_MET below it, with THRESHOLD from the environment', async () => {
    const low = await errorOf(filter(event([0.6, 0.4])));
    expect(low.name).toBe('THRESHOLD_CONFIDENCE_NOT_MET');
    expect(low.message).toContain('0.6');
    expect((await errorOf(filter(event([])))).name).toBe('THRESHOLD_CONFIDENCE_NOT_MET');
    vi.stubEnv('THRESHOLD', '0.5');
    expect(await filter(event([0.6, 0.4]))).toEqual(event([0.6, 0.4]));
    vi.stubEnv('THRESHOLD', 'high');
    expect((await errorOf(filter(event([0.6, 0.4])))).name).toBe('ConfigurationError');
    vi.stubEnv('THRESHOLD', '');
    expect((await errorOf(filter(event(['a'])))).name).toBe('InvalidEvent');
  });
});
