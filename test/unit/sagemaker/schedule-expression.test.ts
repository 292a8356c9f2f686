// Model Monitor's ScheduleExpression grammar: exactly what SageMaker documents is translated, the rest refused.
import { Cron } from 'croner';
import { expect, it } from 'vitest';
import { toSconesCron } from '../../../src/modules/sagemaker-control/monitoring/schedule-expression.js';

it('translates the hourly, daily and every-N-hours expressions', () => {
  expect(toSconesCron('cron(0 * ? * * *)')).toBe('0 * * * *');
  expect(toSconesCron('cron(0 12 ? * * *)')).toBe('0 12 * * *');
  expect(toSconesCron('cron(0 00 ? * * *)')).toBe('0 0 * * *');
  expect(toSconesCron('cron(0 17/12 ? * * *)')).toBe('0 17-23/12 * * *');
  expect(toSconesCron('cron(0 0/02 ? * * *)')).toBe('0 0-23/2 * * *');
});

it("gives croner expressions it accepts, ticking at SageMaker's hours", () => {
  const ticks = (expression: string) =>
    new Cron(toSconesCron(expression), { timezone: 'Etc/UTC' })
      .nextRuns(3, new Date('2026-12-08T00:30:00Z'))
      .map((d) => d.toISOString().slice(11, 13));
  expect(ticks('cron(0 * ? * * *)')).toEqual(['01', '02', '03']);
  expect(ticks('cron(0 12 ? * * *)')).toEqual(['12', '12', '12']);
  expect(ticks('cron(0 17/12 ? * * *)')).toEqual(['17', '17', '17']);
  expect(ticks('cron(0 0/6 ? * * *)')).toEqual(['06', '12', '18']);
});

it('refuses what SageMaker refuses, and NOW, with a ValidationException', () => {
  for (const expression of [
    'cron(5 * ? * * *)',
    'cron(0 24 ? * * *)',
    'cron(0 1/25 ? * * *)',
    'cron(0 * * * ? *)',
    '0 * * * *',
    'rate(1 hour)',
    'NOW',
  ])
    expect(() => toSconesCron(expression), expression).toThrow(
      expect.objectContaining({ code: 'SAGEMAKER_VALIDATION' }),
    );
});
