// The state-machine test-file runner: case files and directories, stubs, mocks, comparison rules.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTestFiles } from '../../../src/modules/workflows/index.js';

const LAMBDA = 'arn:aws:lambda:us-east-1:111111111111:function:';

async function dir(files: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'asl-cases-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), JSON.stringify(content));
  }
  return root;
}

const echoCase = {
  name: 'echo',
  definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: `${LAMBDA}echo`, End: true } } },
  input: { a: 1.0 },
  expected: { status: 'SUCCEEDED', output: { a: 1 } },
  stubs: { echo: { returns: 'input' } },
};

describe('runTestFiles', () => {
  it('runs the cases of files and nested directories and reports each', async () => {
    const root = await dir({
      'a.json': echoCase,
      'nested/b.json': [
        {
          name: 'throws',
          definition: { StartAt: 'T', States: { T: { Type: 'Task', Resource: `${LAMBDA}bad`, End: true } } },
          input: {},
          expected: { status: 'FAILED', error: 'ValueError' },
          stubs: { bad: { throws: { errorType: 'ValueError', errorMessage: 'no' } } },
        },
        {
          name: 'wrong',
          definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          input: { x: 1 },
          expected: { status: 'SUCCEEDED', output: { x: 2 } },
        },
      ],
      'ignored.txt': 'not json',
    });
    const report = await runTestFiles([root]);
    expect(report.passed).toBe(2);
    expect(report.failed).toBe(1);
    const wrong = report.cases.find((c) => c.name === 'wrong');
    expect(wrong).toMatchObject({ passed: false, actual: { status: 'SUCCEEDED', output: { x: 1 } } });
    expect(wrong?.reason).toContain('output');
  });

  it('checks the cause only when the expectation has one (null meaning none)', async () => {
    const fail = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } };
    const root = await dir({
      'x.json': [
        { name: 'no cause key', definition: fail, input: {}, expected: { status: 'FAILED', error: 'E' } },
        {
          name: 'null cause',
          definition: fail,
          input: {},
          expected: { status: 'FAILED', error: 'E', cause: null },
        },
        {
          name: 'wrong cause',
          definition: fail,
          input: {},
          expected: { status: 'FAILED', error: 'E', cause: 'c' },
        },
      ],
    });
    const report = await runTestFiles([root]);
    expect(report.cases.map((c) => c.passed)).toEqual([true, true, false]);
  });

  it('supports inline mocks and MockConfigFile test cases', async () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f', Payload: {} },
          End: true,
        },
      },
    };
    const root = await dir({
      'm.json': [
        {
          name: 'inline',
          definition,
          input: {},
          expected: { status: 'SUCCEEDED', output: { Payload: 1 } },
          mocks: { T: { '0': { Return: { Payload: 1 } } } },
        },
        {
          name: 'config',
          definition,
          input: {},
          expected: { status: 'FAILED', error: 'Lambda.Unknown', cause: 'x' },
          mockConfig: {
            stateMachineName: 'M',
            testCase: 'Fails',
            config: {
              StateMachines: { M: { TestCases: { Fails: { T: 'Err' } } } },
              MockedResponses: { Err: { '0': { Throw: { Error: 'Lambda.Unknown', Cause: 'x' } } } },
            },
          },
        },
      ],
    });
    const report = await runTestFiles([root]);
    expect(report.cases.map((c) => [c.name, c.passed])).toEqual([
      ['inline', true],
      ['config', true],
    ]);
  });

  it('reports an invalid definition as a failed case, and rejects malformed case files', async () => {
    const root = await dir({
      'bad.json': {
        name: 'invalid',
        definition: { StartAt: 'X', States: {} },
        input: {},
        expected: { status: 'SUCCEEDED' },
      },
    });
    const report = await runTestFiles([root]);
    expect(report.cases[0]).toMatchObject({
      passed: false,
      actual: { status: 'ERROR', error: 'WORKFLOW_INVALID_DEFINITION' },
    });
    const broken = await dir({ 'broken.json': { name: 'x', definition: {}, expected: { status: 'MAYBE' } } });
    await expect(runTestFiles([broken])).rejects.toMatchObject({ code: 'WORKFLOW_INVALID_TEST_CASE' });
    await expect(runTestFiles(['/no/such/dir'])).rejects.toMatchObject({
      code: 'WORKFLOW_INVALID_TEST_CASE',
    });
  });
});
