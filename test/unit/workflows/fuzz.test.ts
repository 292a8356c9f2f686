// Fuzzing with a fixed seed: thousands of mutated definitions and random inputs through the validator and the
// interpreter. Nothing may crash or hang; failures must be SconesErrors with codes or ASL errors in a result.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSconesError } from '../../../src/kernel/errors.js';
import {
  type EventBody,
  ExpressRunner,
  type Json,
  type JsonObject,
  newExecutionState,
  type StateMachineDefinition,
  step,
  validateDefinition,
  type WorkflowEvent,
} from '../../../src/modules/workflows/index.js';
import { prng } from '../../support/prng.js';
import { conformanceCases } from '../../support/shared-data.js';
import { dispatcherOf, executionInfo, ok, raise } from './helpers.js';

const CASES = conformanceCases();
const DEFINITIONS = 3000;

const STRINGS = [
  '$',
  '$.a',
  '$.a.b[0]',
  '$$.Execution.Input',
  '$$.Map.Item.Value',
  '$var',
  '$..x',
  '$.items[?(@.n > 1)]',
  "States.Format('{} {}', $.a)",
  'States.ArrayRange(1, 3, 1)',
  'States.StringToJson($.s)',
  "States.MathAdd(1, 'x')",
  'States.Array(',
  '{% $states.input %}',
  '{% $states.input.a + 1 %}',
  '{% $x := %}',
  '{% [1,2,3] %}',
  'arn:aws:states:::lambda:invoke',
  'arn:aws:lambda:us-east-1:123456789012:function:echo',
  'States.ALL',
  'States.TaskFailed',
  'Pass',
  'Task',
  'Map',
  'Choice',
  '2024-01-01T00:00:00Z',
  '',
  '\u0000\u{1F600}',
];

function randomJson(rand: () => number, depth = 0): Json {
  const r = rand();
  if (depth > 3 || r < 0.25) return pick(rand, [null, true, false, 0, -1, 1.5, 1e300, 42]);
  if (r < 0.55) return pick(rand, STRINGS);
  if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
  const obj: JsonObject = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--)
    obj[pick(rand, ['a', 'b', 'items', 'Type', 'Next', 'x.$', 'Payload'])] = randomJson(rand, depth + 1);
  return obj;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** All (container, key) pairs in a JSON tree, so a mutation can hit any node. */
function slots(
  node: Json,
  out: [JsonObject | Json[], string | number][] = [],
): [JsonObject | Json[], string | number][] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      out.push([node, i]);
      slots(item, out);
    }
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push([node, k]);
      slots(v, out);
    }
  }
  return out;
}

const FIELDS = [
  'Next',
  'End',
  'Type',
  'Resource',
  'Parameters',
  'ResultPath',
  'InputPath',
  'OutputPath',
  'Retry',
  'Catch',
  'Assign',
  'Output',
  'Items',
  'ItemsPath',
  'QueryLanguage',
  'Seconds',
  'Choices',
  'Default',
  'Branches',
  'MaxConcurrency',
  'TimeoutSeconds',
  'Arguments',
  'ItemSelector',
  'Error',
  'CausePath',
];

function mutate(definition: Json, rand: () => number): Json {
  const copy = JSON.parse(JSON.stringify(definition)) as Json;
  const names = Object.keys(((copy as JsonObject).States ?? {}) as JsonObject);
  for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [container, key] = pick(rand, all);
    const action = rand();
    const set = (value: Json) => ((container as Record<string | number, Json>)[key] = value);
    if (action < 0.2 && !Array.isArray(container)) delete (container as JsonObject)[key as string];
    else if (action < 0.45) set(randomJson(rand));
    else if (action < 0.6) set(pick(rand, STRINGS));
    else if (action < 0.75 && names.length > 0) set(pick(rand, names));
    else if (!Array.isArray(container)) (container as JsonObject)[pick(rand, FIELDS)] = randomJson(rand);
  }
  return copy;
}

/** Replaces one leaf with another of the same JSON type: often still valid, so the interpreter gets to run it. */
function softMutate(definition: Json, rand: () => number): Json {
  const copy = JSON.parse(JSON.stringify(definition)) as Json;
  const leaves = slots(copy).filter(([c, k]) => {
    const v = (c as Record<string | number, Json>)[k];
    return typeof v === 'string' || typeof v === 'number';
  });
  for (let m = 1 + Math.floor(rand() * 2); m > 0 && leaves.length > 0; m--) {
    const [container, key] = pick(rand, leaves);
    const current = (container as Record<string | number, Json>)[key];
    (container as Record<string | number, Json>)[key] =
      typeof current === 'number' ? pick(rand, [0, 1, 2, -1, 0.5, 3, 100]) : pick(rand, STRINGS);
  }
  return copy;
}

function corpus(): Json[] {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.json'));
  const seen = new Set<string>();
  const out: Json[] = [];
  for (const file of files) {
    const text = JSON.stringify(
      (JSON.parse(readFileSync(path.join(CASES, file), 'utf8')) as { definition: Json }).definition,
    );
    if (text.length < 20_000 && !seen.has(text)) {
      seen.add(text);
      out.push(JSON.parse(text) as Json);
    }
  }
  return out;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('fuzzing the validator and the interpreter', () => {
  it(`survives ${DEFINITIONS} mutated definitions and random inputs`, async () => {
    const rand = prng(20_261_126).next;
    const base = corpus();
    const functions = { echo: (p: Json) => ok(p), f: (p: Json) => (rand() < 0.5 ? ok(p) : raise('Flaky')) };
    const runner = new ExpressRunner({
      dispatcher: dispatcherOf(functions),
      timeScale: 0,
      maxHistoryEvents: 2000,
      entropy: () => 'fuzz',
    });
    const outcomes: Record<string, number> = {};
    const problems: string[] = [];
    for (let i = 0; i < DEFINITIONS; i++) {
      const original = pick(rand, base);
      const kind = i % 3;
      const definition =
        i % 30 === 0
          ? randomJson(rand)
          : kind === 0
            ? original
            : kind === 1
              ? softMutate(original, rand)
              : mutate(original, rand);
      const input =
        rand() < 0.5 ? randomJson(rand) : { a: 1, items: [1, 2], s: '{"k":1}', Variable: randomJson(rand) };
      const validation = validateDefinition(definition);
      expect(['OK', 'FAIL']).toContain(validation.result);
      for (const d of validation.diagnostics)
        expect(d.location === '' || d.location.startsWith('/')).toBe(true);
      const key = validation.result === 'OK' ? 'valid' : 'invalid';
      try {
        const result = await withTimeout(
          runner.run({ definition: definition as StateMachineDefinition, input }),
          10_000,
          JSON.stringify(definition),
        );
        outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
        if (result.status !== 'SUCCEEDED')
          expect(result.error === null || typeof result.error === 'string').toBe(true);
        if (key === 'invalid') problems.push(`ran an invalid definition: ${JSON.stringify(definition)}`);
      } catch (error) {
        if (isSconesError(error) && error.code === 'WORKFLOW_INVALID_DEFINITION' && key === 'invalid') {
          outcomes.rejected = (outcomes.rejected ?? 0) + 1;
        } else {
          problems.push(`${String(error)}\n    ${JSON.stringify(definition)}`);
        }
      }
    }
    console.log(`fuzz outcomes: ${JSON.stringify(outcomes)}`);
    expect(problems).toEqual([]);
    expect(outcomes.SUCCEEDED ?? 0).toBeGreaterThan(300);
    expect(outcomes.FAILED ?? 0).toBeGreaterThan(300);
    expect(outcomes.rejected ?? 0).toBeGreaterThan(300);
  }, 120_000);

  it('applies random and stale events to live runs without throwing', async () => {
    const rand = prng(7).next;
    const base = corpus().filter((d) => validateDefinition(d).result === 'OK');
    let applied = 0;
    for (let i = 0; i < 500; i++) {
      const definition = pick(rand, base) as StateMachineDefinition;
      const state = newExecutionState(executionInfo({}));
      const ids: string[] = [];
      for (let n = 0; n < 12 && state.status === 'RUNNING'; n++) {
        const event = randomEvent(rand, n === 0, ids, n);
        const result = await step(definition, state, event);
        applied += 1;
        for (const command of result.commands) {
          for (const id of ['taskId', 'timerId', 'childId', 'requestId'] as const) {
            if (id in command) ids.push((command as Record<string, string>)[id] as string);
          }
        }
        expect(() => JSON.stringify(result.state)).not.toThrow();
      }
    }
    expect(applied).toBeGreaterThan(1000);
  }, 60_000);
});

function randomEvent(rand: () => number, first: boolean, ids: string[], n: number): WorkflowEvent {
  const stamp = { at: Date.UTC(2024, 0, 1) + n * 1000, historyId: n * 10 + 1, entropy: `e${n}` };
  if (first) return { ...stamp, type: 'start', input: randomJson(rand) };
  const id = ids.length > 0 && rand() < 0.7 ? pick(rand, ids) : 'root/unknown1';
  const bodies: EventBody[] = [
    { type: 'taskSucceeded', taskId: id, output: randomJson(rand) },
    {
      type: 'taskFailed',
      taskId: id,
      error: pick(rand, ['Err', 'States.Timeout', 'States.Runtime']),
      cause: 'c',
    },
    { type: 'taskSubmitted', taskId: id, output: null },
    { type: 'taskHeartbeat', taskId: id },
    { type: 'timerFired', timerId: id },
    { type: 'childSucceeded', childId: id, output: randomJson(rand) },
    { type: 'childFailed', childId: id, error: null, cause: null },
    { type: 'objectRead', requestId: id, body: pick(rand, ['[1,2]', '{}', 'a,b\n1,2', 'not json']) },
    { type: 'objectsListed', requestId: id, objects: [] },
    { type: 'objectWritten', requestId: id },
    { type: 'storageFailed', requestId: id, error: 'E', cause: 'c' },
    { type: 'abort' },
  ];
  return {
    ...stamp,
    ...pick(rand, bodies.slice(0, rand() < 0.05 ? bodies.length : bodies.length - 1)),
  } as WorkflowEvent;
}
