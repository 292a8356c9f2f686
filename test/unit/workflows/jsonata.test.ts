// JSONata evaluation: $states, variables, the functions AWS adds, and pure time/randomness.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../src/modules/workflows/index.js';
import { runPure, single } from './helpers.js';

async function output(expression: string, input: Json = {}): Promise<Json | string> {
  const run = await runPure(single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: expression }), input);
  return run.root.status === 'SUCCEEDED' ? (run.root.output as Json) : `${run.root.error}: ${run.root.cause}`;
}

describe('JSONata', () => {
  it('adds $partition, $range, $hash, $parse and $uuid', async () => {
    expect(await output('{% $partition([1,2,3], 2) %}')).toEqual([[1, 2], [3]]);
    expect(await output('{% $range(0, 9, 3) %}')).toEqual([0, 3, 6, 9]);
    expect(await output("{% $hash('input data', 'SHA-256') %}")).toBe(
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    );
    expect(await output('{% $parse(\'{"a":1}\') %}')).toEqual({ a: 1 });
    expect(await output('{% $uuid() %}')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('$now and $millis come from the event time, not the wall clock', async () => {
    expect(await output('{% $now() %}')).toBe('2024-01-01T00:00:00.000Z');
    expect(await output('{% $millis() %}')).toBe(Date.UTC(2024, 0, 1));
  });

  it('$random is repeatable for the same entropy and seedable', async () => {
    const a = await runPure(
      single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $random() %}' }),
      {},
      undefined,
      { entropy: 'x' },
    );
    const b = await runPure(
      single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $random() %}' }),
      {},
      undefined,
      { entropy: 'x' },
    );
    expect(a.root.output).toBe(b.root.output);
    expect(await output('{% $random(3) = $random(3) %}')).toBe(true);
  });

  it('exposes the context object as $states.context', async () => {
    expect(await output('{% $states.context.State.Name & "@" & $states.context.Execution.Name %}')).toBe(
      'S@test',
    );
  });

  it('reports undefined results and runtime errors as States.QueryEvaluationError with the field', async () => {
    expect(await output('{% $nothing %}')).toBe(
      "States.QueryEvaluationError: An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$nothing' specified for the field 'Output' returned nothing (undefined).",
    );
    expect(await output({ a: ['{% 1 + "x" %}'] } as never)).toMatch(
      /field 'Output\/a\[0\]' threw an error during evaluation: T200\d/,
    );
    expect(await output('{% function($x){$x} %}')).toMatch(/returned an unsupported result type/);
  });

  it('literal values and non-template strings pass through unchanged', async () => {
    expect(await output({ s: 'plain {% not at start', n: [1, null, true] } as never)).toEqual({
      s: 'plain {% not at start',
      n: [1, null, true],
    });
  });
});
