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

/** A training job's log lines, oldest first, as its runner keeps them. */
export interface TrainingJobLog {
  readonly jobName: string;
  /** Epoch ms the job started: the stream is `<job>/algo-1-<seconds>`. */
  readonly startedAt: number;
  readonly lines: readonly { readonly timestamp: number; readonly message: string }[];
}

/** Where training jobs keep their lines (the SageMaker control plane's jobs). */
export interface TrainingJobLogs {
  jobLogs(): Promise<readonly TrainingJobLog[]>;
}

/**
 * `/aws/sagemaker/TrainingJobs`: one stream per job. Event ids number a job's lines from 1 within its stream and
 * jobs apart by their order (a job's lines only grow), so that paging tokens stay valid while it runs.
 */
export function trainingJobLogGroup(jobs: TrainingJobLogs): LogGroupSource {
  const streams = async () => {
    const logs = (await jobs.jobLogs()).filter((log) => log.lines.length > 0);
    return logs.map((log, index) => ({ log, index, name: streamName(log) }));
  };
  return {
    owns: (group) => group === TRAINING_JOBS_GROUP,
    groups: async () => {
      const all = await streams();
      if (all.length === 0) return [];
      const extents = all.map(({ log, name }) => extentOf(name, log));
      return [
        {
          name: TRAINING_JOBS_GROUP,
          firstTimestamp: Math.min(...extents.map((e) => e.firstTimestamp)),
          lastTimestamp: Math.max(...extents.map((e) => e.lastTimestamp)),
          storedBytes: extents.reduce((sum, e) => sum + e.storedBytes, 0),
        },
      ];
    },
    streams: async () => (await streams()).map(({ log, name }) => extentOf(name, log)),
    lines: async (_group, query) => {
      const chosen = (await streams()).filter(
        ({ name }) =>
          (query.logStreams === undefined || query.logStreams.includes(name)) &&
          (query.logStreamPrefix === undefined || name.startsWith(query.logStreamPrefix)),
      );
      const lines: LogLine[] = chosen.flatMap(({ log, index, name }) =>
        log.lines.map((line, at) => ({ id: index * 1e9 + at + 1, logStream: name, ...line })),
      );
      const kept = lines.filter(
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

function streamName(log: TrainingJobLog): string {
  return `${log.jobName}/algo-1-${Math.floor(log.startedAt / 1000)}`;
}

function extentOf(name: string, log: TrainingJobLog): LogExtent {
  return {
    name,
    firstTimestamp: log.lines[0]?.timestamp ?? log.startedAt,
    lastTimestamp: log.lines.at(-1)?.timestamp ?? log.startedAt,
    storedBytes: log.lines.reduce((sum, line) => sum + Buffer.byteLength(line.message), 0),
  };
}
