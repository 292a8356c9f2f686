// A metric series: namespace, name and dimensions, with one canonical key for maps and the database.
import { monitoringError } from '../errors.js';

export type Dimensions = Readonly<Record<string, string>>;

export interface SeriesIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Dimensions;
}

const MAX_DIMENSIONS = 30;
const MAX_TEXT = 255;

/** Dimensions as canonical JSON (keys sorted), as stored and compared. */
export function canonicalDimensions(dimensions: Dimensions): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}

export function seriesKey(identity: SeriesIdentity): string {
  return `${identity.namespace}\u0000${identity.name}\u0000${canonicalDimensions(identity.dimensions)}`;
}

/** A series matches a query when namespace and name are equal and it has every queried dimension value. */
export function matchesDimensions(series: Dimensions, wanted: Dimensions): boolean {
  for (const [key, value] of Object.entries(wanted)) if (series[key] !== value) return false;
  return true;
}

/** CloudWatch's limits: names and values of 1..255 characters, at most 30 dimensions. */
export function checkIdentity(identity: SeriesIdentity): void {
  const problems: string[] = [];
  const text = (what: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT)
      problems.push(`${what} must be 1 to ${MAX_TEXT} characters`);
  };
  text('namespace', identity.namespace);
  text('metric name', identity.name);
  const entries = Object.entries(identity.dimensions ?? {});
  if (entries.length > MAX_DIMENSIONS) problems.push(`at most ${MAX_DIMENSIONS} dimensions`);
  for (const [key, value] of entries) {
    text(`dimension name ${JSON.stringify(key)}`, key);
    text(`dimension ${key}`, value);
  }
  if (problems.length > 0)
    throw monitoringError(
      'INVALID_METRIC',
      `invalid metric ${identity.namespace}/${identity.name}: ${problems.join('; ')}`,
    );
}
