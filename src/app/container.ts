// Composition root: the only place that picks adapters and wires module services together; the wiring of one
// module that needs more than a constructor call lives in its own file (functions-, monitoring-wiring, ...).
import path from 'node:path';
import { systemClock } from '../kernel/clock.js';
import type { ProgressReporter } from '../kernel/progress.js';
import {
  KNOWN_ARCHIVE_MD5,
  type PrepareReport,
  type PrepareRequest,
  prepareDataset,
} from '../modules/datasets/index.js';
import type { FunctionsService } from '../modules/functions/index.js';
import { IamService } from '../modules/iam/index.js';
import { createInference, type Inference } from '../modules/inference/index.js';
import { ModelRegistry } from '../modules/models/index.js';
import type { MonitoringService } from '../modules/monitoring/index.js';
import { createSageMakerControl, type SageMakerControl } from '../modules/sagemaker-control/index.js';
import { fileHomeKeys, INTERNAL_BUCKET, ObjectStore, SETTINGS_BUCKET } from '../modules/storage/index.js';
import {
  discardInterruptedRun,
  runTrainingJob,
  type TrainingJobRequest,
  type TrainingJobResult,
} from '../modules/training-jobs/index.js';
import {
  ExpressionPool,
  objectStorePort,
  sqlExecutionJournal,
  WorkflowService,
} from '../modules/workflows/index.js';
import { DiskFileCache } from '../platform/file-cache/disk/disk-file-cache.js';
import { authEnabled } from './auth-mode.js';
import { captureRoleAuthorizer } from './capture-roles.js';
import type { ResolvedConfig } from './config.js';
import { openDatabase } from './database-open.js';
import { openFunctions } from './functions-wiring.js';
import { monitoringRole } from './iam-roles.js';
import { inferenceOptions } from './inference-options.js';
import { internalObjects } from './internal-objects.js';
import { type AppLogger, createLogger } from './logger.js';
import { allMigrations } from './migrations.js';
import { openMonitoring } from './monitoring-wiring.js';
import { rewireImagePipeline } from './pipeline/builtin-rename.js';
import { IMAGE_PIPELINE } from './pipeline/definitions.js';
import { roleFetch } from './role-fetch.js';
import { openBlobStore } from './storage-target.js';
import { workflowFunctionInvoker } from './workflow-functions.js';
import { executionRoleAuthorizer } from './workflow-roles.js';

export interface App {
  readonly config: ResolvedConfig;
  readonly logger: AppLogger;
  readonly store: ObjectStore;
  readonly models: ModelRegistry;
  readonly iam: IamService;
  /** Whether requests are authenticated (`server.auth`, or auto: on unless the server listens on loopback). */
  readonly authEnabled: boolean;
  /** How Scones calls its own InvokeEndpoint route: signed as the monitoring role when auth is on. */
  readonly monitoringFetch: typeof fetch;
  readonly functions: FunctionsService;
  readonly workflows: WorkflowService;
  /** The worker pool of JSONata expressions too big to run inline (its stats show runaways terminated). */
  readonly expressions: ExpressionPool;
  readonly inference: Inference;
  readonly monitoring: MonitoringService;
  /** SageMaker's control plane (models, endpoint configs, endpoints, training jobs) over the modules above. */
  readonly sagemaker: SageMakerControl;
  readonly training: {
    run(
      request: Omit<TrainingJobRequest, 'datasetBucket'> & { datasetBucket?: string },
    ): Promise<TrainingJobResult>;
    discardInterrupted(): Promise<string | undefined>;
  };
  readonly datasets: {
    prepare(request: Partial<PrepareRequest>, progress: ProgressReporter): Promise<PrepareReport>;
  };
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logStream?: NodeJS.WritableStream;
  readonly cwd?: string;
  /** Replaces global fetch for dataset downloads (tests). */
  readonly fetch?: typeof fetch;
  readonly knownArchiveMd5?: Readonly<Record<string, string>>;
}

export async function createApp(config: ResolvedConfig, options: AppOptions = {}): Promise<App> {
  const logger = createLogger(config, options.logStream);
  const blobs = await openBlobStore(config.storage, config.paths.objects, systemClock);
  for (const repair of blobs.repairs) logger.warn(repair, 'repaired a bucket a crash left half-deleted');
  // SSE-S3's key sits beside iam.key, made 0600 on first use (see modules/storage/README.md).
  const store = new ObjectStore(
    blobs.store,
    undefined,
    fileHomeKeys(path.join(config.paths.home, 'storage.key')),
  );
  // Made at start, not by the first bucket setting: a bucket created and deleted again leaves the home as it was.
  await store.ensureBucket(SETTINGS_BUCKET);
  await store.ensureBucket(INTERNAL_BUCKET);
  const database = await openDatabase(config);
  try {
    await database.migrate(allMigrations);
  } catch (error) {
    await database.close();
    await store.close();
    throw error;
  }
  const models = new ModelRegistry(database, store, systemClock);
  const iam = new IamService({
    database,
    keyFile: path.join(config.paths.home, 'iam.key'),
    clock: systemClock,
    region: config.workflows.region,
  });
  const auth = authEnabled(config.server);
  // This node's files that must be on disk (unpacked code, model artifacts), filled from the store.
  const files = new DiskFileCache({
    root: config.paths.fileCache,
    maxBytes: config.storage.cacheMaxBytes,
    clock: systemClock,
  });
  const { functions, retired } = await openFunctions(
    config,
    { database, store, files },
    logger,
    auth ? iam : undefined,
  );
  const monitoringFetch = auth
    ? roleFetch(iam, {
        role: monitoringRole,
        caller: 'sagemaker.amazonaws.com',
        service: 'sagemaker',
        region: config.workflows.region,
      })
    : fetch;
  // User expressions too big to evaluate inline run here, where a runaway is terminated (issue #12, item 3).
  const expressions = new ExpressionPool({
    timeoutMs: config.workflows.expressionTimeoutMs,
    ...(config.workflows.expressionWorkers === 0 ? {} : { size: config.workflows.expressionWorkers }),
  });
  const workflows = new WorkflowService({
    database,
    // Executions live beside the rest of the state, so that one database holds all of it (and every node sees it).
    journal: sqlExecutionJournal(database),
    clock: systemClock,
    logger,
    region: config.workflows.region,
    accountId: config.workflows.accountId,
    timeScale: config.workflows.timeScale,
    objects: objectStorePort(store),
    functions: workflowFunctionInvoker(functions),
    expressions: expressions.evaluate,
    ...(auth ? { authorizer: executionRoleAuthorizer(iam, config.workflows) } : {}),
  });
  if (retired.length > 0 && (await rewireImagePipeline(functions, workflows)))
    logger.info(
      { stateMachine: IMAGE_PIPELINE },
      'the image pipeline now runs the renamed built-in functions',
    );
  const inference = createInference(
    {
      database,
      models,
      store,
      files,
      clock: systemClock,
      logger,
      ...(auth ? { captureAuthorizer: captureRoleAuthorizer(iam, config.workflows.region) } : {}),
    },
    inferenceOptions(config),
  );
  const monitoring = openMonitoring(config, {
    store,
    database,
    logger,
    functions,
    workflows,
    monitoringFetch,
  });
  const sagemaker = createSageMakerControl({
    database,
    store,
    registry: models,
    endpoints: inference.endpoints,
    monitor: monitoring,
    clock: systemClock,
    logger,
    home: { region: config.workflows.region, accountId: config.workflows.accountId },
    modelsBucket: config.models.bucket,
  });
  const cwd = options.cwd ?? process.cwd();
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    store,
    models,
    iam,
    authEnabled: auth,
    monitoringFetch,
    functions,
    workflows,
    expressions,
    inference,
    monitoring,
    sagemaker,
    training: {
      run: (request) =>
        runTrainingJob(
          { ...request, datasetBucket: request.datasetBucket ?? config.data.bucket },
          { store, registry: models, clock: systemClock, modelsBucket: config.models.bucket },
        ),
      discardInterrupted: () => discardInterruptedRun(store, config.models.bucket),
    },
    datasets: {
      prepare: (request, progress) =>
        prepareDataset(
          {
            source: request.source ?? config.data.source,
            classes: request.classes ?? config.data.classes,
            bucket: request.bucket ?? config.data.bucket,
          },
          {
            store,
            cacheDir: config.paths.cache,
            shared: internalObjects(store, 'datasets/'),
            cwd,
            knownMd5: options.knownArchiveMd5 ?? KNOWN_ARCHIVE_MD5,
            progress,
            logger,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          },
        ),
    },
    close: () => {
      // Both the server and the CLI close the app on the way out: the second call waits for the first.
      closing ??= (async () => {
        await monitoring.close();
        await sagemaker.training.close();
        await workflows.close();
        await expressions.close();
        await functions.close();
        await database.close();
        await store.close();
      })();
      return closing;
    },
  };
}
