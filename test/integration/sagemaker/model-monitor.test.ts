// Model Monitor's control plane on a listening Scones server with auth on: the SDK layer's DefaultModelMonitor after
// Model.deploy with capture (boto3), then the AWS SDK for JavaScript v3 over the same schedule: it is Scones's own
// endpoint schedule, its report runs are its executions, stop/start/delete reach Scones's scheduler; errors included.
import os from 'node:os';
import path from 'node:path';
import {
  CreateDataQualityJobDefinitionCommand,
  type CreateDataQualityJobDefinitionCommandInput,
  CreateMonitoringScheduleCommand,
  DeleteDataQualityJobDefinitionCommand,
  DeleteMonitoringScheduleCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand,
  ListDataQualityJobDefinitionsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  SageMakerClient,
  StartMonitoringScheduleCommand,
  StopMonitoringScheduleCommand,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PYTHON_SDK_DIR } from '../../../src/app/sdk-layer.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import {
  captured,
  pixelStatisticsPredictor,
  realImages,
  writeCaptureFiles,
} from '../../support/monitoring.js';
import { registerModel, trainSmallModel } from '../../support/trained-model.js';
import { type AuthServer, allowOnly, runPython, startAuthServer } from '../authz/support.js';

const MODEL_URL = 's3://sm-models/bikes/output/model.tar.gz';
const ARN = 'arn:aws:sagemaker:us-east-1:000000000000';
let t: AuthServer;
let sm: SageMakerClient;

beforeAll(async () => {
  t = await startAuthServer({ 'inference.pollMs': 50 });
  const version = await registerModel(t.app, await trainSmallModel(), { runId: 'mon-1' });
  await t.app.sagemaker.source.publish(version, MODEL_URL);
  sm = new SageMakerClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.admin,
    maxAttempts: 1,
  });
}, 120_000);
afterAll(async () => {
  sm?.destroy();
  await t?.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    const e = error as { name: string; message: string; $metadata: { httpStatusCode?: number } };
    return [e.name, e.$metadata.httpStatusCode, e.message];
  }
}

const HOUR = 3_600_000;
const SDK_ENV = () => ({
  HOME: os.tmpdir(),
  PYTHONPATH: PYTHON_SDK_DIR,
  PYTHONDONTWRITEBYTECODE: '1',
  AWS_ENDPOINT_URL: t.server.url,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
  AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
});
async function python(script: string, args: string[]) {
  const run = await runPython(
    path.resolve(import.meta.dirname, '../../fixtures/sagemaker', script),
    args,
    SDK_ENV(),
  );
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
}

/** A baseline over real validation images and one hour of captured traffic, then that hour's report. */
async function reportOneHour(): Promise<number> {
  const images = await realImages('test', 30);
  await t.app.store.ensureBucket('validation');
  await Promise.all(
    images.map((png, i) =>
      t.app.store.putObject('validation', `val/${i}.png`, png, { contentType: 'image/png' }),
    ),
  );
  await t.app.monitoring.baseline('monitored', {
    dataset: 's3://validation/val/',
    predictor: pixelStatisticsPredictor,
  });
  const from = Math.ceil(Date.now() / HOUR) * HOUR + HOUR;
  const target = { bucket: 'captures', prefix: 'datacapture', endpoint: 'monitored', variant: 'AllTraffic' };
  await writeCaptureFiles(
    t.app.store,
    target,
    await captured(await realImages('train', 30), from + 60_000),
    30,
  );
  await t.app.monitoring.report(
    'monitored',
    { from, to: from + HOUR },
    { capture: 's3://captures/datacapture' },
  );
  return from + HOUR;
}

const sconesSchedule = async () =>
  (await t.app.monitoring.schedules()).find((s) => s.endpoint === 'monitored');

it('creates a schedule through DefaultModelMonitor after Model.deploy with data capture', async () => {
  const out = await python('sdk_model_monitor.py', [MODEL_URL]);
  expect(out.schedule).toMatchObject({
    name: 'monitored-hourly',
    arn: `${ARN}:monitoring-schedule/monitored-hourly`,
    status: 'Scheduled',
    endpoint: 'monitored',
    type: 'DataQuality',
    expression: 'cron(0 * ? * * *)',
    definition: expect.stringMatching(/^sagemaker-model-monitor-analyzer-/),
  });
  expect(out.definition).toEqual({
    endpoint: 'monitored',
    output: 's3://reports/monitor',
    baseline: 's3://reports/baseline/statistics.json',
    image: expect.stringContaining('sagemaker-model-monitor-analyzer'),
  });
  expect(out.executions).toEqual([]);
  expect(out.daily).toEqual(['cron(0 0 ? * * *)', 'cron(0 2/6 ? * * *)']);
  const validation = (text: string) => ['ValidationException', 400, expect.stringContaining(text)];
  expect(out.errors).toEqual({
    sameEndpoint: ['ResourceInUse', 400, expect.stringContaining('already has monitoring schedule')],
    badCron: validation('Invalid cron expression "cron(5 * * * ? *)"'),
    now: validation('NOW'),
    unknownDefinition: [
      'ResourceNotFound',
      400,
      `Could not find data quality job definition "${ARN}:data-quality-job-definition/ghost".`,
    ],
    missingSchedule: [
      'ResourceNotFound',
      400,
      `Could not find monitoring schedule "${ARN}:monitoring-schedule/ghost".`,
    ],
    missingDefinition: [
      'ResourceNotFound',
      400,
      expect.stringContaining('data-quality-job-definition/ghost'),
    ],
    definitionInUse: ['ResourceInUse', 400, expect.stringContaining('used by a monitoring schedule')],
    noDefinitionName: validation('MonitoringJobDefinitionName'),
  });
  // The same schedule Scones's monitoring runs: hourly, over the endpoint's capture destination.
  expect(await sconesSchedule()).toMatchObject({
    cron: '0 * * * *',
    captureUri: 's3://captures/datacapture',
  });
  const listed = await runSconesInProcess(['monitor', 'schedules', '--json'], {
    cwd: t.home,
    env: { SCONES_HOME: t.home, SCONES_LOG_LEVEL: 'error' },
  });
  expect(listed.code, listed.stderr.toString()).toBe(0);
  expect(JSON.parse(listed.stdout.toString())).toEqual([
    expect.objectContaining({ endpoint: 'monitored', cron: '0 * * * *' }),
  ]);
}, 180_000);

it('serves the schedule, its executions and its definition to the AWS SDK for JavaScript v3', async () => {
  const [summary] =
    (await sm.send(new ListMonitoringSchedulesCommand({ EndpointName: 'monitored' })))
      .MonitoringScheduleSummaries ?? [];
  expect(summary).toMatchObject({
    MonitoringScheduleName: 'monitored-hourly',
    MonitoringScheduleStatus: 'Scheduled',
  });
  const definition = summary?.MonitoringJobDefinitionName as string;
  const listed = await sm.send(new ListDataQualityJobDefinitionsCommand({ EndpointName: 'monitored' }));
  expect(listed.JobDefinitionSummaries?.map((d) => d.MonitoringJobDefinitionName)).toEqual([definition]);
  expect(listed.JobDefinitionSummaries?.[0]?.CreationTime).toBeInstanceOf(Date);

  // A definition naming no baseline, made before the endpoint has one: Describe names none yet.
  await sm.send(
    new CreateDataQualityJobDefinitionCommand(definitionRequest('early', 'monitored', 's3://reports/early/')),
  );
  expect(
    (await sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: 'early' })))
      .DataQualityBaselineConfig,
  ).toBeUndefined();

  // A report run of the endpoint (here one that fails: no baseline yet) is the schedule's execution.
  const window = { from: Date.now(), to: Date.now() + 3_600_000 };
  await expect(t.app.monitoring.report('monitored', window)).rejects.toThrow();
  const executions = await sm.send(
    new ListMonitoringExecutionsCommand({ MonitoringScheduleName: 'monitored-hourly' }),
  );
  expect(executions.MonitoringExecutionSummaries).toEqual([
    expect.objectContaining({
      MonitoringScheduleName: 'monitored-hourly',
      ScheduledTime: new Date(window.to),
      MonitoringExecutionStatus: 'Failed',
      EndpointName: 'monitored',
      MonitoringJobDefinitionName: definition,
      FailureReason: expect.stringMatching(/baseline/i),
    }),
  ]);
  const described = await sm.send(
    new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' }),
  );
  expect(described.LastMonitoringExecutionSummary?.MonitoringExecutionStatus).toBe('Failed');

  // A report with a baseline: a completed execution, its files in SageMaker's formats where Model Monitor puts them.
  const scheduled = await reportOneHour();
  // The new baseline reached the definition that names none, in Model Monitor's baseline formats; the one whose
  // request named its own files still echoes them.
  expect(
    (await sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: 'early' })))
      .DataQualityBaselineConfig,
  ).toEqual({
    ConstraintsResource: { S3Uri: 's3://reports/early/monitored/baseline/constraints.json' },
    StatisticsResource: { S3Uri: 's3://reports/early/monitored/baseline/statistics.json' },
  });
  await expectBaselineFiles('early/monitored/baseline');
  expect(
    (await sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: definition })))
      .DataQualityBaselineConfig,
  ).toEqual({
    ConstraintsResource: { S3Uri: 's3://reports/baseline/constraints.json' },
    StatisticsResource: { S3Uri: 's3://reports/baseline/statistics.json' },
  });
  await sm.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: 'early' }));
  const after = await sm.send(new ListMonitoringExecutionsCommand({ EndpointName: 'monitored' }));
  expect(after.MonitoringExecutionSummaries?.map((e) => e.MonitoringExecutionStatus)).toEqual([
    expect.stringMatching(/^Completed(WithViolations)?$/),
    'Failed',
  ]);
  const folder = `monitor/monitored/monitored-hourly/${new Date(scheduled).toISOString().slice(0, 13).replace(/[-T]/g, '/')}`;
  const read = async (file: string) =>
    JSON.parse((await t.app.store.getObjectBytes('reports', `${folder}/${file}`)).toString('utf8'));
  const statistics = await read('statistics.json');
  expect(statistics).toMatchObject({ version: 0, dataset: { item_count: 30 } });
  expect(statistics.features[0]).toMatchObject({
    name: 'confidence',
    inferred_type: 'Fractional',
    numerical_statistics: {
      common: { num_present: 30, num_missing: 0 },
      distribution: { kll: { buckets: expect.any(Array) } },
    },
  });
  expect(await read('constraint_violations.json')).toEqual({ violations: expect.any(Array) });
  // The SDK finds them as on AWS: attach, then the latest execution's statistics and violations.
  expect(await python('sdk_model_monitor_latest.py', ['monitored-hourly'])).toMatchObject({
    statisticsUri: `s3://reports/${folder}/statistics.json`,
    items: 30,
    features: expect.arrayContaining(['confidence', 'predicted_class', 'content_type']),
    violations: expect.any(Array),
  });

  await sm.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' }));
  expect(
    (await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' })))
      .MonitoringScheduleStatus,
  ).toBe('Stopped');
  expect(await sconesSchedule()).toBeUndefined();
  await sm.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' }));
  expect(await sconesSchedule()).toMatchObject({ cron: '0 * * * *' });

  const duplicate = await failure(
    sm.send(
      new CreateDataQualityJobDefinitionCommand({
        ...(await sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: definition }))),
        JobDefinitionName: definition,
      } as never),
    ),
  );
  expect(duplicate).toEqual(['ResourceInUse', 400, expect.stringContaining('already exists')]);
  const batch = await failure(
    sm.send(
      new CreateDataQualityJobDefinitionCommand({
        JobDefinitionName: 'batch',
        DataQualityAppSpecification: { ImageUri: 'x' },
        DataQualityJobInput: {
          BatchTransformInput: {
            DataCapturedDestinationS3Uri: 's3://a/b',
            DatasetFormat: {},
            LocalPath: '/x',
          },
        },
        DataQualityJobOutputConfig: {
          MonitoringOutputs: [{ S3Output: { S3Uri: 's3://a/b', LocalPath: '/o' } }],
        },
        JobResources: {
          ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 1 },
        },
        RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      }),
    ),
  );
  expect(batch).toEqual(['ValidationException', 400, expect.stringContaining('EndpointInput is required')]);
  const reader = new SageMakerClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.reader,
    maxAttempts: 1,
  });
  expect(await failure(reader.send(new ListMonitoringSchedulesCommand({})))).toEqual([
    'AccessDeniedException',
    403,
    expect.any(String),
  ]);
  reader.destroy();
  // Authorized on the schedule's ARN, as IAM policies name it.
  await t.app.iam.users.createUser('schedule-reader');
  await t.app.iam.policies.attach(
    { type: 'user', name: 'schedule-reader' },
    'one',
    allowOnly('sagemaker:DescribeMonitoringSchedule', `${ARN}:monitoring-schedule/monitored-hourly`),
  );
  const scoped = new SageMakerClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: await t.app.iam.users.createAccessKey('schedule-reader'),
    maxAttempts: 1,
  });
  expect(
    await failure(
      scoped.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' })),
    ),
  ).toBe('ok');
  expect(
    await failure(scoped.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'other' }))),
  ).toEqual(['AccessDeniedException', 403, expect.any(String)]);
  scoped.destroy();

  await sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' }));
  expect(await sconesSchedule()).toBeUndefined();
  expect(
    await failure(
      sm.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: 'monitored-hourly' })),
    ),
  ).toEqual(['ResourceNotFound', 400, expect.any(String)]);
  await sm.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: definition }));
  expect(
    await failure(sm.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: definition }))),
  ).toEqual(['ResourceNotFound', 400, expect.stringContaining('Could not find data quality job definition')]);

  // The endpoint is free again; of two schedules created for it at once, exactly one wins.
  await sm.send(
    new CreateDataQualityJobDefinitionCommand(definitionRequest('again', 'MONITORED', 's3://reports/again')),
  );
  const racing = await Promise.all(
    ['first', 'second'].map((name) =>
      failure(
        sm.send(
          new CreateMonitoringScheduleCommand({
            MonitoringScheduleName: name,
            MonitoringScheduleConfig: {
              MonitoringJobDefinitionName: 'again',
              ScheduleConfig: { ScheduleExpression: 'cron(0 0/6 ? * * *)' },
            },
          }),
        ),
      ),
    ),
  );
  expect(
    racing.filter((r) => r === 'ok'),
    JSON.stringify(racing),
  ).toHaveLength(1);
  expect(racing.find((r) => r !== 'ok')).toEqual(['ResourceInUse', 400, expect.any(String)]);
  expect(await sconesSchedule()).toMatchObject({ cron: '0 0-23/6 * * *' });

  // Created once the endpoint has a baseline: written at once, under the endpoint's own name.
  await expectBaselineFiles('again/monitored/baseline');
  const winner = racing[0] === 'ok' ? 'first' : 'second';
  expect(await python('sdk_model_monitor_baseline.py', [winner])).toEqual({
    statisticsUri: 's3://reports/again/monitored/baseline/statistics.json',
    constraintsUri: 's3://reports/again/monitored/baseline/constraints.json',
    types: [true, true],
    items: 30,
    constraintFeatures: expect.arrayContaining(['confidence', 'predicted_class', 'content_type', 'width']),
    refused: expect.stringContaining('scones monitor baseline --endpoint'),
  });
}, 120_000);

function definitionRequest(
  name: string,
  endpoint: string,
  output: string,
): CreateDataQualityJobDefinitionCommandInput {
  return {
    JobDefinitionName: name,
    DataQualityAppSpecification: { ImageUri: 'x' },
    DataQualityJobInput: { EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input' } },
    DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: output, LocalPath: '/o' } }] },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 1 } },
    RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
  };
}

/** The baseline of 30 validation images as Model Monitor's statistics.json and constraints.json. */
async function expectBaselineFiles(folder: string): Promise<void> {
  const read = async (file: string) =>
    JSON.parse((await t.app.store.getObjectBytes('reports', `${folder}/${file}`)).toString('utf8'));
  const statistics = await read('statistics.json');
  expect(statistics).toMatchObject({ version: 0, dataset: { item_count: 30 } });
  const constraints = await read('constraints.json');
  expect(constraints.version).toBe(0);
  expect(constraints.features.map((f: { name: string }) => f.name)).toEqual(
    statistics.features.map((f: { name: string }) => f.name),
  );
  expect(constraints.features[0]).toEqual({
    name: 'confidence',
    inferred_type: 'Fractional',
    completeness: 1,
    num_constraints: { is_non_negative: true },
  });
  expect(constraints.features.find((f: { name: string }) => f.name === 'content_type')).toMatchObject({
    inferred_type: 'String',
    string_constraints: { domains: ['image/png'] },
  });
  expect(constraints.monitoring_config).toMatchObject({
    evaluate_constraints: 'Enabled',
    emit_metrics: 'Enabled',
    distribution_constraints: { perform_comparison: 'Enabled', comparison_threshold: 0.1 },
  });
}
