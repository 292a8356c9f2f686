// Tables and migrations of the model registry.
import type { Generated, Kysely, Migration } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

export interface ModelVersionsTable {
  version: Generated<number>;
  run_id: string;
  status: 'registered' | 'approved' | 'rejected';
  status_reason: string | null;
  created_at: number;
  updated_at: number;
  arch: string;
  artifact_bucket: string;
  /** JSON: ArtifactRef[] */
  artifacts: string;
  /** JSON objects */
  hyperparameters: string;
  metrics: string;
  lineage: string;
  preprocessing: string;
  temperature: number;
}

export interface ModelTables {
  model_versions: ModelVersionsTable;
}

const createVersions: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('model_versions')
      .addColumn('version', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('run_id', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('artifact_bucket', 'text', (c) => c.notNull())
      .addColumn('artifacts', 'text', (c) => c.notNull())
      .addColumn('hyperparameters', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('lineage', 'text', (c) => c.notNull())
      .addColumn('preprocessing', 'text', (c) => c.notNull())
      .addColumn('temperature', 'real', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('model_versions_status')
      .on('model_versions')
      .columns(['status', 'version'])
      .execute();
  },
};

export const modelMigrations: Migrations = { 'models/0001-versions': createVersions };
