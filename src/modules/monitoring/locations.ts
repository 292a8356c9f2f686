// Where monitoring keeps its documents in the object store: one folder per endpoint, the baseline and one
// folder per report window, named by the window so that a re-run lands on the same keys.
import { formatS3Uri } from '../storage/index.js';
import type { TimeWindow } from './capture/capture-reader.js';

export interface MonitoringLocation {
  readonly bucket: string;
  /** Key prefix without a trailing slash, e.g. `monitoring`. */
  readonly prefix: string;
}

export const BASELINE_FILES = {
  statistics: 'statistics.json',
  samples: 'samples.json',
  constraints: 'constraints.json',
} as const;

export const REPORT_FILES = {
  statistics: 'statistics.json',
  violations: 'constraint_violations.json',
  /** Written last: its presence marks the report complete. */
  report: 'report.json',
} as const;

function endpointFolder(location: MonitoringLocation, endpoint: string): string {
  return `${location.prefix ? `${location.prefix}/` : ''}${endpoint}/`;
}

export function baselineKey(location: MonitoringLocation, endpoint: string, file: string): string {
  return `${endpointFolder(location, endpoint)}baseline/${file}`;
}

/** `20261126T050000Z`: sortable, and safe in keys and file names. */
export function compactTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function reportsPrefix(location: MonitoringLocation, endpoint: string): string {
  return `${endpointFolder(location, endpoint)}reports/`;
}

export function reportFolder(location: MonitoringLocation, endpoint: string, window: TimeWindow): string {
  return `${reportsPrefix(location, endpoint)}${compactTime(window.from)}-${compactTime(window.to)}/`;
}

export function uriOf(location: MonitoringLocation, key: string): string {
  return formatS3Uri({ bucket: location.bucket, key });
}
