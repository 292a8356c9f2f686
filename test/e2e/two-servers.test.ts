// Two real `scones serve` processes on one PostgreSQL (and one home folder for code and objects): 500 STANDARD
// executions started through both, three Lambda tasks and a Wait each. The task function appends every run to an
// fsynced log of its own; every execution must succeed and no step may appear in the log twice.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScones } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import {
  describeFailures,
  listExecutions,
  readSteps,
  repeated,
  stepLogFolder,
  stepTask,
} from '../support/step-log.js';
import { deployStepLogMachine, sfnClientAt, stepLogEnv } from '../support/step-log-deploy.js';

const EXECUTIONS = 500;
const STATES = ['one', 'two', 'three'] as const;
const MACHINE = 'two-servers';
const ARN = `arn:aws:states:us-east-1:000000000000:stateMachine:${MACHINE}`;

let cwd: string;
let logDir: string;
let postgres: TestDatabase;
let stepLog: string;
const servers: Array<Awaited<ReturnType<typeof serve>>> = [];

const env = () => stepLogEnv(cwd, postgres.url);

async function serve() {
  const started = await startScones(['serve', '--port', '0'], { cwd, env: env(), ready: /(http:\/\/\S+)/ });
  const url = started.match[1] as string;
  const sfn = sfnClientAt(url);
  return { ...started, url, sfn };
}

const definition = {
  StartAt: 'one',
  States: {
    one: stepTask('one', 'pause'),
    pause: { Type: 'Wait', Seconds: 1, Next: 'two' },
    two: stepTask('two', 'three'),
    three: stepTask('three'),
  },
};

/** Runs `work` over `items` with at most `width` in flight. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-two-servers-'));
  postgres = await createTestDatabase();
  logDir = await stepLogFolder();
  stepLog = path.join(logDir, 'steps.log');
});
afterAll(async () => {
  for (const server of servers) {
    server.sfn.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await postgres?.drop();
  await rm(cwd, { recursive: true, force: true });
  await rm(logDir, { recursive: true, force: true });
});

describe('two scones servers on one PostgreSQL', () => {
  // Two servers, 500 executions, 1,500 function runs on a loaded 2-core machine: minutes at worst.
  it('runs 500 executions started through both to SUCCEEDED, each step exactly once', async () => {
    await deployStepLogMachine(cwd, env(), stepLog, MACHINE, definition);

    servers.push(...(await Promise.all([serve(), serve()])));
    const names = Array.from({ length: EXECUTIONS }, (_, i) => `run-${String(i).padStart(3, '0')}`);
    await inParallel(names, 16, async (name) => {
      const server = servers[Number(name.slice(4)) % 2] as (typeof servers)[0];
      await server.sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name, input: '{}' }));
    });

    const [first, second] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const deadline = Date.now() + 300_000;
    while ((await listExecutions(first.sfn, ARN, 'RUNNING')).length > 0) {
      if (Date.now() > deadline) throw new Error('executions still RUNNING after 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const succeeded = (await listExecutions(second.sfn, ARN, 'SUCCEEDED')).length;
    expect(succeeded, succeeded === EXECUTIONS ? '' : await describeFailures(second.sfn, ARN)).toBe(
      EXECUTIONS,
    );

    const { steps, pids } = await readSteps(stepLog);
    expect(repeated(steps), 'steps run more than once').toEqual([]);
    expect(new Set(steps)).toEqual(
      new Set(names.flatMap((name) => STATES.map((state) => `${name} ${state}`))),
    );
    // Both servers ran tasks (each guest's parent is the server that invoked it).
    expect([...new Set(pids)].sort()).toEqual(servers.map((s) => s.child.pid).sort());
  }, 420_000);
});
