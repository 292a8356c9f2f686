// What an alarm action sends: CloudWatch's SNS alarm message (webhooks) and the Lambda alarm-action event
// (functions, workflows), so handlers written for AWS read them unchanged.

import type { AlarmStateValue } from '../schema.js';
import type { AlarmDefinition } from './alarm-definition.js';
import type { StateChange } from './alarm-store.js';

export interface Transition {
  readonly alarm: AlarmDefinition;
  readonly previous: { readonly state: AlarmStateValue; readonly reason: string; readonly at: number };
  readonly change: StateChange;
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
}

/** The JSON CloudWatch publishes to SNS on a state change (the `Message` an HTTP subscriber gets). */
export function snsAlarmMessage({ alarm, previous, change }: Transition): Record<string, unknown> {
  const extended = alarm.statistic.startsWith('p');
  return {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: null,
    NewStateValue: change.state,
    NewStateReason: change.reason,
    StateChangeTime: new Date(change.at).toISOString(),
    Region: REGION,
    AlarmArn: alarmArn(alarm.name),
    OldStateValue: previous.state,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    Trigger: {
      MetricName: alarm.metricName,
      Namespace: alarm.namespace,
      StatisticType: extended ? 'ExtendedStatistic' : 'Statistic',
      ...(extended ? { ExtendedStatistic: alarm.statistic } : { Statistic: alarm.statistic.toUpperCase() }),
      Unit: null,
      Dimensions: Object.entries(alarm.dimensions).map(([name, value]) => ({ name, value })),
      Period: alarm.periodSeconds,
      EvaluationPeriods: alarm.evaluationPeriods,
      DatapointsToAlarm: alarm.datapointsToAlarm,
      ComparisonOperator: alarm.comparison,
      Threshold: alarm.threshold,
      TreatMissingData: alarm.treatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  };
}

/** The event CloudWatch gives a Lambda function named as an alarm action. */
export function lambdaAlarmEvent({ alarm, previous, change }: Transition): Record<string, unknown> {
  return {
    source: 'aws.cloudwatch',
    alarmArn: alarmArn(alarm.name),
    accountId: ACCOUNT,
    time: new Date(change.at).toISOString(),
    region: REGION,
    alarmData: {
      alarmName: alarm.name,
      state: {
        value: change.state,
        reason: change.reason,
        reasonData: JSON.stringify(change.reasonData),
        timestamp: new Date(change.at).toISOString(),
      },
      previousState: {
        value: previous.state,
        reason: previous.reason,
        timestamp: new Date(previous.at).toISOString(),
      },
      configuration: {
        description: alarm.description,
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: { namespace: alarm.namespace, name: alarm.metricName, dimensions: alarm.dimensions },
              period: alarm.periodSeconds,
              stat: alarm.statistic,
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
