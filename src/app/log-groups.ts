// The log groups the CloudWatch Logs API serves, over where Scones keeps the lines: functions' lines as
// `/aws/lambda/<name>` (streams as the guests named them), training jobs' lines as `/aws/sagemaker/TrainingJobs`
// (one stream per job, `<job>/algo-1-<epoch seconds>`, as SageMaker names them).
import type { LogExtent, LogGroupSource, LogLine } from '../http/aws/logs/log-source.js';
import type { FunctionsService } from '../modules/functions/index.js';

const LAMBDA = '/aws/lambda/';
export const TRAINING_JOBS_GROUP = '/aws/sagemaker/TrainingJobs';

export function lambdaLogGroups(functions: FunctionsService): LogGroupSource {
  const functionOf = (group: string) => group.slice(LAMBDA.length);
  return {
    owns: (group) => group.startsWith(LAMBDA) && group.length > LAMBDA.length,
    groups: async () =>
      (await functions.loggedFunctions()).map((fn) => ({ ...fn, name: `${LAMBDA}${fn.name}` })),
    streams: (group) => functions.logStreams(functionOf(group)),
    lines: async (group, query) =>
      (await functions.logs({ functionName: functionOf(group), ...query })).map((event) => ({
        id: event.id,
        logStream: event.logStream,
        timestamp: event.timestamp,
        message: event.message,
      })),
  };
}

/** A training job that has log lines: its extent, not its lines. */
export interface TrainingJobStream extends Omit<LogExtent, 'name'> {
  readonly jobName: string;
  /** Epoch ms the job started: the stream is `<job>/algo-1-<seconds>`. */
  readonly startedAt: number;
}

/** Where training jobs keep their lines (the SageMaker control plane's jobs). */
export interface TrainingJobLogs {
  /** The jobs with lines, in an order that only grows at the end (event ids build on the positions). */
  jobStreams(): Promise<readonly TrainingJobStream[]>;
  /** One job's lines, oldest first; a job's lines only grow. */
  jobLines(jobName: string): Promise<readonly { readonly timestamp: number; readonly message: string }[]>;
}

/**
 * `/aws/sagemaker/TrainingJobs`: one stream per job. Event ids number a job's lines from 1 within its stream and
 * jobs apart by their position, so that paging tokens stay valid while a job runs. Only the lines of the streams a
 * request reads are loaded.
 */
export function trainingJobLogGroup(jobs: TrainingJobLogs): LogGroupSource {
  const streams = async () =>
    (await jobs.jobStreams()).map((job, index) => ({ job, index, name: streamName(job) }));
  return {
    owns: (group) => group === TRAINING_JOBS_GROUP,
    groups: async () => {
      const all = await jobs.jobStreams();
      if (all.length === 0) return [];
      return [
        {
          name: TRAINING_JOBS_GROUP,
          firstTimestamp: Math.min(...all.map((e) => e.firstTimestamp)),
          lastTimestamp: Math.max(...all.map((e) => e.lastTimestamp)),
          storedBytes: all.reduce((sum, e) => sum + e.storedBytes, 0),
        },
      ];
    },
    streams: async () => (await streams()).map(({ job, name }) => ({ ...extentOf(job), name })),
    lines: async (_group, query) => {
      const chosen = (await streams()).filter(
        ({ name }) =>
          (query.logStreams === undefined || query.logStreams.includes(name)) &&
          (query.logStreamPrefix === undefined || name.startsWith(query.logStreamPrefix)),
      );
      const read = await Promise.all(
        chosen.map(async ({ job, index, name }) =>
          (await jobs.jobLines(job.jobName)).map(
            (line, at): LogLine => ({ id: index * 1e9 + at + 1, logStream: name, ...line }),
          ),
        ),
      );
      const kept = read
        .flat()
        .filter(
          (line) =>
            (query.startTime === undefined || line.timestamp >= query.startTime) &&
            (query.endTime === undefined || line.timestamp < query.endTime) &&
            (query.afterId === undefined || line.id > query.afterId) &&
            (query.beforeId === undefined || line.id < query.beforeId),
        );
      return query.newest ? kept.slice(-query.limit) : kept.slice(0, query.limit);
    },
  };
}

function streamName(job: TrainingJobStream): string {
  return `${job.jobName}/algo-1-${Math.floor(job.startedAt / 1000)}`;
}

function extentOf(job: TrainingJobStream): Omit<LogExtent, 'name'> {
  return {
    firstTimestamp: job.firstTimestamp,
    lastTimestamp: job.lastTimestamp,
    storedBytes: job.storedBytes,
  };
}
