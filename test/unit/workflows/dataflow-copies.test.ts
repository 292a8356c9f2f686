// Compiled payload templates and ResultPath copies: fresh objects every time, own `__proto__` keys kept.
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../../src/modules/workflows/index.js';
import { runPure, single } from './helpers.js';

describe('payload templates and ResultPath', () => {
  it('builds fresh objects from a template on every evaluation, literals included', async () => {
    const definition = single({ Type: 'Pass', Parameters: { 'v.$': '$.n', lit: { a: [1] } } });
    const first = (await runPure(definition, { n: 1 })).root.output as JsonObject;
    const second = (await runPure(definition, { n: 2 })).root.output as JsonObject;
    expect(first).toEqual({ v: 1, lit: { a: [1] } });
    expect(second).toEqual({ v: 2, lit: { a: [1] } });
    expect(second.lit).not.toBe(first.lit);
    const parameters = (definition.States.S as JsonObject).Parameters as JsonObject;
    expect(first.lit).not.toBe(parameters.lit);
  });

  it('reports a missing path in AWS words', async () => {
    const run = await runPure(single({ Type: 'Pass', Parameters: { 'v.$': '$.missing' } }), { n: 1 });
    expect(run.root).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
    });
    expect(run.root.cause).toContain(
      `The JSONPath '$.missing' specified for the field 'v.$' could not be found in the input '{"n":1}'`,
    );
  });

  it('places results by ResultPath into copies that keep own __proto__ keys', async () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "k": {"deep": 1}}') as Json;
    const run = await runPure(single({ Type: 'Pass', Result: 5, ResultPath: '$.k.r' }), input);
    const output = run.root.output as JsonObject;
    expect(Object.hasOwn(output, '__proto__')).toBe(true);
    expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":true},"k":{"deep":1,"r":5}}');
    expect(JSON.stringify(input)).toBe('{"__proto__":{"polluted":true},"k":{"deep":1}}');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
