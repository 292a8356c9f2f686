// Training jobs' log lines in SQL: a running job appends them in order (without making the trainer wait on the
// database), and the CloudWatch Logs group `/aws/sagemaker/TrainingJobs` reads them back, one stream per job.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import type { Logger } from '../../../kernel/logger.js';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type { SageMakerTables } from '../schema.js';

export interface LogLine {
  readonly timestamp: number;
  readonly message: string;
}

export interface LogExtent {
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
  /** The lines' length in characters (what the database measures alike on SQLite and PostgreSQL). */
  readonly storedBytes: number;
}

export class TrainingLogRepository {
  readonly #db: Kysely<SageMakerTables>;

  constructor(database: SqlDatabase) {
    this.#db = database.db as Kysely<SageMakerTables>;
  }

  async append(job: string, seq: number, line: LogLine): Promise<void> {
    await this.#db
      .insertInto('sagemaker_training_log')
      .values({ job_key: job.toLowerCase(), seq, timestamp: line.timestamp, message: line.message })
      .execute();
  }

  /** One job's lines, oldest first. */
  async lines(job: string): Promise<LogLine[]> {
    const rows = await this.#db
      .selectFrom('sagemaker_training_log')
      .select(['timestamp', 'message'])
      .where('job_key', '=', job.toLowerCase())
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ timestamp: Number(row.timestamp), message: row.message }));
  }

  /** Per job with lines (by lower-cased name): first and last timestamps and stored size, without the lines. */
  async extents(): Promise<Map<string, LogExtent>> {
    const rows = await this.#db
      .selectFrom('sagemaker_training_log')
      .select((eb) => [
        'job_key',
        eb.fn.min('timestamp').as('first'),
        eb.fn.max('timestamp').as('last'),
        eb.fn.sum<number>(eb.fn('length', ['message'])).as('chars'),
      ])
      .groupBy('job_key')
      .execute();
    return new Map(
      rows.map((row) => [
        row.job_key,
        {
          firstTimestamp: Number(row.first),
          lastTimestamp: Number(row.last),
          storedBytes: Number(row.chars),
        },
      ]),
    );
  }
}

/** One job's log: `write` returns at once; `flush` resolves once every line written so far is stored. */
export class JobLog {
  #seq = 0;
  #stored: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: string,
    private readonly repository: TrainingLogRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  write(message: string): void {
    const seq = ++this.#seq;
    const line = { timestamp: this.clock.now(), message };
    this.logger.info({ trainingJob: this.job }, message);
    // In order: a line is stored after the one before it, so a reader never sees a gap that fills later.
    this.#stored = this.#stored.then(() =>
      this.repository
        .append(this.job, seq, line)
        .catch((error: unknown) =>
          this.logger.warn({ trainingJob: this.job, err: error }, 'training log line not stored'),
        ),
    );
  }

  flush(): Promise<void> {
    return this.#stored;
  }
}
