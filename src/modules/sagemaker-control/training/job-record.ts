// A training job as DescribeTrainingJob shows it: the request echoed, status and secondary status with their
// transitions, final metrics and the model artifact.
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
export type SecondaryStatus =
  | 'Starting'
  | 'Downloading'
  | 'Training'
  | 'Uploading'
  | 'Completed'
  | 'Failed'
  | 'Stopping'
  | 'Stopped';

export interface Transition {
  readonly Status: SecondaryStatus;
  readonly StartTime: number;
  readonly EndTime?: number;
  readonly StatusMessage: string;
}

export interface JobRecord extends Readonly<Record<string, unknown>> {
  readonly TrainingJobName: string;
  readonly TrainingJobArn: string;
  readonly TrainingJobStatus: JobStatus;
  readonly SecondaryStatus: SecondaryStatus;
  readonly SecondaryStatusTransitions: readonly Transition[];
  readonly HyperParameters: Readonly<Record<string, string>>;
  readonly OutputDataConfig: { readonly S3OutputPath: string };
  readonly FailureReason?: string;
  readonly ModelArtifacts?: { readonly S3ModelArtifacts: string };
  readonly FinalMetricDataList?: readonly { MetricName: string; Value: number; Timestamp: number }[];
  readonly TrainingStartTime?: number;
  readonly TrainingEndTime?: number;
  /** The registry version the job registered (Scones's own member). */
  readonly ModelVersion?: number;
}

const FINAL: readonly JobStatus[] = ['Completed', 'Failed', 'Stopped'];

export function isFinal(status: JobStatus): boolean {
  return FINAL.includes(status);
}

/** The record moved to a new secondary status (and status), closing the open transition. */
export function transition(
  record: JobRecord,
  status: SecondaryStatus,
  message: string,
  now: number,
  fields: Partial<JobRecord> = {},
): JobRecord {
  const closed = record.SecondaryStatusTransitions.map((t) =>
    t.EndTime === undefined ? { ...t, EndTime: now } : t,
  );
  const done = status === 'Completed' || status === 'Failed' || status === 'Stopped';
  const next: Transition = {
    Status: status,
    StartTime: now,
    StatusMessage: message,
    ...(done ? { EndTime: now } : {}),
  };
  return { ...record, ...fields, SecondaryStatus: status, SecondaryStatusTransitions: [...closed, next] };
}
