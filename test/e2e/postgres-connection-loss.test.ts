// A real `scones serve` on PostgreSQL loses every database connection several times while 200 STANDARD executions
// run (the server terminates them, as a restart, a failover or an idle-connection reaper would): the engine must
// retry its round commits on fresh connections, so every execution still succeeds and no step runs twice.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScones, startScones } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { adminQuery } from '../support/postgres-server.js';

const EXECUTIONS = 200;
const MACHINE = 'connection-loss';
const ARN = `arn:aws:states:us-east-1:000000000000:stateMachine:${MACHINE}`;
const FUNCTION_CODE = path.resolve(import.meta.dirname, '../fixtures/functions/step-log');

let cwd: string;
let logDir: string;
let postgres: TestDatabase;
let server: Awaited<ReturnType<typeof startScones>> | undefined;
let sfn: SFNClient | undefined;

const env = () => ({
  SCONES_HOME: path.join(cwd, 'home'),
  SCONES_DATABASE_URL: postgres.url,
  SCONES_LOG_LEVEL: 'warn',
  // The task writes to the test's folder: plain child processes (a sandbox would hide it).
  SCONES_FUNCTIONS_ISOLATION: 'process',
});

const task = (state: string, next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:lambda:us-east-1:000000000000:function:step-log',
  Parameters: { 'execution.$': '$$.Execution.Name', state },
  ResultPath: `$.${state}`,
  ...(next === undefined ? { End: true } : { Next: next }),
});

const definition = {
  StartAt: 'one',
  States: { one: task('one', 'pause'), pause: { Type: 'Wait', Seconds: 1, Next: 'two' }, two: task('two') },
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

async function statuses(client: SFNClient, status?: ExecutionStatus) {
  const page = await client.send(
    new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: status, maxResults: 1000 }),
  );
  return (page.executions ?? []).map((e) => ({ arn: e.executionArn ?? '', status: e.status ?? '' }));
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

async function failures(client: SFNClient): Promise<string> {
  const others = (await statuses(client)).filter((e) => e.status !== 'SUCCEEDED');
  const lines = await Promise.all(
    others.map(async (e) => {
      const history = await client.send(
        new GetExecutionHistoryCommand({ executionArn: e.arn, reverseOrder: true, maxResults: 3 }),
      );
      return `${e.arn} ${e.status} ${JSON.stringify(history.events)}`;
    }),
  );
  return lines.join('\n');
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-connection-loss-'));
  postgres = await createTestDatabase();
  logDir = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'scones-steps-'));
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
    const scones = (args: string[]) => runScones(args, { cwd, env: env() });
    const deployed = await scones([
      ...['functions', 'deploy', 'step-log', '--runtime', 'nodejs', '--handler', 'index.handler'],
      ...['--code', FUNCTION_CODE, '--env', `STEP_LOG=${stepLog}`, '--timeout', '30'],
    ]);
    expect(deployed.code, deployed.stderr).toBe(0);
    await writeFile(path.join(cwd, 'definition.json'), JSON.stringify(definition));
    const created = await scones(['workflow', 'create', MACHINE, '--definition', 'definition.json']);
    expect(created.code, created.stderr).toBe(0);

    server = await startScones(['serve', '--port', '0'], { cwd, env: env(), ready: /(http:\/\/\S+)/ });
    let serverLog = '';
    server.child.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    let finished = false;
    void server.exited.then((code) => {
      if (!finished) console.error(`scones serve exited with ${code} during the test:\n${serverLog}`);
    });
    const client = new SFNClient({
      endpoint: server.match[1] as string,
      region: 'us-east-1',
      credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
    });
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
    while ((await settled(() => statuses(client, 'RUNNING'))).length > 0) {
      if (Date.now() > deadline) throw new Error('executions still RUNNING after 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const succeeded = (await statuses(client, 'SUCCEEDED')).length;
    expect(succeeded, succeeded === EXECUTIONS ? '' : await failures(client)).toBe(EXECUTIONS);

    const steps = (await readFile(stepLog, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => line.split(' ').slice(0, 2).join(' '));
    expect(
      steps.filter((step, i) => steps.indexOf(step) !== i),
      'steps run more than once',
    ).toEqual([]);
    expect(steps).toHaveLength(EXECUTIONS * 2);
    finished = true;
  }, 420_000);
});
