// Runs the test batch (one image pipeline execution per test image) and tallies how the executions ended.
import type { ProgressReporter } from '../../kernel/progress.js';
import type { ExecutionStatus } from '../../modules/workflows/index.js';
import type { App } from '../container.js';
import { THRESHOLD_ERROR } from './definitions.js';
import { latencyPercentiles } from './latency-percentiles.js';

export interface BatchOutcome {
  readonly executionArn: string;
  readonly status: ExecutionStatus;
  readonly images: number;
  readonly passed: number;
  readonly filtered: number;
  readonly failed: number;
  /** Other failures by error name. */
  readonly failures: Readonly<Record<string, number>>;
  /** Per-image pipeline execution time, milliseconds. */
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly seconds: number;
}

export async function runTestBatch(
  app: App,
  machines: { imagePipelineArn: string; testBatchArn: string },
  images: number,
  progress: ProgressReporter,
): Promise<BatchOutcome> {
  const started = Date.now();
  const { executionArn } = await app.workflows.executions.start({ stateMachineArn: machines.testBatchArn });
  const task = progress.start('classify test images', images, 'images');
  const watch = setInterval(() => {
    void countEnded(app, machines.imagePipelineArn, started).then(
      (ended) => task.update(ended.length),
      () => {},
    );
  }, 500);
  let status: ExecutionStatus;
  try {
    status = await app.workflows.executions.waitFor(executionArn);
  } finally {
    clearInterval(watch);
  }
  const ended = await countEnded(app, machines.imagePipelineArn, started);
  task.finish(`${ended.length} executions`);
  return { executionArn, status, images, ...tally(ended), seconds: (Date.now() - started) / 1000 };
}

interface EndedExecution {
  readonly status: ExecutionStatus;
  readonly error: string | undefined;
  readonly ms: number;
}

/** Executions of the machine started since `since` that have ended, with each failure's error. */
async function countEnded(app: App, stateMachineArn: string, since: number): Promise<EndedExecution[]> {
  const ended: EndedExecution[] = [];
  let nextToken: string | undefined;
  do {
    const page = await app.workflows.queries.list({
      stateMachineArn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    for (const summary of page.executions) {
      if (summary.startDate < since || summary.status === 'RUNNING') continue;
      const described =
        summary.status === 'FAILED' ? await app.workflows.queries.describe(summary.executionArn) : undefined;
      ended.push({
        status: summary.status,
        error: described?.error,
        ms: (summary.stopDate ?? summary.startDate) - summary.startDate,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return ended;
}

function tally(ended: readonly EndedExecution[]) {
  const failures: Record<string, number> = {};
  let passed = 0;
  let filtered = 0;
  for (const execution of ended) {
    if (execution.status === 'SUCCEEDED') passed++;
    else if (execution.error === THRESHOLD_ERROR) filtered++;
    else {
      const name = execution.error ?? execution.status;
      failures[name] = (failures[name] ?? 0) + 1;
    }
  }
  return {
    passed,
    filtered,
    failed: ended.length - passed - filtered,
    failures,
    latencyMs: latencyPercentiles(ended.map((e) => e.ms)),
  };
}
