// Amazon States Language bombs: definitions nested 10,000 deep (Parallel, Map, Choice rules, payload templates,
// intrinsics, JSONata), oversized definitions, JSONPath filter injection, and JSONata/intrinsic/JSONPath bombs
// evaluated by TestState. Each is refused (validation) or fails as a typed States.* error; the server keeps serving.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ASL intrinsics are written with {} placeholders
import { expect } from 'vitest';
import { type HostileCase, hostileSuite, type Outcome } from '../support/hostile-cases.js';
import type { HostileServer } from '../support/hostile-server.js';
import { sfn } from '../support/sfn-request.js';

const DEEP = 10_000;

function nest(depth: number, open: string, close: string, core: string): string {
  return `${open.repeat(depth)}${core}${close.repeat(depth)}`;
}

const pass = (extra: string) => `{"StartAt":"a","States":{"a":{"Type":"Pass",${extra}"End":true}}}`;

/** Definitions as JSON text, each nesting something 10,000 deep (or otherwise built to exhaust the validator). */
const DEFINITIONS: Readonly<Record<string, () => string>> = {
  [`Parallel branches nested ${DEEP} deep`]: () =>
    nest(DEEP, '{"StartAt":"a","States":{"a":{"Type":"Parallel","End":true,"Branches":[', ']}}}', pass('')),
  [`Map processors nested ${DEEP} deep`]: () =>
    nest(DEEP, '{"StartAt":"a","States":{"a":{"Type":"Map","End":true,"ItemProcessor":', '}}}', pass('')),
  [`a Choice rule nested ${DEEP} deep`]: () =>
    `{"StartAt":"c","States":{"c":{"Type":"Choice","Default":"d","Choices":[${nest(DEEP, '{"Not":', '}', '{"Variable":"$.x","IsPresent":true}').slice(0, -1)},"Next":"d"}]},"d":{"Type":"Succeed"}}}`,
  [`a Pass Result nested ${DEEP} deep`]: () => pass(`"Result":${nest(DEEP, '[', ']', '1')},`),
  [`a payload template nested ${DEEP} deep`]: () =>
    pass(`"Parameters":${nest(DEEP, '{"a":', '}', '{"b.$":"$.x"}')},`),
  [`an intrinsic call nested ${DEEP} deep`]: () =>
    pass(`"Parameters":{"a.$":"${nest(DEEP, "States.Format('{}', ", ')', "'x'")}"},`),
  [`a JSONata expression nested ${DEEP} deep`]: () =>
    `{"QueryLanguage":"JSONata","StartAt":"a","States":{"a":{"Type":"Pass","Output":"{% ${nest(DEEP, '(', ')', '1')} %}","End":true}}}`,
  'a definition of 2 MB': () => pass(`"Comment":"${'x'.repeat(2 * 1024 * 1024)}",`),
};

const rest = (path: string, body: unknown) => (server: HostileServer) =>
  server.rest({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const ROLE = 'arn:aws:iam::000000000000:role/states-role';
const slug = (text: string) => text.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);

const definitionCases: HostileCase[] = Object.entries(DEFINITIONS).flatMap(([what, definition]) => [
  {
    name: `REST create state machine with ${what}`,
    act: (s) => rest('/api/v1/state-machines', { name: `bomb-${slug(what)}`, definition: definition() })(s),
    refuse: { status: [400, 413], code: /^(WORKFLOW_|HTTP_)/ },
  },
  {
    name: `REST validate ${what}`,
    act: (s) => rest('/api/v1/workflows/validate', { definition: definition() })(s),
    check: expectDiagnosed,
  },
  {
    name: `Step Functions CreateStateMachine with ${what}`,
    act: (s) =>
      sfn('CreateStateMachine', { name: `sfn-bomb-${slug(what)}`, definition: definition(), roleArn: ROLE })(
        s,
      ),
    refuse: { status: [400, 413], code: /^(InvalidDefinition|ValidationException|RequestEntityTooLarge)/ },
  },
]);

/** Validation answers 200 with diagnostics (or refuses the request outright); never accepts the bomb. */
function expectDiagnosed(outcome: Outcome): void {
  if (!('status' in outcome)) throw new Error('expected an HTTP reply');
  if (outcome.status === 200) {
    const body = JSON.parse(outcome.text) as { result?: string; diagnostics?: unknown[] };
    expect(body.result, outcome.text.slice(0, 300)).toBe('FAIL');
  } else expect([400, 413]).toContain(outcome.status);
}

/** States evaluated by TestState with hostile expressions or inputs: each fails with a States.* error. */
const EVALUATED: Readonly<Record<string, { definition: string; input?: string }>> = {
  'a JSONata range of 100 million items': {
    definition:
      '{"QueryLanguage":"JSONata","StartAt":"a","States":{"a":{"Type":"Pass","Output":"{% [1..100000000] %}","End":true}}}',
  },
  'a JSONata function calling itself forever': {
    definition:
      '{"QueryLanguage":"JSONata","StartAt":"a","States":{"a":{"Type":"Pass","Output":"{% (function($f){1 + $f($f)})(function($f){1 + $f($f)}) %}","End":true}}}',
  },
  'a JSONata string doubled 40 times': {
    definition:
      '{"QueryLanguage":"JSONata","StartAt":"a","States":{"a":{"Type":"Pass","Output":"{% $reduce([1..40], function($acc){$acc & $acc}, \\"xx\\") %}","End":true}}}',
  },
  'States.ArrayRange of 100 million items': {
    definition: pass('"Parameters":{"a.$":"States.ArrayRange(1, 100000000, 1)"},'),
  },
  'States.ArrayPartition in chunks of 0': {
    definition: pass('"Parameters":{"a.$":"States.ArrayPartition(States.Array(1,2,3), 0)"},'),
  },
  [`States.StringToJson of text nested ${DEEP} deep`]: {
    definition: pass('"Parameters":{"a.$":"States.StringToJson($.s)"},'),
    input: JSON.stringify({ s: nest(DEEP, '[', ']', '1') }),
  },
  [`an input nested ${DEEP} deep`]: { definition: pass(''), input: nest(DEEP, '{"a":', '}', '1') },
  [`JSONPath recursive descent over an input nested ${DEEP} deep`]: {
    definition: pass('"OutputPath":"$..a",'),
    input: nest(DEEP, '{"a":', '}', '1'),
  },
  [`States.JsonMerge of objects nested ${DEEP} deep`]: {
    definition: pass('"Parameters":{"a.$":"States.JsonMerge($.x, $.x, true)"},'),
    input: `{"x":${nest(DEEP, '{"a":', '}', '1')}}`,
  },
  'States.Hash of an unknown algorithm': {
    definition: pass('"Parameters":{"a.$":"States.Hash($.x, \'MD5; rm -rf /\')"},'),
    input: '{"x":"data"}',
  },
};

/** JSONPath filters are legitimate ASL; a filter that reaches for the process must evaluate as data, never code. */
const INJECTIONS: Readonly<Record<string, string>> = {
  'a JSONPath filter reaching for the process': "$[?(@.constructor.constructor('return process')().exit(7))]",
  'a JSONPath filter calling eval': "$.a[?(eval('globalThis.pwned = 1'))]",
  'a JSONPath filter calling a Function constructor': "$.a[?(@.x.constructor('globalThis.pwned = 1')())]",
  'a JSONPath script expression': '$.a[(globalThis.pwned = 1)]',
};

const injectionCases: HostileCase[] = Object.entries(INJECTIONS).map(([what, path]) => ({
  name: `Step Functions TestState with ${what}`,
  act: (s) =>
    sfn('TestState', {
      definition: pass(`"InputPath":${JSON.stringify(path)},`),
      roleArn: ROLE,
      input: '{"a":[{"x":"y"}]}',
    })(s),
  check: (outcome) => {
    if (!('status' in outcome)) throw new Error('expected an HTTP reply');
    expect((globalThis as { pwned?: unknown }).pwned, 'no code ran').toBeUndefined();
    if (outcome.status !== 200) return expect([400], outcome.text.slice(0, 300)).toContain(outcome.status);
    const body = JSON.parse(outcome.text) as { status?: string; error?: string };
    if (body.status === 'FAILED') expect(body.error).toMatch(/^States\./);
    else expect(body.status).toBe('SUCCEEDED');
  },
}));

const evaluatedCases: HostileCase[] = Object.entries(EVALUATED).map(([what, { definition, input }]) => ({
  name: `Step Functions TestState with ${what}`,
  act: (s) => sfn('TestState', { definition, roleArn: ROLE, input: input ?? '{}' })(s),
  check: (outcome) => {
    if (!('status' in outcome)) throw new Error('expected an HTTP reply');
    if (outcome.status === 200) {
      const body = JSON.parse(outcome.text) as { status?: string; error?: string };
      expect(body.status, outcome.text.slice(0, 300)).toBe('FAILED');
      expect(body.error).toMatch(/^States\./);
    } else expect([400, 413], outcome.text.slice(0, 300)).toContain(outcome.status);
  },
}));

export const suite = hostileSuite('ASL bombs', [...definitionCases, ...evaluatedCases, ...injectionCases], {
  settings: { 'server.bodyLimitBytes': 8 * 1024 * 1024 },
  timeoutMs: 60_000,
});
