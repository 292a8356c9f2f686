// The state-machine test runner: runs each case with its functions stubbed and compares the results.

import type { Clock } from '../../../kernel/clock.js';
import { isSconesError } from '../../../kernel/errors.js';
import { ExpressRunner } from '../engine/express/express-runner.js';
import { type ExpectedResult, loadTestCases, type TestCase } from './case-file.js';
import { type ActualResult, difference } from './compare.js';
import { stubDispatcher } from './stub-dispatcher.js';

export interface CaseReport {
  readonly name: string;
  readonly file?: string;
  readonly passed: boolean;
  readonly expected: ExpectedResult;
  readonly actual: ActualResult;
  /** Why it failed, when it did. */
  readonly reason?: string;
}

export interface TestReport {
  readonly passed: number;
  readonly failed: number;
  readonly cases: readonly CaseReport[];
}

export interface TestRunOptions {
  /** Multiplies Wait and Retry delays; 0 (the default) runs them without waiting. */
  readonly timeScale?: number;
  /** Cases run at once. */
  readonly concurrency?: number;
  readonly clock?: Clock;
  /** Fixed per-event entropy makes MathRandom/UUID repeatable. */
  readonly entropy?: () => string;
}

export async function runTestFiles(
  paths: readonly string[],
  options: TestRunOptions = {},
): Promise<TestReport> {
  return runTestCases(await loadTestCases(paths), options);
}

export async function runTestCases(
  cases: readonly TestCase[],
  options: TestRunOptions = {},
): Promise<TestReport> {
  const reports: CaseReport[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++)
      reports[i] = await runCase(cases[i] as TestCase, options);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const passed = reports.filter((r) => r.passed).length;
  return { passed, failed: reports.length - passed, cases: reports };
}

export async function runCase(testCase: TestCase, options: TestRunOptions = {}): Promise<CaseReport> {
  const runner = new ExpressRunner({
    dispatcher: stubDispatcher(testCase.stubs),
    timeScale: options.timeScale ?? 0,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.entropy === undefined ? {} : { entropy: options.entropy }),
  });
  let actual: ActualResult;
  try {
    const result = await runner.run({
      definition: testCase.definition,
      input: testCase.input,
      mocks: testCase.mocks,
    });
    actual = {
      status: result.status,
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    };
  } catch (error) {
    const code = isSconesError(error) ? error.code : 'ERROR';
    actual = { status: 'ERROR', error: code, cause: error instanceof Error ? error.message : String(error) };
  }
  const reason = difference(testCase.expected, actual);
  return {
    name: testCase.name,
    ...(testCase.file === undefined ? {} : { file: testCase.file }),
    passed: reason === undefined,
    expected: testCase.expected,
    actual,
    ...(reason === undefined ? {} : { reason }),
  };
}
