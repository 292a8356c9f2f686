// Inline policies attached to users and roles (PutUserPolicy/PutRolePolicy semantics: a name is replaced).
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { iamError } from './errors.js';
import { checkName } from './names.js';
import type { NamedPolicy } from './policy/evaluate.js';
import { parsePolicy } from './policy/policy-parse.js';
import type { Policy } from './policy/policy-types.js';
import type { IamPoliciesTable, IamTables } from './schema.js';

export interface PrincipalRef {
  readonly type: 'user' | 'role';
  readonly name: string;
}

export interface AttachedPolicy {
  readonly principal: PrincipalRef;
  readonly name: string;
  /** The document as stored (compact JSON). */
  readonly document: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Parsed documents by text: parsing is the costly part of an authorization, documents rarely change. */
const PARSED_CACHE_LIMIT = 1000;

export class PolicyStore {
  readonly #parsed = new Map<string, Policy>();

  constructor(
    private readonly db: Kysely<IamTables>,
    private readonly clock: Clock,
  ) {}

  /** Validates first: a document with any problem is refused (IAM_MALFORMED_POLICY lists them all). */
  async attach(principal: PrincipalRef, name: string, document: unknown): Promise<AttachedPolicy> {
    checkName('policy', name);
    const policy = parsePolicy(document, 'identity');
    await this.#requirePrincipal(principal);
    const now = this.clock.now();
    const existing = await this.#row(principal, name);
    const row: IamPoliciesTable = {
      principal_type: principal.type,
      principal_name: principal.name,
      policy_name: name,
      document: policy.document,
      created_at: existing ? Number(existing.created_at) : now,
      updated_at: now,
    };
    await this.db
      .insertInto('iam_policies')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['principal_type', 'principal_name', 'policy_name'])
          .doUpdateSet({ document: row.document, updated_at: now }),
      )
      .execute();
    return toAttached(row);
  }

  async detach(principal: PrincipalRef, name: string): Promise<void> {
    const result = await this.db
      .deleteFrom('iam_policies')
      .where('principal_type', '=', principal.type)
      .where('principal_name', '=', principal.name)
      .where('policy_name', '=', name)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n)
      throw iamError('NO_SUCH_POLICY', `${principal.type} ${principal.name} has no policy named ${name}`, {
        name,
      });
  }

  async list(principal?: PrincipalRef): Promise<AttachedPolicy[]> {
    let query = this.db
      .selectFrom('iam_policies')
      .selectAll()
      .orderBy('principal_type')
      .orderBy('principal_name')
      .orderBy('policy_name');
    if (principal)
      query = query.where('principal_type', '=', principal.type).where('principal_name', '=', principal.name);
    return (await query.execute()).map(toAttached);
  }

  /** The principal's policies, compiled, for evaluation. */
  async policiesOf(principal: PrincipalRef): Promise<NamedPolicy[]> {
    const attached = await this.list(principal);
    return attached.map((p) => ({ name: p.name, policy: this.#compile(p.document) }));
  }

  #compile(document: string): Policy {
    let policy = this.#parsed.get(document);
    if (!policy) {
      policy = parsePolicy(document, 'identity');
      if (this.#parsed.size >= PARSED_CACHE_LIMIT) this.#parsed.clear();
      this.#parsed.set(document, policy);
    }
    return policy;
  }

  async #requirePrincipal(principal: PrincipalRef): Promise<void> {
    const table = principal.type === 'user' ? 'iam_users' : 'iam_roles';
    const found = await this.db
      .selectFrom(table)
      .select('name')
      .where('name', '=', principal.name)
      .executeTakeFirst();
    if (!found)
      throw iamError(
        principal.type === 'user' ? 'NO_SUCH_USER' : 'NO_SUCH_ROLE',
        `${principal.type} ${principal.name} does not exist`,
        {
          name: principal.name,
        },
      );
  }

  #row(principal: PrincipalRef, name: string) {
    return this.db
      .selectFrom('iam_policies')
      .selectAll()
      .where('principal_type', '=', principal.type)
      .where('principal_name', '=', principal.name)
      .where('policy_name', '=', name)
      .executeTakeFirst();
  }
}

function toAttached(row: IamPoliciesTable): AttachedPolicy {
  return {
    principal: { type: row.principal_type, name: row.principal_name },
    name: row.policy_name,
    document: row.document,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
