// A CloudWatch-style metric alarm: the schema of what a user gives, its defaults, and the checks beyond it.
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { monitoringError } from '../errors.js';
import { checkIdentity } from '../metrics/series-identity.js';
import { checkStatistic } from '../metrics/statistics.js';

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

export type AlarmDefinition = Required<AlarmInput>;

const MAX_RANGE_SECONDS = 7 * 86_400;

/** The input checked and completed with defaults; MONITORING_INVALID_ALARM names every problem. */
export function defineAlarm(input: unknown): AlarmDefinition {
  if (!Value.Check(AlarmInputSchema, input)) {
    const problems = [...Value.Errors(AlarmInputSchema, input)]
      .slice(0, 8)
      .map((e) => `${e.instancePath || '/'}: ${e.message}`);
    throw monitoringError('INVALID_ALARM', `invalid alarm: ${problems.join('; ')}`, { problems });
  }
  const alarm: AlarmDefinition = {
    description: '',
    dimensions: {},
    datapointsToAlarm: input.evaluationPeriods,
    treatMissingData: 'missing',
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    ...(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as AlarmInput),
  };
  const problems: string[] = [];
  if (alarm.periodSeconds % 60 !== 0) problems.push('periodSeconds must be a multiple of 60');
  if (alarm.datapointsToAlarm > alarm.evaluationPeriods)
    problems.push('datapointsToAlarm cannot exceed evaluationPeriods');
  if (alarm.periodSeconds * alarm.evaluationPeriods > MAX_RANGE_SECONDS)
    problems.push('periodSeconds x evaluationPeriods must be at most 7 days');
  if (problems.length > 0)
    throw monitoringError('INVALID_ALARM', `invalid alarm ${alarm.name}: ${problems.join('; ')}`, {
      problems,
    });
  try {
    checkStatistic(alarm.statistic);
    checkIdentity({ namespace: alarm.namespace, name: alarm.metricName, dimensions: alarm.dimensions });
  } catch (error) {
    throw monitoringError('INVALID_ALARM', `invalid alarm ${alarm.name}: ${(error as Error).message}`);
  }
  return alarm;
}

/** `log`, `webhook:<url>`, `function:<name>` or `workflow:<state machine>`, as the CLI takes them. */
export function parseAction(text: string): AlarmAction {
  const at = text.indexOf(':');
  const kind = at < 0 ? text : text.slice(0, at);
  const target = at < 0 ? '' : text.slice(at + 1);
  const action =
    kind === 'log'
      ? { type: 'log' }
      : kind === 'webhook'
        ? { type: 'webhook', url: target }
        : kind === 'function'
          ? { type: 'function', name: target }
          : kind === 'workflow'
            ? { type: 'workflow', stateMachine: target }
            : undefined;
  if (!action || !Value.Check(AlarmActionSchema, action))
    throw monitoringError(
      'INVALID_ALARM',
      `invalid action ${JSON.stringify(text)}: use log, webhook:<http(s) url>, function:<name> or workflow:<state machine>`,
    );
  return action;
}
