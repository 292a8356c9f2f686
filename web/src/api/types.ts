// Shapes of the REST answers the dashboard reads (see GET /api/v1/openapi.json), each derived from the server's
// response schema (src/http/routes/*-schemas.ts, modules that import only typebox): a type-only import, so nothing
// of the server reaches the bundle and the server and the dashboard cannot disagree on a shape.
import type { Static } from 'typebox';
import type { DatasetManifest as DatasetManifestSchema } from '../../../src/http/routes/dataset-schemas.js';
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
  Distribution as DistributionSchema,
  Histogram as HistogramSchema,
  MonitoringReport as MonitoringReportSchema,
  MonitoringStatistics as MonitoringStatisticsSchema,
  Violation as ViolationSchema,
} from '../../../src/http/routes/monitoring-document-schemas.js';
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
// Documents in the store that the dashboard reads by their s3:// URI (the report route answers with the same).
export type DatasetManifest = Static<typeof DatasetManifestSchema>;
export type MonitoringReport = Static<typeof MonitoringReportSchema>;
export type MonitoringStatistics = Static<typeof MonitoringStatisticsSchema>;
export type Distribution = Static<typeof DistributionSchema>;
export type Violation = Static<typeof ViolationSchema>;
export type Histogram = Static<typeof HistogramSchema>;

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
