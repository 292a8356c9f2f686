// The alarms `scones up` creates for the deployed endpoint: too many low-confidence predictions, and drift.
import { DIMENSIONS, ENDPOINT_METRICS, MONITOR_METRICS, NAMESPACES } from '../metrics/metric-names.js';
import type { AlarmAction, AlarmInput } from './alarm-definition.js';
import type { AlarmService } from './alarm-service.js';

/** `confidenceThreshold` is the one the metrics count low-confidence predictions under, so the text says it. */
export function defaultAlarms(
  endpoint: string,
  confidenceThreshold: number,
  actions: readonly AlarmAction[] = [{ type: 'log' }],
): AlarmInput[] {
  const dimensions = { [DIMENSIONS.endpoint]: endpoint };
  return [
    {
      name: `${endpoint}-low-confidence`,
      description: `More than 20% of ${endpoint}'s predictions under ${confidenceThreshold} confidence over 5 minutes`,
      namespace: NAMESPACES.endpoints,
      metricName: ENDPOINT_METRICS.lowConfidence,
      dimensions,
      statistic: 'Average',
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0.2,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      alarmActions: [...actions],
      okActions: [...actions],
    },
    {
      name: `${endpoint}-drift`,
      description: `The latest monitoring report of ${endpoint} found drift against the baseline`,
      namespace: NAMESPACES.monitor,
      metricName: MONITOR_METRICS.driftViolations,
      dimensions,
      statistic: 'Maximum',
      periodSeconds: 3600,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [...actions],
      okActions: [...actions],
    },
  ];
}

/** Creates the default alarms that do not exist yet and leaves existing ones (and users' edits) alone. */
export async function ensureDefaultAlarms(
  alarms: AlarmService,
  endpoint: string,
  confidenceThreshold: number,
  actions?: readonly AlarmAction[],
): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const input of defaultAlarms(endpoint, confidenceThreshold, actions)) {
    if (await alarms.find(input.name)) existing.push(input.name);
    else {
      await alarms.put(input);
      created.push(input.name);
    }
  }
  return { created, existing };
}
