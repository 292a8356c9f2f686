// The real `scones serve` killed with SIGKILL while executions wait in Wait states and in slow tasks, then
// restarted: every execution finishes with the right output, and no step whose result was committed runs twice.
// A task in flight at the kill fails with States.TaskFailed (its outcome was lost) and runs again only because
// its state declares a Retry. The side-effecting task is an HTTP Task calling a counter server in this test process.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sqlExecutionJournal, WorkflowService } from '../../../src/modules/workflows/index.js';
import { runScones, startScones } from '../../support/cli.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import { until } from '../../support/eventually.js';

interface Call {
  readonly execution: string;
  readonly state: string;
  readonly receivedAt: number;
  respondedAt?: number;
}

let cwd: string;
let db: DbUnderTest;
let counter: Server;
let counterUrl: string;
const calls: Call[] = [];
const env = () => ({
  SCONES_HOME: path.join(cwd, 'home'),
  SCONES_DATABASE_URL: db.url,
  SCONES_LOG_LEVEL: 'warn',
});

/** Answers `{execution, state}` after `delay` ms, recording when each request came and was answered. */
function startCounter(): Promise<void> {
  counter = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const event = JSON.parse(body) as { execution: string; state: string; delay: number };
      const call: Call = { execution: event.execution, state: event.state, receivedAt: Date.now() };
      calls.push(call);
      setTimeout(() => {
        call.respondedAt = Date.now();
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ execution: event.execution, state: event.state }));
      }, event.delay);
    });
  });
  return new Promise((resolve) =>
    counter.listen(0, '127.0.0.1', () => {
      counterUrl = `http://127.0.0.1:${(counter.address() as { port: number }).port}/step`;
      resolve();
    }),
  );
}

function httpTask(state: string, delayPath: string, next: string | undefined) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::http:invoke',
    Parameters: {
      ApiEndpoint: counterUrl,
      Method: 'POST',
      Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:000000000000:connection/counter/1' },
      RequestBody: { 'execution.$': '$$.Execution.Name', state, 'delay.$': delayPath },
    },
    ResultSelector: { 'state.$': '$.ResponseBody.state' },
    // Without it, a task in flight at the kill would fail the execution (at most once, as AWS Standard).
    Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 2 }],
    ResultPath: `$.results.${state}`,
    ...(next === undefined ? { End: true } : { Next: next }),
  };
}

function definition() {
  return {
    StartAt: 'first',
    States: {
      first: httpTask('first', '$.fast', 'pause'),
      pause: { Type: 'Wait', SecondsPath: '$.wait', Next: 'slow' },
      slow: httpTask('slow', '$.slow', 'last'),
      last: httpTask('last', '$.fast', undefined),
    },
  };
}

const scones = (args: string[]) => runScones(args, { cwd, env: env() });

async function serve() {
  const started = await startScones(['serve', '--port', '0'], { cwd, env: env(), ready: /(http:\/\/\S+)/ });
  return { ...started, url: started.match[1] as string };
}

async function json(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  await startCounter();
});
afterAll(async () => {
  counter.closeAllConnections();
  counter.close();
});

for (const engine of DB_MATRIX)
  describe(`scones serve killed mid-run (${engine.name})`, () => {
    beforeEach(async () => {
      cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-crash-'));
      db = await engine.create(path.join(cwd, 'home'));
      calls.length = 0;
    });
    afterEach(async () => {
      await db.drop();
      await rm(cwd, { recursive: true, force: true });
    });

    // Two servers and two CLI runs: a minute or more on a loaded 2-core machine, hence the timeout.
    it('resumes every execution after SIGKILL and a restart, retrying only the work in flight', async () => {
      await writeFile(path.join(cwd, 'crash.json'), JSON.stringify(definition()));
      expect((await scones(['workflow', 'create', 'crash', '--definition', 'crash.json'])).code).toBe(0);
      // Started before any server runs: the first server must take it over.
      const early = await scones([
        'workflow',
        'start',
        'crash',
        '--name',
        'cli-early',
        '--input',
        '{"wait":0,"fast":0,"slow":0}',
      ]);
      expect(early.code, early.stderr).toBe(0);

      const first = await serve();
      const waiting = ['wait-0', 'wait-1', 'wait-2'];
      const inTask = ['task-0', 'task-1', 'task-2'];
      const start = (name: string, input: object) =>
        json(`${first.url}/api/v1/state-machines/crash/executions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, input }),
        });
      for (const name of waiting) await start(name, { wait: 2, fast: 0, slow: 0 });
      // The others through the Step Functions API of the same server.
      const sfn = new SFNClient({
        endpoint: first.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
      });
      for (const name of inTask) {
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:crash',
            name,
            input: JSON.stringify({ wait: 0, fast: 0, slow: 2500 }),
          }),
        );
      }
      sfn.destroy();
      const history = async (url: string, name: string) =>
        ((await json(`${url}/api/v1/state-machines/crash/executions/${name}/history?maxResults=1000`))
          .events as {
          type: string;
          timestamp: string;
          stateEnteredEventDetails?: { name: string };
        }[]) ?? [];
      await until(
        async () => {
          for (const name of waiting) {
            if (!(await history(first.url, name)).some((e) => e.type === 'WaitStateEntered')) return false;
          }
          return inTask.every((name) => calls.some((c) => c.execution === name && c.state === 'slow'));
        },
        { what: 'executions in Wait states and in slow tasks' },
      );
      expect((await json(`${first.url}/api/v1/state-machines/crash/executions/cli-early`)).status).toBe(
        'SUCCEEDED',
      );

      first.child.kill('SIGKILL');
      await first.exited;
      const killedAt = Date.now();
      // Started while no server runs; the restarted one takes it over too.
      expect(
        (
          await scones([
            'workflow',
            'start',
            'crash',
            '--name',
            'cli-late',
            '--input',
            '{"wait":0,"fast":0,"slow":0}',
          ])
        ).code,
      ).toBe(0);

      const second = await serve();
      const all = ['cli-early', ...waiting, ...inTask, 'cli-late'];
      await until(
        async () => {
          for (const name of all) {
            const described = await json(`${second.url}/api/v1/state-machines/crash/executions/${name}`);
            if (described.status === 'RUNNING') return false;
          }
          return true;
        },
        { what: 'all executions to end' },
      );

      for (const name of all) {
        const described = await json(`${second.url}/api/v1/state-machines/crash/executions/${name}`);
        expect(described.status, name).toBe('SUCCEEDED');
        expect((described.output as { results: unknown }).results).toEqual({
          first: { state: 'first' },
          slow: { state: 'slow' },
          last: { state: 'last' },
        });
        const events = await history(second.url, name);
        expect(events.filter((e) => e.type === 'TaskSucceeded')).toHaveLength(3);
        expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
        // A task runs twice only when the kill lost its outcome: a TaskFailed says so, and the Retry ran it again.
        const lost = events.filter((e) => e.type === 'TaskFailed');
        for (const event of lost) {
          expect((event as { taskFailedEventDetails?: object }).taskFailedEventDetails).toMatchObject({
            error: 'States.TaskFailed',
            cause: expect.stringMatching(/outcome of this task was lost/),
          });
        }
        const invoked = calls.filter((c) => c.execution === name).length;
        expect(invoked, name).toBeLessThanOrEqual(3 + lost.length);
        // A task whose success was committed before the kill was never invoked again.
        const committedBefore = new Set(
          events
            .filter((e) => e.type === 'TaskStateExited' && Date.parse(e.timestamp) < killedAt)
            .map((e) => (e as { stateExitedEventDetails?: { name: string } }).stateExitedEventDetails?.name),
        );
        for (const state of ['first', 'slow', 'last']) {
          const count = calls.filter((c) => c.execution === name && c.state === state).length;
          if (committedBefore.has(state)) expect(count, `${name}/${state}`).toBe(1);
          else expect(count, `${name}/${state}`).toBeLessThanOrEqual(2);
        }
      }
      for (const name of [...waiting, 'cli-early', 'cli-late']) {
        expect(calls.filter((c) => c.execution === name).length, name).toBe(3);
      }
      // The slow tasks were in flight at the kill: failed as lost, then invoked again by their Retry.
      for (const name of inTask) {
        expect(calls.filter((c) => c.execution === name && c.state === 'first')).toHaveLength(1);
        expect(calls.filter((c) => c.execution === name && c.state === 'slow')).toHaveLength(2);
      }
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      // Read back from the database: each execution's journal replays to its committed history.
      const database = await db.open();
      const service = new WorkflowService({ database, journal: sqlExecutionJournal(database) });
      try {
        for (const name of all) {
          const executionArn = `arn:aws:states:us-east-1:000000000000:execution:crash:${name}`;
          const history = await service.queries.history({ executionArn, maxResults: 1000 });
          expect(await service.replay(executionArn), name).toEqual(history.events);
        }
      } finally {
        await service.close();
        await database.close();
      }
    }, 180_000);
  });
