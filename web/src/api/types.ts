// Shapes of the REST answers the dashboard reads (see GET /api/v1/openapi.json). Where the server's route has a
// schema module that imports only typebox (src/http/routes/*-schemas.ts), the type is derived from that schema
// (a type-only import: nothing of the server reaches the bundle); the others are written out here.
import type { Static } from 'typebox';
import type {
  Captures as CapturesSchema,
  Inference,
} from '../../../src/http/routes/endpoint-capture-schemas.js';
import type { Names } from '../../../src/http/routes/pipeline-schemas.js';
import type {
  Execution as ExecutionSchema,
  StateMachineList,
} from '../../../src/http/routes/workflow-schemas.js';

export type PipelineNames = Static<typeof Names>;
export type CapturedInference = Static<typeof Inference>;
export type Captures = Static<typeof CapturesSchema>;
export type StateMachineSummary = Static<typeof StateMachineList>['stateMachines'][number];
export type Execution = Static<typeof ExecutionSchema>;
export type ExecutionStatus = Execution['status'];

export interface DatasetManifest {
  readonly classes: readonly { readonly index: number; readonly name: string }[];
  readonly splits: Readonly<
    Record<string, { readonly count: number; readonly perClass?: Readonly<Record<string, number>> }>
  >;
  readonly source?: unknown;
  readonly checksum: string;
  readonly createdAt?: string;
}

export interface ObjectList {
  readonly objects: readonly { readonly key: string; readonly size: number; readonly lastModified: string }[];
  readonly commonPrefixes: readonly string[];
}

export interface ModelVersion {
  readonly version: number;
  readonly runId: string;
  readonly status: string;
  readonly statusReason: string | null;
  readonly createdAt: string;
  readonly arch: string;
  readonly artifactBucket: string;
  readonly artifacts: readonly { readonly role: string; readonly key: string; readonly size: number }[];
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly metrics: ModelMetrics;
  readonly lineage: Readonly<Record<string, unknown>>;
  readonly temperature: number;
}

export interface ModelMetrics {
  readonly accuracy?: number;
  readonly logLoss?: number;
  readonly rocAuc?: number;
  readonly perClass?: readonly ClassMetrics[];
  readonly confusionMatrix?: readonly (readonly number[])[];
  readonly expectedCalibrationError?: number;
  readonly threshold?: number;
  readonly coverage_at_threshold?: number;
  readonly selective_accuracy_at_threshold?: number | null;
}

export interface ClassMetrics {
  readonly class: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface CurvePoint {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number;
  readonly validationAccuracy: number;
  readonly seconds: number;
}

export interface TrainingReport {
  readonly metrics?: ModelMetrics;
  readonly curves?: readonly CurvePoint[];
  readonly selectedEpoch?: number;
  readonly epochs?: number;
  readonly calibration?: Readonly<Record<string, number>>;
  readonly validation?: Readonly<Record<string, number>>;
  readonly model?: Readonly<Record<string, number>>;
  readonly timing?: Readonly<Record<string, number>>;
}

export interface ModelDetail extends ModelVersion {
  readonly report: TrainingReport | null;
}

export interface EndpointRecord {
  readonly name: string;
  readonly status: string;
  readonly failureReason: string | null;
  readonly variants: readonly {
    readonly name: string;
    readonly modelVersion: number;
    readonly weight: number;
  }[];
  readonly capture: {
    readonly enabled: boolean;
    readonly samplingPercent: number;
    readonly destination: string;
    readonly captureInput: boolean;
    readonly captureOutput: boolean;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly served: unknown;
}

export interface StateMachine extends StateMachineSummary {
  readonly definition: AslDefinition;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly Comment?: string;
}

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next?: string }[];
  readonly Catch?: readonly { readonly Next?: string; readonly ErrorEquals?: readonly string[] }[];
  readonly Branches?: readonly AslDefinition[];
  readonly ItemProcessor?: AslDefinition;
  readonly Iterator?: AslDefinition;
  readonly Resource?: string;
  readonly Comment?: string;
}

export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly [details: string]: unknown;
}

export interface FunctionSummary {
  readonly name: string;
  readonly runtime: string;
  readonly handler: string;
  readonly description: string;
  readonly latestVersion: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly codeSize: number;
  readonly builtin: boolean;
  readonly lastModified: string;
}

export interface LogLine {
  readonly id: number;
  readonly timestamp: string;
  readonly requestId: string;
  readonly version: string;
  readonly logStream: string;
  readonly message: string;
}

export interface MetricStatistics {
  readonly periodSeconds: number;
  readonly datapoints: readonly {
    readonly timestamp: string;
    readonly values: Readonly<Record<string, number>>;
  }[];
}

export interface ReportRun {
  readonly endpoint: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly reportUri: string | null;
  readonly records: number | null;
  readonly violations: number | null;
  readonly error: string | null;
}

export interface Schedule {
  readonly endpoint: string;
  readonly cron: string;
  readonly captureUri: string;
  readonly settleSeconds: number;
  readonly reportedUntil: string;
}

export interface Distribution {
  readonly psi: number;
  readonly jsDistance: number;
  readonly chiSquare: number;
  readonly pValue: number;
  readonly bins: number;
}

export interface Violation {
  readonly feature_name: string;
  readonly constraint_check_type: string;
  readonly description: string;
  readonly metric: string;
  readonly observed: number | string;
  readonly limit: number | string;
  readonly p_value?: number;
}

export interface MonitoringReport {
  readonly endpoint: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly createdAt: string;
  readonly baseline: string;
  readonly counts: { readonly records: number; readonly predictions: number; readonly images: number };
  readonly lowConfidenceRate: number | null;
  readonly meanConfidence: number | null;
  readonly classDistribution: Readonly<Record<string, { readonly count: number; readonly share: number }>>;
  readonly drift: {
    readonly confidence: Distribution | null;
    readonly classes: Distribution | null;
    readonly inputFeatures: Readonly<
      Record<string, { readonly ksDistance: number; readonly pValue: number }>
    >;
    readonly embedding: { readonly mmd2: number; readonly pValue: number; readonly source: string } | null;
    readonly tests: number;
    readonly level: number;
    readonly skipped: readonly string[];
  };
  readonly violations: readonly Violation[];
  readonly files: { readonly statistics: string; readonly violations: string; readonly report: string };
}

export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export interface MonitoringStatistics {
  readonly threshold: number;
  readonly classes: readonly string[];
  readonly counts: { readonly records: number; readonly predictions: number };
  readonly prediction: {
    readonly confidence: { readonly mean: number; readonly histogram: Histogram } | null;
    readonly lowConfidence: { readonly count: number; readonly rate: number | null };
    readonly classDistribution: Readonly<Record<string, { readonly count: number; readonly share: number }>>;
  };
  readonly input: {
    readonly features: Readonly<Record<string, { readonly mean: number; readonly std: number } | null>>;
  };
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface Alarm {
  readonly name: string;
  readonly description?: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  readonly comparison: string;
  readonly treatMissingData?: string;
  readonly actionsEnabled?: boolean;
  readonly alarmActions?: readonly unknown[];
  readonly okActions?: readonly unknown[];
  readonly state: AlarmState;
  readonly stateReason: string;
  readonly stateUpdatedAt: string;
  readonly updatedAt: string;
}

export interface AlarmHistoryItem {
  readonly id: number;
  readonly at: string;
  readonly type: string;
  readonly summary: string;
  readonly data: Readonly<Record<string, unknown>>;
}
