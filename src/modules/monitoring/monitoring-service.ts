// Monitoring as one service: baselines and constraints, reports on demand and on schedules, the metrics
// store and the alarms over it, and the Prometheus registry. `app` builds it and fills its ports.
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Clock } from '../../kernel/clock.js';
import type { Logger } from '../../kernel/logger.js';
import type { ProgressReporter } from '../../kernel/progress.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import { type ObjectStore, parseS3Uri } from '../storage/index.js';
import { ActionRunner } from './alarms/action-runner.js';
import type { AlarmAction } from './alarms/alarm-definition.js';
import { AlarmService } from './alarms/alarm-service.js';
import { ensureDefaultAlarms } from './alarms/default-alarms.js';
import { type BaselineResult, runBaseline } from './baseline/baseline-job.js';
import { type ConstraintsDocument, checkConstraints } from './baseline/constraints-schema.js';
import type { CaptureLocation, TimeWindow } from './capture/capture-reader.js';
import { layoutEmbedding } from './embedding/layout-embedding.js';
import { monitoringError } from './errors.js';
import { putJson } from './json-objects.js';
import { BASELINE_FILES, baselineKey, type MonitoringLocation, uriOf } from './locations.js';
import { MetricsService } from './metrics/metrics-service.js';
import { createPrometheusRegistry } from './metrics/prometheus-registry.js';
import type {
  EmbeddingSource,
  FunctionInvoker,
  Predictor,
  PredictorProvider,
  WorkflowStarter,
} from './ports.js';
import { type BaselineDocuments, findBaseline, readBaseline } from './reports/baseline-reader.js';
import type { ReportDocument } from './reports/report-job.js';
import { runReportWindow } from './reports/report-runner.js';
import { HOURLY, parseCron } from './schedules/cron-windows.js';
import { type ReportRun, type Schedule, ScheduleStore } from './schedules/schedule-store.js';
import { type DueRun, ReportScheduler } from './schedules/scheduler.js';
import type { MonitoringTables } from './schema.js';

export interface MonitoringOptions {
  readonly store: ObjectStore;
  readonly database: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where baselines and reports go. */
  readonly location: MonitoringLocation;
  /** Capture destination (`s3://bucket/prefix`) of endpoints whose schedule names none. */
  readonly defaultCapture: string;
  /** The validation images a baseline runs over when none are given. */
  readonly defaultDataset: string;
  readonly confidenceThreshold: number;
  readonly embedding?: EmbeddingSource;
  readonly predictors?: PredictorProvider;
  readonly functions?: FunctionInvoker;
  readonly workflows?: WorkflowStarter;
  readonly metrics: { readonly flushMs: number; readonly retentionMs: number };
  readonly alarms: {
    readonly evaluationMs: number;
    readonly retryDelaysMs?: readonly number[];
    readonly webhookTimeoutMs?: number;
  };
  readonly scheduler: { readonly pollMs: number; readonly settleMs: number };
}

export class MonitoringService {
  readonly metrics: MetricsService;
  readonly alarms: AlarmService;
  readonly #actions: ActionRunner;
  readonly #schedules: ScheduleStore;
  readonly #scheduler: ReportScheduler;
  readonly #embedding: EmbeddingSource;
  #predictors: PredictorProvider | undefined;
  readonly #reportListeners: ((report: ReportDocument) => Promise<void>)[] = [];
  readonly #baselineListeners: ((baseline: BaselineDocuments) => Promise<void>)[] = [];
  #registry: Registry | undefined;

  constructor(private readonly options: MonitoringOptions) {
    const { database, clock, logger } = options;
    this.#embedding = options.embedding ?? layoutEmbedding;
    this.#predictors = options.predictors;
    this.metrics = new MetricsService({
      database,
      clock,
      logger,
      confidenceThreshold: options.confidenceThreshold,
      ...options.metrics,
    });
    this.#actions = new ActionRunner({
      logger,
      ...(options.functions ? { functions: options.functions } : {}),
      ...(options.workflows ? { workflows: options.workflows } : {}),
      ...(options.alarms.retryDelaysMs ? { retryDelaysMs: options.alarms.retryDelaysMs } : {}),
      ...(options.alarms.webhookTimeoutMs ? { webhookTimeoutMs: options.alarms.webhookTimeoutMs } : {}),
      onOutcome: (name, summary, data) => this.alarms.recordAction(name, summary, data),
    });
    this.alarms = new AlarmService({
      database,
      metrics: this.metrics,
      actions: this.#actions,
      clock,
      logger,
      evaluationMs: options.alarms.evaluationMs,
    });
    this.#schedules = new ScheduleStore(database.db as Kysely<MonitoringTables>);
    this.#scheduler = new ReportScheduler({
      schedules: this.#schedules,
      clock,
      logger,
      captureOf: (schedule) => captureLocation(schedule.captureUri),
      run: (endpoint, window, capture) => this.#run(endpoint, window, capture, false),
    });
  }

  /** Points baselines at other predictors (the server's own URL once it listens, or in-process endpoints). */
  usePredictors(predictors: PredictorProvider): void {
    this.#predictors = predictors;
  }

  /** Runs the endpoint's model over validation images and stores statistics and derived constraints. */
  async baseline(
    endpoint: string,
    options: { dataset?: string; progress?: ProgressReporter; predictor?: Predictor } = {},
  ): Promise<BaselineResult> {
    const predictor = options.predictor ?? this.#predictors?.(endpoint);
    if (!predictor)
      throw monitoringError('NO_PREDICTOR', `no model is serving endpoint ${endpoint}`, { endpoint });
    const result = await runBaseline(endpoint, options.dataset ?? this.options.defaultDataset, predictor, {
      store: this.options.store,
      embedding: this.#embedding,
      location: this.options.location,
      threshold: this.options.confidenceThreshold,
      clock: this.options.clock,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    const { statistics, constraints } = result;
    await this.#notify(this.#baselineListeners, { endpoint, statistics, constraints }, endpoint, 'baseline');
    return result;
  }

  async constraints(endpoint: string): Promise<ConstraintsDocument> {
    return (await readBaseline(this.options.store, this.options.location, endpoint)).constraints;
  }

  /** The endpoint's baseline, or undefined when none was made yet. */
  currentBaseline(endpoint: string): Promise<BaselineDocuments | undefined> {
    return findBaseline(this.options.store, this.options.location, endpoint);
  }

  /** Calls `listener` after every new baseline and constraints edit; failures are logged. */
  onBaseline(listener: (baseline: BaselineDocuments) => Promise<void>): void {
    this.#baselineListeners.push(listener);
  }

  /** Replaces constraints.json after checking it (users edit limits). */
  async setConstraints(
    endpoint: string,
    document: unknown,
  ): Promise<{ constraints: ConstraintsDocument; uri: string }> {
    const { statistics } = await readBaseline(this.options.store, this.options.location, endpoint);
    const key = baselineKey(this.options.location, endpoint, BASELINE_FILES.constraints);
    const constraints = checkConstraints(document, 'the new constraints');
    await putJson(this.options.store, this.options.location.bucket, key, constraints);
    await this.#notify(this.#baselineListeners, { endpoint, statistics, constraints }, endpoint, 'baseline');
    return { constraints, uri: uriOf(this.options.location, key) };
  }

  /** One report now; a finished report of the same window is returned as is unless forced. */
  report(
    endpoint: string,
    window: TimeWindow,
    options: { force?: boolean; capture?: string } = {},
  ): Promise<ReportDocument> {
    if (!(window.to > window.from))
      throw monitoringError('INVALID_ARGUMENT', 'the report window must end after it starts');
    const capture = captureLocation(options.capture ?? this.options.defaultCapture);
    return this.#run(endpoint, window, capture, options.force === true);
  }

  /** Calls `listener` after every report run (another API publishing it in its own format); failures are logged. */
  onReport(listener: (report: ReportDocument) => Promise<void>): void {
    this.#reportListeners.push(listener);
  }

  runs(endpoint: string, limit?: number): Promise<ReportRun[]> {
    return this.#schedules.runs(endpoint, limit);
  }

  /** Creates or changes the endpoint's schedule (hourly by default). */
  async schedule(
    endpoint: string,
    options: { cron?: string; capture?: string; settleMs?: number } = {},
  ): Promise<Schedule> {
    const cron = options.cron ?? HOURLY;
    parseCron(cron);
    const existing = await this.#schedules.get(endpoint);
    const captureUri = options.capture ?? existing?.captureUri ?? this.options.defaultCapture;
    captureLocation(captureUri);
    const settleMs = options.settleMs ?? existing?.settleMs ?? this.options.scheduler.settleMs;
    await this.#schedules.put({ endpoint, cron, captureUri, settleMs }, this.options.clock.now());
    return (await this.#schedules.get(endpoint)) as Schedule;
  }

  async unschedule(endpoint: string): Promise<void> {
    if (!(await this.#schedules.delete(endpoint)))
      throw monitoringError('NO_SCHEDULE', `endpoint ${endpoint} has no monitoring schedule`, { endpoint });
  }

  schedules(): Promise<Schedule[]> {
    return this.#schedules.list();
  }

  /** Runs the windows schedules have closed (the server's scheduler calls this every poll). */
  runDue(): Promise<DueRun[]> {
    return this.#scheduler.runDue();
  }

  ensureDefaultAlarms(endpoint: string, actions?: readonly AlarmAction[]) {
    return ensureDefaultAlarms(this.alarms, endpoint, this.options.confidenceThreshold, actions);
  }

  /** The registry `GET /metrics` serves. */
  prometheus(): Registry {
    this.#registry ??= createPrometheusRegistry({
      accumulators: () => this.metrics.accumulators(),
      alarmStates: async () =>
        (await this.alarms.list()).map((a) => ({ name: a.definition.name, state: a.state })),
    });
    return this.#registry;
  }

  /** What `scones serve` runs: metric flushes, alarm evaluation, the report scheduler. */
  start(): void {
    this.metrics.start();
    this.alarms.start();
    this.#scheduler.start(this.options.scheduler.pollMs);
  }

  /** Waits for alarm actions started so far (tests). */
  actionsIdle(): Promise<void> {
    return this.#actions.idle();
  }

  async close(): Promise<void> {
    await this.#scheduler.close();
    await this.alarms.close();
    await this.#actions.close();
    await this.metrics.close();
  }

  /** Tells each listener in turn; a failing one is logged, the document it was told of is kept. */
  async #notify<T>(
    listeners: readonly ((value: T) => Promise<void>)[],
    value: T,
    endpoint: string,
    what: string,
  ) {
    for (const listener of listeners)
      await listener(value).catch((error: unknown) =>
        this.options.logger.warn(
          { err: error, endpoint },
          `a ${what} listener failed; the ${what} itself is kept`,
        ),
      );
  }

  async #run(
    endpoint: string,
    window: TimeWindow,
    capture: CaptureLocation,
    force: boolean,
  ): Promise<ReportDocument> {
    const deps = {
      store: this.options.store,
      embedding: this.#embedding,
      location: this.options.location,
      clock: this.options.clock,
      runs: this.#schedules,
      metrics: this.metrics,
    };
    const report = await runReportWindow(endpoint, window, capture, deps, { force });
    await this.#notify(this.#reportListeners, report, endpoint, 'report');
    return report;
  }
}

/** `s3://bucket/prefix` as a capture location. */
export function captureLocation(uri: string): CaptureLocation {
  const { bucket, key } = parseS3Uri(uri);
  return { bucket, prefix: key.replace(/\/+$/, '') };
}
