// ASL fuzz target: damaged definitions are validated (never throwing) and the valid ones run on the in-memory
// runner with stub tasks; only typed errors may escape, and every run ends.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL intrinsics are written with {} placeholders
import {
  ExpressRunner,
  type Json,
  type StateMachineDefinition,
  validateDefinition,
} from '../../../src/modules/workflows/index.js';
import { stubDispatcher } from '../../../src/modules/workflows/testing/stub-dispatcher.js';
import type { Rng } from '../../support/prng.js';
import { type FuzzFailure, fuzz, mutateText } from './fuzz-kit.js';

const SEEDS: readonly object[] = [
  {
    StartAt: 'p',
    States: {
      p: { Type: 'Pass', Result: { a: [1, 2] }, ResultPath: '$.r', Next: 'c' },
      c: {
        Type: 'Choice',
        Choices: [{ Variable: '$.r.a[0]', NumericEquals: 1, Next: 'ok' }],
        Default: 'bad',
      },
      ok: { Type: 'Succeed' },
      bad: { Type: 'Fail', Error: 'E', Cause: 'c' },
    },
  },
  {
    StartAt: 'm',
    States: {
      m: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemProcessor: {
          StartAt: 'x',
          States: {
            x: {
              Type: 'Pass',
              Parameters: { 'v.$': '$', 'f.$': "States.Format('{}-{}', $, 'x')" },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  },
  {
    StartAt: 'par',
    States: {
      par: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'a', States: { a: { Type: 'Wait', Seconds: 1, End: true } } },
          { StartAt: 'b', States: { b: { Type: 'Pass', End: true } } },
        ],
        Next: 't',
      },
      t: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'f' }],
        End: true,
      },
      f: { Type: 'Fail' },
    },
  },
  {
    QueryLanguage: 'JSONata',
    StartAt: 'j',
    States: {
      j: {
        Type: 'Pass',
        Output: '{% $states.input.items ~> $map(function($v){$v * 2}) %}',
        Assign: { total: '{% $sum($states.input.items) %}' },
        End: true,
      },
    },
  },
  {
    StartAt: 'i',
    States: {
      i: {
        Type: 'Pass',
        Parameters: {
          'r.$': 'States.ArrayRange(1, 5, 2)',
          'h.$': "States.Hash($.s, 'SHA-256')",
          'j.$': 'States.StringToJson($.js)',
          'u.$': 'States.ArrayUnique(States.Array(1, 1, 2))',
        },
        OutputPath: '$.r',
        End: true,
      },
    },
  },
];
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '$',
  '$.',
  '$$',
  '.$',
  '{%',
  '%}',
  'States.',
  '(',
  ')',
  "'",
  '\\',
  'Next',
  'End',
  'Type',
  '"Pass"',
  '"Map"',
  '"Parallel"',
  '"Choice"',
  '1e309',
  '-1',
  'null',
  '..',
  '*',
  '[?(@',
  '0',
];
/** Values a structural mutation puts in place of any node: paths, intrinsics, JSONata, types, edge numbers. */
const VALUES: readonly unknown[] = [
  '$',
  '$.items',
  '$.items[5]',
  '$$.Execution.Input',
  '$$.Map.Item.Value',
  '$.r.a[-1]',
  '$..a',
  '$.x[?(@ > 1)]',
  "States.Array($.items, 'x')",
  'States.ArrayRange(1, 3000, 1)',
  "States.StringSplit($.s, '')",
  'States.MathAdd(1, 2147483647)',
  '{% $states.input %}',
  '{% $undefinedVar %}',
  '{% [1..1001] %}',
  '{% $error("x") %}',
  'Pass',
  'Map',
  'Parallel',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Task',
  'x',
  '',
  'a',
  'p',
  0,
  -1,
  1.5,
  2 ** 31,
  1e21,
  -0,
  true,
  false,
  null,
  [],
  {},
  [{}],
  { Type: 'Pass', End: true },
];

function mutateTree(rng: Rng, value: unknown, depth = 0): unknown {
  if (rng.int(depth < 2 ? 60 : 25) === 0) return rng.pick(VALUES);
  if (Array.isArray(value)) return value.map((v) => mutateTree(rng, v, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (rng.int(40) === 0) continue;
    out[rng.int(30) === 0 ? `${key}.$` : key] = mutateTree(rng, v, depth + 1);
  }
  if (rng.int(15) === 0)
    out[
      rng.pick([
        'Next',
        'End',
        'Default',
        'ResultPath',
        'ItemsPath',
        'MaxConcurrency',
        'Seconds',
        'TimeoutSeconds',
        'Retry',
        'Catch',
      ])
    ] = rng.pick(VALUES);
  return out;
}

const INPUT: Json = { items: [1, 2, 3], s: 'text', js: '{"a":1}', r: { a: [1] } };

/** Runs `count` damaged definitions from `seed`; `ran` counts those that validated and were executed. */
export async function fuzzAsl(
  seed: number,
  count: number,
): Promise<{ failures: FuzzFailure[]; ran: number }> {
  const runner = new ExpressRunner({
    dispatcher: stubDispatcher({ echo: { return: { ok: true } } } as never),
    timeScale: 0,
    entropy: () => 'fuzz',
    maxHistoryEvents: 500,
  });
  const ended = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
  let ran = 0;
  const failures = await fuzz({
    seed,
    count,
    generate: (rng) =>
      rng.int(2) === 0
        ? JSON.stringify(mutateTree(rng, rng.pick(SEEDS)))
        : mutateText(rng, JSON.stringify(rng.pick(SEEDS)), TOKENS),
    show: (text) => text,
    accept: () => false,
    target: async (text) => {
      const { result } = validateDefinition(text);
      if (result !== 'OK') return;
      ran++;
      try {
        const outcome = await runner.run({
          definition: JSON.parse(text) as StateMachineDefinition,
          input: INPUT,
        });
        if (!ended.includes(outcome.status)) throw new Error(`run ended as ${outcome.status}`);
      } catch (error) {
        if (!(error as { code?: string }).code?.startsWith('WORKFLOW_')) throw error;
      }
    },
  });
  return { failures, ran };
}
