// The SageMaker control plane and the training jobs' CloudWatch Logs through the AWS SDK for JavaScript v3
// (@aws-sdk/client-sagemaker, @aws-sdk/client-cloudwatch-logs) on a listening server: training jobs (one trained,
// one stopped, the SDK's waiter), models, endpoint configs and endpoints made from the trained job's artifact
// (waiters for InService and deleted), every operation's errors as the clients parse them, and the jobs' log lines.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeTrainingJobCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListTrainingJobsCommand,
  ResourceInUse,
  ResourceLimitExceeded,
  ResourceNotFound,
  SageMakerClient,
  StopTrainingJobCommand,
  UpdateEndpointCommand,
  waitUntilEndpointDeleted,
  waitUntilEndpointInService,
  waitUntilTrainingJobCompletedOrStopped,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { PNG_FOLDER, readLabelCsv } from '../../support/shared-data.js';

const IMAGE = '811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1';
const ROLE = 'arn:aws:iam::000000000000:role/SageMakerRole';
const GROUP = '/aws/sagemaker/TrainingJobs';
const arn = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:000000000000:${type}/${name}`;
let t: TestServer;
let sm: SageMakerClient;
let logs: CloudWatchLogsClient;
/** Generous: a bound on a loaded machine, not a measure. */
const waiting = () => ({ client: sm, maxWaitTime: 300, minDelay: 1, maxDelay: 1 });

/** The error a call fails with: its name, HTTP status and message (or 'ok'). */
async function failure(call: Promise<unknown>) {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, error };
  }
}

/** `perClass` images of each class under `<channel>/` and their .lst under `<channel>_lst/`. */
async function upload(split: 'train' | 'test', channel: string, perClass: number): Promise<void> {
  const rows = await readLabelCsv(split);
  const chosen = [0, 1].flatMap((label) => rows.filter((r) => r.label === label).slice(0, perClass));
  for (const row of chosen)
    await t.app.store.putObject(
      'sm-data',
      `${channel}/${row.filename}`,
      await readFile(path.join(PNG_FOLDER, split, row.filename)),
    );
  const lines = chosen.map((row, i) => `${i}\t${row.label}\t${row.filename}`);
  await t.app.store.putObject(
    'sm-data',
    `${channel}_lst/${channel}.lst`,
    Buffer.from(`${lines.join('\n')}\n`),
  );
}

function job(
  name: string,
  epochs: number,
  contentType = 'application/x-image',
): CreateTrainingJobCommandInput {
  const channel = (channelName: string) => ({
    ChannelName: channelName,
    DataSource: {
      S3DataSource: {
        S3DataType: 'S3Prefix' as const,
        S3Uri: `s3://sm-data/${channelName}/`,
        S3DataDistributionType: 'FullyReplicated' as const,
      },
    },
    ContentType: contentType,
  });
  return {
    TrainingJobName: name,
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
    RoleArn: ROLE,
    HyperParameters: {
      num_classes: '2',
      num_training_samples: '16',
      image_shape: '3,32,32',
      epochs: String(epochs),
      mini_batch_size: '8',
    },
    InputDataConfig: ['train', 'validation', 'train_lst', 'validation_lst'].map(channel),
    OutputDataConfig: { S3OutputPath: 's3://sm-output/jobs' },
    ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.p2.xlarge', VolumeSizeInGB: 50 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    Tags: [],
  };
}

beforeAll(async () => {
  t = await startTestServer({ 'inference.pollMs': 50 });
  const client = { endpoint: t.server.url, region: 'us-east-1', maxAttempts: 1 };
  const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
  sm = new SageMakerClient({ ...client, credentials });
  logs = new CloudWatchLogsClient({ ...client, credentials });
  await t.app.store.ensureBucket('sm-data');
  await t.app.store.ensureBucket('sm-models');
  await upload('train', 'train', 8);
  await upload('test', 'validation', 3);
  await t.app.store.putObject('sm-models', 'broken/model.tar.gz', Buffer.from('not a tarball'));
}, 60_000);
afterAll(async () => {
  sm?.destroy();
  logs?.destroy();
  await t?.app.sagemaker.training.settle();
  await t?.close();
});

describe.sequential('SageMaker and CloudWatch Logs through the SDK v3', () => {
  it('trains, stops and lists training jobs, with the waiter and the errors', async () => {
    expect(
      await failure(sm.send(new CreateTrainingJobCommand(job('rec', 1, 'application/x-recordio')))),
    ).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message: expect.stringContaining('RecordIO'),
    });
    const missing = await failure(sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'nope' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFound', status: 400 });
    expect((missing as { error: unknown }).error).toBeInstanceOf(ResourceNotFound);

    await sm.send(new CreateTrainingJobCommand(job('long-job', 500)));
    const limit = await failure(sm.send(new CreateTrainingJobCommand(job('second-job', 1))));
    expect((limit as { error: unknown }).error).toBeInstanceOf(ResourceLimitExceeded);
    await sm.send(new StopTrainingJobCommand({ TrainingJobName: 'long-job' }));
    await waitUntilTrainingJobCompletedOrStopped(waiting(), { TrainingJobName: 'long-job' });

    const created = await sm.send(new CreateTrainingJobCommand(job('v3-job', 1)));
    expect(created.TrainingJobArn).toBe(arn('training-job', 'v3-job'));
    const duplicate = await failure(sm.send(new CreateTrainingJobCommand(job('V3-JOB', 1))));
    expect((duplicate as { error: unknown }).error).toBeInstanceOf(ResourceInUse);
    await waitUntilTrainingJobCompletedOrStopped(waiting(), { TrainingJobName: 'v3-job' });
    const done = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'v3-job' }));
    expect(done).toMatchObject({
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: 's3://sm-output/jobs/v3-job/output/model.tar.gz' },
      HyperParameters: { epochs: '1' },
    });
    expect(done.TrainingStartTime).toBeInstanceOf(Date);
    expect(done.FinalMetricDataList?.map((m) => m.MetricName).sort()).toEqual([
      'train:accuracy',
      'validation:accuracy',
    ]);
    expect(await failure(sm.send(new StopTrainingJobCommand({ TrainingJobName: 'v3-job' })))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Completed'),
    });
    const listed = await sm.send(new ListTrainingJobsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(listed.TrainingJobSummaries?.map((j) => [j.TrainingJobName, j.TrainingJobStatus])).toEqual([
      ['long-job', 'Stopped'],
      ['v3-job', 'Completed'],
    ]);
    const stopped = await sm.send(new ListTrainingJobsCommand({ StatusEquals: 'Stopped' }));
    expect(stopped.TrainingJobSummaries?.map((j) => j.TrainingJobName)).toEqual(['long-job']);
  }, 300_000);

  it('serves the jobs’ log lines: groups, streams, events paged both ways, filters and errors', async () => {
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/sagemaker' }));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: GROUP,
        logStreamNamePrefix: 'v3-job/',
        orderBy: 'LogStreamName',
      }),
    );
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([
      expect.stringMatching(/^v3-job\/algo-1-\d{10}$/),
    ]);
    const stream = streams.logStreams?.[0]?.logStreamName as string;
    const latest = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true }),
    );
    expect(latest.logStreams?.map((s) => s.logStreamName?.split('/')[0])).toEqual(['v3-job', 'long-job']);

    // Forward from the head, two at a time, until the token comes back unchanged (the SDK's log tailer).
    const forward: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await logs.send(
        new GetLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: stream,
          startFromHead: true,
          limit: 2,
          nextToken: token,
        }),
      );
      forward.push(...(page.events ?? []).map((e) => e.message as string));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect(forward[0]).toBe("Training job v3-job: built-in image classification on Scones's trainer");
    expect(forward).toContainEqual(expect.stringMatching(/^Epoch\[0\] Validation-accuracy=[\d.]+$/));
    expect(forward.at(-1)).toMatch(
      /^registered model version \d+; artifact s3:\/\/sm-output\/jobs\/v3-job\//,
    );
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, limit: 2 }),
    );
    expect(tail.events?.map((e) => e.message)).toEqual(forward.slice(-2));
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: stream,
        limit: 2,
        nextToken: tail.nextBackwardToken,
      }),
    );
    expect(before.events?.map((e) => e.message)).toEqual(forward.slice(-4, -2));

    const filtered = await logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"stopped by StopTrainingJob"' }),
    );
    expect(filtered.events?.map((e) => e.logStreamName?.split('/')[0])).toEqual(['long-job']);
    const accuracy = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        logStreamNames: [stream],
        filterPattern: 'Epoch -Train',
      }),
    );
    expect(accuracy.events?.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Epoch\[0\] Validation-accuracy=/),
    ]);

    const noGroup = await failure(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/Nope' })),
    );
    expect((noGroup as { error: unknown }).error).toBeInstanceOf(ResourceNotFoundException);
    const noStream = await failure(
      logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'v3-job/algo-1-0' })),
    );
    expect((noStream as { error: unknown }).error).toBeInstanceOf(ResourceNotFoundException);
    for (const call of [
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: GROUP,
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'v',
        }),
      ),
      logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, nextToken: 'bogus' })),
      logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.level = "x" }' })),
    ])
      expect(await failure(call)).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  }, 60_000);

  it('makes models, endpoint configs and endpoints from the job’s artifact, waiters and errors included', async () => {
    const container = (url: string) => ({ Image: IMAGE, ModelDataUrl: url });
    const artifact = 's3://sm-output/jobs/v3-job/output/model.tar.gz';
    const model = await sm.send(
      new CreateModelCommand({
        ModelName: 'v3-model',
        PrimaryContainer: container(artifact),
        ExecutionRoleArn: ROLE,
      }),
    );
    expect(model.ModelArn).toBe(arn('model', 'v3-model'));
    await sm.send(
      new CreateModelCommand({
        ModelName: 'v3-model-2',
        PrimaryContainer: container(artifact),
        ExecutionRoleArn: ROLE,
      }),
    );
    await sm.send(
      new CreateModelCommand({
        ModelName: 'broken',
        PrimaryContainer: container('s3://sm-models/broken/model.tar.gz'),
        ExecutionRoleArn: ROLE,
      }),
    );
    expect(await sm.send(new DescribeModelCommand({ ModelName: 'V3-MODEL' }))).toMatchObject({
      ModelName: 'v3-model',
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: IMAGE, ModelDataUrl: artifact },
    });
    expect(
      await failure(
        sm.send(
          new CreateModelCommand({
            ModelName: 'v3-model',
            PrimaryContainer: container(artifact),
            ExecutionRoleArn: ROLE,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message: `Cannot create already existing model "${arn('model', 'v3-model')}".`,
    });
    expect(await failure(sm.send(new DescribeModelCommand({ ModelName: 'ghost' })))).toMatchObject({
      name: 'ValidationException',
      message: `Could not find model "${arn('model', 'ghost')}".`,
    });
    const first = await sm.send(
      new ListModelsCommand({ MaxResults: 1, SortBy: 'Name', SortOrder: 'Ascending' }),
    );
    const rest = await sm.send(
      new ListModelsCommand({ NextToken: first.NextToken, SortBy: 'Name', SortOrder: 'Ascending' }),
    );
    expect([...(first.Models ?? []), ...(rest.Models ?? [])].map((m) => m.ModelName)).toEqual([
      'broken',
      'v3-model',
      'v3-model-2',
    ]);

    const variant = {
      VariantName: 'AllTraffic',
      ModelName: 'v3-model',
      InitialInstanceCount: 1,
      InstanceType: 'ml.m5.xlarge' as const,
      InitialVariantWeight: 1,
    };
    const capture = {
      EnableCapture: true,
      InitialSamplingPercentage: 50,
      DestinationS3Uri: 's3://sm-captures/v3',
      CaptureOptions: [{ CaptureMode: 'Input' as const }, { CaptureMode: 'Output' as const }],
    };
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'v3-config',
        ProductionVariants: [variant],
        DataCaptureConfig: capture,
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'v3-config-2',
        ProductionVariants: [
          variant,
          { ...variant, VariantName: 'Canary', ModelName: 'v3-model-2', InitialVariantWeight: 0.25 },
        ],
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'broken-config',
        ProductionVariants: [{ ...variant, ModelName: 'broken' }],
      }),
    );
    expect(
      await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'v3-config' })),
    ).toMatchObject({
      EndpointConfigArn: arn('endpoint-config', 'v3-config'),
      DataCaptureConfig: { InitialSamplingPercentage: 50, DestinationS3Uri: 's3://sm-captures/v3' },
    });
    expect(
      await failure(
        sm.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: 'c',
            ProductionVariants: [{ ...variant, ModelName: 'ghost' }],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      message: `Could not find model "${arn('model', 'ghost')}".`,
    });
    const configs = await sm.send(new ListEndpointConfigsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(configs.EndpointConfigs?.map((c) => c.EndpointConfigName)).toEqual([
      'broken-config',
      'v3-config',
      'v3-config-2',
    ]);

    expect(
      (await sm.send(new CreateEndpointCommand({ EndpointName: 'v3-ep', EndpointConfigName: 'v3-config' })))
        .EndpointArn,
    ).toBe(arn('endpoint', 'v3-ep'));
    await waitUntilEndpointInService(waiting(), { EndpointName: 'v3-ep' });
    expect(await sm.send(new DescribeEndpointCommand({ EndpointName: 'v3-ep' }))).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'v3-config',
      DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 50 },
    });
    expect(
      await failure(
        sm.send(new CreateEndpointCommand({ EndpointName: 'v3-ep', EndpointConfigName: 'v3-config' })),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      message: `Cannot create already existing endpoint "${arn('endpoint', 'v3-ep')}".`,
    });
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'v3-ep', EndpointConfigName: 'v3-config-2' }));
    await waitUntilEndpointInService(waiting(), { EndpointName: 'v3-ep' });
    const updated = await sm.send(new DescribeEndpointCommand({ EndpointName: 'v3-ep' }));
    expect(updated.EndpointConfigName).toBe('v3-config-2');
    expect(
      Object.fromEntries((updated.ProductionVariants ?? []).map((v) => [v.VariantName, v.CurrentWeight])),
    ).toEqual({
      AllTraffic: 1,
      Canary: 0.25,
    });
    // The SageMaker endpoint is Scones's endpoint.
    expect((await t.app.inference.endpoints.describe('v3-ep')).variants).toHaveLength(2);

    await sm.send(
      new CreateEndpointCommand({ EndpointName: 'broken-ep', EndpointConfigName: 'broken-config' }),
    );
    expect(await failure(waitUntilEndpointInService(waiting(), { EndpointName: 'broken-ep' }))).toMatchObject(
      {
        name: 'Error',
        message: expect.stringContaining('FAILURE'),
      },
    );
    const failed = await sm.send(new ListEndpointsCommand({ StatusEquals: 'Failed' }));
    expect(failed.Endpoints?.map((e) => e.EndpointName)).toEqual(['broken-ep']);
    const all = await sm.send(new ListEndpointsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(all.Endpoints?.map((e) => [e.EndpointName, e.EndpointStatus])).toEqual([
      ['broken-ep', 'Failed'],
      ['v3-ep', 'InService'],
    ]);

    for (const name of ['v3-ep', 'broken-ep']) {
      await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
      await waitUntilEndpointDeleted(waiting(), { EndpointName: name });
    }
    expect(await failure(sm.send(new DescribeEndpointCommand({ EndpointName: 'v3-ep' })))).toMatchObject({
      name: 'ValidationException',
      message: `Could not find endpoint "${arn('endpoint', 'v3-ep')}".`,
    });
    expect(await failure(sm.send(new DeleteEndpointCommand({ EndpointName: 'v3-ep' })))).toMatchObject({
      name: 'ValidationException',
    });
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'v3-config' }));
    expect(
      await failure(sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'v3-config' }))),
    ).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Could not find endpoint configuration'),
    });
    await sm.send(new DeleteModelCommand({ ModelName: 'v3-model' }));
    expect(await failure(sm.send(new DeleteModelCommand({ ModelName: 'v3-model' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect((await sm.send(new ListModelsCommand({}))).Models?.map((m) => m.ModelName).sort()).toEqual([
      'broken',
      'v3-model-2',
    ]);
  }, 300_000);
});
