// The SageMaker SDK subset against a real `scones serve`: the `sagemaker-sdk` layer every home has (version 1,
// still 1 after a restart), a state machine whose Python handler imports `sagemaker` from it and calls a deployed
// endpoint through Predictor + IdentitySerializer, and a notebook's Session / S3 helpers / get_execution_role.
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { createApp } from '../../src/app/container.js';
import { PYTHON_SDK_DIR } from '../../src/app/sdk-layer.js';
import { runScones, serveScones } from '../support/cli.js';
import { runPython } from '../support/python.js';
import { registerModel, testPngs, trainSmallModel } from '../support/trained-model.js';

const FLOW = path.resolve(import.meta.dirname, '../fixtures/sdk/sagemaker_sdk_flow.py');
const LAYER_ARN = 'arn:aws:lambda:us-east-1:000000000000:layer:sagemaker-sdk:1';
let cwd: string;
const running: ChildProcess[] = [];
const env = () => ({ SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' });

async function serve() {
  const started = await serveScones({ cwd, env: env() });
  running.push(started.child);
  return started;
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-sdk-layer-'));
  await writeFile(path.join(cwd, 'scones.config.json'), JSON.stringify({ inference: { pollMs: 100 } }));
  const app = await createApp(loadConfig({ env: env(), cwd }), { cwd });
  await registerModel(app, await trainSmallModel(1), { runId: 'v1' });
  await app.close();
}, 600_000);
afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(cwd, { recursive: true, force: true });
});

it('serves the layer to a state machine handler and the SDK to a notebook', async () => {
  const first = await serve();
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  // A restart publishes nothing new: the same files are version 1.
  const server = await serve();
  const deployed = await runScones(['deploy', '--endpoint', 'bikes', '--model', '1', '--json'], {
    cwd,
    env: env(),
  });
  expect(deployed.code, deployed.stderr).toBe(0);
  const [png] = await testPngs(1);
  const pngFile = path.join(cwd, 'image.png');
  await writeFile(pngFile, png?.bytes as Buffer);
  const scratch = path.join(cwd, 'scratch');
  await mkdir(scratch);
  const result = await runPython(FLOW, [server.url, 'bikes', pngFile, scratch], {
    HOME: cwd,
    PYTHONPATH: PYTHON_SDK_DIR,
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_ENDPOINT_URL: server.url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'scones',
    AWS_SECRET_ACCESS_KEY: 'scones',
  });
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  const machine = report.state_machine;
  expect(machine).toMatchObject({ layer: LAYER_ARN, status: 'SUCCEEDED', function_layers: [LAYER_ARN] });
  // The handler's `sagemaker` is the layer's, where Lambda puts it; its answer is the endpoint's.
  expect(machine.output.module).toMatch(/\/python\/sagemaker\/__init__\.py$/);
  const notebook = report.notebook;
  expect(machine.output.inferences).toEqual(notebook.direct);
  expect(notebook.predicted).toEqual(notebook.direct);
  expect(notebook.direct).toHaveLength(2);
  const bucket = 'sagemaker-us-east-1-000000000000';
  expect(notebook).toMatchObject({
    region: 'us-east-1',
    bucket,
    uploaded: {
      file: `s3://${bucket}/images/one.png`,
      folder: `s3://${bucket}/folder`,
      uploader: `s3://${bucket}/uploader/one.png`,
    },
    downloaded: ['down/a.txt', 'down/nested/b.txt'],
    nested: 'B',
    listed: [`s3://${bucket}/folder/a.txt`, `s3://${bucket}/folder/nested/b.txt`],
    read: 'A',
    role: 'arn:aws:iam::000000000000:role/SageMakerRole',
  });
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}, 600_000);

it('scones sdk python --path names the installable package', async () => {
  const printed = await runScones(['sdk', 'python', '--path'], { cwd, env: env() });
  expect(printed.code, printed.stderr).toBe(0);
  expect(printed.stdout.toString()).toBe(`${PYTHON_SDK_DIR}\n`);
});
