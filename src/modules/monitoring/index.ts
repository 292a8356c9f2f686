// Public face of monitoring: baselines, reports and drift on captured traffic, metrics, alarms.
export { type BaselineResult, runBaseline } from './baseline/baseline-job.js';
export {
  type ConstraintsDocument,
  ConstraintsSchema,
  checkConstraints,
} from './baseline/constraints-schema.js';
export type { CaptureLocation, TimeWindow } from './capture/capture-reader.js';
export { LAYOUT_EMBEDDING_ID, layoutEmbedding } from './embedding/layout-embedding.js';
export { MONITORING_ERROR_CODES, monitoringError } from './errors.js';
export type * from './ports.js';
export type { StatisticsDocument, Violation } from './profile/documents.js';
export { type ReportDocument, runReport } from './reports/report-job.js';
