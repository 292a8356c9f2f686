// `scones workflow` as a user runs it: validate, create, start (with --wait), run, describe, history, list, stop
// and the test runner over the shared conformance cases.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import { conformanceCases } from '../../support/shared-data.js';

let cwd: string;
const scones = (args: string[]) =>
  runSconesInProcess(args, { cwd, env: { SCONES_HOME: path.join(cwd, 'home') } });
const CASES = conformanceCases();
const out = (result: { stdout: Buffer }) => result.stdout.toString();

const definition = {
  StartAt: 'pause',
  States: {
    pause: { Type: 'Wait', Seconds: 60, Next: 'add' },
    add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 1)' }, End: true },
  },
};

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-cli-'));
  await writeFile(path.join(cwd, 'add.json'), JSON.stringify(definition));
  await writeFile(path.join(cwd, 'input.json'), '{"a":41}');
  await writeFile(
    path.join(cwd, 'bad.json'),
    '{"StartAt":"missing","States":{"x":{"Type":"Pass","End":true}}}',
  );
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('scones workflow', () => {
  it('validates definitions, listing every problem', async () => {
    expect((await scones(['workflow', 'validate', 'add.json'])).code).toBe(0);
    const bad = await scones(['workflow', 'validate', 'bad.json', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(out(bad))).toMatchObject({
      result: 'FAIL',
      diagnostics: [expect.objectContaining({ severity: 'ERROR' })],
    });
    expect(bad.stderr).toContain('WORKFLOW_INVALID_DEFINITION');
  });

  it('runs a definition once and prints its status and output or error', async () => {
    // add.json run locally, with no waiting, on `input` (inline JSON or @file).
    const runAdd = (input: string) =>
      scones([
        'workflow',
        'run',
        '--definition',
        'add.json',
        '--input',
        input,
        '--time-scale',
        '0',
        '--json',
      ]);
    const ok = await runAdd('@input.json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(out(ok))).toEqual({ status: 'SUCCEEDED', output: { sum: 42 } });
    const failed = await runAdd('{"a":"x"}');
    expect(failed.code).toBe(1);
    expect(JSON.parse(out(failed))).toMatchObject({
      status: 'FAILED',
      error: 'States.IntrinsicFailure',
      cause: expect.any(String),
    });
  });

  it('creates a machine, starts executions, waits for one, lists, describes, stops and shows history', async () => {
    const created = await scones(['workflow', 'create', 'adder', '--definition', 'add.json']);
    expect(out(created).trim()).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:adder');
    const started = await scones(['workflow', 'start', 'adder', '--name', 'later', '--input', '{"a":1}']);
    expect(out(started).trim()).toBe('arn:aws:states:us-east-1:000000000000:execution:adder:later');
    const waited = await scones([
      'workflow',
      'start',
      'adder',
      '--name',
      'now',
      '--input',
      '{"a":2}',
      '--wait',
      '--time-scale',
      '0',
      '--json',
    ]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(JSON.parse(out(waited))).toMatchObject({ status: 'SUCCEEDED', output: { sum: 3 } });
    const listed = JSON.parse(out(await scones(['workflow', 'list', 'adder', '--json']))) as {
      name: string;
      status: string;
    }[];
    expect(listed.map((e) => [e.name, e.status]).sort()).toEqual([
      ['later', 'RUNNING'],
      ['now', 'SUCCEEDED'],
    ]);
    expect(out(await scones(['workflow', 'list']))).toMatch(/adder\s+STANDARD/);
    const history = JSON.parse(out(await scones(['workflow', 'history', 'adder/now', '--json']))) as {
      type: string;
    }[];
    expect(history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    // `later` is driven by nobody: the stop waits in the inbox for the process that takes it over.
    expect((await scones(['workflow', 'stop', 'adder/later', '--error', 'Halt'])).code).toBe(0);
    const resumed = await scones([
      'workflow',
      'start',
      'adder',
      '--name',
      'later',
      '--input',
      '{"a":1}',
      '--wait',
      '--json',
    ]);
    expect(JSON.parse(out(resumed))).toMatchObject({ status: 'ABORTED', error: 'Halt' });
    const described = JSON.parse(out(await scones(['workflow', 'describe', 'adder/later', '--json'])));
    expect(described).toMatchObject({ name: 'later', status: 'ABORTED', input: '{"a":1}' });
  });

  it('runs the shared ASL conformance cases through the test runner', async () => {
    const result = await scones(['workflow', 'test', CASES, '--json']);
    const report = JSON.parse(out(result)) as {
      passed: number;
      failed: number;
      cases: { name: string; passed: boolean }[];
    };
    expect(report.cases.length).toBeGreaterThan(500);
    expect(report.passed / report.cases.length).toBeGreaterThanOrEqual(0.98);
    expect(report.cases[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        passed: expect.any(Boolean),
        expected: expect.any(Object),
        actual: expect.any(Object),
      }),
    );
  });
});
