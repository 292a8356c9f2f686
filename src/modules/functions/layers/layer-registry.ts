// Layer versions in SQL: numbered per layer without reuse, soft-deleted so attached functions keep running.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { functionsError } from '../errors.js';
import { layerNotFound } from './layer-arn.js';
import type { LayerTables, LayerVersionsTable } from './layer-schema.js';

export interface LayerStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: string | { readonly AWS: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface LayerVersionSpec {
  readonly description: string;
  readonly compatibleRuntimes: readonly string[];
  readonly compatibleArchitectures: readonly string[];
  readonly licenseInfo?: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly codeRef: string;
}

export interface LayerVersionRecord extends LayerVersionSpec {
  readonly name: string;
  readonly version: number;
  readonly statements: readonly LayerStatement[];
  readonly policyRevision: string;
  readonly createdAt: number;
  readonly deleted: boolean;
}

export class LayerRegistry {
  constructor(
    private readonly db: Kysely<LayerTables>,
    private readonly clock: Clock,
  ) {}

  async publish(name: string, spec: LayerVersionSpec): Promise<LayerVersionRecord> {
    return this.db.transaction().execute(async (trx) => insertVersion(trx, name, spec, this.clock.now()));
  }

  /**
   * Publishes `spec` unless the layer's newest version (deleted ones too: a deletion is the owner's choice) already
   * has its content. The layer's row is locked first, so servers starting together publish it once.
   */
  async publishIfChanged(
    name: string,
    spec: LayerVersionSpec,
  ): Promise<{ record: LayerVersionRecord; published: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      await lockLayer(trx, name);
      const newest = await newestVersion(trx, name);
      if (newest && newest.codeSha256 === spec.codeSha256) return { record: newest, published: false };
      return { record: await insertVersion(trx, name, spec, this.clock.now()), published: true };
    });
  }

  /** The layer's newest version, deleted or not. */
  newest(name: string): Promise<LayerVersionRecord | undefined> {
    return newestVersion(this.db, name);
  }

  /** A live version, or (withDeleted) one deleted but still used by functions. */
  async find(name: string, version: number, withDeleted = false): Promise<LayerVersionRecord | undefined> {
    let query = this.db
      .selectFrom('fn_layer_versions')
      .selectAll()
      .where('layer_name', '=', name)
      .where('version', '=', version);
    if (!withDeleted) query = query.where('deleted_at', 'is', null);
    const row = await query.executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async get(name: string, version: number): Promise<LayerVersionRecord> {
    const found = await this.find(name, version);
    if (!found) throw layerNotFound();
    return found;
  }

  /** Live versions, newest first; of one layer when named. */
  async list(name?: string): Promise<LayerVersionRecord[]> {
    let query = this.db.selectFrom('fn_layer_versions').selectAll().where('deleted_at', 'is', null);
    if (name !== undefined) query = query.where('layer_name', '=', name);
    const rows = await query.orderBy('layer_name').orderBy('version', 'desc').execute();
    return rows.map(toRecord);
  }

  /** Lambda's DeleteLayerVersion is idempotent: a missing version is no error. */
  async delete(name: string, version: number): Promise<void> {
    await this.db
      .updateTable('fn_layer_versions')
      .set({ deleted_at: this.clock.now() })
      .where('layer_name', '=', name)
      .where('version', '=', version)
      .where('deleted_at', 'is', null)
      .execute();
  }

  /** Replaces the statements unless another change came first; returns the new revision. */
  async setStatements(current: LayerVersionRecord, statements: readonly LayerStatement[]): Promise<string> {
    const next = randomUUID();
    const updated = await this.db
      .updateTable('fn_layer_versions')
      .set({ policy: JSON.stringify(statements), policy_revision: next })
      .where('layer_name', '=', current.name)
      .where('version', '=', current.version)
      .where('policy_revision', '=', current.policyRevision)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw functionsError('REVISION_MISMATCH', 'The policy was changed by another request; retry it.');
    return next;
  }
}

async function newestVersion(db: Kysely<LayerTables>, name: string) {
  const row = await db
    .selectFrom('fn_layer_versions')
    .selectAll()
    .where('layer_name', '=', name)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Creates the layer's row if missing and takes its write lock (a no-op update locks the row on PostgreSQL). */
async function lockLayer(trx: Transaction<LayerTables>, name: string): Promise<void> {
  await trx
    .insertInto('fn_layers')
    .values({ name, last_version: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  await trx
    .updateTable('fn_layers')
    .set((eb) => ({ last_version: eb.ref('last_version') }))
    .where('name', '=', name)
    .execute();
}

async function insertVersion(
  trx: Transaction<LayerTables>,
  name: string,
  spec: LayerVersionSpec,
  now: number,
): Promise<LayerVersionRecord> {
  await lockLayer(trx, name);
  // Bumping under the row's write lock gives concurrent publishes distinct numbers.
  const bumped = await trx
    .updateTable('fn_layers')
    .set((eb) => ({ last_version: eb('last_version', '+', 1) }))
    .where('name', '=', name)
    .returning('last_version')
    .executeTakeFirstOrThrow();
  const row: LayerVersionsTable = {
    layer_name: name,
    version: Number(bumped.last_version),
    description: spec.description,
    compatible_runtimes: JSON.stringify(spec.compatibleRuntimes),
    compatible_architectures: JSON.stringify(spec.compatibleArchitectures),
    license_info: spec.licenseInfo ?? null,
    code_sha256: spec.codeSha256,
    code_size: spec.codeSize,
    code_ref: spec.codeRef,
    policy: '[]',
    policy_revision: randomUUID(),
    created_at: now,
    deleted_at: null,
  };
  await trx.insertInto('fn_layer_versions').values(row).execute();
  return toRecord(row);
}

function toRecord(row: Selectable<LayerVersionsTable>): LayerVersionRecord {
  return {
    name: row.layer_name,
    version: Number(row.version),
    description: row.description,
    compatibleRuntimes: JSON.parse(row.compatible_runtimes) as string[],
    compatibleArchitectures: JSON.parse(row.compatible_architectures) as string[],
    ...(row.license_info === null ? {} : { licenseInfo: row.license_info }),
    codeSha256: row.code_sha256,
    codeSize: Number(row.code_size),
    codeRef: row.code_ref,
    statements: JSON.parse(row.policy) as LayerStatement[],
    policyRevision: row.policy_revision,
    createdAt: Number(row.created_at),
    deleted: row.deleted_at !== null,
  };
}
