// boto3 trains the built-in image-classification algorithm on Scones from four channels (a tiny job: 24 images, one
// epoch), stops a job, meets SageMaker's errors, and serves the job's model.tar.gz as an endpoint.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { PNG_FOLDER, readLabelCsv } from '../../support/shared-data.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/sagemaker/boto3_training.py');
let t: TestServer;
let png: string;

/** `perClass` images of each class under `<split>/` and a .lst naming them, as the classic notebook uploads them. */
async function upload(split: 'train' | 'test', channel: string, perClass: number): Promise<void> {
  const rows = await readLabelCsv(split);
  const chosen = [0, 1].flatMap((label) => rows.filter((r) => r.label === label).slice(0, perClass));
  const lines: string[] = [];
  for (const [i, row] of chosen.entries()) {
    await t.app.store.putObject(
      'sm-data',
      `${channel}/${row.filename}`,
      await readFile(path.join(PNG_FOLDER, split, row.filename)),
    );
    lines.push(`${i}\t${row.label}\t${row.filename}`);
  }
  await t.app.store.putObject(
    'sm-data',
    `${channel}_lst/${channel}.lst`,
    Buffer.from(`${lines.join('\n')}\n`),
  );
}

beforeAll(async () => {
  t = await startTestServer({ 'inference.pollMs': 50 });
  await t.app.store.ensureBucket('sm-data');
  await upload('train', 'train', 12);
  await upload('test', 'validation', 4);
  png = path.join(PNG_FOLDER, 'test', (await readLabelCsv('test'))[0]?.filename as string);
}, 60_000);
afterAll(async () => {
  await t?.app.sagemaker.training.settle();
  await t?.close();
});

it('trains, stops, refuses and serves as SageMaker does', async () => {
  const run = await runPython(SCRIPT, [t.server.url, png]);
  expect(run.code, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout);
  expect(out).toMatchObject({
    recordio: ['ValidationException', expect.stringContaining('RecordIO')],
    badShape: ['ValidationException', expect.stringContaining('image_shape="3,224,224"')],
    badImage: ['ValidationException', expect.stringContaining('sagemaker-xgboost')],
    missing: ['ResourceNotFound', 'Requested resource not found.'],
    limit: ['ResourceLimitExceeded', expect.stringContaining('concurrent training jobs')],
    stopped: 'Stopped',
    arn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/bikes-job',
    duplicate: ['ResourceInUse', expect.stringContaining('already exists')],
    done: {
      status: 'Completed',
      secondary: 'Completed',
      transitions: ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed'],
      metrics: ['train:accuracy', 'validation:accuracy'],
      accuracyInRange: true,
      artifact: 's3://sm-output/jobs/bikes-job/output/model.tar.gz',
      debugHook: 's3://sm-output/debug',
      metricsTimeSeries: true,
      hyper: '1',
      times: true,
    },
    stopDone: ['ValidationException', expect.stringContaining('Completed')],
    artifactSize: true,
    listed: [
      ['bikes-job', 'Completed'],
      ['long-job', 'Stopped'],
    ],
    prediction: 2,
  });
  expect(out.firstStatus[0]).toMatch(/InProgress|Completed/);
  // The job's log lines under /aws/sagemaker/TrainingJobs, one stream named as SageMaker names it, paged to the end.
  expect(out.logs.streams).toEqual([expect.stringMatching(/^bikes-job\/algo-1-\d{10}$/)]);
  expect(out.logs.lines[0]).toContain('Training job bikes-job');
  expect(out.logs.lines).toContainEqual(expect.stringMatching(/^training 1\/1 epochs loss=/));
  expect(out.logs.lines).toContainEqual(expect.stringMatching(/^Epoch\[0\] Train-accuracy=[\d.]+$/));
  expect(out.logs.lines.at(-1)).toMatch(/^registered model version \d+; artifact s3:\/\/sm-output\//);
  expect(out.logs.pages).toBeGreaterThan(out.logs.lines.length / 3);
  expect(out.logs.byLastEvent).toEqual(['bikes-job', 'long-job']);
  expect(out.logs.filtered).toEqual([expect.stringMatching(/^Epoch\[0\] Validation-accuracy=/)]);
  // The job's model is in the registry, and the endpoint serves that version.
  const versions = await t.app.models.list();
  expect(versions).toHaveLength(1);
  expect((await t.app.inference.endpoints.describe('trained')).variants[0]?.modelVersion).toBe(
    versions[0]?.version,
  );
}, 300_000);
