// Tables and migrations of the inference module: endpoint definitions, a change counter, serving hosts.
import type { Kysely, Migration } from 'kysely';
import type { Migrations } from '../../../platform/db/port.js';

export interface EndpointsTable {
  name: string;
  /** JSON: EndpointDefinition without the name. */
  definition: string;
  status: 'Creating' | 'Updating' | 'InService' | 'Failed';
  failure_reason: string | null;
  /** The change counter's value when this definition was written. */
  revision: number;
  /** The revision a serving host has loaded and routes traffic to. */
  served_revision: number | null;
  created_at: number;
  updated_at: number;
}

/** One row (id 1): bumped by every definition change, so hosts poll one integer. */
export interface ChangesTable {
  id: number;
  revision: number;
}

/** Servers that serve endpoints, with a heartbeat so the CLI knows whether to wait for one. */
export interface HostsTable {
  host_id: string;
  url: string;
  heartbeat_at: number;
}

export interface InferenceTables {
  inference_endpoints: EndpointsTable;
  inference_changes: ChangesTable;
  inference_hosts: HostsTable;
}

const createTables: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('inference_endpoints')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('served_revision', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('inference_changes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('inference_changes').values({ id: 1, revision: 0 }).execute();
    await db.schema
      .createTable('inference_hosts')
      .addColumn('host_id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

export const inferenceMigrations: Migrations = { 'inference/0001-endpoints': createTables };
