// Runs one accepted training job: channels staged as a dataset, Scones's trainer, the model registered and
// published as <S3OutputPath>/<job>/output/model.tar.gz; every step recorded as SageMaker's statuses, and its log
// lines (what `scones train` prints) kept for `/aws/sagemaker/TrainingJobs`.
import { createHash } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.js';
import type { Logger } from '../../../kernel/logger.js';
import type { ProgressReporter } from '../../../kernel/progress.js';
import type { ModelRegistry } from '../../models/index.js';
import type { ObjectStore } from '../../storage/index.js';
import { discardInterruptedRun, runTrainingJob } from '../../training-jobs/index.js';
import type { ModelSource } from '../model-source.js';
import type { ResourceRepository } from '../resource-repository.js';
import { type Channel, checkChannels, stageDataset } from './channels.js';
import { recipeOf } from './hyperparameters.js';
import { JobLog, type TrainingLogRepository } from './job-log.js';
import { type JobRecord, transition } from './job-record.js';

/** The abort reason of StopTrainingJob; any other abort (shutdown) fails the job. */
export const STOP_REQUESTED = 'StopTrainingJob';

export interface RunnerDeps {
  readonly repository: ResourceRepository;
  readonly logs: TrainingLogRepository;
  readonly store: ObjectStore;
  readonly registry: ModelRegistry;
  readonly source: ModelSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly modelsBucket: string;
}

/**
 * `release` is called once the job's work is over, before its final status is written: whoever sees the final
 * status may start the next job.
 */
export async function runJob(
  deps: RunnerDeps,
  start: JobRecord,
  signal: AbortSignal,
  release: () => void,
): Promise<void> {
  const name = start.TrainingJobName;
  let record = start;
  const move = async (...args: Parameters<typeof transition> extends [unknown, ...infer R] ? R : never) => {
    record = transition(record, ...args);
    await deps.repository.update('training-job', name, record);
  };
  const jobLog = new JobLog(name, deps.logs, deps.clock, deps.logger);
  const log = (line: string) => jobLog.write(line);
  const staging = `sm-train-${createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 16)}`;
  try {
    const recipe = recipeOf(record.HyperParameters);
    log(`Training job ${name}: built-in image classification on Scones's trainer`);
    log(`Hyperparameters: ${JSON.stringify(record.HyperParameters)}`);
    await move('Downloading', 'Downloading input data', deps.clock.now(), {
      TrainingStartTime: deps.clock.now(),
    });
    const counts = await stageDataset(
      deps.store,
      checkChannels(record.InputDataConfig as Channel[]),
      staging,
      recipe.numClasses,
    );
    log(`staged ${counts.train} training and ${counts.test} validation images`);
    await move('Training', 'Training image download completed. Training in progress.', deps.clock.now());
    const result = await runTrainingJob(
      { datasetBucket: staging, options: recipe.options, resume: false, progress: progressLog(log), signal },
      { store: deps.store, registry: deps.registry, clock: deps.clock, modelsBucket: deps.modelsBucket },
    );
    await move('Uploading', 'Uploading generated training model', deps.clock.now());
    const artifact = `${record.OutputDataConfig.S3OutputPath.replace(/\/+$/, '')}/${name}/output/model.tar.gz`;
    await deps.source.publish(result.version, artifact);
    await removeBucket(deps.store, staging);
    log(`registered model version ${result.version.version}; artifact ${artifact}`);
    // Every line is stored before the final status: a reader that sees the job end then reads all of them.
    await jobLog.flush();
    release();
    const now = deps.clock.now();
    const last = result.report.curves.at(-1);
    await move('Completed', 'Training job completed', now, {
      TrainingJobStatus: 'Completed',
      TrainingEndTime: now,
      ModelArtifacts: { S3ModelArtifacts: artifact },
      ModelVersion: result.version.version,
      FinalMetricDataList: [
        { MetricName: 'train:accuracy', Value: last?.trainAccuracy ?? 0, Timestamp: now },
        { MetricName: 'validation:accuracy', Value: result.report.metrics.accuracy, Timestamp: now },
      ],
    });
  } catch (error) {
    // Aborted by StopTrainingJob: Stopped. Aborted by the server shutting down (or any error): Failed, saying why.
    const stopped = signal.aborted && signal.reason === STOP_REQUESTED;
    const reason =
      signal.aborted && !stopped ? 'the Scones server stopped while the job ran' : (error as Error).message;
    if (!stopped) deps.logger.warn({ trainingJob: name, err: error }, 'training job failed');
    await discardInterruptedRun(deps.store, deps.modelsBucket).catch(() => undefined);
    await removeBucket(deps.store, staging);
    log(stopped ? 'Training job stopped by StopTrainingJob' : `Training failed: ${reason}`);
    await jobLog.flush();
    release();
    const now = deps.clock.now();
    await move(
      stopped ? 'Stopped' : 'Failed',
      stopped ? 'Training job stopped' : 'Training job failed',
      now,
      {
        TrainingJobStatus: stopped ? 'Stopped' : 'Failed',
        TrainingEndTime: now,
        ...(stopped ? {} : { FailureReason: `ClientError: ${reason}` }),
      },
    );
  }
}

/**
 * The trainer's progress as log lines: what `scones train` prints, one line per epoch, followed by the epoch's
 * accuracies as the image-classification algorithm logs them (`Epoch[0] Train-accuracy=...`), the lines the SDK's
 * metric definitions for that algorithm match.
 */
function progressLog(log: (line: string) => void): ProgressReporter {
  return {
    start: (label, total, unit) => ({
      update: (done, fields) => {
        const shown = Object.entries(fields ?? {}).map(([k, v]) => ` ${k}=${v}`);
        log(`${label} ${done}/${total} ${unit}${shown.join('')}`);
        if (fields?.acc !== undefined) log(`Epoch[${done - 1}] Train-accuracy=${fields.acc}`);
        if (fields?.val_acc !== undefined) log(`Epoch[${done - 1}] Validation-accuracy=${fields.val_acc}`);
      },
      finish: (summary) => log(`${label}: ${summary ?? 'done'}`),
    }),
  };
}

async function removeBucket(store: ObjectStore, bucket: string): Promise<void> {
  try {
    for await (const object of store.listAllObjects(bucket)) await store.deleteObject(bucket, object.key);
    await store.deleteBucket(bucket);
  } catch {
    // Nothing staged (the job failed before), or already gone.
  }
}
