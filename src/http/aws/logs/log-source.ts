// What the CloudWatch Logs API reads: log groups kept by other modules (functions' lines, training jobs' lines),
// given by `app`. Event ids increase within a group; the API's paging tokens carry them.

export interface LogExtent {
  readonly name: string;
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
  readonly storedBytes: number;
}

export interface LogLine {
  readonly id: number;
  readonly logStream: string;
  readonly timestamp: number;
  readonly message: string;
}

export interface LogLineQuery {
  readonly logStreams?: readonly string[];
  readonly logStreamPrefix?: string;
  /** Epoch ms, inclusive. */
  readonly startTime?: number;
  /** Epoch ms, exclusive. */
  readonly endTime?: number;
  readonly afterId?: number;
  readonly beforeId?: number;
  readonly limit: number;
  /** The last `limit` lines rather than the first (still oldest first). */
  readonly newest?: boolean;
}

/** One family of log groups, e.g. every `/aws/lambda/<name>`. A group exists while it has lines. */
export interface LogGroupSource {
  /** Whether a group of this name would be this source's. */
  owns(group: string): boolean;
  /** The groups that exist now, by name. */
  groups(): Promise<LogExtent[]>;
  /** The group's streams by name; empty when the group does not exist. */
  streams(group: string): Promise<LogExtent[]>;
  lines(group: string, query: LogLineQuery): Promise<LogLine[]>;
}
