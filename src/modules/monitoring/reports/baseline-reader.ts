// Reads an endpoint's baseline (statistics, samples, constraints) back from the store, checked.

import { isSconesError } from '../../../kernel/errors.js';
import type { ObjectStore } from '../../storage/index.js';
import { type ConstraintsDocument, checkConstraints } from '../baseline/constraints-schema.js';
import { monitoringError } from '../errors.js';
import { getJson } from '../json-objects.js';
import { BASELINE_FILES, baselineKey, type MonitoringLocation, uriOf } from '../locations.js';
import type { SamplesDocument, StatisticsDocument } from '../profile/documents.js';
import type { Baseline } from './drift.js';

export async function readBaseline(
  store: ObjectStore,
  location: MonitoringLocation,
  endpoint: string,
): Promise<Baseline> {
  const read = async (file: string) => {
    const key = baselineKey(location, endpoint, file);
    const value = await getJson(store, location.bucket, key);
    if (value === undefined)
      throw monitoringError(
        'NO_BASELINE',
        `endpoint ${endpoint} has no baseline (${uriOf(location, key)} is missing): run \`scones monitor baseline --endpoint ${endpoint}\``,
        { endpoint },
      );
    return value;
  };
  const [statistics, samples, constraints] = await Promise.all([
    read(BASELINE_FILES.statistics),
    read(BASELINE_FILES.samples),
    read(BASELINE_FILES.constraints),
  ]);
  const where = uriOf(location, baselineKey(location, endpoint, BASELINE_FILES.constraints));
  return {
    statistics: statistics as StatisticsDocument,
    samples: samples as SamplesDocument,
    constraints: checkConstraints(constraints, where),
  };
}

/** An endpoint's current baseline as other APIs publish it: its statistics and (possibly user-edited) constraints. */
export interface BaselineDocuments {
  readonly endpoint: string;
  readonly statistics: StatisticsDocument;
  readonly constraints: ConstraintsDocument;
}

/** The endpoint's baseline, or undefined when none was made. */
export async function findBaseline(
  store: ObjectStore,
  location: MonitoringLocation,
  endpoint: string,
): Promise<BaselineDocuments | undefined> {
  try {
    const { statistics, constraints } = await readBaseline(store, location, endpoint);
    return { endpoint, statistics, constraints };
  } catch (error) {
    if (isSconesError(error) && error.code === monitoringError.codes.NO_BASELINE) return undefined;
    throw error;
  }
}
