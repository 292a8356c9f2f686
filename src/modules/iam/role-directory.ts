// IAM roles: a trust policy saying who may assume the role (services such as Lambda and Step Functions).
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { arns } from './access/arns.js';
import { iamError } from './errors.js';
import { awsId } from './ids.js';
import { checkName } from './names.js';
import { parsePolicy } from './policy/policy-parse.js';
import type { IamRolesTable, IamTables } from './schema.js';

export interface IamRole {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  /** JSON text of the trust policy. */
  readonly trustPolicy: string;
  readonly maxSessionSeconds: number;
  readonly description: string;
  readonly createdAt: number;
}

export interface CreateRoleInput {
  /** A trust policy document (JSON text or object); default: the services that run Scones code. */
  readonly trustPolicy?: unknown;
  /** 3600 to 43200 seconds, as IAM; default 3600. */
  readonly maxSessionSeconds?: number;
  readonly description?: string;
}

/** Functions and state machines assume their execution role as these service principals. */
export const DEFAULT_TRUSTED_SERVICES = ['lambda.amazonaws.com', 'states.amazonaws.com'] as const;

/** `{"Statement":[{"Effect":"Allow","Principal":{"Service":[...]},"Action":"sts:AssumeRole"}]}`. */
export function trustPolicyForServices(services: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: services.length === 1 ? services[0] : [...services] },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

export class RoleDirectory {
  constructor(
    private readonly db: Kysely<IamTables>,
    private readonly clock: Clock,
  ) {}

  async createRole(name: string, input: CreateRoleInput = {}): Promise<IamRole> {
    checkName('role', name);
    const trust = parsePolicy(input.trustPolicy ?? trustPolicyForServices(DEFAULT_TRUSTED_SERVICES), 'trust');
    const maxSessionSeconds = input.maxSessionSeconds ?? 3600;
    if (!Number.isInteger(maxSessionSeconds) || maxSessionSeconds < 3600 || maxSessionSeconds > 43_200)
      throw iamError('INVALID_ARGUMENT', 'the maximum session duration must be 3600 to 43200 seconds', {
        maxSessionSeconds,
      });
    const row: IamRolesTable = {
      name,
      role_id: awsId('AROA'),
      trust_policy: trust.document,
      max_session_seconds: maxSessionSeconds,
      description: input.description ?? '',
      created_at: this.clock.now(),
    };
    // Insert-or-nothing: of two servers creating one role at once, the loser gets ALREADY_EXISTS, not a DB error.
    const inserted = await this.db
      .insertInto('iam_roles')
      .values(row)
      .onConflict((c) => c.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
      throw iamError('ALREADY_EXISTS', `role ${name} already exists`, { name });
    return toRole(row);
  }

  async updateTrustPolicy(name: string, document: unknown): Promise<IamRole> {
    await this.getRole(name);
    const trust = parsePolicy(document, 'trust');
    await this.db
      .updateTable('iam_roles')
      .set({ trust_policy: trust.document })
      .where('name', '=', name)
      .execute();
    return this.getRole(name);
  }

  async listRoles(): Promise<IamRole[]> {
    return (await this.db.selectFrom('iam_roles').selectAll().orderBy('name').execute()).map(toRole);
  }

  async getRole(name: string): Promise<IamRole> {
    const row = await this.#find(name);
    if (!row) throw iamError('NO_SUCH_ROLE', `role ${name} does not exist`, { name });
    return toRole(row);
  }

  /** Refuses while the role has policies, unless `force`; its live sessions end with it. */
  async deleteRole(name: string, options: { force?: boolean } = {}): Promise<{ policies: string[] }> {
    await this.getRole(name);
    const policies = (
      await this.db
        .selectFrom('iam_policies')
        .select('policy_name')
        .where('principal_type', '=', 'role')
        .where('principal_name', '=', name)
        .execute()
    ).map((p) => p.policy_name);
    if (!options.force && policies.length > 0)
      throw iamError(
        'DELETE_CONFLICT',
        `role ${name} still has ${policies.length} policy(ies); detach them first or force`,
        { policies },
      );
    await this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('iam_policies')
        .where('principal_type', '=', 'role')
        .where('principal_name', '=', name)
        .execute();
      await tx.deleteFrom('iam_sessions').where('role_name', '=', name).execute();
      await tx.deleteFrom('iam_roles').where('name', '=', name).execute();
    });
    return { policies };
  }

  #find(name: string) {
    return this.db.selectFrom('iam_roles').selectAll().where('name', '=', name).executeTakeFirst();
  }
}

function toRole(row: IamRolesTable): IamRole {
  return {
    name: row.name,
    id: row.role_id,
    arn: arns.iamRole(row.name),
    trustPolicy: row.trust_policy,
    maxSessionSeconds: row.max_session_seconds,
    description: row.description,
    createdAt: Number(row.created_at),
  };
}
