// SageMaker resources in SQL: insert-or-refuse by name, read, replace, delete, list one kind.
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import type { SageMakerTables } from './schema.js';

export type ResourceKind =
  | 'model'
  | 'endpoint-config'
  | 'endpoint'
  | 'training-job'
  | 'data-quality-job-definition'
  | 'monitoring-schedule'
  | 'monitored-endpoint';

export interface Stored<T> {
  readonly body: T;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export class ResourceRepository {
  readonly #db: Kysely<SageMakerTables>;

  constructor(
    database: SqlDatabase,
    private readonly clock: Clock,
  ) {
    this.#db = database.db as Kysely<SageMakerTables>;
  }

  /** False when a resource of this kind already has the name (of two concurrent creates, one wins). */
  async create(kind: ResourceKind, name: string, body: object): Promise<boolean> {
    const now = this.clock.now();
    const row = await this.#db
      .insertInto('sagemaker_resources')
      .values({ kind, key: name.toLowerCase(), body: JSON.stringify(body), created_at: now, updated_at: now })
      .onConflict((c) => c.columns(['kind', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return row !== undefined;
  }

  async get<T>(kind: ResourceKind, name: string): Promise<Stored<T> | undefined> {
    const row = await this.#db
      .selectFrom('sagemaker_resources')
      .selectAll()
      .where('kind', '=', kind)
      .where('key', '=', name.toLowerCase())
      .executeTakeFirst();
    return row ? toStored<T>(row) : undefined;
  }

  async update(kind: ResourceKind, name: string, body: object): Promise<void> {
    await this.#db
      .updateTable('sagemaker_resources')
      .set({ body: JSON.stringify(body), updated_at: this.clock.now() })
      .where('kind', '=', kind)
      .where('key', '=', name.toLowerCase())
      .execute();
  }

  async delete(kind: ResourceKind, name: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('sagemaker_resources')
      .where('kind', '=', kind)
      .where('key', '=', name.toLowerCase())
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list<T>(kind: ResourceKind): Promise<Stored<T>[]> {
    const rows = await this.#db
      .selectFrom('sagemaker_resources')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('key')
      .execute();
    return rows.map((row) => toStored<T>(row));
  }
}

function toStored<T>(row: { body: string; created_at: number; updated_at: number }): Stored<T> {
  return {
    body: JSON.parse(row.body) as T,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
