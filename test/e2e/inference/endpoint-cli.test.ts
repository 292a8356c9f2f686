// The real `scones` processes: deploy while the server runs, list, describe, invoke, data capture that survives
// kill -9 with only the unflushed interval lost, and the SageMaker container contract of serve-model.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { createApp } from '../../../src/app/container.js';
import { runScones, serveScones, startScones } from '../../support/cli.js';
import { PNG_FOLDER, rgbOf } from '../../support/shared-data.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';

let cwd: string;
let pngs: Awaited<ReturnType<typeof testPngs>>;
let expectedV1: number[][];
const running: ChildProcess[] = [];
const env = () => ({ SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' });
const scones = (args: string[]) => runScones(args, { cwd, env: env() });
const file = (i: number) => path.join(PNG_FOLDER, 'test', pngs[i]?.file as string);

async function startServer() {
  const started = await serveScones({ cwd, env: env() });
  running.push(started.child);
  return started;
}

async function invoke(url: string, i: number) {
  const response = await fetch(`${url}/endpoints/bikes/invocations`, {
    method: 'POST',
    body: pngs[i]?.bytes as Buffer,
    headers: { 'content-type': 'image/png' },
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-endpoint-cli-'));
  await writeFile(path.join(cwd, 'scones.config.json'), JSON.stringify({ inference: { pollMs: 100 } }));
  const app = await createApp(loadConfig({ env: env(), cwd }), { cwd });
  const [first, second] = [await trainSmallModel(1), await trainSmallModel(2)];
  await registerModel(app, first, { runId: 'v1' });
  await registerModel(app, second, { runId: 'v2' });
  await app.close();
  pngs = await testPngs();
  const session = await ort.InferenceSession.create(first.artifacts.onnx);
  expectedV1 = [];
  for (const png of pngs) {
    const input = new ort.Tensor('float32', Float32Array.from(await rgbOf(png.bytes)), [1, 32, 32, 3]);
    expectedV1.push(Array.from((await session.run({ image: input })).probabilities?.data as Float32Array));
  }
  await session.release();
});
afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(cwd, { recursive: true, force: true });
});

describe('scones deploy / endpoints / invoke against scones serve', () => {
  it('deploys to a running server, which serves it without a restart; the CLI invokes it', async () => {
    const server = await startServer();
    const deployed = await scones(['deploy', '--endpoint', 'bikes', '--model', '1', '--json']);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout.toString())).toMatchObject({
      name: 'bikes',
      status: 'InService',
      servedRevision: 1,
    });
    const files = pngs.map((_, i) => file(i));
    const invoked = await scones([
      'invoke',
      '--endpoint',
      'bikes',
      '--url',
      server.url,
      '--json',
      '--file',
      ...files,
    ]);
    expect(invoked.code, invoked.stderr).toBe(0);
    const answers = invoked.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(200);
    for (const [i, answer] of answers.entries()) {
      expect(answer).toMatchObject({ file: files[i], endpoint: 'bikes', variant: 'AllTraffic' });
      expect(answer.probabilities[0]).toBeCloseTo(expectedV1[i]?.[0] as number, 6);
      const best = (expectedV1[i]?.[1] as number) > (expectedV1[i]?.[0] as number) ? 1 : 0;
      expect(answer.predictedClass).toBe(['bicycle', 'motorcycle'][best]);
    }
    const plain = await scones(['invoke', '--endpoint', 'bikes', '--file', file(0), '--url', server.url]);
    expect(plain.stdout.toString()).toMatch(/^\[[0-9.e-]+, [0-9.e-]+\]\n$/);

    const before = await invoke(server.url, 0);
    const updated = await scones(['deploy', '--endpoint', 'bikes', '--variant', 'B=2:1', '--json']);
    expect(JSON.parse(updated.stdout.toString())).toMatchObject({ status: 'InService', servedRevision: 2 });
    const after = await invoke(server.url, 0);
    expect(after.status).toBe(200);
    expect(after.text).not.toBe(before.text);

    const listed = JSON.parse((await scones(['endpoints', 'list', '--json'])).stdout.toString());
    expect(listed).toEqual([
      expect.objectContaining({ name: 'bikes', variants: [{ name: 'B', modelVersion: 2, weight: 1 }] }),
    ]);
    const table = (await scones(['endpoints', 'list'])).stdout.toString();
    expect(table).toMatch(/^NAME\s+STATUS\s+REVISION\s+VARIANTS\nbikes\s+InService\s+2\s+B=v2 \(weight 1\)/);
    const missing = await scones(['invoke', '--endpoint', 'nope', '--file', file(0), '--url', server.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /ValidationError \(HTTP 400\): Endpoint nope of account 000000000000 not found/,
    );
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('captures data that a kill -9 does not corrupt, losing at most the unflushed interval', async () => {
    const server = await startServer();
    const deployed = await scones([
      'deploy',
      '--endpoint',
      'bikes',
      '--model',
      '1',
      '--capture-percent',
      '100',
      '--capture-destination',
      's3://capture/e2e',
    ]);
    expect(deployed.code, deployed.stderr).toBe(0);
    for (let i = 0; i < 20; i++) expect((await invoke(server.url, i % 8)).status).toBe(200);
    // Capture flushes every second (the default): 2.5 s later the first 20 records must be on disk.
    await sleep(2500);
    const late = Array.from({ length: 20 }, (_, i) => invoke(server.url, i % 8));
    await Promise.race([Promise.all(late), sleep(50)]);
    server.child.kill('SIGKILL');
    await server.exited;
    const records = await capturedRecords();
    expect(records.length).toBeGreaterThanOrEqual(20);
    expect(records.length).toBeLessThanOrEqual(40);
    for (const record of records) expect(record.captureData.endpointOutput.mode).toBe('OUTPUT');

    const again = await startServer();
    expect((await invoke(again.url, 0)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});

/** Every capture record on disk; each file must hold only complete JSON lines. */
async function capturedRecords() {
  const app = await createApp(loadConfig({ env: env(), cwd }), { cwd });
  const records = [];
  try {
    for await (const object of app.store.listAllObjects('capture', 'e2e/bikes/AllTraffic/')) {
      const text = (await app.store.getObjectBytes('capture', object.key)).toString();
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.trimEnd().split('\n')) records.push(JSON.parse(line));
    }
  } finally {
    await app.close();
  }
  return records;
}

describe('scones serve-model', () => {
  it('answers GET /ping and POST /invocations as a SageMaker model container, and stops on SIGTERM', async () => {
    const started = await startScones(['serve-model', '--model', '1', '--port', '0'], {
      cwd,
      env: env(),
      ready: /version 1 at (http:\/\/\S+)/,
    });
    running.push(started.child);
    const url = started.match[1] as string;
    const ping = await fetch(`${url}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe('');
    const answer = await fetch(`${url}/invocations`, {
      method: 'POST',
      body: await readFile(file(1)),
      headers: { 'content-type': 'application/x-image' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await answer.text())[0]).toBeCloseTo(expectedV1[1]?.[0] as number, 6);
    const refused = await fetch(`${url}/invocations`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/csv' },
    });
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ message: expect.stringContaining('not supported') });
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });
});
