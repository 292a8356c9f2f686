// The stages of `scones up`, each reusing what an earlier run already did.
import type { ProgressReporter } from '../../kernel/progress.js';
import { type DatasetManifest, loadManifest } from '../../modules/datasets/index.js';
import type { ModelVersion } from '../../modules/models/index.js';
import { parseS3Uri } from '../../modules/storage/index.js';
import type { TrainOptions } from '../../modules/training/index.js';
import { TRAINING_JOB_ERROR_CODES } from '../../modules/training-jobs/index.js';
import { stateMachineArn } from '../../modules/workflows/index.js';
import { endpointCaptureRole } from '../capture-roles.js';
import type { App } from '../container.js';
import { ensureRole } from '../iam-roles.js';
import { defaultCaptureDestination } from '../inference-options.js';
import { IMAGE_PIPELINE, imagePipelineDefinition, TEST_BATCH, testBatchDefinition } from './definitions.js';
import { pipelineError } from './errors.js';

export const ENDPOINT = 'bikes';
/** Test images the batch classifies at once (the Map's MaxConcurrency). */
export const BATCH_CONCURRENCY = 16;

/** Prepares the dataset from `source`; without one, a dataset already in the store is reused (no download). */
export async function prepareStage(
  app: App,
  source: string | undefined,
  progress: ProgressReporter,
): Promise<{ bucket: string; manifest: DatasetManifest; reused: boolean }> {
  const bucket = app.config.data.bucket;
  if (!source) {
    const existing = await loadManifest(app.store, bucket).catch(() => undefined);
    if (existing) return { bucket, manifest: existing, reused: true };
  }
  const report = await app.datasets.prepare(source ? { source } : {}, progress);
  return { bucket: report.bucket, manifest: report.manifest, reused: false };
}

/** The newest usable version trained on this exact dataset, or a new one (resuming an interrupted run). */
export async function trainStage(
  app: App,
  retrain: boolean,
  options: TrainOptions,
  progress: ProgressReporter,
): Promise<{ version: ModelVersion; trained: boolean }> {
  const manifest = await loadManifest(app.store, app.config.data.bucket);
  if (!retrain) {
    const versions = await app.models.list();
    const reusable = versions.find(
      (v) => v.status !== 'rejected' && v.lineage.datasetChecksum === manifest.checksum,
    );
    if (reusable) return { version: reusable, trained: false };
  }
  const request = { options, progress, resume: false };
  try {
    return { version: (await app.training.run(request)).version, trained: true };
  } catch (error) {
    if ((error as { code?: string }).code !== TRAINING_JOB_ERROR_CODES.RUN_IN_PROGRESS) throw error;
    return { version: (await app.training.run({ ...request, resume: true })).version, trained: true };
  }
}

/**
 * Deploys the version on the `bikes` endpoint with full data capture, unless it already serves it that way. The
 * endpoint's execution role may write its capture folder and nothing else (capture is written as that role).
 */
export async function deployStage(app: App, version: ModelVersion): Promise<{ deployed: boolean }> {
  const endpoints = app.inference.endpoints;
  const current = await endpoints.describe(ENDPOINT).catch(() => undefined);
  const executionRoleArn = await ensureCaptureRole(
    app,
    current?.capture.destination ?? defaultCaptureDestination(app.config),
  );
  const serving =
    current &&
    current.variants.length === 1 &&
    current.variants[0]?.modelVersion === version.version &&
    current.capture.enabled &&
    current.capture.samplingPercent === 100 &&
    current.executionRoleArn === executionRoleArn;
  if (serving && current.servedRevision === current.revision) return { deployed: false };
  const record = serving
    ? current
    : await endpoints.deploy({
        name: ENDPOINT,
        variants: [{ model: String(version.version) }],
        capture: { enabled: true, samplingPercent: 100, captureInput: true, captureOutput: true },
        executionRoleArn,
      });
  const served = await endpoints.waitUntilServed(ENDPOINT, record.revision, 120_000);
  if (served.status === 'Failed')
    throw pipelineError('ENDPOINT_FAILED', `endpoint ${ENDPOINT} failed to start: ${served.failureReason}`, {
      endpoint: ENDPOINT,
    });
  return { deployed: !serving };
}

/** The endpoint's capture role, (re)created with PutObject on `<destination>/bikes/*` only; returns its ARN. */
async function ensureCaptureRole(app: App, destination: string): Promise<string> {
  const { bucket, key } = parseS3Uri(destination);
  const spec = endpointCaptureRole(ENDPOINT, { bucket, prefix: key });
  await ensureRole(app.iam, spec);
  return (await app.iam.roles.getRole(spec.name)).arn;
}

/** Creates or updates both state machines (with their execution roles, when given); returns their ARNs. */
export async function workflowStage(
  app: App,
  roles?: { readonly imagePipeline: string; readonly testBatch: string },
): Promise<{ imagePipelineArn: string; testBatchArn: string }> {
  const imagePipelineArn = await upsertMachine(
    app,
    IMAGE_PIPELINE,
    imagePipelineDefinition((name) => app.functions.arn(name)),
    roles?.imagePipeline,
  );
  const testBatchArn = await upsertMachine(
    app,
    TEST_BATCH,
    testBatchDefinition(app.config.data.bucket, imagePipelineArn, BATCH_CONCURRENCY),
    roles?.testBatch,
  );
  return { imagePipelineArn, testBatchArn };
}

async function upsertMachine(
  app: App,
  name: string,
  definition: string,
  roleArn: string | undefined,
): Promise<string> {
  const machines = app.workflows.machines;
  const arn = stateMachineArn(app.workflows.scope, name);
  const role = roleArn === undefined ? {} : { roleArn };
  const existing = await machines.describe(arn).catch(() => undefined);
  if (!existing) return (await machines.create({ name, definition, ...role })).stateMachineArn;
  const roleChanged = roleArn !== undefined && existing.roleArn !== roleArn;
  if (existing.definition !== definition || roleChanged)
    await machines.update({ stateMachineArn: arn, definition, ...role });
  return arn;
}

/** A baseline for the served model (a new one after a redeploy), an hourly report schedule and the default alarms. */
export async function monitorSetupStage(
  app: App,
  redeployed: boolean,
  progress: ProgressReporter,
): Promise<{ baselined: boolean }> {
  const hasBaseline = await app.monitoring.constraints(ENDPOINT).then(
    () => true,
    () => false,
  );
  if (redeployed || !hasBaseline) await app.monitoring.baseline(ENDPOINT, { progress });
  await app.monitoring.schedule(ENDPOINT);
  await app.monitoring.ensureDefaultAlarms(ENDPOINT);
  return { baselined: redeployed || !hasBaseline };
}

/** A monitoring report over the traffic the pipeline just sent, once capture has flushed it. */
export async function monitorReportStage(app: App, from: number) {
  await new Promise((resolve) => setTimeout(resolve, app.config.inference.captureFlushMs + 250));
  return app.monitoring.report(ENDPOINT, { from, to: Date.now() }, { force: true });
}
