// With storage.backend = s3 (a second real `scones serve` as the backend), a function invoke and an endpoint keep
// their code and model in the backend; the home holds only the node's caches, its database and its keys.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { homeKeys, type S3Backend, startSconesBackend } from '../../support/s3-backends.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';
import { PLATFORM_FIXTURES } from '../functions/support.js';

let backend: S3Backend;
let t: TestServer;

beforeAll(async () => {
  backend = await startSconesBackend();
  t = await startTestServer({
    'storage.backend': 's3',
    'storage.s3.endpoint': backend.endpoint,
    'storage.s3.bucket': backend.home,
    'storage.s3.prefix': 'node/',
    'storage.s3.accessKeyId': backend.credentials.accessKeyId,
    'storage.s3.secretAccessKey': backend.credentials.secretAccessKey,
  });
});
afterAll(async () => {
  await t?.close();
  await backend?.stop();
});

it('invokes a function and an endpoint whose code and model live in the backend, not in the home', async () => {
  const code = { kind: 'path' as const, path: path.join(PLATFORM_FIXTURES, 'echo-v1') };
  const deployed = await t.app.functions.deploy({
    name: 'echo',
    runtime: 'nodejs',
    handler: 'index.handler',
    code,
  });
  const invoked = await t.app.functions.invoke('echo', { payload: '{"from":"s3"}' });
  expect(JSON.parse(invoked.payload)).toMatchObject({ revision: 1, event: { from: 's3' } });

  await registerModel(t.app, await trainSmallModel(), { runId: 'v1' });
  await t.app.inference.endpoints.deploy({ name: 'bikes', variants: [{ model: '1' }] });
  await t.server.endpoints.refresh();
  const [png] = await testPngs(1);
  if (!png) throw new Error('no test image');
  const response = await fetch(`${t.server.url}/endpoints/bikes/invocations`, {
    method: 'POST',
    body: png.bytes,
    headers: { 'content-type': 'image/png' },
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toHaveLength(2);

  const keys = await homeKeys(backend, 'node/');
  expect(keys).toContain(`node/scones-internal/code/functions/echo/${deployed.record.code.ref}.tar`);
  expect(keys).toContain('node/scones-models/runs/v1/model.onnx');
  // The SDK layer every home publishes at start is stored the same way.
  expect(keys.some((key) => key.startsWith('node/scones-internal/code/layers/sagemaker-sdk/'))).toBe(true);

  const files = (await readdir(t.home, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(t.home, path.join(entry.parentPath, entry.name)));
  // The database (SQLite in this embedded test; PostgreSQL when scaled out) and the node's keys stay local.
  const state = /^(scones\.db(-wal|-shm)?|iam\.key|storage\.key)$/;
  const caches = /^(cache|tmp)\//;
  expect(files.filter((file) => !state.test(file) && !caches.test(file))).toEqual([]);
  // The node's copies: the function's unpacked code and the model's artifacts, each named by its content.
  expect(files.some((file) => /^cache\/files\/entries\/model-[0-9a-f]{32}\/artifact$/.test(file))).toBe(true);
  expect(files.some((file) => file.startsWith(`cache/files/entries/code-${deployed.record.code.ref}/`))).toBe(
    true,
  );
});
