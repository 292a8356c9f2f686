// Shapes of the REST answers the dashboard reads (see GET /api/v1/openapi.json), each derived from the server's
// response schema (src/http/routes/*-schemas.ts, modules that import only typebox): a type-only import, so nothing
// of the server reaches the bundle and the server and the dashboard cannot disagree on a shape.
import type { Static } from 'typebox';
import type {
  Captures as CapturesSchema,
  Inference,
} from '../../../src/http/routes/endpoint-capture-schemas.js';
import type {
  Endpoint,
  EndpointDescription as EndpointDescriptionSchema,
  EndpointList as EndpointListSchema,
  InvocationSummary as InvocationSummarySchema,
} from '../../../src/http/routes/endpoint-schemas.js';
import type {
  FunctionDescription as FunctionDescriptionSchema,
  FunctionList as FunctionListSchema,
  FunctionSummary as FunctionSummarySchema,
  LogLine as LogLineSchema,
  LogPage as LogPageSchema,
} from '../../../src/http/routes/function-schemas.js';
import type {
  ClassMetrics as ClassMetricsSchema,
  CurvePoint as CurvePointSchema,
  ModelDetail as ModelDetailSchema,
  ModelList as ModelListSchema,
  ModelMetrics as ModelMetricsSchema,
  TrainingReport as TrainingReportSchema,
  Version,
} from '../../../src/http/routes/model-schemas.js';
import type {
  AlarmHistoryItem as AlarmHistoryItemSchema,
  AlarmHistory as AlarmHistorySchema,
  AlarmList as AlarmListSchema,
  Alarm as AlarmSchema,
  MetricStatistics as MetricStatisticsSchema,
  ReportRunList as ReportRunListSchema,
  ReportRun as ReportRunSchema,
  ScheduleList as ScheduleListSchema,
  Schedule as ScheduleSchema,
} from '../../../src/http/routes/monitoring-schemas.js';
import type { Baseline, Names } from '../../../src/http/routes/pipeline-schemas.js';
import type {
  BucketList as BucketListSchema,
  ObjectList as ObjectListSchema,
} from '../../../src/http/routes/storage-schemas.js';
import type {
  ExecutionList as ExecutionListSchema,
  Execution as ExecutionSchema,
  HistoryEvent as HistoryEventSchema,
  HistoryPage as HistoryPageSchema,
  StateMachineList,
  StateMachine as StateMachineSchema,
} from '../../../src/http/routes/workflow-schemas.js';

export type PipelineNames = Static<typeof Names>;
export type BaselineAnswer = Static<typeof Baseline>;
export type CapturedInference = Static<typeof Inference>;
export type Captures = Static<typeof CapturesSchema>;
export type StateMachineSummary = Static<typeof StateMachineList>['stateMachines'][number];
export type Execution = Static<typeof ExecutionSchema>;
export type ExecutionStatus = Execution['status'];
export type HistoryEvent = Static<typeof HistoryEventSchema>;
export type ObjectList = Static<typeof ObjectListSchema>;
export type ModelVersion = Static<typeof Version>;
export type ModelMetrics = Static<typeof ModelMetricsSchema>;
export type ClassMetrics = Static<typeof ClassMetricsSchema>;
export type CurvePoint = Static<typeof CurvePointSchema>;
export type TrainingReport = Static<typeof TrainingReportSchema>;
export type ModelDetail = Static<typeof ModelDetailSchema>;
export type EndpointRecord = Static<typeof Endpoint>;
export type InvocationSummary = Static<typeof InvocationSummarySchema>;
export type EndpointDescription = Static<typeof EndpointDescriptionSchema>;
export type FunctionSummary = Static<typeof FunctionSummarySchema>;
export type FunctionDescription = Static<typeof FunctionDescriptionSchema>;
export type LogLine = Static<typeof LogLineSchema>;
export type MetricStatistics = Static<typeof MetricStatisticsSchema>;
export type ReportRun = Static<typeof ReportRunSchema>;
export type Schedule = Static<typeof ScheduleSchema>;
export type Alarm = Static<typeof AlarmSchema>;
export type AlarmState = Alarm['state'];
export type AlarmHistoryItem = Static<typeof AlarmHistoryItemSchema>;

// The pages and lists the routes answer with.
export type BucketList = Static<typeof BucketListSchema>;
export type ModelList = Static<typeof ModelListSchema>;
export type EndpointList = Static<typeof EndpointListSchema>;
export type StateMachines = Static<typeof StateMachineList>;
export type ExecutionList = Static<typeof ExecutionListSchema>;
export type HistoryPage = Static<typeof HistoryPageSchema>;
export type FunctionList = Static<typeof FunctionListSchema>;
export type LogPage = Static<typeof LogPageSchema>;
export type ReportRunList = Static<typeof ReportRunListSchema>;
export type ScheduleList = Static<typeof ScheduleListSchema>;
export type AlarmList = Static<typeof AlarmListSchema>;
export type AlarmHistory = Static<typeof AlarmHistorySchema>;

/**
 * A state machine with its definition read as ASL: the server serialises the definition as the user wrote it
 * (its schema names only StartAt and States), and the graph reads the ASL language's own fields from it.
 */
export type StateMachine = Omit<Static<typeof StateMachineSchema>, 'definition'> & {
  readonly definition: AslDefinition;
};

/** The fields of the Amazon States Language the workflow graph draws (the language's, not a server shape). */
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

export interface DatasetManifest {
  readonly classes: readonly { readonly index: number; readonly name: string }[];
  readonly splits: Readonly<
    Record<string, { readonly count: number; readonly perClass?: Readonly<Record<string, number>> }>
  >;
  readonly source?: unknown;
  readonly checksum: string;
  readonly createdAt?: string;
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
