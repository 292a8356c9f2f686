// Functions and their immutable numbered versions in SQL; `$LATEST` is the newest version of each function.
import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { functionsError } from '../errors.js';
import { DEFAULT_ACCOUNT_CONCURRENCY } from '../host/concurrency.js';
import {
  type FunctionRecord,
  toFunctionRecord,
  toVersionRecord,
  type VersionRecord,
  type VersionSpec,
  versionRow,
} from './records.js';
import { assertReservationsFit, lockReservations } from './reservations.js';
import type { FunctionTables } from './schema.js';

export interface FunctionWithLatest {
  readonly fn: FunctionRecord;
  readonly latest: VersionRecord;
}

export class FunctionRegistry {
  constructor(
    private readonly db: Kysely<FunctionTables>,
    private readonly clock: Clock,
    /** Lambda's account concurrency limit, which reservations must leave room in. */
    private readonly accountConcurrency = DEFAULT_ACCOUNT_CONCURRENCY,
  ) {}

  /** Creates a function with version 1; throws FUNCTIONS_FUNCTION_EXISTS when the name is taken. */
  async create(name: string, spec: VersionSpec, reservedConcurrency?: number): Promise<FunctionWithLatest> {
    const created = await this.insertIfAbsent(name, spec, reservedConcurrency);
    if (!created) throw functionsError('FUNCTION_EXISTS', `Function already exist: ${name}`, { name });
    return created;
  }

  /** Creates the function unless it exists (idempotent seeding); true when it was created. */
  async ensure(name: string, spec: VersionSpec): Promise<boolean> {
    return (await this.insertIfAbsent(name, spec)) !== undefined;
  }

  /** Appends a version and points `$LATEST` at it. */
  async appendVersion(name: string, spec: VersionSpec): Promise<FunctionWithLatest> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      // Writing first takes the write lock at once, so concurrent deploys number versions without gaps.
      const bumped = await trx
        .updateTable('fn_functions')
        .set((eb) => ({ latest_version: eb('latest_version', '+', 1), updated_at: now }))
        .where('name', '=', name)
        .returningAll()
        .executeTakeFirst();
      if (!bumped) throw notFound(name);
      const row = versionRow(name, Number(bumped.latest_version), spec, now);
      await trx.insertInto('fn_versions').values(row).execute();
      return { fn: toFunctionRecord(bumped), latest: toVersionRecord(row) };
    });
  }

  async find(name: string): Promise<FunctionRecord | undefined> {
    const row = await this.db
      .selectFrom('fn_functions')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toFunctionRecord(row) : undefined;
  }

  async get(name: string): Promise<FunctionRecord> {
    const found = await this.find(name);
    if (!found) throw notFound(name);
    return found;
  }

  async findVersion(name: string, version: number): Promise<VersionRecord | undefined> {
    const row = await this.db
      .selectFrom('fn_versions')
      .selectAll()
      .where('function_name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersionRecord(row) : undefined;
  }

  async latest(name: string): Promise<FunctionWithLatest> {
    const fn = await this.get(name);
    const latest = await this.findVersion(name, fn.latestVersion);
    if (!latest) throw notFound(name);
    return { fn, latest };
  }

  /** Every function with its `$LATEST` version, by name. */
  async list(): Promise<FunctionWithLatest[]> {
    const rows = await this.db
      .selectFrom('fn_functions as f')
      .innerJoin('fn_versions as v', (join) =>
        join.onRef('v.function_name', '=', 'f.name').onRef('v.version', '=', 'f.latest_version'),
      )
      .selectAll('v')
      .select(['f.latest_version', 'f.reserved_concurrency', 'f.updated_at as fn_updated_at'])
      .select('f.created_at as fn_created_at')
      .orderBy('f.name')
      .execute();
    return rows.map((row) => ({
      fn: toFunctionRecord({
        name: row.function_name,
        latest_version: row.latest_version,
        reserved_concurrency: row.reserved_concurrency,
        created_at: row.fn_created_at,
        updated_at: row.fn_updated_at,
      }),
      latest: toVersionRecord(row),
    }));
  }

  async listVersions(name: string): Promise<VersionRecord[]> {
    await this.get(name);
    const rows = await this.db
      .selectFrom('fn_versions')
      .selectAll()
      .where('function_name', '=', name)
      .orderBy('version')
      .execute();
    return rows.map(toVersionRecord);
  }

  /** Refuses, without writing, a reservation `setReservedConcurrency` would refuse (to check before other changes). */
  async checkReservation(name: string, reserved: number): Promise<void> {
    await assertReservationsFit(this.db, this.accountConcurrency, { name, reserved });
  }

  /** Sets or (undefined) removes a reservation; refused when all of them would leave too little unreserved. */
  async setReservedConcurrency(name: string, reserved: number | undefined): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Locked first, so the total checked below is the one committed by every other reservation writer.
      if (reserved !== undefined) await lockReservations(trx);
      const result = await trx
        .updateTable('fn_functions')
        .set({ reserved_concurrency: reserved ?? null, updated_at: this.clock.now() })
        .where('name', '=', name)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound(name);
      if (reserved !== undefined) await assertReservationsFit(trx, this.accountConcurrency);
    });
  }

  /** Removes the function, its versions and aliases. */
  async delete(name: string): Promise<void> {
    const result = await this.db.deleteFrom('fn_functions').where('name', '=', name).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(name);
  }

  /** Removes one version; refused for the version `$LATEST` points at and for versions aliases use. */
  async deleteVersion(name: string, version: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Locked first, as alias writers do: no alias can come to point at the version while it is deleted.
      await lockFunction(trx, name);
      const fn = await trx.selectFrom('fn_functions').selectAll().where('name', '=', name).executeTakeFirst();
      if (!fn) throw notFound(name);
      if (Number(fn.latest_version) === version)
        throw functionsError(
          'RESOURCE_IN_USE',
          `version ${version} of ${name} is $LATEST; delete the function`,
        );
      const alias = await trx
        .selectFrom('fn_aliases')
        .select('name')
        .where('function_name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (alias)
        throw functionsError(
          'RESOURCE_IN_USE',
          `version ${version} of ${name} is used by alias ${alias.name}`,
        );
      const result = await trx
        .deleteFrom('fn_versions')
        .where('function_name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw functionsError('QUALIFIER_NOT_FOUND', `Function not found: ${name}:${version}`, {
          name,
          version,
        });
    });
  }

  /** Stored code folders some version of the function still uses. */
  async storedCodeRefs(name: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('fn_versions')
      .select('code_ref')
      .distinct()
      .where('function_name', '=', name)
      .where('code_kind', '=', 'stored')
      .execute();
    return new Set(rows.map((row) => row.code_ref));
  }

  private async insertIfAbsent(
    name: string,
    spec: VersionSpec,
    reservedConcurrency?: number,
  ): Promise<FunctionWithLatest | undefined> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      if (reservedConcurrency !== undefined) await lockReservations(trx);
      const inserted = await trx
        .insertInto('fn_functions')
        .values({
          name,
          latest_version: 1,
          reserved_concurrency: reservedConcurrency ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) return undefined;
      if (reservedConcurrency !== undefined) await assertReservationsFit(trx, this.accountConcurrency);
      const row = versionRow(name, 1, spec, now);
      await trx.insertInto('fn_versions').values(row).execute();
      return { fn: toFunctionRecord(inserted), latest: toVersionRecord(row) };
    });
  }
}

/** Holds the function's row until `trx` ends (a no-op write); FUNCTION_NOT_FOUND when there is none. */
export async function lockFunction(trx: Kysely<FunctionTables>, name: string): Promise<void> {
  const locked = await trx
    .updateTable('fn_functions')
    .set((eb) => ({ latest_version: eb.ref('latest_version') }))
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) === 0) throw notFound(name);
}

export function notFound(name: string) {
  return functionsError('FUNCTION_NOT_FOUND', `Function not found: ${name}`, { name });
}
