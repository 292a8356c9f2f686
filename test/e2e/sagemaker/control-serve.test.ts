// A real `scones serve` process: an endpoint made through boto3's sagemaker client is the one `scones endpoints`
// shows, and one made by `scones deploy` is the one boto3 describes; DeleteEndpoint removes it from both.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { createApp } from '../../../src/app/container.js';
import { runScones, startScones } from '../../support/cli.js';
import { runPython } from '../../support/python.js';
import { registerModel, trainSmallModel } from '../../support/trained-model.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/sagemaker/boto3_endpoint_steps.py');
const MODEL_URL = 's3://sm-models/bikes/model.tar.gz';
let cwd: string;
let server: ChildProcess | undefined;
let url: string;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' });
const scones = (args: string[]) => runScones(args, { cwd, env: env() });
async function boto3(step: string, name: string) {
  const run = await runPython(SCRIPT, [url, step, name, MODEL_URL]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { status: string | null; config: string | null; listed: string[] };
}
async function endpointsListed(): Promise<Array<{ name: string; status: string }>> {
  const listed = await scones(['endpoints', 'list', '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout.toString());
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-sm-serve-'));
  await writeFile(path.join(cwd, 'scones.config.json'), JSON.stringify({ inference: { pollMs: 100 } }));
  const app = await createApp(loadConfig({ env: env(), cwd }), { cwd });
  const version = await registerModel(app, await trainSmallModel(), { runId: 'v1' });
  await app.sagemaker.source.publish(version, MODEL_URL);
  await app.close();
  const started = await startScones(['serve', '--port', '0'], {
    cwd,
    env: env(),
    ready: /Scones (http:\/\/\S+)/,
  });
  server = started.child;
  url = started.match[1] as string;
}, 180_000);
afterAll(async () => {
  server?.kill('SIGTERM');
  await rm(cwd, { recursive: true, force: true });
});

it('shares endpoints between the SageMaker API and the scones CLI', async () => {
  expect(await boto3('create', 'from-boto3')).toMatchObject({ status: 'InService', config: 'from-boto3' });
  expect(await endpointsListed()).toEqual([
    expect.objectContaining({ name: 'from-boto3', status: 'InService' }),
  ]);

  const deployed = await scones(['deploy', '--endpoint', 'from-cli', '--model', '1', '--json']);
  expect(deployed.code, deployed.stderr).toBe(0);
  expect(await boto3('describe', 'from-cli')).toEqual({
    status: 'InService',
    config: 'from-cli',
    listed: ['from-boto3', 'from-cli'],
  });

  expect((await boto3('delete', 'from-boto3')).listed).toEqual(['from-cli']);
  expect((await endpointsListed()).map((e) => e.name)).toEqual(['from-cli']);
}, 240_000);
