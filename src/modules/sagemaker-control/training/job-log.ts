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

  /** Every job's lines by lower-cased job name, oldest first. */
  async all(): Promise<Map<string, LogLine[]>> {
    const rows = await this.#db
      .selectFrom('sagemaker_training_log')
      .selectAll()
      .orderBy('job_key')
      .orderBy('seq')
      .execute();
    const byJob = new Map<string, LogLine[]>();
    for (const row of rows) {
      const lines = byJob.get(row.job_key) ?? [];
      lines.push({ timestamp: Number(row.timestamp), message: row.message });
      byJob.set(row.job_key, lines);
    }
    return byJob;
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
