// Endpoint definitions in SQL: writes bump one change counter that serving hosts poll; hosts report status.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import type { SqlDatabase } from '../../../platform/db/port.js';
import type { EndpointDefinition } from './definition.js';
import type { EndpointsTable, InferenceTables } from './schema.js';

export type EndpointStatus = EndpointsTable['status'];

export interface EndpointRecord extends EndpointDefinition {
  readonly status: EndpointStatus;
  readonly failureReason: string | null;
  readonly revision: number;
  readonly servedRevision: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface HostInfo {
  readonly hostId: string;
  readonly url: string;
  readonly heartbeatAt: number;
}

export class EndpointRepository {
  readonly #db: Kysely<InferenceTables>;

  constructor(
    database: SqlDatabase,
    private readonly clock: Clock,
  ) {
    this.#db = database.db as Kysely<InferenceTables>;
  }

  /** The change counter: unchanged means no definition was written or deleted. */
  async revision(): Promise<number> {
    const row = await this.#db.selectFrom('inference_changes').select('revision').executeTakeFirst();
    return row?.revision ?? 0;
  }

  async list(): Promise<EndpointRecord[]> {
    const rows = await this.#db.selectFrom('inference_endpoints').selectAll().orderBy('name').execute();
    return rows.map(toRecord);
  }

  async find(name: string): Promise<EndpointRecord | undefined> {
    const row = await this.#db
      .selectFrom('inference_endpoints')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Creates or replaces a definition; it waits for a host to load it (Creating or Updating). */
  async save(definition: EndpointDefinition): Promise<EndpointRecord> {
    const now = this.clock.now();
    const { name, ...rest } = definition;
    await this.#db.transaction().execute(async (tx) => {
      const revision = await bump(tx);
      const existing = await tx
        .selectFrom('inference_endpoints')
        .select('served_revision')
        .where('name', '=', name)
        .executeTakeFirst();
      const values = {
        definition: JSON.stringify(rest),
        status: existing?.served_revision ? ('Updating' as const) : ('Creating' as const),
        failure_reason: null,
        revision,
        updated_at: now,
      };
      if (existing)
        await tx.updateTable('inference_endpoints').set(values).where('name', '=', name).execute();
      else
        await tx
          .insertInto('inference_endpoints')
          .values({ ...values, name, served_revision: null, created_at: now })
          .execute();
    });
    return (await this.find(name)) as EndpointRecord;
  }

  async remove(name: string): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const result = await tx.deleteFrom('inference_endpoints').where('name', '=', name).executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await bump(tx);
      return true;
    });
  }

  /** A host's outcome for one revision; ignored when the definition changed since (a newer deploy wins). */
  async reportServed(
    name: string,
    revision: number,
    outcome: { served: boolean; failureReason: string | null },
  ): Promise<void> {
    const row = await this.find(name);
    if (!row || row.revision !== revision) return;
    const servedRevision = outcome.served ? revision : row.servedRevision;
    await this.#db
      .updateTable('inference_endpoints')
      .set({
        status: servedRevision === null ? 'Failed' : 'InService',
        served_revision: servedRevision,
        failure_reason: outcome.failureReason,
        updated_at: this.clock.now(),
      })
      .where('name', '=', name)
      .where('revision', '=', revision)
      .execute();
  }

  async heartbeat(hostId: string, url: string): Promise<void> {
    await this.#db
      .insertInto('inference_hosts')
      .values({ host_id: hostId, url, heartbeat_at: this.clock.now() })
      .onConflict((c) => c.column('host_id').doUpdateSet({ url, heartbeat_at: this.clock.now() }))
      .execute();
  }

  async removeHost(hostId: string): Promise<void> {
    await this.#db.deleteFrom('inference_hosts').where('host_id', '=', hostId).execute();
  }

  /** Hosts whose last heartbeat is at most `maxAgeMs` old. */
  async liveHosts(maxAgeMs: number): Promise<HostInfo[]> {
    const rows = await this.#db
      .selectFrom('inference_hosts')
      .selectAll()
      .where('heartbeat_at', '>=', this.clock.now() - maxAgeMs)
      .execute();
    return rows.map((r) => ({ hostId: r.host_id, url: r.url, heartbeatAt: Number(r.heartbeat_at) }));
  }
}

async function bump(tx: Kysely<InferenceTables>): Promise<number> {
  const row = await tx
    .updateTable('inference_changes')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow();
  return row.revision;
}

function toRecord(row: Selectable<EndpointsTable>): EndpointRecord {
  const rest = JSON.parse(row.definition) as Omit<EndpointDefinition, 'name'>;
  return {
    name: row.name,
    ...rest,
    status: row.status,
    failureReason: row.failure_reason,
    revision: row.revision,
    servedRevision: row.served_revision,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
