// A CloudWatch-style metric alarm: its defaults and the checks beyond its schema (alarm-input.ts).
import { Value } from 'typebox/value';
import { monitoringError } from '../errors.js';
import { checkIdentity } from '../metrics/series-identity.js';
import { checkStatistic } from '../metrics/statistics.js';
import { type AlarmAction, AlarmActionSchema, type AlarmInput, AlarmInputSchema } from './alarm-input.js';

export { type AlarmAction, AlarmActionSchema, type AlarmInput, AlarmInputSchema } from './alarm-input.js';

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
