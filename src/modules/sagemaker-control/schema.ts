// Tables of the SageMaker control plane: its resources (models, endpoint configs, endpoints, training jobs) as
// JSON documents keyed by kind and lower-cased name (SageMaker names are case-insensitive; ARNs lower-case them),
// and the training jobs' log lines.
import type { Kysely, Migration } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

export interface ResourcesTable {
  kind: string;
  /** The name lower-cased: the identity SageMaker uses. */
  key: string;
  /** JSON: the resource as the service describes it (names as the caller spelled them). */
  body: string;
  created_at: number;
  updated_at: number;
}

/** A training job's log lines, numbered from 1 in the order its runner wrote them. */
export interface TrainingLogTable {
  /** The job's name lower-cased, as in `sagemaker_resources.key`. */
  job_key: string;
  seq: number;
  timestamp: number;
  message: string;
}

export interface SageMakerTables {
  sagemaker_resources: ResourcesTable;
  sagemaker_training_log: TrainingLogTable;
}

const createTables: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sagemaker_resources')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sagemaker_resources_pk', ['kind', 'key'])
      .execute();
  },
};

const createTrainingLog: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sagemaker_training_log')
      .addColumn('job_key', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sagemaker_training_log_pk', ['job_key', 'seq'])
      .execute();
  },
};

export const sagemakerControlMigrations: Migrations = {
  'sagemaker-control/0001-resources': createTables,
  'sagemaker-control/0002-training-log': createTrainingLog,
};
