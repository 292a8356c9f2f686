// Tables of Lambda layers: one row per layer name (its version counter) and one per published version; function
// versions name their layers by ARN in `fn_versions.layers`.
import type { Kysely, Migration } from 'kysely';

export interface LayersTable {
  name: string;
  /** The highest version ever published: Lambda never reuses a deleted version's number. */
  last_version: number;
}

export interface LayerVersionsTable {
  layer_name: string;
  version: number;
  description: string;
  /** JSON arrays of strings. */
  compatible_runtimes: string;
  compatible_architectures: string;
  license_info: string | null;
  /** Base64 SHA-256 of the zip, Lambda's CodeSha256. */
  code_sha256: string;
  code_size: number;
  /** The content-addressed folder the zip was unpacked into. */
  code_ref: string;
  /** JSON array of the version's permission statements. */
  policy: string;
  /** Changes with every permission change, Lambda's RevisionId of the policy. */
  policy_revision: string;
  created_at: number;
  /** Set by DeleteLayerVersion: gone from the API, kept for the function versions that already use it (as on Lambda). */
  deleted_at: number | null;
}

export interface LayerTables {
  fn_layers: LayersTable;
  fn_layer_versions: LayerVersionsTable;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
type AnyDb = Kysely<any>;

export const layersMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('fn_layers')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('last_version', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('fn_layer_versions')
      .addColumn('layer_name', 'text', (c) => c.notNull().references('fn_layers.name'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('compatible_runtimes', 'text', (c) => c.notNull())
      .addColumn('compatible_architectures', 'text', (c) => c.notNull())
      .addColumn('license_info', 'text')
      .addColumn('code_sha256', 'text', (c) => c.notNull())
      .addColumn('code_size', 'bigint', (c) => c.notNull())
      .addColumn('code_ref', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('policy_revision', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .addPrimaryKeyConstraint('fn_layer_versions_pk', ['layer_name', 'version'])
      .execute();
    // Existing versions had no layers: an empty JSON array.
    await db.schema
      .alterTable('fn_versions')
      .addColumn('layers', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
