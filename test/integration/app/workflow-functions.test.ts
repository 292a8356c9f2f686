// Lambda tasks of workflows run real functions: the composition root wires the engine to the functions service.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { type App, createApp } from '../../../src/app/container.js';

let home: string;
let app: App;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-fn-'));
  app = await createApp(loadConfig({ cwd: home, env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'silent' } }), {
    cwd: home,
  });
});
afterAll(async () => {
  await app.close();
  await rm(home, { recursive: true, force: true });
});

const filterMachine = JSON.stringify({
  StartAt: 'Filter',
  States: {
    Filter: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'scones-filterLowConfidence', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
});

describe('workflow Lambda tasks on the functions service', () => {
  it('passes confident predictions through the built-in scones-filterLowConfidence', async () => {
    const event = { statusCode: 200, body: { s3_key: 'test/x.png', inferences: [0.97, 0.03] } };
    const outcome = await app.workflows.run(filterMachine, event);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.output).toEqual(event);
  });

  it("fails with the function's own error name when confidence is under the threshold", async () => {
    const outcome = await app.workflows.run(filterMachine, { body: { inferences: [0.6, 0.4] } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'THRESHOLD_CONFIDENCE_NOT_MET' });
    expect(JSON.parse(outcome.cause as string)).toMatchObject({ errorType: 'THRESHOLD_CONFIDENCE_NOT_MET' });
  });

  it('finds functions named by ARN, with or without a qualifier, as the classic definitions name them', async () => {
    const event = { body: { inferences: [0.01, 0.99] } };
    for (const name of [
      'arn:aws:lambda:us-east-1:000000000000:function:scones-filterLowConfidence:$LATEST',
      'arn:aws:lambda:us-west-2:123456789012:function:scones-filterLowConfidence',
      '123456789012:function:scones-filterLowConfidence',
      'scones-filterLowConfidence:$LATEST',
    ]) {
      const outcome = await app.workflows.run(
        filterMachine.replace('scones-filterLowConfidence', name),
        event,
      );
      expect(outcome.status, name).toBe('SUCCEEDED');
    }
  });

  it('reports a missing function as Lambda.ResourceNotFoundException', async () => {
    const machine = filterMachine.replace('scones-filterLowConfidence', 'noSuchFunction');
    const outcome = await app.workflows.run(machine, {});
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });
});
