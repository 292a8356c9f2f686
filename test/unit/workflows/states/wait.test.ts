// Wait state: Seconds, SecondsPath, Timestamp, TimestampPath, JSONata, invalid values; timer commands.
import { describe, expect, it } from 'vitest';
import { runPure, START, single } from '../helpers.js';

describe('Wait state', () => {
  it('starts a timer for Seconds and finishes when it fires', async () => {
    const run = await runPure(single({ Type: 'Wait', Seconds: 30 }), { a: 1 });
    const timer = run.commands.find((c) => c.command.type === 'startTimer')?.command;
    expect(timer).toMatchObject({ type: 'startTimer', fireAt: START + 30_000, purpose: 'wait' });
    expect(run.root.output).toEqual({ a: 1 });
    expect(run.history.at(-1)?.timestamp).toBe(START + 30_000);
  });

  it('reads SecondsPath from the input and rejects negative or fractional values', async () => {
    expect((await runPure(single({ Type: 'Wait', SecondsPath: '$.s' }), { s: 2 })).root.status).toBe(
      'SUCCEEDED',
    );
    const negative = await runPure(single({ Type: 'Wait', SecondsPath: '$.s' }), { s: -1 });
    expect(negative.root.cause).toContain('The SecondsPath parameter references a negative value: $.s == -1');
    const fraction = await runPure(single({ Type: 'Wait', SecondsPath: '$.s' }), { s: 1.5 });
    expect(fraction.root.cause).toContain('cannot be parsed as a long value: $.s == 1.5');
  });

  it('waits until a Timestamp, and not at all for one in the past', async () => {
    const future = await runPure(single({ Type: 'Wait', Timestamp: '2024-01-01T00:01:00Z' }), {});
    expect(
      future.commands.some((c) => c.command.type === 'startTimer' && c.command.fireAt === START + 60_000),
    ).toBe(true);
    const past = await runPure(single({ Type: 'Wait', Timestamp: '2016-03-14T01:59:00Z' }), {});
    expect(past.commands.some((c) => c.command.type === 'startTimer')).toBe(false);
    expect(past.root.status).toBe('SUCCEEDED');
  });

  it('rejects a TimestampPath value that is not RFC 3339', async () => {
    const run = await runPure(single({ Type: 'Wait', TimestampPath: '$.t' }), { t: '2016-12-05 21:29:29Z' });
    expect(run.root.error).toBe('States.Runtime');
  });

  it('evaluates JSONata Seconds and Timestamp', async () => {
    const seconds = await runPure(
      single({ Type: 'Wait', QueryLanguage: 'JSONata', Seconds: '{% $states.input.s %}' }),
      { s: 5 },
    );
    expect(seconds.commands.find((c) => c.command.type === 'startTimer')?.command).toMatchObject({
      fireAt: START + 5000,
    });
    const bad = await runPure(
      single({ Type: 'Wait', QueryLanguage: 'JSONata', Timestamp: '{% "2016-13-05T21:29:29Z" %}' }),
      {},
    );
    expect(bad.root.error).toBe('States.QueryEvaluationError');
  });
});
