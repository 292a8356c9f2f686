// The real `scones serve` killed with SIGKILL again and again while 1,000 STANDARD executions of
// Task -> Wait -> Task -> Pass -> Task run real functions: nothing is lost, every execution ends, histories are
// contiguous, and no step without a Retry invokes its function twice (AWS Standard workflows: at most once). The
// function appends `<execution> <step> <attempt>` to a log with fsync before it returns, so the log counts real
// invocations. Kills are triggered by progress (log lines), never by time; in each round two executions hold
// their function open until the kill, so every kill has a task in flight: one without a Retry (it must fail with
// Lambda.ServiceException, invoked once) and one with a Retry on that error (it must be invoked again and succeed).

import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlExecutionJournal, WorkflowService } from '../../../src/modules/workflows/index.js';
import { openSqliteDatabase } from '../../../src/platform/db/sqlite/sqlite-database.js';
import { startScones } from '../../support/cli.js';
import { until } from '../../support/eventually.js';
import { zipOf } from '../../support/zip.js';

const EXECUTIONS = 1_000;
const KILLS = 4;
/** Regular executions running at once: each has one task at a time, well under the 32 concurrent invocations. */
const RUNNING = 16;
const STEPS = ['one', 'two', 'three'] as const;
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:step';
const LOST = /outcome of this task was lost/;

// The log is a host file the test reads, so the guests run as plain processes (functions.isolation 'process'):
// the at-most-once rule is the engine's and holds whatever the isolation.
const BASE = process.env.SCONES_TEST_SHARED_DIR ?? '/var/tmp';
let cwd: string;
let logFile: string;
let releaseDir: string;
/** The server running now, killed if the test fails half-way. */
let current: Server | undefined;
const env = () => ({
  SCONES_HOME: path.join(cwd, 'home'),
  SCONES_LOG_LEVEL: 'warn',
  SCONES_FUNCTIONS_ISOLATION: 'process',
  // Wait 1 s and Retry 1 s become 10 ms: the test measures crashes, not waiting.
  SCONES_WORKFLOW_TIME_SCALE: '0.01',
});

/** Appends one fsynced line per invocation; a held execution then blocks until the test releases it. */
const HANDLER = `const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event) => {
  const fd = fs.openSync(process.env.LOG_FILE, 'a');
  try {
    fs.writeSync(fd, event.execution + ' ' + event.step + ' ' + event.attempt + '\\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (event.hold && event.step === 'one' && event.attempt === 0) {
    const release = path.join(process.env.RELEASE_DIR, event.execution);
    while (!fs.existsSync(release)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return event.step;
};
`;

function task(step: string, next: string | undefined, retry: boolean) {
  return {
    Type: 'Task',
    Resource: FUNCTION,
    Parameters: {
      'execution.$': '$$.Execution.Name',
      step,
      'attempt.$': '$$.State.RetryCount',
      'hold.$': '$.hold',
    },
    ResultPath: `$.results.${step}`,
    ...(retry
      ? { Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 10 }] }
      : {}),
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

/** Task -> Wait -> Task -> Pass -> Task; Retry only on Lambda.ServiceException, and only when asked. */
function definition(retry: boolean) {
  return {
    StartAt: 'one',
    States: {
      one: task('one', 'pause', retry),
      pause: { Type: 'Wait', Seconds: 1, Next: 'two' },
      two: task('two', 'passing', retry),
      passing: { Type: 'Pass', Result: 'passed', ResultPath: '$.passed', Next: 'three' },
      three: task('three', undefined, retry),
    },
  };
}

interface Server {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly url: string;
}

async function serve(): Promise<Server> {
  const started = await startScones(['serve', '--port', '0'], { cwd, env: env(), ready: /(http:\/\/\S+)/ });
  current = { ...started, url: started.match[1] as string };
  return current;
}

async function request(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

function start(server: Server, machine: string, name: string, hold: boolean) {
  return request(`${server.url}/api/v1/state-machines/${machine}/executions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, input: { hold } }),
  });
}

/** The function and the two machines, through the first server (CLI processes would cost seconds each). */
async function setUp(server: Server): Promise<void> {
  const lambda = new LambdaClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
  });
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'step',
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/steps',
        Handler: 'index.handler',
        Code: { ZipFile: zipOf([['index.js', HANDLER]]) },
        Timeout: 900,
        Environment: { Variables: { LOG_FILE: logFile, RELEASE_DIR: releaseDir } },
      }),
    );
  } finally {
    lambda.destroy();
  }
  for (const [name, retry] of [
    ['once', false],
    ['retried', true],
  ] as const) {
    await request(`${server.url}/api/v1/state-machines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, definition: definition(retry) }),
    });
  }
}

async function running(server: Server, machine: string): Promise<number> {
  const listed = await request(
    `${server.url}/api/v1/state-machines/${machine}/executions?status=RUNNING&maxResults=1000`,
  );
  return (listed.executions as unknown[]).length;
}

/** Complete lines of the invocation log: `<execution> <step> <attempt>`. */
async function invocations(): Promise<string[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').slice(0, -1);
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(BASE, 'scones-at-most-once-'));
  logFile = path.join(cwd, 'invocations.log');
  releaseDir = path.join(cwd, 'release');
  await mkdir(releaseDir);
});
afterAll(async () => {
  if (current !== undefined && current.child.exitCode === null && current.child.signalCode === null) {
    current.child.kill('SIGKILL');
    await current.exited;
  }
  await rm(cwd, { recursive: true, force: true });
});

describe('scones serve killed with SIGKILL during 1,000 executions', () => {
  it('loses nothing, ends every execution and invokes each step without a Retry at most once', async () => {
    const regular: string[] = [];
    const held: string[] = [];
    const retried: string[] = [];
    /** Keeps about RUNNING regular executions going until all are started. */
    const feed = async (server: Server) => {
      const room = RUNNING + 1 - (await running(server, 'once'));
      for (let i = 0; i < room && regular.length < EXECUTIONS; i++) {
        const name = `run-${String(regular.length).padStart(4, '0')}`;
        await start(server, 'once', name, false);
        regular.push(name);
      }
    };
    // Kill points by progress: a share of the lines 1,000 executions write (3 each, fewer for those a kill
    // failed: at most RUNNING + 1 per kill, so the last point is always reached).
    const points = Array.from({ length: KILLS }, (_, i) =>
      Math.floor(((i + 1) * EXECUTIONS * 2.5) / (KILLS + 1)),
    );
    let server = await serve();
    await setUp(server);
    for (const [round, point] of points.entries()) {
      const hold = `held-${round}`;
      const retry = `retried-${round}`;
      await start(server, 'once', hold, true);
      await start(server, 'retried', retry, true);
      held.push(hold);
      retried.push(retry);
      await until(
        async () => {
          await feed(server);
          const lines = await invocations();
          return lines.length >= point && lines.includes(`${hold} one 0`) && lines.includes(`${retry} one 0`);
        },
        { what: `kill point ${round} (${point} invocations)`, timeoutMs: 300_000, intervalMs: 100 },
      );
      server.child.kill('SIGKILL');
      await server.exited;
      // Guests die with the server (parent-death signal); where they cannot, this lets the held ones return.
      await writeFile(path.join(releaseDir, hold), '');
      await writeFile(path.join(releaseDir, retry), '');
      server = await serve();
    }
    await until(
      async () => {
        await feed(server);
        return (
          regular.length === EXECUTIONS &&
          (await running(server, 'once')) === 0 &&
          (await running(server, 'retried')) === 0
        );
      },
      { what: 'every execution to end', timeoutMs: 300_000, intervalMs: 100 },
    );
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const counts = new Map<string, number>();
    for (const line of await invocations()) {
      const [execution, step] = line.split(' ');
      const k = `${execution} ${step}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const invoked = (execution: string, step: string) => counts.get(`${execution} ${step}`) ?? 0;

    const database = openSqliteDatabase({ file: path.join(cwd, 'home', 'scones.db') });
    const service = new WorkflowService({ database, journal: sqlExecutionJournal(database) });
    let lostTasks = 0;
    try {
      const check = async (machine: string, name: string) => {
        const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${machine}:${name}`;
        // 0 lost: every execution the API acknowledged is there, and ended.
        const described = await service.queries.describe(executionArn);
        expect(described.status, name).not.toBe('RUNNING');
        const { events } = await service.queries.history({ executionArn, maxResults: 1000 });
        expect(
          events.map((e) => e.id),
          name,
        ).toEqual(events.map((_, i) => i + 1));
        for (const event of events) {
          expect(event.previousEventId, name).toBeLessThan(event.id);
          expect(event.previousEventId, name).toBeGreaterThanOrEqual(0);
        }
        expect(
          events.filter((e) => e.type === 'ExecutionStarted'),
          name,
        ).toHaveLength(1);
        expect(events.at(-1)?.type, name).toBe(
          `Execution${described.status === 'SUCCEEDED' ? 'Succeeded' : 'Failed'}`,
        );
        const failures = events.filter((e) => e.type === 'LambdaFunctionFailed');
        for (const failure of failures) {
          expect(failure.lambdaFunctionFailedEventDetails, name).toMatchObject({
            error: 'Lambda.ServiceException',
            cause: expect.stringMatching(LOST),
          });
        }
        lostTasks += failures.length;
        return { described, events, failures };
      };

      for (const name of [...regular, ...held]) {
        const { described, events, failures } = await check('once', name);
        // At most once per step without a Retry; every success was a real invocation.
        for (const step of STEPS) expect(invoked(name, step), `${name} ${step}`).toBeLessThanOrEqual(1);
        const succeeded = events.filter((e) => e.type === 'LambdaFunctionSucceeded').length;
        const calls = STEPS.reduce((sum, step) => sum + invoked(name, step), 0);
        expect(calls, name).toBeGreaterThanOrEqual(succeeded);
        if (described.status === 'SUCCEEDED') expect(calls, name).toBe(3);
        else {
          expect(described.status, name).toBe('FAILED');
          expect(described.error, name).toBe('Lambda.ServiceException');
          expect(failures, name).toHaveLength(1);
        }
      }
      // Each held execution was in flight at a kill and has no Retry: failed, invoked once, never again.
      for (const name of held) {
        const described = await service.queries.describe(
          `arn:aws:states:us-east-1:000000000000:execution:once:${name}`,
        );
        expect(described.status, name).toBe('FAILED');
        expect(described.cause, name).toMatch(LOST);
        expect(
          STEPS.map((step) => invoked(name, step)),
          name,
        ).toEqual([1, 0, 0]);
      }
      // The same with a Retry on Lambda.ServiceException: invoked again, and the execution succeeds.
      for (const name of retried) {
        const { described, failures } = await check('retried', name);
        expect(described.status, name).toBe('SUCCEEDED');
        expect(failures.length, name).toBeGreaterThanOrEqual(1);
        expect(invoked(name, 'one'), name).toBeGreaterThanOrEqual(2);
        // Only a lost task runs again (a task lost before its invocation leaves no line).
        const calls = STEPS.reduce((sum, step) => sum + invoked(name, step), 0);
        expect(calls, name).toBeLessThanOrEqual(STEPS.length + failures.length);
      }
      expect(lostTasks).toBeGreaterThanOrEqual(2 * KILLS);
      // The journal of every execution a kill touched replays to its committed history.
      for (const [machine, names] of [
        ['once', held],
        ['retried', retried],
      ] as const) {
        for (const name of names) {
          const executionArn = `arn:aws:states:us-east-1:000000000000:execution:${machine}:${name}`;
          const history = await service.queries.history({ executionArn, maxResults: 1000 });
          expect(await service.replay(executionArn), name).toEqual(history.events);
        }
      }
    } finally {
      await service.close();
      await database.close();
    }
  }, 900_000);
});
