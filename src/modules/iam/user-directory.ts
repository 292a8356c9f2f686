// IAM users and their access keys; a secret is returned once, at creation, and stored only encrypted.
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { arns } from './access/arns.js';
import { iamError } from './errors.js';
import { awsId, newSecretAccessKey } from './ids.js';
import { checkName } from './names.js';
import type { UserPrincipal } from './principal.js';
import type { IamTables } from './schema.js';
import type { SecretBox } from './secret-box.js';
import type { SigningCredential } from './sigv4/sigv4-types.js';

export interface IamUser {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: number;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeyInfo {
  readonly accessKeyId: string;
  readonly userName: string;
  readonly status: AccessKeyStatus;
  readonly createdAt: number;
}

/** Only `createAccessKey` returns this: the secret is never shown again. */
export interface NewAccessKey extends AccessKeyInfo {
  readonly secretAccessKey: string;
}

/** AWS allows two keys per user, enough to rotate without downtime. */
export const MAX_KEYS_PER_USER = 2;

export class UserDirectory {
  constructor(
    private readonly db: Kysely<IamTables>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async createUser(name: string): Promise<IamUser> {
    checkName('user', name);
    const row = { name, user_id: awsId('AIDA'), created_at: this.clock.now() };
    // Insert-or-nothing: of two servers creating one user at once, the loser gets ALREADY_EXISTS, not a DB error.
    const inserted = await this.db
      .insertInto('iam_users')
      .values(row)
      .onConflict((c) => c.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
      throw iamError('ALREADY_EXISTS', `user ${name} already exists`, { name });
    return toUser(row);
  }

  async listUsers(): Promise<IamUser[]> {
    const rows = await this.db.selectFrom('iam_users').selectAll().orderBy('name').execute();
    return rows.map(toUser);
  }

  async getUser(name: string): Promise<IamUser> {
    const row = await this.#find(name);
    if (!row) throw iamError('NO_SUCH_USER', `user ${name} does not exist`, { name });
    return toUser(row);
  }

  /** Refuses while the user has keys or policies, unless `force` (then they go with it). */
  async deleteUser(
    name: string,
    options: { force?: boolean } = {},
  ): Promise<{ keys: string[]; policies: string[] }> {
    await this.getUser(name);
    const keys = (await this.listAccessKeys(name)).map((k) => k.accessKeyId);
    const policies = (
      await this.db
        .selectFrom('iam_policies')
        .select('policy_name')
        .where('principal_type', '=', 'user')
        .where('principal_name', '=', name)
        .execute()
    ).map((p) => p.policy_name);
    if (!options.force && (keys.length > 0 || policies.length > 0))
      throw iamError(
        'DELETE_CONFLICT',
        `user ${name} still has ${keys.length} access key(s) and ${policies.length} policy(ies); delete them first or force`,
        { keys, policies },
      );
    await this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('iam_policies')
        .where('principal_type', '=', 'user')
        .where('principal_name', '=', name)
        .execute();
      await tx.deleteFrom('iam_access_keys').where('user_name', '=', name).execute();
      await tx.deleteFrom('iam_users').where('name', '=', name).execute();
    });
    return { keys, policies };
  }

  async createAccessKey(userName: string): Promise<NewAccessKey> {
    const accessKeyId = awsId('AKIA');
    const secretAccessKey = newSecretAccessKey();
    const row = {
      access_key_id: accessKeyId,
      user_name: userName,
      secret_sealed: this.box.seal(secretAccessKey, accessKeyId),
      status: 'Active' as const,
      created_at: this.clock.now(),
    };
    await this.db.transaction().execute(async (tx) => {
      // A no-op write of the user's row first locks it (a row lock; SQLite's write lock), so two servers
      // creating keys for one user count each other's and never exceed the limit together.
      const user = await tx
        .updateTable('iam_users')
        .set((eb) => ({ user_id: eb.ref('user_id') }))
        .where('name', '=', userName)
        .executeTakeFirst();
      if (Number(user.numUpdatedRows) === 0)
        throw iamError('NO_SUCH_USER', `user ${userName} does not exist`, { name: userName });
      const keys = await tx
        .selectFrom('iam_access_keys')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_name', '=', userName)
        .executeTakeFirstOrThrow();
      if (Number(keys.n) >= MAX_KEYS_PER_USER)
        throw iamError(
          'LIMIT_EXCEEDED',
          `user ${userName} already has ${MAX_KEYS_PER_USER} access keys; delete one first`,
        );
      await tx.insertInto('iam_access_keys').values(row).execute();
    });
    return { ...toKey(row), secretAccessKey };
  }

  async listAccessKeys(userName?: string): Promise<AccessKeyInfo[]> {
    let query = this.db.selectFrom('iam_access_keys').selectAll().orderBy('user_name').orderBy('created_at');
    if (userName !== undefined) query = query.where('user_name', '=', userName);
    return (await query.execute()).map(toKey);
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<AccessKeyInfo> {
    const result = await this.db
      .updateTable('iam_access_keys')
      .set({ status })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw noSuchKey(accessKeyId);
    return (await this.listAccessKeys()).find((k) => k.accessKeyId === accessKeyId) as AccessKeyInfo;
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    const result = await this.db
      .deleteFrom('iam_access_keys')
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) throw noSuchKey(accessKeyId);
  }

  /** The signing secret and principal of a long-term key, for SigV4 and API-key checks. */
  async credentialFor(accessKeyId: string): Promise<SigningCredential<UserPrincipal> | undefined> {
    const row = await this.db
      .selectFrom('iam_access_keys')
      .innerJoin('iam_users', 'iam_users.name', 'iam_access_keys.user_name')
      .select([
        'iam_access_keys.secret_sealed',
        'iam_access_keys.status',
        'iam_users.name',
        'iam_users.user_id',
      ])
      .where('iam_access_keys.access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      secretAccessKey: this.box.open(row.secret_sealed, accessKeyId),
      active: row.status === 'Active',
      principal: { type: 'user', name: row.name, id: row.user_id, arn: arns.iamUser(row.name) },
    };
  }

  #find(name: string) {
    return this.db.selectFrom('iam_users').selectAll().where('name', '=', name).executeTakeFirst();
  }
}

function noSuchKey(accessKeyId: string) {
  return iamError('NO_SUCH_KEY', `access key ${accessKeyId} does not exist`, { accessKeyId });
}

function toUser(row: { name: string; user_id: string; created_at: number }): IamUser {
  return { name: row.name, id: row.user_id, arn: arns.iamUser(row.name), createdAt: Number(row.created_at) };
}

function toKey(row: {
  access_key_id: string;
  user_name: string;
  status: AccessKeyStatus;
  created_at: number;
}): AccessKeyInfo {
  return {
    accessKeyId: row.access_key_id,
    userName: row.user_name,
    status: row.status,
    createdAt: Number(row.created_at),
  };
}
