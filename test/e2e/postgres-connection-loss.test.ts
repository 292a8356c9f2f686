// A real `scones serve` on PostgreSQL loses every database connection several times while 200 STANDARD executions
// run (the server terminates them, as a restart, a failover or an idle-connection reaper would): the engine must
// retry its round commits on fresh connections, so every execution still succeeds and no step runs twice.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScones } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { adminQuery } from '../support/postgres-server.js';
import {
  describeFailures,
  listExecutions,
  readSteps,
  repeated,
  stepLogFolder,
  stepTask,
} from '../support/step-log.js';
import { deployStepLogMachine, sfnClientAt, stepLogEnv } from '../support/step-log-deploy.js';

const EXECUTIONS = 200;
const MACHINE = 'connection-loss';
const ARN = `arn:aws:states:us-east-1:000000000000:stateMachine:${MACHINE}`;

let cwd: string;
let logDir: string;
let postgres: TestDatabase;
let server: Awaited<ReturnType<typeof startScones>> | undefined;
let sfn: SFNClient | undefined;

const env = () => stepLogEnv(cwd, postgres.url);

const definition = {
  StartAt: 'one',
  States: {
    one: stepTask('one', 'pause'),
    pause: { Type: 'Wait', Seconds: 1, Next: 'two' },
    two: stepTask('two'),
  },
};

/** Every connection the server holds to its database, terminated by the database server itself. */
async function dropServerConnections(): Promise<void> {
  const admin = new URL(postgres.url);
  const database = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  await adminQuery(
    admin.toString(),
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`,
  );
}

/** Reads that meet a connection being dropped fail once: asked again, they are answered on a fresh one. */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-connection-loss-'));
  postgres = await createTestDatabase();
  logDir = await stepLogFolder();
});
afterAll(async () => {
  sfn?.destroy();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await postgres?.drop();
  await rm(cwd, { recursive: true, force: true });
  await rm(logDir, { recursive: true, force: true });
});

describe('a PostgreSQL server that drops the connections of a running scones serve', () => {
  it('finishes every execution, each step exactly once', async () => {
    const stepLog = path.join(logDir, 'steps.log');
    await deployStepLogMachine(cwd, env(), stepLog, MACHINE, definition);

    server = await startScones(['serve', '--port', '0'], { cwd, env: env(), ready: /(http:\/\/\S+)/ });
    let serverLog = '';
    server.child.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    let finished = false;
    void server.exited.then((code) => {
      if (!finished) console.error(`scones serve exited with ${code} during the test:\n${serverLog}`);
    });
    const client = sfnClientAt(server.match[1] as string);
    sfn = client;
    const names = Array.from({ length: EXECUTIONS }, (_, i) => `run-${String(i).padStart(3, '0')}`);
    // Connections drop while executions start, step, wait and step again.
    let drops = 0;
    const dropping = (async () => {
      while (drops < 6) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await dropServerConnections();
        drops++;
      }
    })();
    for (const name of names) {
      await settled(() =>
        client.send(new StartExecutionCommand({ stateMachineArn: ARN, name, input: '{}' })),
      ).catch((error: unknown) => {
        // A start whose answer was lost with its connection may have committed: asked again it is refused.
        if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      });
    }
    await dropping;

    const deadline = Date.now() + 300_000;
    while ((await settled(() => listExecutions(client, ARN, 'RUNNING'))).length > 0) {
      if (Date.now() > deadline) throw new Error('executions still RUNNING after 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const succeeded = (await listExecutions(client, ARN, 'SUCCEEDED')).length;
    expect(succeeded, succeeded === EXECUTIONS ? '' : await describeFailures(client, ARN)).toBe(EXECUTIONS);

    const { steps } = await readSteps(stepLog);
    expect(repeated(steps), 'steps run more than once').toEqual([]);
    expect(steps).toHaveLength(EXECUTIONS * 2);
    finished = true;
  }, 420_000);
});
