// Alarm state from the datapoints of the last N periods: M out of N, and each treatment of missing data.
import { describe, expect, it } from 'vitest';
import { defineAlarm, parseAction } from '../../../src/modules/monitoring/alarms/alarm-definition.js';
import { evaluateAlarm } from '../../../src/modules/monitoring/alarms/alarm-evaluation.js';
import { MONITORING_ERROR_CODES } from '../../../src/modules/monitoring/index.js';

const base = {
  name: 'a',
  namespace: 'Test',
  metricName: 'M',
  statistic: 'Average',
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  threshold: 10,
  comparison: 'GreaterThanThreshold',
} as const;

/** `X` breaching (20), `0` not breaching (5), `-` missing, oldest first. */
function periods(pattern: string) {
  return [...pattern].map((c, i) => ({
    start: i * 60_000,
    value: c === 'X' ? 20 : c === '0' ? 5 : undefined,
  }));
}

function stateOf(pattern: string, treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore') {
  return evaluateAlarm(defineAlarm({ ...base, treatMissingData }), periods(pattern), 0).state;
}

describe('alarm evaluation', () => {
  it('raises the alarm when M of the N periods breach', () => {
    expect(stateOf('0XX', 'missing')).toBe('ALARM');
    expect(stateOf('X0X', 'missing')).toBe('ALARM');
    expect(stateOf('00X', 'missing')).toBe('OK');
  });

  it('treats missing data as CloudWatch documents', () => {
    expect(stateOf('---', 'missing')).toBe('INSUFFICIENT_DATA');
    expect(stateOf('---', 'breaching')).toBe('ALARM');
    expect(stateOf('---', 'notBreaching')).toBe('OK');
    expect(stateOf('---', 'ignore')).toBeUndefined();
    // Fewer datapoints than M: with `missing` the present ones decide.
    expect(stateOf('--X', 'missing')).toBe('ALARM');
    expect(stateOf('--0', 'missing')).toBe('OK');
    expect(stateOf('X--', 'notBreaching')).toBe('OK');
    expect(stateOf('X--', 'breaching')).toBe('ALARM');
    // `ignore` keeps the state while the newest period has no data.
    expect(stateOf('XX-', 'ignore')).toBeUndefined();
    expect(stateOf('-XX', 'ignore')).toBe('ALARM');
    expect(stateOf('-0X', 'ignore')).toBe('OK');
  });

  it('compares with each operator and says why in the reason', () => {
    const at = (comparison: string, value: number) =>
      evaluateAlarm(
        defineAlarm({ ...base, comparison, evaluationPeriods: 1, datapointsToAlarm: 1 }),
        [{ start: 0, value }],
        0,
      );
    expect(at('GreaterThanOrEqualToThreshold', 10).state).toBe('ALARM');
    expect(at('GreaterThanThreshold', 10).state).toBe('OK');
    expect(at('LessThanThreshold', 9).state).toBe('ALARM');
    expect(at('LessThanOrEqualToThreshold', 11).state).toBe('OK');
    expect(at('GreaterThanThreshold', 12).reason).toMatch(
      /1 out of the last 1 datapoints \[12 .*\] was greater than the threshold \(10\)/,
    );
  });

  it('fills defaults and refuses inconsistent definitions with a stable code', () => {
    const alarm = defineAlarm({ ...base, datapointsToAlarm: undefined });
    expect(alarm).toMatchObject({
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
      actionsEnabled: true,
      alarmActions: [],
    });
    const invalid = MONITORING_ERROR_CODES.INVALID_ALARM;
    expect(() => defineAlarm({ ...base, periodSeconds: 90 })).toThrow(
      expect.objectContaining({ code: invalid }),
    );
    expect(() => defineAlarm({ ...base, datapointsToAlarm: 4 })).toThrow(
      expect.objectContaining({ code: invalid }),
    );
    expect(() => defineAlarm({ ...base, statistic: 'Median' })).toThrow(
      expect.objectContaining({ code: invalid }),
    );
    expect(() => defineAlarm({ ...base, comparison: 'Above' })).toThrow(
      expect.objectContaining({ code: invalid }),
    );
    expect(parseAction('webhook:http://x/y')).toEqual({ type: 'webhook', url: 'http://x/y' });
    expect(parseAction('function:notify')).toEqual({ type: 'function', name: 'notify' });
    expect(() => parseAction('email:me')).toThrow(expect.objectContaining({ code: invalid }));
  });
});
