// Data capture is written as the endpoint's execution role (SageMaker's model): the app plugs IAM in through this
// port, and hears about every file that could not be written (denied or failed) to log it and count it.

/** Where one capture file is about to go, and who writes it. */
export interface CaptureWrite {
  readonly endpoint: string;
  readonly variant: string;
  /** The endpoint's execution role; undefined when it has none. */
  readonly executionRoleArn: string | undefined;
  readonly bucket: string;
  readonly key: string;
}

/** Resolves when the write is allowed; throws (an IAM error) when it is not. Absent when auth is off. */
export interface CaptureAuthorizer {
  authorizeWrite(write: CaptureWrite): Promise<void>;
}

export interface CaptureFailure extends CaptureWrite {
  /** `denied`: the role may not write there; `failed`: the store refused or broke. */
  readonly reason: 'denied' | 'failed';
  /** Records the file held, all lost. */
  readonly records: number;
  readonly at: number;
}

/** Told of each capture file not written; must return quickly and not throw (it is guarded anyway). */
export interface CaptureFailureListener {
  onCaptureFailure(failure: CaptureFailure): void;
}
