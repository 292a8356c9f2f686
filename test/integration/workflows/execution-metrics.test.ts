// The composition root feeds finished workflow executions into the metrics store under Step Functions' CloudWatch
// names: Scones/Workflows ExecutionsStarted|Succeeded|Failed and ExecutionTime, per StateMachineName.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { type App, createApp } from '../../../src/app/container.js';

let home: string;
let app: App;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-metrics-'));
  app = await createApp(loadConfig({ cwd: home, env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'silent' } }), {
    cwd: home,
  });
  await app.workflows.startEngine();
});
afterAll(async () => {
  await app.close();
  await rm(home, { recursive: true, force: true });
});

const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 0, End: true } } });
const FAIL = JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom.Error' } } });

async function statistic(name: string, machine: string, stat: string): Promise<number | undefined> {
  const now = Date.now();
  const result = await app.monitoring.metrics.query({
    namespace: 'Scones/Workflows',
    name,
    dimensions: { StateMachineName: machine },
    start: now - 3_600_000,
    end: now + 60_000,
    periodSeconds: 7200,
    statistics: [stat],
  });
  return result.datapoints[0]?.values[stat];
}

describe('workflow execution metrics', () => {
  it('counts STANDARD executions that succeeded and failed, and their execution time', async () => {
    const ok = await app.workflows.machines.create({ name: 'metrics-ok', definition: WAIT });
    const bad = await app.workflows.machines.create({ name: 'metrics-bad', definition: FAIL });
    for (const arn of [ok.stateMachineArn, ok.stateMachineArn, bad.stateMachineArn]) {
      const { executionArn } = await app.workflows.executions.start({ stateMachineArn: arn });
      await app.workflows.executions.waitFor(executionArn);
    }
    expect(await statistic('ExecutionsStarted', 'metrics-ok', 'Sum')).toBe(2);
    expect(await statistic('ExecutionsSucceeded', 'metrics-ok', 'Sum')).toBe(2);
    expect(await statistic('ExecutionsFailed', 'metrics-ok', 'Sum')).toBeUndefined();
    expect(await statistic('ExecutionsFailed', 'metrics-bad', 'Sum')).toBe(1);
    expect(await statistic('ExecutionTime', 'metrics-ok', 'SampleCount')).toBe(2);
    expect(await statistic('ExecutionTime', 'metrics-ok', 'Minimum')).toBeGreaterThanOrEqual(0);
    expect(await statistic('ExecutionTime', 'metrics-bad', 'SampleCount')).toBe(1);
  });

  it('counts EXPRESS executions run with StartSyncExecution', async () => {
    const fast = await app.workflows.machines.create({
      name: 'metrics-fast',
      definition: WAIT,
      type: 'EXPRESS',
    });
    const outcome = await app.workflows.executions.startSync({ stateMachineArn: fast.stateMachineArn });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(await statistic('ExecutionsSucceeded', 'metrics-fast', 'Sum')).toBe(1);
    expect(await statistic('ExecutionTime', 'metrics-fast', 'Maximum')).toBe(
      outcome.stopDate - outcome.startDate,
    );
  });
});
