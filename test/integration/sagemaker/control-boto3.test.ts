// boto3's sagemaker client against a listening Scones server: models, endpoint configs and endpoints through their
// whole life (botocore's waiters unchanged), the same endpoints Scones's own service shows, and SageMaker's errors.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPython } from '../../support/python.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { PNG_FOLDER } from '../../support/shared-data.js';
import { registerModel, testPngs, trainSmallModel } from '../../support/trained-model.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../fixtures/sagemaker/boto3_control.py');
const MODEL_URL = 's3://sm-models/bikes/output/model.tar.gz';
const BROKEN_URL = 's3://sm-models/broken/model.tar.gz';
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ 'inference.pollMs': 50 });
  const version = await registerModel(t.app, await trainSmallModel(), { runId: 'sm-1' });
  await t.app.sagemaker.source.publish(version, MODEL_URL);
  await t.app.store.putObject('sm-models', 'broken/model.tar.gz', Buffer.from('not a tarball'));
  await t.app.inference.endpoints.deploy({ name: 'cli-made', variants: [{ model: '1' }] });
}, 120_000);
afterAll(() => t?.close());

it('serves the control plane to boto3, waiters and errors included', async () => {
  const png = path.join(PNG_FOLDER, 'test', (await testPngs(1))[0]?.file as string);
  const run = await runPython(SCRIPT, [t.server.url, MODEL_URL, BROKEN_URL, png]);
  expect(run.code, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout);
  const arn = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:000000000000:${type}/${name}`;
  expect(out).toMatchObject({
    createModel: arn('model', 'bikes-model'),
    describeModel: { role: 'arn:aws:iam::000000000000:role/SageMakerRole', hasTime: true },
    duplicateModel: [
      'ValidationException',
      400,
      `Cannot create already existing model "${arn('model', 'bikes-model')}".`,
    ],
    missingModel: ['ValidationException', 400, `Could not find model "${arn('model', 'nope')}".`],
    badRequest: [
      'ValidationException',
      400,
      "1 validation error detected: Value null at 'modelName' failed to satisfy constraint: Member must not be null",
    ],
    badType: ['ValidationException', 400, expect.stringContaining("'productionVariants'")],
    createConfig: arn('endpoint-config', 'bikes-config'),
    configUnknownModel: ['ValidationException', 400, `Could not find model "${arn('model', 'ghost')}".`],
    describeConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: 's3://captures/datacapture' },
    listConfigs: ['bikes-config', 'bikes-config-2'],
    createEndpoint: arn('endpoint', 'bikes-sm'),
    invoke: { variant: 'AllTraffic', classes: 2 },
    inService: {
      EndpointStatus: 'InService',
      EndpointConfigName: 'bikes-config',
      DataCaptureConfig: {
        EnableCapture: true,
        CaptureStatus: 'Started',
        CurrentSamplingPercentage: 100,
        DestinationS3Uri: 's3://captures/datacapture',
      },
      variants: ['AllTraffic'],
    },
    createTwice: [
      'ValidationException',
      400,
      `Cannot create already existing endpoint "${arn('endpoint', 'bikes-sm')}".`,
    ],
    updated: { config: 'bikes-config-2', weights: { AllTraffic: 1, Canary: 0.5 } },
    brokenWaiter: 'failed',
    broken: { status: 'Failed', hasReason: true },
    listFailed: ['broken-ep'],
    fromCli: 'cli-made',
    missingEndpoint: [
      'ValidationException',
      400,
      `Could not find endpoint "${arn('endpoint', 'bikes-sm')}".`,
    ],
    deleteMissing: ['ValidationException', 400, expect.stringContaining('Could not find endpoint')],
    missingConfig: [
      'ValidationException',
      400,
      expect.stringContaining('Could not find endpoint configuration'),
    ],
    listModels: expect.arrayContaining(['bikes-model-2', 'broken-model']),
    paged: [1, true],
    unknownOp: ['UnknownOperationException', 400, expect.stringContaining('ListApps')],
  });
  expect(['Creating', 'InService']).toContain(out.firstStatus);
  expect(['Updating', 'InService']).toContain(out.updating);
  expect(out.listEndpoints).toEqual([
    ['bikes-sm', 'InService'],
    ['broken-ep', 'Failed'],
    ['cli-made', 'InService'],
  ]);
  // The endpoint made through SageMaker's API is Scones's endpoint: gone from both after DeleteEndpoint.
  expect((await t.app.inference.endpoints.list()).map((e) => e.name)).toEqual(['cli-made']);
}, 240_000);
