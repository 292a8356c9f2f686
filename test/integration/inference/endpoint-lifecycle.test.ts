// Variants, updates without downtime, failed deploys, deletes, the REST API and data capture, in one server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';

let t: TestServer;
let pngs: Awaited<ReturnType<typeof testPngs>>;

beforeAll(async () => {
  t = await startTestServer({ 'inference.captureFlushMs': 100 });
  const [first, second] = [await trainSmallModel(1), await trainSmallModel(2)];
  await registerModel(t.app, first, { runId: 'v1' });
  await registerModel(t.app, second, { runId: 'v2' });
  await t.app.store.ensureBucket('scones-models');
  await t.app.store.putObject('scones-models', 'broken/model.onnx', Buffer.from('not an onnx model'));
  for (const key of ['broken/model.json', 'broken/weights.bin', 'broken/report.json'])
    await t.app.store.putObject('scones-models', key, Buffer.from('{}'));
  await t.app.models.register({
    runId: 'broken',
    arch: 'resnet8',
    artifactBucket: 'scones-models',
    artifacts: {
      onnx: 'broken/model.onnx',
      'tfjs-model': 'broken/model.json',
      'tfjs-weights': 'broken/weights.bin',
      report: 'broken/report.json',
    },
    hyperparameters: {},
    metrics: {},
    lineage: {},
    preprocessing: { ...first.artifacts.preprocessing },
    temperature: 1,
  });
  pngs = await testPngs(16);
});
afterAll(() => t?.close());

async function invoke(endpoint: string, body: Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.server.url}/endpoints/${endpoint}/invocations`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'image/png', ...headers },
  });
  return {
    status: response.status,
    variant: response.headers.get('x-amzn-invoked-production-variant'),
    text: await response.text(),
  };
}

async function api(
  method: string,
  url: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of the REST API, checked by the assertions
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${t.server.url}/api/v1${url}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

const image = (i: number) => pngs[i % pngs.length]?.bytes as Buffer;

describe('production variants', () => {
  it('splits traffic by weight and honours X-Amzn-SageMaker-Target-Variant', async () => {
    const deployed = await api('PUT', '/endpoints/ab', {
      variants: [
        { name: 'A', model: '1', weight: 1 },
        { name: 'B', model: '2', weight: 3 },
        { name: 'Shadow', model: '2', weight: 0 },
      ],
    });
    expect(deployed.status).toBe(200);
    expect(deployed.body).toMatchObject({
      status: 'InService',
      served: { variants: [{ name: 'A' }, { name: 'B' }, { name: 'Shadow' }] },
    });
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => invoke('ab', image(i))));
    const counts = { A: 0, B: 0, Shadow: 0 } as Record<string, number>;
    for (const a of answers) counts[a.variant as string] = (counts[a.variant as string] ?? 0) + 1;
    expect(counts.Shadow).toBe(0);
    // 400 draws at 25%: 100 expected; 60..140 is beyond 4.6 standard deviations.
    expect(counts.A).toBeGreaterThan(60);
    expect(counts.A).toBeLessThan(140);
    const targeted = await invoke('ab', image(0), { 'x-amzn-sagemaker-target-variant': 'Shadow' });
    expect(targeted.variant).toBe('Shadow');
    const direct = await invoke('ab', image(0), { 'x-amzn-sagemaker-target-variant': 'B' });
    expect(targeted.text).toBe(direct.text);
  });
});

describe('updates', () => {
  it('switches versions under load without a single failed request', async () => {
    await api('PUT', '/endpoints/live', { model: '1' });
    const bodies = new Map<string, Set<string>>();
    for (const version of ['1', '2'])
      bodies.set(
        version,
        new Set(
          await Promise.all(
            pngs.map(
              async (_, i) =>
                (
                  await invoke('ab', image(i), {
                    'x-amzn-sagemaker-target-variant': version === '1' ? 'A' : 'B',
                  })
                ).text,
            ),
          ),
        ),
      );
    let running = true;
    const seen: { status: number; text: string }[] = [];
    const clients = Array.from({ length: 12 }, async (_, c) => {
      for (let i = c; running; i += 12) seen.push(await invoke('live', image(i)));
    });
    for (const model of ['2', '1', '2']) {
      const before = seen.length;
      const record = await t.app.inference.endpoints.deploy({ name: 'live', variants: [{ model }] });
      await t.app.inference.endpoints.waitUntilServed('live', record.revision, 60_000);
      while (seen.length < before + 50) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    running = false;
    await Promise.all(clients);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    const fromV1 = seen.filter((s) => bodies.get('1')?.has(s.text)).length;
    const fromV2 = seen.filter((s) => bodies.get('2')?.has(s.text)).length;
    expect(fromV1 + fromV2).toBe(seen.length);
    expect(fromV1).toBeGreaterThan(0);
    expect(fromV2).toBeGreaterThan(0);
    expect(t.server.endpoints.served('live')?.variants[0]?.modelVersion).toBe(2);
  });

  it('keeps serving the old version when an update cannot load, and reports why', async () => {
    const record = await t.app.inference.endpoints.deploy({ name: 'live', variants: [{ model: '3' }] });
    const settled = await t.app.inference.endpoints.waitUntilServed('live', record.revision, 60_000);
    expect(settled.status).toBe('InService');
    expect(settled.servedRevision).toBeLessThan(record.revision);
    expect(settled.failureReason).toMatch(
      /update to revision \d+ failed \(revision \d+ still serves\): model version 3 \(onnx\) cannot be loaded/,
    );
    expect((await invoke('live', image(0))).status).toBe(200);
    const fresh = await t.app.inference.endpoints.deploy({ name: 'never', variants: [{ model: '3' }] });
    expect(await t.app.inference.endpoints.waitUntilServed('never', fresh.revision, 60_000)).toMatchObject({
      status: 'Failed',
      servedRevision: null,
    });
    expect((await invoke('never', image(0))).status).toBe(400);
  });

  it('stops serving a deleted endpoint', async () => {
    expect((await api('DELETE', '/endpoints/never')).status).toBe(204);
    expect((await api('GET', '/endpoints/never')).status).toBe(404);
    expect((await invoke('never', image(0))).status).toBe(400);
  });
});

describe('REST API', () => {
  it('lists, describes with invocation counts, and shows recent invocations', async () => {
    const list = await api('GET', '/endpoints');
    expect(list.body.endpoints.map((e: { name: string }) => e.name)).toEqual(['ab', 'live']);
    const described = await api('GET', '/endpoints/ab');
    expect(described.body.invocations.count).toBeGreaterThanOrEqual(400);
    const recent = await api('GET', '/endpoints/ab/invocations?limit=5');
    expect(recent.body.invocations).toHaveLength(5);
    expect(recent.body.invocations[0]).toMatchObject({
      endpoint: 'ab',
      outcome: 'ok',
      predictedClass: expect.stringMatching(/^(bicycle|motorcycle)$/),
      confidence: expect.any(Number),
      modelLatencyMs: expect.any(Number),
      overheadLatencyMs: expect.any(Number),
    });
    expect((await api('PUT', '/endpoints/bad_name', { model: '1' })).status).toBe(400);
    expect((await api('PUT', '/endpoints/x', { model: '99' })).status).toBe(404);
  });
});

describe('data capture', () => {
  it('writes sampled SageMaker capture records per variant and hour, input and output', async () => {
    await api('PUT', '/endpoints/captured', {
      model: '1',
      capture: { enabled: true, samplingPercent: 100, destination: 's3://capture-bucket/monitoring' },
    });
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        invoke('captured', image(i), i % 2 === 0 ? { 'x-amzn-sagemaker-inference-id': `req-${i}` } : {}),
      ),
    );
    await t.server.endpoints.flushCapture();
    const lines: string[] = [];
    const keys: string[] = [];
    for await (const object of t.app.store.listAllObjects('capture-bucket', 'monitoring/')) {
      keys.push(object.key);
      const text = (await t.app.store.getObjectBytes('capture-bucket', object.key)).toString();
      expect(text.endsWith('\n')).toBe(true);
      lines.push(...text.trimEnd().split('\n'));
    }
    expect(
      keys.every((k) =>
        /^monitoring\/captured\/AllTraffic\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{2}-\d{2}-\d{3}-[0-9a-f-]{36}\.jsonl$/.test(
          k,
        ),
      ),
    ).toBe(true);
    const records = lines.map((line) => JSON.parse(line));
    expect(records).toHaveLength(30);
    for (const record of records) {
      const input = Buffer.from(record.captureData.endpointInput.data, 'base64');
      const index = pngs.findIndex((p) => p.bytes.equals(input));
      expect(index).toBeGreaterThanOrEqual(0);
      expect(record.captureData.endpointInput).toMatchObject({
        observedContentType: 'image/png',
        mode: 'INPUT',
        encoding: 'BASE64',
      });
      expect(record.captureData.endpointOutput).toMatchObject({
        observedContentType: 'application/json',
        mode: 'OUTPUT',
        encoding: 'JSON',
      });
      expect(sent.map((s) => s.text)).toContain(record.captureData.endpointOutput.data);
      expect(record.eventMetadata.inferenceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(record.eventVersion).toBe('0');
    }
    const ids = records.flatMap((r) => (r.eventMetadata.inferenceId ? [r.eventMetadata.inferenceId] : []));
    expect(ids.sort()).toEqual(Array.from({ length: 15 }, (_, i) => `req-${i * 2}`).sort());
  });

  it('samples a share of the traffic and captures only what it is told to', async () => {
    await api('PUT', '/endpoints/captured', {
      model: '1',
      capture: {
        enabled: true,
        samplingPercent: 20,
        captureInput: false,
        destination: 's3://capture-bucket/sampled',
      },
    });
    await Promise.all(Array.from({ length: 200 }, (_, i) => invoke('captured', image(i))));
    await t.server.endpoints.flushCapture();
    const lines: string[] = [];
    for await (const object of t.app.store.listAllObjects('capture-bucket', 'sampled/'))
      lines.push(
        ...(await t.app.store.getObjectBytes('capture-bucket', object.key)).toString().trimEnd().split('\n'),
      );
    // 200 draws at 20%: 40 expected; 15..65 is beyond 4.4 standard deviations.
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.length).toBeLessThan(65);
    expect(Object.keys(JSON.parse(lines[0] as string).captureData)).toEqual(['endpointOutput']);
  });
});
