// `scones up`: the whole pipeline on the embedded defaults, on a server this process runs.
import type { ProgressReporter } from '../../kernel/progress.js';
import type { TrainingReport, TrainOptions } from '../../modules/training/index.js';
import type { App } from '../container.js';
import { type RunningServer, startServer } from '../server.js';
import { type AccessSummary, accessStage } from './access-stage.js';
import { type BatchOutcome, runTestBatch } from './batch-run.js';
import { probeSingleImageLatency, type SingleImageLatency } from './latency-probe.js';
import {
  deployStage,
  ENDPOINT,
  monitorReportStage,
  monitorSetupStage,
  prepareStage,
  trainStage,
  workflowStage,
} from './stages.js';

export interface UpOptions {
  readonly source?: string | undefined;
  readonly retrain: boolean;
  /** Training options for a new model (the default recipe when empty). */
  readonly training: TrainOptions;
  readonly listen: { readonly host: string; readonly port: number };
}

export interface UpSummary {
  readonly url: string;
  /** The web dashboard the server serves at `/`. */
  readonly dashboard: string;
  readonly dataset: {
    readonly bucket: string;
    readonly train: number;
    readonly test: number;
    readonly checksum: string;
  };
  readonly model: {
    readonly version: number;
    readonly trained: boolean;
    readonly accuracy: number;
    readonly precision: Readonly<Record<string, number>>;
    readonly recall: Readonly<Record<string, number>>;
    readonly coverageAtThreshold: number;
    readonly selectiveAccuracyAtThreshold: number | null;
  };
  readonly endpoint: { readonly name: string; readonly redeployed: boolean; readonly capture: string };
  readonly workflow: {
    readonly imagePipelineArn: string;
    readonly testBatchArn: string;
    /** The image pipeline on one image at a time, after the batch (not in its report). */
    readonly singleImageMs: SingleImageLatency;
  } & BatchOutcome;
  readonly monitoring: {
    readonly baselined: boolean;
    readonly report: string;
    readonly violations: number;
    readonly lowConfidenceRate: number | null;
    readonly records: number;
  };
  /** The admin key (its secret only on the run that created it) and the pipeline's execution roles. */
  readonly access: AccessSummary;
  readonly seconds: number;
}

export interface Stages {
  /** Called as each stage starts: number (1-based), count and label. */
  stage(index: number, count: number, label: string): void;
  readonly progress: ProgressReporter;
}

/** Single-image executions timed after the batch. */
const LATENCY_PROBE_RUNS = 20;

const STAGES = [
  'prepare the dataset',
  'train and register the model',
  'deploy the endpoint',
  'set up monitoring (baseline, schedule, alarms)',
  'create the execution roles and state machines',
  'run the pipeline on every test image',
  'report on the captured traffic',
];

/** Runs every stage on a started server and returns it (still serving) with the summary. */
export async function runUp(
  app: App,
  options: UpOptions,
  ui: Stages,
): Promise<{ server: RunningServer; summary: UpSummary }> {
  const started = Date.now();
  const server = await startServer(app, options.listen);
  try {
    const step = (i: number) => ui.stage(i + 1, STAGES.length, STAGES[i] as string);
    step(0);
    const prepared = await prepareStage(app, options.source, ui.progress);
    step(1);
    const { version, trained } = await trainStage(app, options.retrain, options.training, ui.progress);
    step(2);
    const { deployed } = await deployStage(app, version);
    step(3);
    const { baselined } = await monitorSetupStage(app, deployed, ui.progress);
    step(4);
    const access = await accessStage(app, ENDPOINT);
    const machines = await workflowStage(app, access.workflowRoles);
    step(5);
    const batchStart = Date.now();
    const batch = await runTestBatch(app, machines, prepared.manifest.splits.test.count, ui.progress);
    step(6);
    const report = await monitorReportStage(app, batchStart);
    const singleImageMs = await probeSingleImageLatency(app, machines.imagePipelineArn, LATENCY_PROBE_RUNS);
    const endpoint = await app.inference.endpoints.describe(ENDPOINT);
    const metrics = version.metrics as unknown as TrainingReport['metrics'];
    const perClass = (key: 'precision' | 'recall') =>
      Object.fromEntries(metrics.perClass.map((c) => [c.class, c[key]]));
    const summary: UpSummary = {
      url: server.url,
      dashboard: `${server.url}/`,
      dataset: {
        bucket: prepared.bucket,
        train: prepared.manifest.splits.train.count,
        test: prepared.manifest.splits.test.count,
        checksum: prepared.manifest.checksum,
      },
      model: {
        version: version.version,
        trained,
        accuracy: metrics.accuracy,
        precision: perClass('precision'),
        recall: perClass('recall'),
        coverageAtThreshold: metrics.coverage_at_threshold,
        selectiveAccuracyAtThreshold: metrics.selective_accuracy_at_threshold,
      },
      endpoint: {
        name: ENDPOINT,
        redeployed: deployed,
        capture: `${endpoint.capture.destination}/${ENDPOINT}/`,
      },
      workflow: { ...machines, ...batch, singleImageMs },
      monitoring: {
        baselined,
        report: report.files.report,
        violations: report.violations.length,
        lowConfidenceRate: report.lowConfidenceRate,
        records: report.counts.records,
      },
      access,
      seconds: (Date.now() - started) / 1000,
    };
    return { server, summary };
  } catch (error) {
    await server.close();
    throw error;
  }
}
