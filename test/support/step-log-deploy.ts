// What the PostgreSQL step-log suites (two servers, connection loss) set up before their servers start: the
// environment of a `scones` on the test database, the step-log function and the machine, deployed through the CLI.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { runSconesInProcess } from './cli-in-process.js';
import { STEP_LOG_CODE } from './step-log.js';

/** The environment of a `scones` with its home in `cwd` and its database at `databaseUrl`. */
export function stepLogEnv(cwd: string, databaseUrl: string): Record<string, string> {
  return {
    SCONES_HOME: path.join(cwd, 'home'),
    SCONES_DATABASE_URL: databaseUrl,
    SCONES_LOG_LEVEL: 'warn',
    // The task writes to the test's folder: plain child processes (a sandbox would hide it).
    SCONES_FUNCTIONS_ISOLATION: 'process',
  };
}

/** Deploys the step-log function (appending to `stepLog`) and creates `machine` from `definition`, both by the CLI. */
export async function deployStepLogMachine(
  cwd: string,
  env: Record<string, string>,
  stepLog: string,
  machine: string,
  definition: object,
): Promise<void> {
  const scones = (args: string[]) => runSconesInProcess(args, { cwd, env });
  const deployed = await scones([
    ...['functions', 'deploy', 'step-log', '--runtime', 'nodejs', '--handler', 'index.handler'],
    ...['--code', STEP_LOG_CODE, '--env', `STEP_LOG=${stepLog}`, '--timeout', '30'],
  ]);
  expect(deployed.code, deployed.stderr).toBe(0);
  await writeFile(path.join(cwd, 'definition.json'), JSON.stringify(definition));
  const created = await scones(['workflow', 'create', machine, '--definition', 'definition.json']);
  expect(created.code, created.stderr).toBe(0);
}

/** A Step Functions client of the server at `url`, with the default key. */
export function sfnClientAt(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'scones', secretAccessKey: 'scones' },
  });
}
