// The model registry: versions with artifacts in the store, metrics, lineage and an approval status.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { SqlDatabase } from '../../platform/db/port.js';
import type { ObjectStore } from '../storage/index.js';
import { modelError } from './errors.js';
import type { ModelTables, ModelVersionsTable } from './schema.js';

export type ModelStatus = ModelVersionsTable['status'];
export const MODEL_STATUSES: readonly ModelStatus[] = ['registered', 'approved', 'rejected'];

/** One stored file of a version, e.g. `{ role: 'onnx', key: 'run-1/model.onnx' }`. */
export interface ArtifactRef {
  readonly role: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export interface RegisterInput {
  readonly runId: string;
  readonly arch: string;
  readonly artifactBucket: string;
  /** Role -> key in the artifact bucket. */
  readonly artifacts: Readonly<Record<string, string>>;
  readonly hyperparameters: JsonObject;
  readonly metrics: JsonObject;
  readonly lineage: JsonObject;
  readonly preprocessing: JsonObject;
  readonly temperature: number;
}

export interface ModelVersion {
  readonly version: number;
  readonly runId: string;
  readonly status: ModelStatus;
  readonly statusReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly arch: string;
  readonly artifactBucket: string;
  readonly artifacts: readonly ArtifactRef[];
  readonly hyperparameters: JsonObject;
  readonly metrics: JsonObject;
  readonly lineage: JsonObject;
  readonly preprocessing: JsonObject;
  readonly temperature: number;
}

/** Artifacts without which a version cannot be served or explained. */
export const REQUIRED_ARTIFACT_ROLES = ['tfjs-model', 'tfjs-weights', 'report'] as const;

export class ModelRegistry {
  readonly #db: Kysely<ModelTables>;

  constructor(
    database: SqlDatabase,
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {
    this.#db = database.db as Kysely<ModelTables>;
  }

  /** Registers a finished run; refuses it unless every required artifact is in the store. */
  async register(input: RegisterInput): Promise<ModelVersion> {
    const artifacts = await this.#checkArtifacts(input);
    const now = this.clock.now();
    const row = await this.#db
      .insertInto('model_versions')
      .values({
        run_id: input.runId,
        status: 'registered',
        status_reason: null,
        created_at: now,
        updated_at: now,
        arch: input.arch,
        artifact_bucket: input.artifactBucket,
        artifacts: JSON.stringify(artifacts),
        hyperparameters: JSON.stringify(input.hyperparameters),
        metrics: JSON.stringify(input.metrics),
        lineage: JSON.stringify(input.lineage),
        preprocessing: JSON.stringify(input.preprocessing),
        temperature: input.temperature,
      })
      // Insert-or-nothing: of two processes registering one run at once, the loser gets DUPLICATE_RUN.
      .onConflict((c) => c.column('run_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return toVersion(row);
    const existing = await this.#db
      .selectFrom('model_versions')
      .select('version')
      .where('run_id', '=', input.runId)
      .executeTakeFirstOrThrow();
    throw modelError(
      'DUPLICATE_RUN',
      `run ${input.runId} is already registered as version ${existing.version}`,
    );
  }

  async list(filter: { status?: ModelStatus } = {}): Promise<ModelVersion[]> {
    let query = this.#db.selectFrom('model_versions').selectAll().orderBy('version', 'desc');
    if (filter.status) query = query.where('status', '=', filter.status);
    return (await query.execute()).map(toVersion);
  }

  async get(version: number): Promise<ModelVersion> {
    const row = await this.#db
      .selectFrom('model_versions')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw modelError('NO_SUCH_VERSION', `model version ${version} does not exist`, { version });
    return toVersion(row);
  }

  /** `latest` (newest not rejected), `approved` (newest approved), or a version number (`3` or `v3`). */
  async resolve(reference: string): Promise<ModelVersion> {
    const ref = reference.trim().toLowerCase();
    if (ref === 'latest' || ref === 'approved') {
      const query = this.#db.selectFrom('model_versions').selectAll().orderBy('version', 'desc');
      const row = await (ref === 'approved'
        ? query.where('status', '=', 'approved')
        : query.where('status', '!=', 'rejected')
      ).executeTakeFirst();
      if (!row)
        throw modelError(
          'NONE_REGISTERED',
          ref === 'approved'
            ? 'no model version is approved yet'
            : 'no model version is registered yet; run `scones train`',
        );
      return toVersion(row);
    }
    const match = /^v?(\d+)$/.exec(ref);
    if (!match)
      throw modelError(
        'INVALID_REFERENCE',
        `model reference ${JSON.stringify(reference)} is not a version number, "latest" or "approved"`,
      );
    return this.get(Number(match[1]));
  }

  async setStatus(version: number, status: ModelStatus, reason?: string): Promise<ModelVersion> {
    if (!MODEL_STATUSES.includes(status))
      throw modelError('INVALID_STATUS', `status must be one of ${MODEL_STATUSES.join(', ')}`);
    await this.get(version);
    await this.#db
      .updateTable('model_versions')
      .set({ status, status_reason: reason ?? null, updated_at: this.clock.now() })
      .where('version', '=', version)
      .execute();
    return this.get(version);
  }

  /** Removes the version and its artifacts (artifacts first: a row never points at missing files). */
  async delete(version: number): Promise<void> {
    const found = await this.get(version);
    await this.#db.deleteFrom('model_versions').where('version', '=', version).execute();
    for (const artifact of found.artifacts) await this.store.deleteObject(found.artifactBucket, artifact.key);
  }

  async #checkArtifacts(input: RegisterInput): Promise<ArtifactRef[]> {
    const missingRoles = REQUIRED_ARTIFACT_ROLES.filter((role) => !input.artifacts[role]);
    if (missingRoles.length > 0) {
      throw modelError(
        'INCOMPLETE_VERSION',
        `run ${input.runId} lacks required artifacts: ${missingRoles.join(', ')}`,
        { missingRoles },
      );
    }
    if (!Number.isFinite(input.temperature) || input.temperature <= 0) {
      throw modelError(
        'INCOMPLETE_VERSION',
        `run ${input.runId} has no valid calibration temperature (got ${input.temperature})`,
      );
    }
    const refs: ArtifactRef[] = [];
    for (const [role, key] of Object.entries(input.artifacts)) {
      const info = await this.store.headObject(input.artifactBucket, key).catch(() => undefined);
      if (!info)
        throw modelError(
          'INCOMPLETE_VERSION',
          `run ${input.runId}: artifact ${role} (s3://${input.artifactBucket}/${key}) is not in the store`,
          { role, key },
        );
      refs.push({ role, key, size: info.size, etag: info.etag });
    }
    return refs;
  }
}

function toVersion(row: Selectable<ModelVersionsTable>): ModelVersion {
  return {
    version: row.version,
    runId: row.run_id,
    status: row.status,
    statusReason: row.status_reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    arch: row.arch,
    artifactBucket: row.artifact_bucket,
    artifacts: JSON.parse(row.artifacts) as ArtifactRef[],
    hyperparameters: JSON.parse(row.hyperparameters) as JsonObject,
    metrics: JSON.parse(row.metrics) as JsonObject,
    lineage: JSON.parse(row.lineage) as JsonObject,
    preprocessing: JSON.parse(row.preprocessing) as JsonObject,
    temperature: row.temperature,
  };
}
