// Model Monitor's ScheduleExpression -> the 5-field UTC cron of Scones's monitoring schedules. SageMaker accepts
// only hourly `cron(0 * ? * * *)`, daily `cron(0 H ? * * *)` and every-N-hours `cron(0 H/N ? * * *)`; anything
// else is refused as SageMaker refuses it. `NOW` (one run over a given window) is not served by schedules here.
import { sagemakerControlError } from '../errors.js';

/** With no ScheduleConfig SageMaker picks a daily time; Scones picks midnight UTC. */
export const DAILY_DEFAULT = 'cron(0 0 ? * * *)';

const HOUR = '(?:[01]?\\d|2[0-3])';
const PATTERN = new RegExp(`^cron\\(0 (\\*|${HOUR}|${HOUR}/(?:0?[1-9]|1\\d|2[0-4])) \\? \\* \\* \\*\\)$`);

/** `cron(0 17/12 ? * * *)` -> `0 17/12 * * *`, or a ValidationException naming the expression. */
export function toSconesCron(expression: string): string {
  if (expression === 'NOW')
    throw sagemakerControlError(
      'VALIDATION',
      'Scones does not run one-time (NOW) monitoring schedules: use an hourly or daily cron expression, or `scones monitor run` for one report over a window.',
    );
  const hours = PATTERN.exec(expression)?.[1];
  if (hours === undefined)
    throw sagemakerControlError(
      'VALIDATION',
      `Invalid cron expression "${expression}": the supported expressions are hourly cron(0 * ? * * *), daily cron(0 [00-23] ? * * *) and every N hours cron(0 [00-23]/[01-24] ? * * *).`,
    );
  if (hours === '*') return '0 * * * *';
  // SageMaker's `H/N` starts at H and steps through the day; croner spells that `H-23/N`.
  const [start, step] = hours.split('/').map(Number);
  return `0 ${step === undefined ? start : `${start}-23/${step}`} * * *`;
}
