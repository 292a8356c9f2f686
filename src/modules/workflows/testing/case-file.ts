// The test-case file format: {name, definition, input, expected, stubs?, mocks?, mockConfig?}, loaded from
// files or directories (one case, or an array of cases, per .json file).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StateMachineDefinition } from '../asl/definition.js';
import { isObject, type Json, type JsonObject } from '../asl/json.js';
import { checkMocks, resolveMocks, type StateMocks } from '../engine/express/mocks.js';
import { workflowError } from '../errors.js';

export interface ExpectedResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly output?: Json;
  /** null: AWS reported no error; a missing key is not checked. */
  readonly error?: string | null;
  readonly cause?: string | null;
}

/** A stubbed function: echoes its input, returns a fixed value, or fails like a Lambda raising an error. */
export type FunctionStub =
  | { readonly returns: 'input' | { readonly value: Json } }
  | {
      readonly throws: {
        readonly errorType: string;
        readonly errorMessage?: string;
        readonly [key: string]: Json | undefined;
      };
    };

export interface TestCase {
  readonly name: string;
  readonly definition: StateMachineDefinition;
  readonly input: Json;
  readonly expected: ExpectedResult;
  readonly stubs: Readonly<Record<string, FunctionStub>>;
  readonly mocks: StateMocks;
  readonly file?: string;
}

const STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** Reads every case in the given files and directories (recursively, *.json), sorted by path. */
export async function loadTestCases(paths: readonly string[]): Promise<TestCase[]> {
  const files = (await Promise.all(paths.map(listJsonFiles))).flat().sort();
  const cases: TestCase[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch (error) {
      throw workflowError('INVALID_TEST_CASE', `${file} is not valid JSON: ${String(error)}`, { file });
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    for (const [i, raw] of list.entries()) cases.push(parseTestCase(raw, file, i));
  }
  return cases;
}

async function listJsonFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined)
    throw workflowError('INVALID_TEST_CASE', `No such file or directory: ${target}`, { path: target });
  if (!info.isDirectory()) return [target];
  const entries = await readdir(target, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? listJsonFiles(path.join(target, e.name))
        : e.name.endsWith('.json')
          ? [path.join(target, e.name)]
          : [],
    ),
  );
  return nested.flat();
}

/** Checks one case object; throws WORKFLOW_INVALID_TEST_CASE naming the file and what is wrong. */
export function parseTestCase(raw: Json, file?: string, index = 0): TestCase {
  const where = file === undefined ? `case ${index}` : `${file}${index > 0 ? ` [${index}]` : ''}`;
  const fail = (message: string): never => {
    throw workflowError('INVALID_TEST_CASE', `${where}: ${message}`, { file: file ?? null, index });
  };
  if (!isObject(raw)) return fail('a test case must be a JSON object');
  if (!isObject(raw.definition)) fail("'definition' must be a state machine object");
  const expected = raw.expected;
  if (!isObject(expected) || typeof expected.status !== 'string' || !STATUSES.has(expected.status)) {
    fail("'expected.status' must be SUCCEEDED, FAILED, TIMED_OUT or ABORTED");
  }
  return {
    name: typeof raw.name === 'string' ? raw.name : where,
    definition: raw.definition as StateMachineDefinition,
    input: raw.input ?? {},
    expected: expected as unknown as ExpectedResult,
    stubs: parseStubs(raw.stubs, fail),
    mocks: parseMocks(raw, fail),
    ...(file === undefined ? {} : { file }),
  };
}

function parseStubs(value: Json | undefined, fail: (m: string) => never): Record<string, FunctionStub> {
  if (value === undefined) return {};
  if (!isObject(value)) return fail("'stubs' must map function names to stubs");
  for (const [name, stub] of Object.entries(value)) {
    const ok =
      isObject(stub) &&
      (stub.returns === 'input' ||
        (isObject(stub.returns) && 'value' in stub.returns) ||
        (isObject(stub.throws) && typeof stub.throws.errorType === 'string'));
    if (!ok)
      fail(
        `stub '${name}' must be {"returns": "input"}, {"returns": {"value": ...}} or {"throws": {"errorType": ...}}`,
      );
  }
  return value as unknown as Record<string, FunctionStub>;
}

/** Inline `mocks` ({state: {"0": {Return}}}) or `mockConfig` ({config, stateMachineName, testCase}). */
function parseMocks(raw: JsonObject, fail: (m: string) => never): StateMocks {
  const inline = raw.mocks === undefined ? {} : checkMocks(raw.mocks);
  const ref = raw.mockConfig;
  if (ref === undefined) return inline;
  if (!isObject(ref) || typeof ref.stateMachineName !== 'string' || typeof ref.testCase !== 'string') {
    return fail("'mockConfig' must be {config, stateMachineName, testCase}");
  }
  return { ...resolveMocks(ref.config ?? null, ref.stateMachineName, ref.testCase), ...inline };
}
