// The one schema of Scones settings: defaults, validation and the TypeScript type come from here.
import { type Static, Type } from 'typebox';

const OneOf = <const T extends readonly string[]>(
  values: T,
  defaultValue: T[number],
  options: { readonly description?: string } = {},
) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { default: defaultValue, ...options },
  );

export const OFFICIAL_CIFAR100_PYTHON_URL = 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz';

export const ConfigSchema = Type.Object(
  {
    home: Type.String({ minLength: 1, default: './.scones', description: 'folder holding all state' }),
    server: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
        bodyLimitBytes: Type.Integer({ minimum: 1024, default: 64 * 1024 * 1024 }),
        headersTimeoutMs: Type.Integer({
          minimum: 100,
          default: 30_000,
          description:
            'time a client has to send request headers (slow clients get 408 and are disconnected)',
        }),
        requestTimeoutMs: Type.Integer({
          minimum: 0,
          default: 300_000,
          description: 'time a client has to send a whole request, body included; 0: no limit',
        }),
        /** Authenticate every API with IAM keys; `auto`: on unless the server listens on loopback only. */
        auth: OneOf(['auto', 'on', 'off'] as const, 'auto'),
      },
      { additionalProperties: false, default: {} },
    ),
    database: Type.Object(
      {
        url: Type.String({
          default: '',
          description:
            'sqlite:<path> (embedded; empty: <home>/scones.db) or postgres://user:password@host:port/database',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    storage: Type.Object(
      {
        backend: OneOf(['fs', 's3'] as const, 'fs', {
          description:
            'where objects live: fs (<home>/objects) or s3 (any S3-compatible store, storage.s3.*)',
        }),
        lifecycleSweepMs: Type.Integer({
          minimum: 100,
          default: 3_600_000,
          description: 'how often the server applies S3 lifecycle rules (expirations, aborted uploads)',
        }),
        cacheMaxBytes: Type.Integer({
          minimum: 0,
          default: 4 * 1024 ** 3,
          description:
            "this node's file cache (<home>/cache/files: unpacked function code and layers): least recently used entries past this size are removed",
        }),
        s3: Type.Object(
          {
            endpoint: Type.String({ default: '', description: 'http(s) URL; empty: AWS S3 of the region' }),
            region: Type.String({ minLength: 1, default: 'us-east-1' }),
            bucket: Type.String({
              default: '',
              description: 'backend bucket (must exist) for records and objects',
            }),
            prefix: Type.String({ default: '', description: 'key prefix in the bucket, e.g. scones/' }),
            mode: OneOf(['prefix', 'bucket-per-bucket'] as const, 'prefix', {
              description:
                'prefix: every object in `bucket`; bucket-per-bucket: one backend bucket per bucket',
            }),
            bucketPrefix: Type.String({
              default: '',
              description: 'bucket-per-bucket: backend bucket name prefix',
            }),
            forcePathStyle: Type.Boolean({ default: true, description: 'false: virtual-hosted-style URLs' }),
            accessKeyId: Type.String({
              default: '',
              description: 'empty: the AWS SDK default credential chain',
            }),
            secretAccessKey: Type.String({ default: '' }),
            maxAttempts: Type.Integer({
              minimum: 1,
              maximum: 20,
              default: 4,
              description: 'tries per request',
            }),
          },
          { additionalProperties: false, default: {} },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    log: Type.Object(
      {
        level: OneOf(['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
        format: OneOf(['auto', 'json', 'pretty'] as const, 'auto'),
      },
      { additionalProperties: false, default: {} },
    ),
    models: Type.Object(
      {
        bucket: Type.String({
          minLength: 3,
          maxLength: 63,
          default: 'scones-models',
          description: 'model artifacts and checkpoints',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    data: Type.Object(
      {
        bucket: Type.String({ minLength: 3, maxLength: 63, default: 'scones' }),
        source: Type.String({ minLength: 1, default: OFFICIAL_CIFAR100_PYTHON_URL }),
        classes: Type.Array(Type.String({ minLength: 1 }), {
          minItems: 2,
          default: ['bicycle', 'motorcycle'],
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    workflows: Type.Object(
      {
        region: Type.String({
          minLength: 1,
          default: 'us-east-1',
          description:
            "the server's one region: in every resource ARN, and the only one SigV4 requests may be signed for",
        }),
        accountId: Type.String({
          pattern: '^\\d{12}$',
          default: '000000000000',
          description:
            "the server's one account, in every resource ARN (ARNs of any other resolve to nothing)",
        }),
        timeScale: Type.Number({
          minimum: 0,
          default: 1,
          description: 'multiplies Wait and Retry delays of workflow executions (0 fires them at once)',
        }),
        expressionTimeoutMs: Type.Integer({
          minimum: 1,
          maximum: 600_000,
          default: 10_000,
          description: 'how long a JSONata expression may run (or wait for a worker) before it fails',
        }),
        expressionWorkers: Type.Integer({
          minimum: 0,
          maximum: 64,
          default: 0,
          description: 'worker threads for JSONata expressions too big to run inline; 0: cores - 1 (1 to 4)',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    functions: Type.Object(
      {
        isolation: OneOf(['auto', 'sandbox', 'process'] as const, 'auto', {
          description:
            'sandbox: each function guest in bubblewrap namespaces with its own cgroups (needs the bubblewrap package); process: plain child processes of the server user, no isolation from it; auto: sandbox wherever it works (with auth on, never process unless set)',
        }),
        pidsMax: Type.Integer({
          minimum: 16,
          maximum: 65_536,
          default: 1024,
          description: "processes and threads one sandboxed guest may hold (Lambda's limit is 1024)",
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    inference: Type.Object(
      {
        maxBatchSize: Type.Integer({ minimum: 1, maximum: 1024, default: 32 }),
        maxWaitMs: Type.Number({ minimum: 0, maximum: 1000, default: 2 }),
        workers: Type.Integer({
          minimum: 0,
          maximum: 256,
          default: 0,
          description: 'predictor worker threads per model; 0: one per core',
        }),
        threadsPerWorker: Type.Integer({
          minimum: 1,
          maximum: 64,
          default: 1,
          description: 'onnxruntime threads',
        }),
        maxQueue: Type.Integer({ minimum: 1, default: 1024, description: 'requests waiting per model' }),
        maxQueueDelayMs: Type.Integer({
          minimum: 1,
          default: 5000,
          description: 'refuse (503) requests expected to wait longer than this',
        }),
        maxInflight: Type.Integer({ minimum: 1, default: 4096, description: 'invocations held at once' }),
        maxInflightBytes: Type.Integer({ minimum: 1024, default: 256 * 1024 * 1024 }),
        maxInputPixels: Type.Integer({ minimum: 1024, default: 25_000_000 }),
        pollMs: Type.Integer({ minimum: 10, default: 500, description: 'how often deploys are picked up' }),
        captureFlushMs: Type.Integer({ minimum: 10, default: 1000 }),
        captureDestination: Type.String({
          default: '',
          description:
            'default data capture destination (s3://bucket/prefix); empty: s3://<data.bucket>/datacapture',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    monitoring: Type.Object(
      {
        confidenceThreshold: Type.Number({ minimum: 0, maximum: 1, default: 0.93 }),
        metricsRetentionDays: Type.Number({ exclusiveMinimum: 0, default: 15 }),
        metricsFlushSeconds: Type.Number({ exclusiveMinimum: 0, default: 5 }),
        alarmEvaluationSeconds: Type.Number({ exclusiveMinimum: 0, default: 60 }),
        schedulerPollSeconds: Type.Number({ exclusiveMinimum: 0, default: 30 }),
        reportSettleSeconds: Type.Number({
          minimum: 0,
          default: 120,
          description: 'wait after a window ends',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;

/** Environment variables and the setting each one sets (dotted path into Config). */
export const ENV_SETTINGS: Readonly<Record<string, string>> = {
  SCONES_HOME: 'home',
  SCONES_HOST: 'server.host',
  SCONES_PORT: 'server.port',
  SCONES_BODY_LIMIT_BYTES: 'server.bodyLimitBytes',
  SCONES_AUTH: 'server.auth',
  SCONES_DATABASE_URL: 'database.url',
  SCONES_STORAGE_BACKEND: 'storage.backend',
  SCONES_LIFECYCLE_SWEEP_MS: 'storage.lifecycleSweepMs',
  SCONES_CACHE_MAX_BYTES: 'storage.cacheMaxBytes',
  SCONES_S3_ENDPOINT: 'storage.s3.endpoint',
  SCONES_S3_REGION: 'storage.s3.region',
  SCONES_S3_BUCKET: 'storage.s3.bucket',
  SCONES_S3_PREFIX: 'storage.s3.prefix',
  SCONES_S3_MODE: 'storage.s3.mode',
  SCONES_S3_ACCESS_KEY_ID: 'storage.s3.accessKeyId',
  SCONES_S3_SECRET_ACCESS_KEY: 'storage.s3.secretAccessKey',
  SCONES_LOG_LEVEL: 'log.level',
  SCONES_LOG_FORMAT: 'log.format',
  SCONES_BUCKET: 'data.bucket',
  SCONES_SOURCE: 'data.source',
  SCONES_MODELS_BUCKET: 'models.bucket',
  SCONES_WORKFLOW_TIME_SCALE: 'workflows.timeScale',
  SCONES_FUNCTIONS_ISOLATION: 'functions.isolation',
};
