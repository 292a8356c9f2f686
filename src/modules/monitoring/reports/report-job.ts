// One monitoring report: the capture records of a window profiled, compared with the baseline, checked
// against the constraints, and written to the store. The same window always lands on the same keys, and a
// finished report (report.json present) is returned as it is unless forced.
import type { Clock } from '../../../kernel/clock.js';
import type { ObjectStore } from '../../storage/index.js';
import type { CaptureLocation, TimeWindow } from '../capture/capture-reader.js';
import { getJson, putJson } from '../json-objects.js';
import {
  BASELINE_FILES,
  baselineKey,
  type MonitoringLocation,
  REPORT_FILES,
  reportFolder,
  uriOf,
} from '../locations.js';
import type { EmbeddingSource } from '../ports.js';
import type { RecordCounts, StatisticsDocument, Violation } from '../profile/documents.js';
import { seedOf } from '../stats/seeded-random.js';
import { readBaseline } from './baseline-reader.js';
import { compareToBaseline, type DriftResult } from './drift.js';
import { findViolations } from './violations.js';
import { profileWindow } from './window-profile.js';

export interface ReportDeps {
  readonly store: ObjectStore;
  readonly embedding: EmbeddingSource;
  readonly location: MonitoringLocation;
  readonly clock: Clock;
}

export interface ReportDocument {
  readonly version: 1;
  readonly endpoint: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly createdAt: string;
  readonly capture: string;
  readonly baseline: string;
  readonly counts: RecordCounts;
  readonly lowConfidenceRate: number | null;
  readonly meanConfidence: number | null;
  readonly classDistribution: Readonly<Record<string, { readonly count: number; readonly share: number }>>;
  readonly drift: DriftResult;
  readonly violations: readonly Violation[];
  readonly files: { readonly statistics: string; readonly violations: string; readonly report: string };
}

export async function runReport(
  endpoint: string,
  window: TimeWindow,
  capture: CaptureLocation,
  deps: ReportDeps,
  options: { readonly force?: boolean } = {},
): Promise<ReportDocument> {
  if (!options.force) {
    const existing = await findReport(deps.store, deps.location, endpoint, window);
    if (existing) return existing;
  }
  const baseline = await readBaseline(deps.store, deps.location, endpoint);
  const seed = seedOf(`${endpoint}:${window.from}:${window.to}`);
  const builder = await profileWindow(endpoint, window, capture, deps.store, baseline, seed);
  const comparable = baseline.samples.embeddingSource === deps.embedding.id;
  const iso = (ms: number) => new Date(ms).toISOString();
  const { statistics, samples } = await builder.finish(
    {
      kind: 'report',
      endpoint,
      createdAt: iso(deps.clock.now()),
      window: { from: iso(window.from), to: iso(window.to) },
    },
    comparable ? deps.embedding : undefined,
  );
  const drift = compareToBaseline(samples, baseline, seed);
  const violations = findViolations(statistics, drift, baseline.constraints);
  return writeReport(statistics, drift, violations, capture, deps, window);
}

/** Writes statistics.json, constraint_violations.json and, last, report.json (the completion mark). */
async function writeReport(
  statistics: StatisticsDocument,
  drift: DriftResult,
  violations: Violation[],
  capture: CaptureLocation,
  deps: ReportDeps,
  window: TimeWindow,
): Promise<ReportDocument> {
  const { endpoint } = statistics;
  const folder = reportFolder(deps.location, endpoint, window);
  const uri = (file: string) => uriOf(deps.location, `${folder}${file}`);
  const report: ReportDocument = {
    version: 1,
    endpoint,
    window: statistics.window as ReportDocument['window'],
    createdAt: statistics.createdAt,
    capture: `s3://${capture.bucket}/${capture.prefix ? `${capture.prefix}/` : ''}${endpoint}/`,
    baseline: uriOf(deps.location, baselineKey(deps.location, endpoint, BASELINE_FILES.statistics)),
    counts: statistics.counts,
    lowConfidenceRate: statistics.prediction.lowConfidence.rate,
    meanConfidence: statistics.prediction.confidence?.mean ?? null,
    classDistribution: statistics.prediction.classDistribution,
    drift,
    violations,
    files: {
      statistics: uri(REPORT_FILES.statistics),
      violations: uri(REPORT_FILES.violations),
      report: uri(REPORT_FILES.report),
    },
  };
  await putJson(deps.store, deps.location.bucket, `${folder}${REPORT_FILES.statistics}`, statistics);
  await putJson(deps.store, deps.location.bucket, `${folder}${REPORT_FILES.violations}`, { violations });
  await putJson(deps.store, deps.location.bucket, `${folder}${REPORT_FILES.report}`, report);
  return report;
}

/** The finished report of a window, if there is one. */
export async function findReport(
  store: ObjectStore,
  location: MonitoringLocation,
  endpoint: string,
  window: TimeWindow,
): Promise<ReportDocument | undefined> {
  const key = `${reportFolder(location, endpoint, window)}${REPORT_FILES.report}`;
  return (await getJson(store, location.bucket, key)) as ReportDocument | undefined;
}
