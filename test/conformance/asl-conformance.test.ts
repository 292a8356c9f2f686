// Runs the recorded AWS Step Functions conformance cases through the test runner; at least 98% must pass.
import { describe, expect, it } from 'vitest';
import { runTestFiles } from '../../src/modules/workflows/index.js';
import { CONFORMANCE_CASES } from '../support/shared-data.js';

const CASES = CONFORMANCE_CASES;

describe('ASL conformance (recorded AWS results)', () => {
  it('passes at least 98% of the cases', async () => {
    const report = await runTestFiles([CASES], { timeScale: 0, concurrency: 16 });
    const total = report.passed + report.failed;
    const failures = report.cases.filter((c) => !c.passed).map((c) => `  ${c.name}\n    ${c.reason}`);
    console.log(
      `ASL conformance: ${report.passed}/${total} passed (${((100 * report.passed) / total).toFixed(1)}%)`,
    );
    if (failures.length > 0) console.log(`Failing cases:\n${failures.join('\n')}`);
    expect(total).toBe(529);
    expect(report.passed / total).toBeGreaterThanOrEqual(0.98);
  });
});
