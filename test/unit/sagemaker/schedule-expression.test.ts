// Model Monitor's ScheduleExpression grammar: exactly what SageMaker documents is translated, the rest refused.
import { expect, it } from 'vitest';
import { toSconesCron } from '../../../src/modules/sagemaker-control/monitoring/schedule-expression.js';

it('translates the hourly, daily and every-N-hours expressions', () => {
  expect(toSconesCron('cron(0 * ? * * *)')).toBe('0 * * * *');
  expect(toSconesCron('cron(0 12 ? * * *)')).toBe('0 12 * * *');
  expect(toSconesCron('cron(0 00 ? * * *)')).toBe('0 0 * * *');
  expect(toSconesCron('cron(0 17/12 ? * * *)')).toBe('0 17/12 * * *');
  expect(toSconesCron('cron(0 0/02 ? * * *)')).toBe('0 0/2 * * *');
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
