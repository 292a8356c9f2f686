// Public face of monitoring: baselines, reports and drift on captured traffic, metrics, alarms, and the
// ports `app` fills (Predictor, EmbeddingSource, MetricsRecorder, FunctionInvoker, WorkflowStarter).
export { invokeEndpointPredictor, invokeEndpointPredictors } from './adapters/invoke-endpoint-predictor.js';
export {
  type AlarmAction,
  AlarmActionSchema,
  type AlarmDefinition,
  type AlarmInput,
  AlarmInputSchema,
  parseAction,
} from './alarms/alarm-definition.js';
export type { AlarmService } from './alarms/alarm-service.js';
export type { HistoryItem, StoredAlarm } from './alarms/alarm-store.js';
export { defaultAlarms } from './alarms/default-alarms.js';
export { type BaselineResult, runBaseline } from './baseline/baseline-job.js';
export {
  type ConstraintsDocument,
  ConstraintsSchema,
  checkConstraints,
} from './baseline/constraints-schema.js';
export type { CaptureLocation, TimeWindow } from './capture/capture-reader.js';
export { LAYOUT_EMBEDDING_ID, layoutEmbedding } from './embedding/layout-embedding.js';
export { MONITORING_ERROR_CODES, monitoringError } from './errors.js';
export { formatDimensions, parseDimensions } from './metrics/dimension-text.js';
export { endpointMetricsListener } from './metrics/endpoint-listener.js';
export { functionMetricsListener } from './metrics/function-listener.js';
export {
  DIMENSIONS,
  ENDPOINT_METRICS,
  FUNCTION_METRICS,
  MONITOR_METRICS,
  NAMESPACES,
  THRESHOLD_ERROR,
  WORKFLOW_METRICS,
} from './metrics/metric-names.js';
export type { Datapoint, MetricQuery, MetricQueryResult } from './metrics/metric-query.js';
export type { MetricsService } from './metrics/metrics-service.js';
export { BASIC_STATISTICS } from './metrics/statistics.js';
export { captureLocation, type MonitoringOptions, MonitoringService } from './monitoring-service.js';
export type * from './ports.js';
export type { StatisticsDocument, Violation } from './profile/documents.js';
export type { BaselineDocuments } from './reports/baseline-reader.js';
export { type ReportDocument, runReport } from './reports/report-job.js';
export { HOURLY } from './schedules/cron-windows.js';
export type { ReportRun, Schedule } from './schedules/schedule-store.js';
export type { DueRun } from './schedules/scheduler.js';
export type { AlarmStateValue } from './schema.js';
export { monitoringMigrations } from './schema.js';
export { SKETCH_RELATIVE_ACCURACY } from './stats/log-sketch.js';
export { parseInstant } from './time-expressions.js';
