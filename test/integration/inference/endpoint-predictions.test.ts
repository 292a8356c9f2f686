// An endpoint on a trained model answers the 200 real test images with the model's own probabilities,
// through plain HTTP, the AWS SDK for JavaScript and boto3; the tfjs fallback agrees with ONNX.
import path from 'node:path';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { PNG_FOLDER, rgbOf } from '../../support/shared-data.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';

let t: TestServer;
let pngs: Awaited<ReturnType<typeof testPngs>>;
/** The ONNX model's probabilities for each test image, computed directly with onnxruntime. */
let expected: number[][];

beforeAll(async () => {
  t = await startTestServer();
  const trained = await trainSmallModel();
  await registerModel(t.app, trained, { runId: 'onnx' });
  await registerModel(t.app, trained, { runId: 'tfjs-only', onnx: false });
  await t.app.inference.endpoints.deploy({ name: 'bikes', variants: [{ model: '1' }] });
  await t.app.inference.endpoints.deploy({ name: 'bikes-tfjs', variants: [{ model: '2' }] });
  await t.server.endpoints.refresh();
  pngs = await testPngs();
  expected = await directProbabilities(
    trained.artifacts.onnx,
    pngs.map((p) => p.bytes),
  );
});
afterAll(() => t?.close());

async function directProbabilities(onnx: Uint8Array, images: Buffer[]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(onnx);
  const input = new Float32Array(images.length * 3072);
  for (const [i, image] of images.entries()) input.set(await rgbOf(image), i * 3072);
  const output = await session.run({ image: new ort.Tensor('float32', input, [images.length, 32, 32, 3]) });
  await session.release();
  const data = output.probabilities?.data as Float32Array;
  return images.map((_, i) => [data[i * 2] as number, data[i * 2 + 1] as number]);
}

async function invoke(endpoint: string, body: Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.server.url}/endpoints/${endpoint}/invocations`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'image/png', ...headers },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const argmax = (p: readonly number[]) => ((p[1] as number) > (p[0] as number) ? 1 : 0);

describe('InvokeEndpoint over HTTP', () => {
  it('answers all 200 test images with the model’s own probabilities, in SageMaker’s list format', async () => {
    const answers = await Promise.all(pngs.map((png) => invoke('bikes', png.bytes)));
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.headers.get('x-amzn-invoked-production-variant')).toBe('AllTraffic');
      expect(answer.text).toMatch(/^\[\d\.\d+(e-\d+)?, \d\.\d+(e-\d+)?\]$/);
      const probabilities = JSON.parse(answer.text) as number[];
      expect(probabilities[0]).toBeCloseTo(expected[i]?.[0] as number, 6);
      expect(probabilities[1]).toBeCloseTo(expected[i]?.[1] as number, 6);
      expect(argmax(probabilities)).toBe(argmax(expected[i] as number[]));
    }
    const recent = t.app.inference.recent.recent('bikes');
    expect(recent.filter((r) => r.outcome === 'ok')).toHaveLength(200);
    expect(recent[0]).toMatchObject({ variant: 'AllTraffic', modelVersion: 1, errorCode: null });
    expect(recent.every((r) => r.confidence !== null && r.confidence >= 0.5)).toBe(true);
  });

  it('serves a model without an ONNX artifact on tfjs, agreeing with ONNX', async () => {
    const sample = pngs.slice(0, 24);
    const answers = await Promise.all(sample.map((png) => invoke('bikes-tfjs', png.bytes)));
    expect(t.server.endpoints.served('bikes-tfjs')?.variants[0]?.backend).toBe('tfjs');
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      const probabilities = JSON.parse(answer.text) as number[];
      expect(Math.abs((probabilities[0] as number) - (expected[i]?.[0] as number))).toBeLessThan(1e-4);
    }
  });

  it('decodes JPEG and larger images the way training prepared them', async () => {
    const sharp = (await import('sharp')).default;
    const png = pngs[0]?.bytes as Buffer;
    const big = await sharp(png).resize(96, 96, { kernel: 'nearest' }).jpeg({ quality: 95 }).toBuffer();
    const answer = await invoke('bikes', big, { 'content-type': 'image/jpeg' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveLength(2);
  });
});

describe('clients', () => {
  it('answers all 200 test images through the AWS SDK for JavaScript v3', async () => {
    const client = new SageMakerRuntimeClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
    });
    const responses = await Promise.all(
      pngs.map((png) =>
        client.send(
          new InvokeEndpointCommand({ EndpointName: 'bikes', ContentType: 'image/png', Body: png.bytes }),
        ),
      ),
    );
    for (const [i, response] of responses.entries()) {
      expect(response.InvokedProductionVariant).toBe('AllTraffic');
      expect(response.ContentType).toBe('application/json');
      const probabilities = JSON.parse(new TextDecoder().decode(response.Body)) as number[];
      expect(probabilities[0]).toBeCloseTo(expected[i]?.[0] as number, 6);
      expect(argmax(probabilities)).toBe(argmax(expected[i] as number[]));
    }
    client.destroy();
  });

  it('works with boto3’s invoke_endpoint, errors included', async () => {
    const files = pngs.slice(0, 3).map((p) => path.join(PNG_FOLDER, 'test', p.file));
    const result = await runPython(
      path.resolve(import.meta.dirname, '../../fixtures/inference/boto3_invoke.py'),
      [t.server.url, 'bikes', ...files],
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    for (const [i, answer] of report.answers.entries()) {
      expect(answer.variant).toBe('AllTraffic');
      expect(answer.contentType).toBe('application/json');
      expect(JSON.parse(answer.body)[0]).toBeCloseTo(expected[i]?.[0] as number, 6);
    }
    expect(report.errors.unknownEndpoint).toMatchObject({
      Code: 'ValidationError',
      Message: 'Endpoint no-such-endpoint of account 000000000000 not found.',
    });
    expect(report.errors.badImage).toMatchObject({ code: 'ModelError', originalStatusCode: 400 });
    expect(report.errors.badImage.originalMessage).toMatch(/not a decodable image/);
  });
});
