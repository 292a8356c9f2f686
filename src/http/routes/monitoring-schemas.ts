// Response schemas of the monitoring, metric and alarm routes. Imports only typebox (and the alarm input schema,
// itself typebox only): the dashboard (web/) derives its types for these answers from these schemas.
import { Type } from 'typebox';
import { AlarmInputSchema } from '../../modules/monitoring/alarms/alarm-input.js';

export const Document = Type.Object(
  {},
  { additionalProperties: true, description: 'a JSON document as stored' },
);

export const Schedule = Type.Object({
  endpoint: Type.String(),
  cron: Type.String(),
  captureUri: Type.String(),
  settleSeconds: Type.Number(),
  reportedUntil: Type.String(),
});
export const ScheduleList = Type.Object({ schedules: Type.Array(Schedule) });

export const ReportRun = Type.Object({
  endpoint: Type.String(),
  from: Type.String(),
  to: Type.String(),
  status: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  reportUri: Type.Union([Type.String(), Type.Null()]),
  records: Type.Union([Type.Integer(), Type.Null()]),
  violations: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export const ReportRunList = Type.Object({ runs: Type.Array(ReportRun) });

export const MetricStatistics = Type.Object({
  namespace: Type.String(),
  name: Type.String(),
  dimensions: Type.Record(Type.String(), Type.String()),
  periodSeconds: Type.Integer(),
  datapoints: Type.Array(
    Type.Object({ timestamp: Type.String(), values: Type.Record(Type.String(), Type.Number()) }),
  ),
});

export const AlarmState = Type.Union([
  Type.Literal('OK'),
  Type.Literal('ALARM'),
  Type.Literal('INSUFFICIENT_DATA'),
]);
export const Alarm = Type.Object({
  ...AlarmInputSchema.properties,
  state: AlarmState,
  stateReason: Type.String(),
  stateReasonData: Type.Object({}, { additionalProperties: true }),
  stateUpdatedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const AlarmList = Type.Object({ alarms: Type.Array(Alarm) });

export const AlarmHistoryItem = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  type: Type.String(),
  summary: Type.String(),
  data: Type.Object({}, { additionalProperties: true }),
});
export const AlarmHistory = Type.Object({ history: Type.Array(AlarmHistoryItem) });
