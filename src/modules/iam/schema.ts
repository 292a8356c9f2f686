// Tables and migrations of identity and access: users, access keys, roles, inline policies, role sessions.
import type { Kysely, Migration } from 'kysely';
import type { Migrations } from '../../platform/db/port.js';

export interface IamUsersTable {
  name: string;
  user_id: string;
  created_at: number;
}

export interface IamAccessKeysTable {
  access_key_id: string;
  user_name: string;
  /** AES-256-GCM ciphertext (see secret-box.ts), never the secret itself. */
  secret_sealed: string;
  status: 'Active' | 'Inactive';
  created_at: number;
}

export interface IamRolesTable {
  name: string;
  role_id: string;
  trust_policy: string;
  max_session_seconds: number;
  description: string;
  created_at: number;
}

export interface IamPoliciesTable {
  principal_type: 'user' | 'role';
  principal_name: string;
  policy_name: string;
  document: string;
  created_at: number;
  updated_at: number;
}

export interface IamSessionsTable {
  access_key_id: string;
  role_name: string;
  session_name: string;
  secret_sealed: string;
  /** Hex SHA-256 of the session token: enough to check it, useless to replay it. */
  token_sha256: string;
  issued_at: number;
  expires_at: number;
}

export interface IamTables {
  iam_users: IamUsersTable;
  iam_access_keys: IamAccessKeysTable;
  iam_roles: IamRolesTable;
  iam_policies: IamPoliciesTable;
  iam_sessions: IamSessionsTable;
}

const createTables: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations operate before the typed schema exists
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('iam_users')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('iam_access_keys')
      .addColumn('access_key_id', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull().references('iam_users.name').onDelete('cascade'))
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iam_access_keys_user').on('iam_access_keys').column('user_name').execute();
    await db.schema
      .createTable('iam_roles')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('role_id', 'text', (c) => c.notNull().unique())
      .addColumn('trust_policy', 'text', (c) => c.notNull())
      .addColumn('max_session_seconds', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('iam_policies')
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_name', 'text', (c) => c.notNull())
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_policies_pk', ['principal_type', 'principal_name', 'policy_name'])
      .execute();
    await db.schema
      .createTable('iam_sessions')
      .addColumn('access_key_id', 'text', (c) => c.primaryKey())
      .addColumn('role_name', 'text', (c) => c.notNull().references('iam_roles.name').onDelete('cascade'))
      .addColumn('session_name', 'text', (c) => c.notNull())
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('token_sha256', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iam_sessions_expiry').on('iam_sessions').column('expires_at').execute();
  },
};

export const iamMigrations: Migrations = { 'iam/0001-identities': createTables };
