// The classic notebook end to end through our `sagemaker` SDK against a real `scones serve --auth on`: train from
// four channels uploaded with Session.upload_data (fit printing the job's status and log lines from CloudWatch
// Logs), deploy with data capture, predict a PNG, download the capture files in SageMaker's layout, and put a
// monitoring schedule on the endpoint. The notebook's user is an IAM user; its execution role is SageMakerRole,
// trusting SageMaker and allowed to write the capture.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { createApp } from '../../../src/app/container.js';
import { PYTHON_SDK_DIR } from '../../../src/app/sdk-layer.js';
import { trustPolicyForServices } from '../../../src/modules/iam/index.js';
import { type AuthServe, startAuthServe } from '../../support/auth-serve.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import { runPython } from '../../support/python.js';
import { PNG_FOLDER } from '../../support/shared-data.js';

const FLOW = path.resolve(import.meta.dirname, '../../fixtures/sdk/notebook_flow.py');
const ROLE = 'arn:aws:iam::000000000000:role/SageMakerRole';
const BUCKET = 'sagemaker-us-east-1-000000000000';
const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
let cwd: string;
let server: AuthServe<'notebook'> | undefined;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home'), SCONES_LOG_LEVEL: 'warn' });

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-notebook-'));
  await writeFile(path.join(cwd, 'scones.config.json'), JSON.stringify({ inference: { pollMs: 100 } }));
  const app = await createApp(loadConfig({ env: env(), cwd }), { cwd });
  await app.iam.roles.createRole('SageMakerRole', {
    trustPolicy: trustPolicyForServices(['sagemaker.amazonaws.com']),
  });
  await app.iam.policies.attach({ type: 'role', name: 'SageMakerRole' }, 'capture', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` }],
  });
  await app.close();
  server = await startAuthServe(cwd, env(), { notebook: ALLOW_ALL });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await rm(cwd, { recursive: true, force: true });
});

it('runs the classic notebook: retrieve, fit, deploy with capture, predict, download the capture, monitor', async () => {
  const scratch = path.join(cwd, 'scratch');
  await mkdir(scratch);
  const keys = server?.keys.notebook;
  const run = await runPython(FLOW, [PNG_FOLDER, scratch, '12'], {
    HOME: cwd,
    PYTHONPATH: PYTHON_SDK_DIR,
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_ENDPOINT_URL: server?.url as string,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: keys?.accessKeyId as string,
    AWS_SECRET_ACCESS_KEY: keys?.secretAccessKey as string,
  });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
  expect(report).toMatchObject({
    role: ROLE,
    bucket: BUCKET,
    image: '811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1',
    job: {
      status: 'Completed',
      artifact: expect.stringMatching(
        /^s3:\/\/sagemaker-us-east-1-000000000000\/models\/image_model\/image-classification-[\d-]+\/output\/model\.tar\.gz$/,
      ),
      hyper: { image_shape: '3,32,32', num_classes: '2', num_training_samples: '24', epochs: '1' },
      channels: ['train', 'train_lst', 'validation', 'validation_lst'],
    },
  });

  // fit() printed the job's status transitions and, from /aws/sagemaker/TrainingJobs, its log lines, once each.
  const printed: string[] = report.fit_output;
  expect(printed).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Starting - /));
  expect(printed).toContainEqual(expect.stringMatching(/ Completed - Training job completed$/));
  expect(printed).toContainEqual(expect.stringMatching(/^Training job image-classification-/));
  expect(printed.filter((line) => /^Epoch\[0\] Train-accuracy=[\d.]+$/.test(line))).toHaveLength(1);
  expect(printed.filter((line) => /^registered model version 1; artifact s3:/.test(line))).toHaveLength(1);
  // As the SDK prints them: the first status before any line, the seconds after everything.
  expect(printed[0]).toMatch(/ Starting - /);
  expect(printed.slice(-2)).toEqual([
    expect.stringMatching(/^Training seconds: \d+$/),
    expect.stringMatching(/^Billable seconds: \d+$/),
  ]);

  // The image-classification output: one probability per class, in class-index order.
  expect(report.inference).toHaveLength(2);
  expect(report.inference[0] + report.inference[1]).toBeCloseTo(1, 3);

  // SageMaker's capture layout: <destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl.
  const layout = /^AllTraffic\/\d{4}\/\d\d\/\d\d\/\d\d\/[\w-]+\.jsonl$/;
  expect(report.captured_keys.length).toBeGreaterThan(0);
  for (const key of report.captured_keys) expect(key).toMatch(new RegExp(`^${report.endpoint}/`));
  for (const file of report.local_files) expect(file).toMatch(layout);
  const [record] = report.records;
  expect(record).toMatchObject({
    captureData: {
      endpointInput: { observedContentType: 'image/png', mode: 'INPUT', encoding: 'BASE64' },
      endpointOutput: { mode: 'OUTPUT' },
    },
    eventMetadata: { eventId: expect.any(String), inferenceTime: expect.any(String) },
    eventVersion: '0',
  });
  expect(Buffer.from(record.captureData.endpointInput.data, 'base64')).toHaveLength(report.payload_size);
  const output = record.captureData.endpointOutput;
  const answer = output.encoding === 'BASE64' ? Buffer.from(output.data, 'base64').toString() : output.data;
  expect(JSON.parse(answer)).toEqual(report.inference);

  // The schedule made through DefaultModelMonitor is Scones's schedule of that endpoint.
  expect(report.schedule).toEqual({
    name: `${report.endpoint}-monitor`,
    status: 'Scheduled',
    endpoint: report.endpoint,
    expression: 'cron(0 * ? * * *)',
  });
  const listed = await runSconesInProcess(['monitor', 'schedules', '--json'], { cwd, env: env() });
  expect(listed.code, listed.stderr.toString()).toBe(0);
  expect(JSON.parse(listed.stdout.toString())).toEqual([
    expect.objectContaining({ endpoint: report.endpoint, cron: '0 * * * *' }),
  ]);
}, 600_000);
