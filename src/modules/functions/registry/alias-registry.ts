// Aliases: named pointers at numbered versions of a function (Lambda's CreateAlias/GetAlias/UpdateAlias).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../../kernel/clock.js';
import { functionsError } from '../errors.js';
import { lockFunction } from './function-registry.js';
import { type AliasRecord, toAliasRecord } from './records.js';
import type { FunctionTables } from './schema.js';

/** Lambda's alias name rule: letters, digits, hyphens, underscores, not all digits. */
const ALIAS_NAME = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;

export interface AliasChanges {
  readonly version?: number;
  readonly description?: string;
}

export class AliasRegistry {
  constructor(
    private readonly db: Kysely<FunctionTables>,
    private readonly clock: Clock,
  ) {}

  async create(functionName: string, name: string, version: number, description = ''): Promise<AliasRecord> {
    if (!ALIAS_NAME.test(name) || name === '$LATEST')
      throw functionsError('INVALID_PARAMETER', `alias name '${name}' is not valid`, { name });
    const now = this.clock.now();
    const row = {
      function_name: functionName,
      name,
      version,
      description,
      revision_id: randomUUID(),
      created_at: now,
      updated_at: now,
    };
    const inserted = await this.db.transaction().execute(async (trx) => {
      await requireVersion(trx, functionName, version);
      return trx
        .insertInto('fn_aliases')
        .values(row)
        .onConflict((conflict) => conflict.columns(['function_name', 'name']).doNothing())
        .executeTakeFirst();
    });
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
      throw functionsError('ALIAS_EXISTS', `Alias already exists: ${functionName}:${name}`, { name });
    return toAliasRecord(row);
  }

  async find(functionName: string, name: string): Promise<AliasRecord | undefined> {
    const row = await this.db
      .selectFrom('fn_aliases')
      .selectAll()
      .where('function_name', '=', functionName)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toAliasRecord(row) : undefined;
  }

  async get(functionName: string, name: string): Promise<AliasRecord> {
    const found = await this.find(functionName, name);
    if (!found)
      throw functionsError('ALIAS_NOT_FOUND', `Alias not found: ${functionName}:${name}`, {
        functionName,
        name,
      });
    return found;
  }

  async list(functionName: string): Promise<AliasRecord[]> {
    const rows = await this.db
      .selectFrom('fn_aliases')
      .selectAll()
      .where('function_name', '=', functionName)
      .orderBy('name')
      .execute();
    return rows.map(toAliasRecord);
  }

  async update(functionName: string, name: string, changes: AliasChanges): Promise<AliasRecord> {
    await this.db.transaction().execute(async (trx) => {
      if (changes.version !== undefined) await requireVersion(trx, functionName, changes.version);
      const result = await trx
        .updateTable('fn_aliases')
        .set((eb) => ({
          version: changes.version ?? eb.ref('version'),
          description: changes.description ?? eb.ref('description'),
          revision_id: randomUUID(),
          updated_at: this.clock.now(),
        }))
        .where('function_name', '=', functionName)
        .where('name', '=', name)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) await this.get(functionName, name);
    });
    return this.get(functionName, name);
  }

  async delete(functionName: string, name: string): Promise<void> {
    const result = await this.db
      .deleteFrom('fn_aliases')
      .where('function_name', '=', functionName)
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) await this.get(functionName, name);
  }
}

/**
 * Locks the function's row for the rest of `trx` (a no-op write: a row lock, or SQLite's write lock), then
 * checks the version exists. `deleteVersion` takes the same lock, so an alias never points at a deleted version.
 */
async function requireVersion(
  trx: Kysely<FunctionTables>,
  functionName: string,
  version: number,
): Promise<void> {
  await lockFunction(trx, functionName);
  const found = await trx
    .selectFrom('fn_versions')
    .select('version')
    .where('function_name', '=', functionName)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!found)
    throw functionsError('QUALIFIER_NOT_FOUND', `Function not found: ${functionName}:${version}`, {
      functionName,
      version,
    });
}
