// CreateTrainingJob / DescribeTrainingJob / ListTrainingJobs / StopTrainingJob. A job is checked whole before it is
// accepted (image, hyperparameters, channels), then runs in this server process, one at a time.
import { sagemakerControlError } from '../errors.js';
import { type ListQuery, listPage } from '../listing.js';
import { arnOf, assertName, type Home } from '../names.js';
import { type Channel, checkChannels } from './channels.js';
import { assertImageClassification, recipeOf } from './hyperparameters.js';
import type { LogExtent, LogLine } from './job-log.js';
import { isFinal, type JobRecord, transition } from './job-record.js';
import { type RunnerDeps, runJob, STOP_REQUESTED } from './job-runner.js';

export interface CreateTrainingJobRequest extends Readonly<Record<string, unknown>> {
  readonly TrainingJobName: string;
  readonly AlgorithmSpecification: { readonly TrainingImage?: string; readonly TrainingInputMode?: string };
  readonly HyperParameters?: Readonly<Record<string, string>>;
  readonly InputDataConfig: readonly Channel[];
  readonly OutputDataConfig: { readonly S3OutputPath: string };
}

export class TrainingOperations {
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly deps: RunnerDeps & { readonly home: Home }) {}

  async createTrainingJob(request: CreateTrainingJobRequest): Promise<{ TrainingJobArn: string }> {
    const { repository, home, clock } = this.deps;
    const name = request.TrainingJobName;
    assertName('trainingJobName', name);
    assertImageClassification(request.AlgorithmSpecification.TrainingImage);
    recipeOf(request.HyperParameters ?? {});
    checkChannels(request.InputDataConfig);
    if (!request.OutputDataConfig.S3OutputPath.startsWith('s3://'))
      throw sagemakerControlError('VALIDATION', 'OutputDataConfig.S3OutputPath must be an s3:// URI.');
    const TrainingJobArn = arnOf(home, 'training-job', name);
    if (await repository.get('training-job', name)) throw nameInUse(TrainingJobArn);
    if (this.#running.size > 0)
      throw sagemakerControlError(
        'LIMIT_EXCEEDED',
        "The account-level service limit 'Number of concurrent training jobs' is 1 on Scones (one server trains one job at a time); wait for the running job to finish.",
      );
    const { Tags: _tags, ...kept } = request;
    const now = clock.now();
    const record = transition(
      {
        ...kept,
        HyperParameters: request.HyperParameters ?? {},
        TrainingJobArn,
        TrainingJobStatus: 'InProgress',
        SecondaryStatus: 'Starting',
        SecondaryStatusTransitions: [],
      },
      'Starting',
      'Preparing the instances for training',
      now,
    );
    if (!(await repository.create('training-job', name, record))) throw nameInUse(TrainingJobArn);
    const controller = new AbortController();
    const release = () => this.#running.delete(name.toLowerCase());
    const done = runJob(this.deps, record, controller.signal, release)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, trainingJob: name }, 'training job runner failed'),
      )
      .finally(release);
    this.#running.set(name.toLowerCase(), { controller, done });
    return { TrainingJobArn };
  }

  async describeTrainingJob(name: string) {
    const found = await this.#find(name);
    const { ModelVersion: _version, ...body } = found.body;
    const end = body.TrainingEndTime;
    const start = body.TrainingStartTime;
    const seconds =
      start !== undefined && end !== undefined ? Math.max(1, Math.round((end - start) / 1000)) : undefined;
    return {
      ...body,
      CreationTime: found.createdAt,
      LastModifiedTime: found.updatedAt,
      ...(seconds === undefined ? {} : { TrainingTimeInSeconds: seconds, BillableTimeInSeconds: seconds }),
    };
  }

  async listTrainingJobs(query: ListQuery) {
    const all = (await this.deps.repository.list<JobRecord>('training-job')).map((job) => ({
      name: job.body.TrainingJobName,
      status: job.body.TrainingJobStatus,
      createdAt: job.createdAt,
      summary: {
        TrainingJobName: job.body.TrainingJobName,
        TrainingJobArn: job.body.TrainingJobArn,
        CreationTime: job.createdAt,
        LastModifiedTime: job.updatedAt,
        TrainingJobStatus: job.body.TrainingJobStatus,
        ...(job.body.TrainingEndTime === undefined ? {} : { TrainingEndTime: job.body.TrainingEndTime }),
      },
    }));
    const { page, next } = listPage(all, query);
    return { TrainingJobSummaries: page.map((j) => j.summary), ...(next ? { NextToken: next } : {}) };
  }

  async stopTrainingJob(name: string): Promise<void> {
    const found = await this.#find(name);
    const status = found.body.TrainingJobStatus;
    if (isFinal(status))
      throw sagemakerControlError(
        'VALIDATION',
        `The request was rejected because the training job is in status ${status}.`,
      );
    const running = this.#running.get(name.toLowerCase());
    const now = this.deps.clock.now();
    // A job no process runs any more (its server stopped) is stopped at once; a running one when its trainer stops.
    const stopping = running
      ? transition(found.body, 'Stopping', 'Stopping the training job', now, {
          TrainingJobStatus: 'Stopping',
        })
      : transition(found.body, 'Stopped', 'Training job stopped', now, {
          TrainingJobStatus: 'Stopped',
          TrainingEndTime: now,
        });
    await this.deps.repository.update('training-job', name, stopping);
    running?.controller.abort(STOP_REQUESTED);
  }

  /**
   * The jobs that have log lines, in the order they were created (a new job comes last, so the positions that
   * CloudWatch Logs' paging tokens build on stay put), with their extents. `startedAt` (epoch ms) names the stream.
   */
  async jobStreams(): Promise<(LogExtent & { jobName: string; startedAt: number })[]> {
    const [jobs, extents] = await Promise.all([
      this.deps.repository.list<JobRecord>('training-job'),
      this.deps.logs.extents(),
    ]);
    return jobs
      .sort((a, b) => a.createdAt - b.createdAt)
      .flatMap((job) => {
        const extent = extents.get(job.body.TrainingJobName.toLowerCase());
        return extent ? [{ jobName: job.body.TrainingJobName, startedAt: job.createdAt, ...extent }] : [];
      });
  }

  /** One job's log lines, oldest first. */
  jobLines(jobName: string): Promise<LogLine[]> {
    return this.deps.logs.lines(jobName);
  }

  /** Ends the jobs this process runs as Failed (the server is stopping) and waits for them. */
  async close(): Promise<void> {
    for (const job of this.#running.values()) job.controller.abort('shutdown');
    await this.settle();
  }

  /** Resolves once every job this process runs has ended (tests, shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.#running.values()].map((job) => job.done));
  }

  async #find(name: string) {
    const found = await this.deps.repository.get<JobRecord>('training-job', name);
    if (!found) throw sagemakerControlError('RESOURCE_NOT_FOUND', 'Requested resource not found.', { name });
    return found;
  }
}

function nameInUse(arn: string) {
  return sagemakerControlError(
    'RESOURCE_IN_USE',
    `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${arn})`,
  );
}
