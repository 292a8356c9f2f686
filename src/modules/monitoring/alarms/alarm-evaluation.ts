// The pure part of an alarm: the datapoints of its last N periods in, the state they call for out, with
// CloudWatch's "M out of N" and its four treatments of missing data.
import type { AlarmStateValue } from '../schema.js';
import type { AlarmDefinition } from './alarm-definition.js';

export interface PeriodValue {
  /** Start of the period, epoch milliseconds. */
  readonly start: number;
  /** The statistic over the period; undefined when the period has no data. */
  readonly value: number | undefined;
}

export interface Evaluation {
  /** `undefined`: keep the current state (treatMissingData `ignore` without fresh data). */
  readonly state: AlarmStateValue | undefined;
  readonly reason: string;
  readonly reasonData: Readonly<Record<string, unknown>>;
}

const WORDS: Record<AlarmDefinition['comparison'], string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export function breaches(alarm: AlarmDefinition, value: number): boolean {
  const { comparison, threshold } = alarm;
  if (comparison === 'GreaterThanThreshold') return value > threshold;
  if (comparison === 'GreaterThanOrEqualToThreshold') return value >= threshold;
  if (comparison === 'LessThanThreshold') return value < threshold;
  return value <= threshold;
}

/**
 * `breaching` / `notBreaching`: a missing period counts as that. `missing`: only periods with data count,
 * and the M of "M out of N" shrinks to the number of them; none at all gives INSUFFICIENT_DATA. `ignore`: as
 * `missing`, except that without data in the newest period the state does not change.
 */
export function evaluateAlarm(
  alarm: AlarmDefinition,
  periods: readonly PeriodValue[],
  queryDate: number,
): Evaluation {
  const present = periods.filter((p) => p.value !== undefined) as Array<{ start: number; value: number }>;
  const newestMissing = periods.at(-1)?.value === undefined;
  const reasonData = {
    version: '1.0',
    queryDate: new Date(queryDate).toISOString(),
    statistic: alarm.statistic,
    period: alarm.periodSeconds,
    threshold: alarm.threshold,
    recentDatapoints: present.map((p) => p.value),
    evaluatedDatapoints: periods.map((p) => ({
      timestamp: new Date(p.start).toISOString(),
      ...(p.value === undefined ? {} : { value: p.value }),
    })),
  };
  const treatment = alarm.treatMissingData;
  if (treatment === 'ignore' && newestMissing)
    return {
      state: undefined,
      reason: 'no data in the newest period; the state is kept (treatMissingData: ignore)',
      reasonData,
    };
  if ((treatment === 'missing' || treatment === 'ignore') && present.length === 0)
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `no datapoints in the last ${periods.length} period(s)`,
      reasonData,
    };
  const filled = treatment === 'breaching' || treatment === 'notBreaching';
  const considered = filled ? periods.length : present.length;
  const missingBreaches = treatment === 'breaching' ? periods.length - present.length : 0;
  const breaching = present.filter((p) => breaches(alarm, p.value)).length + missingBreaches;
  const needed = filled ? alarm.datapointsToAlarm : Math.min(alarm.datapointsToAlarm, present.length);
  const state: AlarmStateValue = breaching >= needed ? 'ALARM' : 'OK';
  return { state, reason: describe(alarm, present, considered, breaching, needed), reasonData };
}

function describe(
  alarm: AlarmDefinition,
  present: ReadonlyArray<{ start: number; value: number }>,
  considered: number,
  breaching: number,
  needed: number,
): string {
  const shown = present
    .map((p) => `${round(p.value)} (${new Date(p.start).toISOString().slice(0, 19)}Z)`)
    .join(', ');
  const verb = breaching === 1 ? 'was' : 'were';
  return (
    `Threshold Crossed: ${breaching} out of the last ${considered} datapoints [${shown}] ${verb} ` +
    `${WORDS[alarm.comparison]} the threshold (${alarm.threshold}) (minimum ${needed} datapoint(s) for ALARM)`
  );
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/0+$/, '');
}
