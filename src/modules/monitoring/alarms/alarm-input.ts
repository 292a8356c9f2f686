// What PutMetricAlarm takes, as a schema. Imports only typebox: the alarm routes' response schemas (which the
// dashboard derives its types from) build on it.
import { type Static, Type } from 'typebox';

export const AlarmActionSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('webhook'), url: Type.String({ pattern: '^https?://' }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('log') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('function'), name: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('workflow'), stateMachine: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
]);
export type AlarmAction = Static<typeof AlarmActionSchema>;

const Actions = Type.Array(AlarmActionSchema, { maxItems: 5 });

/** What PutMetricAlarm takes; optional fields get CloudWatch's defaults. */
export const AlarmInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    namespace: Type.String({ minLength: 1 }),
    metricName: Type.String({ minLength: 1 }),
    dimensions: Type.Optional(Type.Record(Type.String(), Type.String())),
    statistic: Type.String({ description: 'SampleCount, Average, Sum, Minimum, Maximum or pNN(.NN)' }),
    periodSeconds: Type.Integer({ minimum: 60, description: 'a multiple of 60' }),
    evaluationPeriods: Type.Integer({ minimum: 1, maximum: 1440 }),
    datapointsToAlarm: Type.Optional(Type.Integer({ minimum: 1 })),
    threshold: Type.Number(),
    comparison: Type.Union([
      Type.Literal('GreaterThanThreshold'),
      Type.Literal('GreaterThanOrEqualToThreshold'),
      Type.Literal('LessThanThreshold'),
      Type.Literal('LessThanOrEqualToThreshold'),
    ]),
    treatMissingData: Type.Optional(
      Type.Union([
        Type.Literal('missing'),
        Type.Literal('notBreaching'),
        Type.Literal('breaching'),
        Type.Literal('ignore'),
      ]),
    ),
    actionsEnabled: Type.Optional(Type.Boolean()),
    alarmActions: Type.Optional(Actions),
    okActions: Type.Optional(Actions),
    insufficientDataActions: Type.Optional(Actions),
  },
  { additionalProperties: false },
);
export type AlarmInput = Static<typeof AlarmInputSchema>;
