// Runs each recorded AWS Step Functions conformance case as its own test. A case fails the suite when it differs
// from AWS and is not in the known-differences list, or when it is listed there but now matches AWS.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CaseReport, loadTestCases, runCase } from '../../src/modules/workflows/index.js';
import { conformanceCases } from '../support/shared-data.js';
import { KNOWN_DIFFERENCES, MAX_KNOWN_SHARE } from './asl-known-differences.js';

const RECORDED = await loadTestCases([conformanceCases()]);
/** Cases of AWS behaviour that real projects met and the recorded set lacks (issue #13), kept beside this suite. */
const LOCAL = await loadTestCases([path.resolve(import.meta.dirname, 'cases')]);
const CASES = [...RECORDED, ...LOCAL];

/** What is wrong with one case's outcome given its known-difference reason, or undefined when it is as expected. */
function unexpected(report: CaseReport, knownReason: string | undefined): string | undefined {
  if (knownReason === undefined)
    return report.passed ? undefined : `differs from AWS: ${report.reason ?? 'no reason given'}`;
  return report.passed
    ? `now matches AWS: remove it from asl-known-differences.ts (was known: ${knownReason})`
    : undefined;
}

describe('ASL conformance (recorded AWS results)', () => {
  it('finds every recorded case and the local ones', () => {
    expect(RECORDED.length).toBe(529);
    expect(LOCAL.length).toBe(6);
  });

  it('lists only known differences that name a case, each with a reason, within the floor', () => {
    const names = new Set(CASES.map((c) => c.name));
    const listed = Object.entries(KNOWN_DIFFERENCES);
    expect(listed.filter(([name]) => !names.has(name)).map(([name]) => name)).toEqual([]);
    expect(listed.filter(([, reason]) => reason.trim() === '').map(([name]) => name)).toEqual([]);
    expect(listed.length / CASES.length).toBeLessThanOrEqual(MAX_KNOWN_SHARE);
  });

  it.each(CASES.map((testCase) => ({ name: testCase.name, testCase })))('$name', async ({ testCase }) => {
    const report = await runCase(testCase, { timeScale: 0 });
    expect(unexpected(report, KNOWN_DIFFERENCES[testCase.name])).toBeUndefined();
  });
});

describe('the known-differences verdict', () => {
  const failing = { name: 'c', passed: false, reason: 'output differs' } as CaseReport;
  const passing = { name: 'c', passed: true } as CaseReport;

  it('fails a new difference and an unexpected pass, accepts a known difference and a plain pass', () => {
    expect(unexpected(failing, undefined)).toMatch(/differs from AWS: output differs/);
    expect(unexpected(passing, 'because')).toMatch(/now matches AWS/);
    expect(unexpected(failing, 'because')).toBeUndefined();
    expect(unexpected(passing, undefined)).toBeUndefined();
  });
});
