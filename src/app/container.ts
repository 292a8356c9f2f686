// Composition root: the only place that picks adapters and wires module services together.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { systemClock } from '../kernel/clock.js';
import type { Logger } from '../kernel/logger.js';
import type { ProgressReporter } from '../kernel/progress.js';
import {
  KNOWN_ARCHIVE_MD5,
  type PrepareReport,
  type PrepareRequest,
  prepareDataset,
} from '../modules/datasets/index.js';
import { FunctionsService } from '../modules/functions/index.js';
import { IamService } from '../modules/iam/index.js';
import { createInference, type Inference, type InferenceOptions } from '../modules/inference/index.js';
import { ModelRegistry } from '../modules/models/index.js';
import {
  functionMetricsListener,
  invokeEndpointPredictors,
  MonitoringService,
} from '../modules/monitoring/index.js';
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
import type { SqlDatabase } from '../platform/db/port.js';
import { openPostgresDatabase } from '../platform/db/postgres/postgres-database.js';
import { openSqliteDatabase } from '../platform/db/sqlite/sqlite-database.js';
import { DiskFileCache } from '../platform/file-cache/disk/disk-file-cache.js';
import type { FileCache } from '../platform/file-cache/port.js';
import { authEnabled } from './auth-mode.js';
import { captureRoleAuthorizer } from './capture-roles.js';
import type { ResolvedConfig } from './config.js';
import { executionRoleCredentials } from './execution-roles.js';
import { monitoringRole } from './iam-roles.js';
import { internalObjects } from './internal-objects.js';
import { type AppLogger, createLogger } from './logger.js';
import { allMigrations } from './migrations.js';
import { rewireImagePipeline } from './pipeline/builtin-rename.js';
import { IMAGE_PIPELINE } from './pipeline/definitions.js';
import { roleFetch } from './role-fetch.js';
import { openBlobStore } from './storage-target.js';
import { workflowFunctionInvoker } from './workflow-functions.js';
import { workflowMetricsListener } from './workflow-metrics.js';
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

/** The one place an adapter is picked: `database.url` names SQLite (the embedded default) or PostgreSQL. */
export function openDatabase(config: ResolvedConfig): Promise<SqlDatabase> {
  const target = config.databaseTarget;
  if (target.adapter === 'postgres') return openPostgresDatabase({ url: target.url });
  return Promise.resolve(openSqliteDatabase({ file: target.file }));
}

/** `scones db migrate`: applies pending migrations without starting any service. */
export async function migrateDatabase(
  config: ResolvedConfig,
): Promise<{ adapter: string; database: string; applied: readonly string[] }> {
  const database = await openDatabase(config);
  try {
    const applied = await database.migrate(allMigrations);
    return { adapter: config.databaseTarget.adapter, database: config.databaseTarget.shown, applied };
  } finally {
    await database.close();
  }
}

/**
 * The functions service with the built-in pipeline functions present; guests call the configured server, signed
 * with their execution role's temporary credentials when `iam` is given (auth on).
 */
async function openFunctions(
  config: ResolvedConfig,
  { database, store, files }: { database: SqlDatabase; store: ObjectStore; files: FileCache },
  logger: Logger,
  iam: IamService | undefined,
) {
  const functions = new FunctionsService({
    database,
    // PublishLayerVersion's Content.S3Bucket/S3Key name objects of this store.
    objects: store,
    // Kept in the object store (every node sees it), run from this node's file cache.
    code: {
      objects: internalObjects(store, 'code/'),
      cache: files,
      stagingDir: path.join(config.paths.tmp, 'code-staging'),
    },
    workDir: path.join(config.paths.tmp, 'functions'),
    logger,
    // Guests sign for the server's region and see its ARNs: one region and account everywhere.
    aws: { endpointUrl: localUrl(config.server), region: config.workflows.region },
    accountId: config.workflows.accountId,
    runtime: {
      isolation: config.functions.isolation,
      pidsMax: config.functions.pidsMax,
      // With auth on, deploying code must not make anyone the server: never unsandboxed unless set so.
      requireSandbox: iam !== undefined,
      hiddenPaths: [config.paths.home],
      ...(iam ? { credentials: executionRoleCredentials(iam) } : {}),
    },
  });
  if (iam && config.functions.isolation === 'process')
    logger.warn(
      { isolation: 'process' },
      "functions.isolation is 'process' with authentication on: function code runs as the server's user and can read its home (credentials, iam.key, scones.db); anyone allowed to deploy code can become admin",
    );
  const moved = await functions.migrateOldCode(path.join(config.paths.home, 'functions'));
  if (moved > 0)
    logger.info({ moved }, 'moved function and layer code from the home folder into the object store');
  const { retired } = await functions.seedBuiltins();
  if (retired.length > 0)
    logger.info(
      { retired },
      'deleted the built-in functions an older Scones made under the classic exercise names; they are now scones-<name>',
    );
  return { functions, retired };
}

/** Monitoring over the store and database; endpoints answer through the server's InvokeEndpoint route. */
function openMonitoring(
  config: ResolvedConfig,
  parts: {
    store: ObjectStore;
    database: SqlDatabase;
    logger: Logger;
    functions: FunctionsService;
    workflows: WorkflowService;
    monitoringFetch: typeof fetch;
  },
): MonitoringService {
  const { functions, workflows, monitoringFetch, ...shared } = parts;
  const settings = config.monitoring;
  const monitoring = new MonitoringService({
    ...shared,
    clock: systemClock,
    location: { bucket: config.data.bucket, prefix: 'monitoring' },
    defaultCapture: defaultCaptureDestination(config),
    defaultDataset: `s3://${config.data.bucket}/test.lst`,
    confidenceThreshold: settings.confidenceThreshold,
    predictors: invokeEndpointPredictors(localUrl(config.server), monitoringFetch),
    functions: {
      invoke: async (name, payload) => {
        const result = await functions.invoke(name, { payload });
        return result.error ? { ok: false, error: result.error.errorMessage } : { ok: true };
      },
    },
    workflows: {
      startExecution: ({ stateMachine, input, name }) =>
        workflows.executions.start({ stateMachineArn: stateMachine, input, ...(name ? { name } : {}) }),
    },
    metrics: {
      flushMs: settings.metricsFlushSeconds * 1000,
      retentionMs: settings.metricsRetentionDays * 86_400_000,
    },
    alarms: { evaluationMs: settings.alarmEvaluationSeconds * 1000 },
    scheduler: {
      pollMs: settings.schedulerPollSeconds * 1000,
      settleMs: settings.reportSettleSeconds * 1000,
    },
  });
  functions.addInvocationListener(functionMetricsListener(monitoring.metrics));
  workflows.addExecutionListener(workflowMetricsListener(monitoring.metrics));
  return monitoring;
}

/** The server's URL as seen from this machine (guests' AWS SDK calls go there). */
export function localUrl(listen: { host: string; port: number }): string {
  const any = listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '';
  const host = any ? '127.0.0.1' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `http://${host}:${listen.port}`;
}

function inferenceOptions(config: ResolvedConfig): InferenceOptions {
  const settings = config.inference;
  return {
    serving: {
      workers: settings.workers || availableParallelism(),
      threadsPerWorker: settings.threadsPerWorker,
      batching: {
        maxBatchSize: settings.maxBatchSize,
        maxWaitMs: settings.maxWaitMs,
        maxQueue: settings.maxQueue,
        maxQueueDelayMs: settings.maxQueueDelayMs,
      },
      maxInputPixels: settings.maxInputPixels,
    },
    pollMs: settings.pollMs,
    admission: { maxRequests: settings.maxInflight, maxBytes: settings.maxInflightBytes },
    capture: { flushMs: settings.captureFlushMs, maxBufferedBytes: 64 * 1024 * 1024 },
    decodeConcurrency: 2,
    captureDestination: defaultCaptureDestination(config),
  };
}

/** Where endpoints capture unless a deploy names another place: `inference.captureDestination` or the data bucket. */
export function defaultCaptureDestination(config: ResolvedConfig): string {
  return config.inference.captureDestination || `s3://${config.data.bucket}/datacapture`;
}
