// The training jobs' log group read as the SageMaker SDK's `Estimator.fit(logs="All")` reads it:
// DescribeLogStreams with `<job>/`, then GetLogEvents from the head until the forward token stops moving.
import { describe, expect, it } from 'vitest';
import {
  TRAINING_JOBS_GROUP,
  type TrainingJobLogs,
  trainingJobLogGroup,
} from '../../../src/app/log-groups.js';
import { LOGS_OPERATIONS, type LogsContext } from '../../../src/http/aws/logs/logs-operations.js';

interface Job {
  readonly jobName: string;
  readonly startedAt: number;
  readonly lines: { timestamp: number; message: string }[];
}
const jobs: Job[] = [];
/** The jobs above as the control plane gives them: the ones with lines, their extents, and lines by job. */
const source: TrainingJobLogs = {
  jobStreams: async () =>
    jobs
      .filter((job) => job.lines.length > 0)
      .map((job) => ({
        jobName: job.jobName,
        startedAt: job.startedAt,
        firstTimestamp: job.lines[0]?.timestamp ?? 0,
        lastTimestamp: job.lines.at(-1)?.timestamp ?? 0,
        storedBytes: job.lines.reduce((sum, line) => sum + line.message.length, 0),
      })),
  jobLines: async (name) => jobs.find((job) => job.jobName === name)?.lines ?? [],
};
/** Job 1's lines, which grow while it runs. */
const job1Lines = [1, 2, 3].map((n) => ({ timestamp: 1_765_000_000_000 + n, message: `epoch ${n}` }));
const context: LogsContext = {
  sources: [trainingJobLogGroup(source)],
  region: 'us-east-1',
  accountId: '000000000000',
};
const call = (op: string, body: Record<string, unknown>) =>
  (LOGS_OPERATIONS[op] as NonNullable<(typeof LOGS_OPERATIONS)[string]>)(context, body) as Promise<
    Record<string, unknown>
  >;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { type: string }) => error.type,
  );

describe('/aws/sagemaker/TrainingJobs', () => {
  it('does not exist before a job logs, then serves one stream per job with SageMaker names', async () => {
    expect(await failure(call('DescribeLogStreams', { logGroupName: TRAINING_JOBS_GROUP }))).toBe(
      'ResourceNotFoundException',
    );
    jobs.push({
      jobName: 'job-1',
      startedAt: 1_765_000_000_500,
      lines: job1Lines,
    });
    jobs.push({ jobName: 'job-10', startedAt: 1_765_000_100_000, lines: [{ timestamp: 1, message: 'x' }] });
    const streams = await call('DescribeLogStreams', {
      logGroupName: TRAINING_JOBS_GROUP,
      logStreamNamePrefix: 'job-1/',
    });
    expect((streams.logStreams as { logStreamName: string }[]).map((s) => s.logStreamName)).toEqual([
      'job-1/algo-1-1765000000',
    ]);
  });

  it('pages GetLogEvents from the head and hands the token back at the end; new lines follow', async () => {
    const read = (nextToken?: string) =>
      call('GetLogEvents', {
        logGroupName: TRAINING_JOBS_GROUP,
        logStreamName: 'job-1/algo-1-1765000000',
        startFromHead: true,
        limit: 2,
        ...(nextToken ? { nextToken } : {}),
      });
    const first = await read();
    expect((first.events as { message: string }[]).map((e) => e.message)).toEqual(['epoch 1', 'epoch 2']);
    const second = await read(first.nextForwardToken as string);
    expect((second.events as { message: string }[]).map((e) => e.message)).toEqual(['epoch 3']);
    const end = await read(second.nextForwardToken as string);
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);
    job1Lines.push({ timestamp: 1_765_000_000_009, message: 'done' });
    const more = await read(end.nextForwardToken as string);
    expect((more.events as { message: string }[]).map((e) => e.message)).toEqual(['done']);
  });
});
