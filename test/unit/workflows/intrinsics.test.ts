// Every intrinsic function: results and failures (States.IntrinsicFailure), through a Pass state's Parameters.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../src/modules/workflows/index.js';
import { runPure, single } from './helpers.js';

async function call(expression: string, input: Json = {}): Promise<Json | string> {
  const run = await runPure(single({ Type: 'Pass', Parameters: { 'r.$': expression } }), input);
  if (run.root.status !== 'SUCCEEDED') return `${run.root.error}`;
  return (run.root.output as { r: Json }).r;
}

describe('intrinsic functions', () => {
  describe('States.Format', () => {
    it('fills placeholders and honours escapes', async () => {
      expect(await call("States.Format('Hi {}, {}!', $.a, $.b)", { a: 'x', b: 2 })).toBe('Hi x, 2!');
      expect(await call("States.Format('\\{\\} {}', 'v')")).toBe('{} v');
      expect(await call("States.Format('it\\'s {}', true)")).toBe("it's true");
    });
    it('fails when arguments and placeholders differ', async () => {
      expect(await call("States.Format('{} {}', 'one')")).toBe('States.IntrinsicFailure');
    });
  });

  it('States.StringToJson and States.JsonToString', async () => {
    expect(await call('States.StringToJson($.s)', { s: '{"a":[1,2]}' })).toEqual({ a: [1, 2] });
    expect(await call('States.StringToJson($.s)', { s: '' })).toBeNull();
    expect(await call('States.StringToJson($.s)', { s: '{bad' })).toBe('States.IntrinsicFailure');
    expect(await call('States.JsonToString($.o)', { o: { a: 1, b: [true] } })).toBe('{"a":1,"b":[true]}');
  });

  it('States.Array', async () => {
    expect(await call("States.Array(1, 'two', $.x, States.Array())", { x: null })).toEqual([
      1,
      'two',
      null,
      [],
    ]);
  });

  it('States.ArrayPartition', async () => {
    expect(await call('States.ArrayPartition($.a, 2)', { a: [1, 2, 3, 4, 5] })).toEqual([
      [1, 2],
      [3, 4],
      [5],
    ]);
    expect(await call('States.ArrayPartition($.a, 0)', { a: [1] })).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayContains uses deep equality', async () => {
    expect(await call('States.ArrayContains($.a, $.v)', { a: [{ x: [1] }], v: { x: [1] } })).toBe(true);
    expect(await call('States.ArrayContains($.a, 3)', { a: [1, 2] })).toBe(false);
  });

  it('States.ArrayRange is inclusive and limited to 1000 items', async () => {
    expect(await call('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(await call('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(await call('States.ArrayRange(0, 5000, 1)')).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayGetItem', async () => {
    expect(await call('States.ArrayGetItem($.a, 1)', { a: ['x', 'y'] })).toBe('y');
    expect(await call('States.ArrayGetItem($.a, 2)', { a: ['x', 'y'] })).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayLength and States.ArrayUnique', async () => {
    expect(await call('States.ArrayLength($.a)', { a: [1, 2, 3] })).toBe(3);
    expect(await call('States.ArrayUnique($.a)', { a: [1, 2, 1, { b: 1 }, { b: 1 }] })).toEqual([
      1,
      2,
      { b: 1 },
    ]);
    expect(await call('States.ArrayLength($.a)', { a: 'no' })).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayUnique compares deeply, whatever the key order, and keeps first occurrences', async () => {
    const a = [
      { x: 1, y: [2, { z: 3 }] },
      '1',
      1,
      { y: [2, { z: 3 }], x: 1 },
      [1, '1'],
      1,
      [1, '1'],
      null,
      null,
    ];
    expect(await call('States.ArrayUnique($.a)', { a })).toEqual([a[0], '1', 1, [1, '1'], null]);
  });

  it('States.Base64Encode and States.Base64Decode', async () => {
    expect(await call("States.Base64Encode('Data to encode')")).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(await call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe('Data to encode');
    expect(await call("States.Base64Decode('***')")).toBe('States.IntrinsicFailure');
  });

  it('States.Hash supports the AWS algorithms', async () => {
    expect(await call("States.Hash('input data', 'SHA-1')")).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(await call("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(await call("States.Hash('x', 'CRC32')")).toBe('States.IntrinsicFailure');
  });

  it('States.JsonMerge merges shallowly (deep with true)', async () => {
    const input = { a: { x: { p: 1 }, y: 1 }, b: { x: { q: 2 } } };
    expect(await call('States.JsonMerge($.a, $.b, false)', input)).toEqual({ x: { q: 2 }, y: 1 });
    expect(await call('States.JsonMerge($.a, $.b, true)', input)).toEqual({ x: { p: 1, q: 2 }, y: 1 });
  });

  it('States.MathRandom stays in [start, end) and is repeatable with a seed', async () => {
    const value = (await call('States.MathRandom(5, 10)')) as number;
    expect(value).toBeGreaterThanOrEqual(5);
    expect(value).toBeLessThan(10);
    expect(await call('States.MathRandom(0, 1000, 7)')).toBe(await call('States.MathRandom(0, 1000, 7)'));
  });

  it('States.MathAdd rounds each argument first', async () => {
    expect(await call('States.MathAdd($.a, $.b)', { a: 1.5, b: 1.49 })).toBe(3);
    expect(await call('States.MathAdd(-1.5, 0)')).toBe(-1);
  });

  it('States.StringSplit splits on any delimiter character and drops empty pieces', async () => {
    expect(await call("States.StringSplit('a,b;;c', ',;')")).toEqual(['a', 'b', 'c']);
  });

  it('States.UUID gives a version-4 UUID from the step entropy', async () => {
    expect(await call('States.UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('reads arguments from the context object and variables, and nests calls', async () => {
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { greeting: 'Hello {}' }, Next: 'B' },
        B: {
          Type: 'Pass',
          Parameters: {
            'r.$': 'States.Format($greeting, States.ArrayGetItem(States.Array($$.State.Name), 0))',
          },
          End: true,
        },
      },
    };
    expect((await runPure(def, {})).root.output).toEqual({ r: 'Hello B' });
  });

  it('fails with States.IntrinsicFailure for wrong argument types or counts', async () => {
    expect(await call('States.MathAdd($.a, 1)', { a: 'x' })).toBe('States.IntrinsicFailure');
    expect(await call('States.UUID(1)')).toBe('States.IntrinsicFailure');
    expect(await call('States.Nope()')).toBe('States.IntrinsicFailure');
  });
});
