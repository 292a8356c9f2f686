// Malformed input, unknown names, a failing model and overload get AWS's error shapes, fast, and the server
// keeps serving.
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNanModel } from '../../support/onnx-nan-model.js';
import { pngBomb } from '../../support/png-bomb.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';

let t: TestServer;
let png: Buffer;

beforeAll(async () => {
  t = await startTestServer({ 'inference.maxInflight': 16, 'inference.workers': 1 });
  const trained = await trainSmallModel();
  await registerModel(t.app, trained, { runId: 'good' });
  await registerNanModel(t.app, 'nan');
  await t.app.inference.endpoints.deploy({ name: 'bikes', variants: [{ model: '1' }] });
  await t.app.inference.endpoints.deploy({ name: 'nan', variants: [{ model: '2' }] });
  await t.server.endpoints.refresh();
  png = (await testPngs(1))[0]?.bytes as Buffer;
});
afterAll(() => t?.close());

async function invoke(endpoint: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.server.url}/endpoints/${endpoint}/invocations`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'image/png', ...headers },
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    headers: response.headers,
    body: JSON.parse(text || 'null'),
  };
}

const solid = (colour: string) =>
  sharp({ create: { width: 32, height: 32, channels: 3, background: colour } })
    .png()
    .toBuffer();

describe('malformed input', () => {
  it('refuses a corrupt PNG, a truncated one, an empty body and garbage as ModelError 424 from the model', async () => {
    const corrupt = Buffer.from(png);
    corrupt[png.length - 40] = (corrupt[png.length - 40] as number) ^ 0xff;
    const cases: [Uint8Array | string, RegExp][] = [
      [corrupt, /not a decodable image: PNG chunk IDAT fails its CRC check/],
      [png.subarray(0, png.length / 2), /not a decodable image: PNG is truncated/],
      ['', /request body is empty/],
      ['GIF89a nonsense', /not a decodable image/],
    ];
    for (const [body, message] of cases) {
      const answer = await invoke('bikes', body);
      expect(answer.status).toBe(424);
      expect(answer.type).toBe('ModelError');
      expect(answer.body).toMatchObject({
        OriginalStatusCode: 400,
        OriginalMessage: expect.stringMatching(message),
      });
    }
  });

  it('refuses an unsupported or missing content type as the model container does (415)', async () => {
    const answer = await invoke('bikes', 'a,b,c', { 'content-type': 'text/csv' });
    expect(answer.status).toBe(424);
    expect(answer.body).toMatchObject({
      OriginalStatusCode: 415,
      OriginalMessage: expect.stringContaining('image/png, image/jpeg, application/x-image'),
    });
    const untyped = await fetch(`${t.server.url}/endpoints/bikes/invocations`, {
      method: 'POST',
      body: new Uint8Array(png),
    });
    expect(untyped.status).toBe(424);
    expect(await untyped.json()).toMatchObject({ OriginalStatusCode: 415 });
  });

  it('refuses a 30000x30000 PNG bomb from its header', async () => {
    const answer = await invoke('bikes', pngBomb(30000, 30000));
    expect(answer.status).toBe(424);
    expect(answer.body.OriginalMessage).toMatch(/more than 25000000 pixels/);
  });

  it('refuses a 50 MB body before reading it', async () => {
    const answer = await invoke('bikes', Buffer.alloc(50 * 1024 * 1024, 1)).catch((error: Error) => error);
    // The server answers 413 and closes; a client still sending may see the connection end instead.
    if (answer instanceof Error) expect(answer.message).toMatch(/fetch failed|closed|reset|EPIPE/i);
    else
      expect(answer).toMatchObject({
        status: 413,
        type: 'ValidationError',
        body: { message: expect.stringMatching(/oversize body/) },
      });
    expect((await invoke('bikes', png)).status).toBe(200);
  });
});

describe('names and headers', () => {
  it('answers unknown and invalid endpoints, variants and inference ids with ValidationError 400', async () => {
    expect(await invoke('nope', png)).toMatchObject({
      status: 400,
      type: 'ValidationError',
      body: { message: 'Endpoint nope of account 000000000000 not found.' },
    });
    expect((await invoke('bad_name', png)).status).toBe(400);
    expect(await invoke('bikes', png, { 'x-amzn-sagemaker-target-variant': 'B' })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('target variant B is not a production variant') },
    });
    expect((await invoke('bikes', png, { 'x-amzn-sagemaker-inference-id': 'x'.repeat(65) })).status).toBe(
      400,
    );
    expect((await invoke('bikes', png, { 'x-amzn-sagemaker-target-variant': 'AllTraffic' })).status).toBe(
      200,
    );
  });
});

describe('model failure', () => {
  it('reports a model that produces NaN as ModelError with the original 500, and keeps serving', async () => {
    const failed = await invoke('nan', await solid('#000000'));
    expect(failed).toMatchObject({ status: 424, type: 'ModelError', body: { OriginalStatusCode: 500 } });
    expect(failed.body.Message).toMatch(/^Received server error \(500\) from primary/);
    const lit = await invoke('nan', await solid('#808080'));
    expect(lit).toMatchObject({ status: 200, body: [1, 1] });
    const outcomes = t.app.inference.recent.recent('nan').map((r) => r.outcome);
    expect(outcomes).toEqual(['model_error', 'ok']);
  });
});

describe('with the AWS SDK', () => {
  const client = () =>
    new SageMakerRuntimeClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
      maxAttempts: 1,
    });

  it('raises ValidationError and ModelError with their fields', async () => {
    const sdk = client();
    const send = (name: string, body: Uint8Array, type = 'image/png') =>
      sdk
        .send(new InvokeEndpointCommand({ EndpointName: name, ContentType: type, Body: body }))
        .catch((e) => e);
    const missing = await send('nope', png);
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.message).toBe('Endpoint nope of account 000000000000 not found.');
    const bad = await send('bikes', Buffer.from('nope'));
    expect(bad).toBeInstanceOf(ModelError);
    expect(bad).toMatchObject({ OriginalStatusCode: 400, $metadata: { httpStatusCode: 424 } });
    expect((await send('bikes', png, 'application/octet-stream')).OriginalStatusCode).toBe(415);
    sdk.destroy();
  });

  it('answers overload with ServiceUnavailable 503 and Retry-After, quickly, then serves again', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, () => invoke('bikes', png)));
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    const refused = answers.find((a) => a.status === 503);
    expect(refused?.type).toBe('ServiceUnavailable');
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(t.server.endpoints.admission.requests).toBe(0);
    const sdk = client();
    const burst = await Promise.all(
      Array.from({ length: 100 }, () =>
        sdk
          .send(new InvokeEndpointCommand({ EndpointName: 'bikes', ContentType: 'image/png', Body: png }))
          .catch((e) => e),
      ),
    );
    for (const result of burst)
      if (!(result instanceof ServiceUnavailable)) expect(result.InvokedProductionVariant).toBe('AllTraffic');
    sdk.destroy();
    expect((await invoke('bikes', png)).status).toBe(200);
  });
});
