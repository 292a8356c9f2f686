// `scones up --once` with storage.backend=s3 on a second real Scones serving S3 over its fs home: the pipeline's
// objects (dataset, model, captures, monitoring, function code and layers) land in the backend, and the home keeps
// only local state and caches.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScones } from '../support/cli.js';
import { homeKeys, type S3Backend, startSconesBackend } from '../support/s3-backends.js';
import { makeSmallImageFolder } from '../support/small-dataset.js';

const PREFIX = 'team/';
let cwd: string;
let backend: S3Backend;
const home = () => path.join(cwd, 'home');

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-up-s3-'));
  backend = await startSconesBackend();
}, 120_000);
afterAll(async () => {
  await backend?.stop();
  await rm(cwd, { recursive: true, force: true });
});

async function backendKeys(): Promise<string[]> {
  return (await homeKeys(backend, PREFIX)).map((key) => key.slice(PREFIX.length));
}

/** Every file and folder under `folder`, relative, folders with a trailing slash, `depth` levels deep. */
async function tree(folder: string, depth: number, base = ''): Promise<string[]> {
  const entries = await readdir(path.join(folder, base), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = path.join(base, entry.name);
    if (!entry.isDirectory()) found.push(relative);
    else if (depth <= 1) found.push(`${relative}/`);
    else {
      const inside = await tree(folder, depth - 1, relative);
      found.push(...(inside.length === 0 ? [`${relative}/`] : inside));
    }
  }
  return found;
}

/** Local state that is not objects: the database (PostgreSQL in scale-out), the home's keys, scratch and caches. */
const LOCAL_STATE = /^(scones\.db(-wal|-shm)?|iam\.key|storage\.key|credentials|tmp\/.*|cache\/.*)$/;

describe('scones up --once on an S3 backend', () => {
  it('puts the dataset, the model, data capture and monitoring reports in the backend', async () => {
    const source = await makeSmallImageFolder(cwd, 40);
    const up = await runScones(
      ['up', '--once', '--port', '0', '--json', '--source', source, '--epochs', '1'],
      {
        cwd,
        env: {
          SCONES_HOME: home(),
          SCONES_STORAGE_BACKEND: 's3',
          SCONES_S3_ENDPOINT: backend.endpoint,
          SCONES_S3_BUCKET: backend.home,
          SCONES_S3_PREFIX: PREFIX,
          SCONES_S3_ACCESS_KEY_ID: backend.credentials.accessKeyId,
          SCONES_S3_SECRET_ACCESS_KEY: backend.credentials.secretAccessKey,
        },
      },
    );
    expect(up.code, up.stderr).toBe(0);
    const summary = JSON.parse(up.stdout.toString());
    expect(summary).toMatchObject({
      dataset: { train: 80, test: 20 },
      model: { version: 1, trained: true },
      workflow: { status: 'SUCCEEDED', images: 20 },
      monitoring: { baselined: true },
    });
    // What is asserted is where the objects land: on a loaded machine a few images may time out in the workflow
    // (their failures are shown), which changes how many records are captured but not where they go.
    if (summary.workflow.failed > 0)
      console.warn('workflow failures:', JSON.stringify(summary.workflow.failures));
    expect(summary.monitoring.records).toBeGreaterThan(0);

    const keys = await backendKeys();
    const under = (prefix: string) => keys.filter((key) => key.startsWith(prefix));
    expect(under('scones/train/').filter((k) => k.endsWith('.png'))).toHaveLength(80);
    expect(under('scones/test/').filter((k) => k.endsWith('.png'))).toHaveLength(20);
    expect(keys).toEqual(
      expect.arrayContaining(['scones/train.lst', 'scones/test.lst', 'scones/dataset.json']),
    );
    const run = under('scones-models/run-').map((key) => key.split('/').slice(2).join('/'));
    expect(run).toEqual(expect.arrayContaining(['model.json', 'model.onnx', 'weights.bin', 'report.json']));
    expect(under('scones/datacapture/bikes/').some((k) => k.endsWith('.jsonl'))).toBe(true);
    const report = summary.monitoring.report.replace('s3://', '');
    expect(keys).toContain(report);
    expect(under('scones/monitoring/bikes/baseline/').length).toBeGreaterThan(0);

    // Layers are objects of the internal bucket too. The pipeline's functions are built-ins, whose code ships with
    // Scones (users' function code lands there as well: test/integration/storage/s3-backend-home.test.ts).
    expect(under('scones-internal/code/layers/sagemaker-sdk/').length).toBeGreaterThan(0);

    // No object store on local disk: the home keeps local state and caches only.
    const left = await tree(home(), 8);
    expect(left.filter((p) => !LOCAL_STATE.test(p))).toEqual([]);
  }, 300_000);
});
