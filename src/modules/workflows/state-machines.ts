// State machines and their published versions: create (idempotent), update, describe, list, delete, publish.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { type ArnScope, assertName, assertRoleArn, parseMachineRef, stateMachineArn } from './arns.js';
import type { StateMachineDefinition } from './asl/definition.js';
import { type Json, parseJsonText } from './asl/json.js';
import { MAX_DEFINITION_CHARS } from './asl/validate/validate.js';
import { workflowError } from './errors.js';
import { decodeToken, keysetPage, type Page, pageSize } from './paging.js';
import type { MachineRow, WorkflowTables } from './schema.js';
import { assertValidDefinition } from './validation.js';
import { Versions } from './versions.js';

export type MachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineDescription {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: 'ACTIVE';
  readonly definition: string;
  readonly roleArn: string;
  readonly type: MachineType;
  readonly creationDate: number;
  readonly revisionId: string;
  readonly description?: string;
  readonly loggingConfiguration: Json;
  readonly tracingConfiguration: Json;
}

export interface CreateStateMachineInput {
  readonly name: string;
  readonly definition: string;
  readonly roleArn?: string;
  readonly type?: MachineType;
  readonly loggingConfiguration?: Json;
  readonly tracingConfiguration?: Json;
  readonly publish?: boolean;
  readonly versionDescription?: string;
}

export interface UpdateStateMachineInput {
  readonly stateMachineArn: string;
  readonly definition?: string;
  readonly roleArn?: string;
  readonly loggingConfiguration?: Json;
  readonly tracingConfiguration?: Json;
  readonly publish?: boolean;
  readonly versionDescription?: string;
}

const DEFAULT_LOGGING = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING = { enabled: false };

/** Parses and validates definition text; throws WORKFLOW_INVALID_DEFINITION with every problem. */
export function parseDefinition(text: string): StateMachineDefinition {
  if (text.length > MAX_DEFINITION_CHARS)
    throw workflowError(
      'INVALID_DEFINITION',
      `The definition is ${text.length} characters long; at most ${MAX_DEFINITION_CHARS} are allowed`,
    );
  let parsed: unknown;
  try {
    parsed = parseJsonText(text);
  } catch (error) {
    throw workflowError('INVALID_DEFINITION', `The definition is not valid JSON: ${String(error)}`);
  }
  assertValidDefinition(parsed);
  return parsed;
}

export class StateMachines {
  readonly versions: Versions;

  constructor(
    private readonly db: Kysely<WorkflowTables>,
    private readonly scope: ArnScope,
    private readonly clock: Clock,
  ) {
    this.versions = new Versions(db, scope, clock, (arn) => this.machine(arn));
  }

  async create(
    input: CreateStateMachineInput,
  ): Promise<{ stateMachineArn: string; creationDate: number; stateMachineVersionArn?: string }> {
    assertName(input.name, 'state machine');
    if (input.roleArn !== undefined) assertRoleArn(input.roleArn);
    parseDefinition(input.definition);
    const arn = stateMachineArn(this.scope, input.name);
    const type = input.type ?? 'STANDARD';
    const logging = JSON.stringify(input.loggingConfiguration ?? DEFAULT_LOGGING);
    const tracing = JSON.stringify(input.tracingConfiguration ?? DEFAULT_TRACING);
    const existing = await this.find(arn);
    if (existing !== undefined) {
      const same =
        existing.definition === input.definition && existing.type === type && existing.logging === logging;
      if (!same)
        throw workflowError('STATE_MACHINE_EXISTS', `State Machine Already Exists: '${arn}'`, { arn });
      return { stateMachineArn: arn, creationDate: existing.created_at };
    }
    const now = this.clock.now();
    const row: MachineRow = {
      arn,
      name: input.name,
      type,
      definition: input.definition,
      role_arn: input.roleArn ?? `arn:aws:iam::${this.scope.accountId}:role/scones-workflows`,
      description: null,
      logging,
      tracing,
      revision_id: randomUUID(),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('workflow_state_machines').values(row).execute();
    const version = input.publish ? await this.versions.publishRow(row, input.versionDescription) : undefined;
    return {
      stateMachineArn: arn,
      creationDate: now,
      ...(version ? { stateMachineVersionArn: version.arn } : {}),
    };
  }

  async update(
    input: UpdateStateMachineInput,
  ): Promise<{ updateDate: number; revisionId: string; stateMachineVersionArn?: string }> {
    const row = await this.machine(input.stateMachineArn);
    if (
      input.definition === undefined &&
      input.roleArn === undefined &&
      input.loggingConfiguration === undefined &&
      input.tracingConfiguration === undefined
    ) {
      throw workflowError(
        'MISSING_PARAMETER',
        'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified',
      );
    }
    if (input.roleArn !== undefined) assertRoleArn(input.roleArn);
    if (input.definition !== undefined) parseDefinition(input.definition);
    const changed =
      (input.definition !== undefined && input.definition !== row.definition) ||
      (input.roleArn !== undefined && input.roleArn !== row.role_arn);
    const updated: MachineRow = {
      ...row,
      definition: input.definition ?? row.definition,
      role_arn: input.roleArn ?? row.role_arn,
      logging:
        input.loggingConfiguration === undefined ? row.logging : JSON.stringify(input.loggingConfiguration),
      tracing:
        input.tracingConfiguration === undefined ? row.tracing : JSON.stringify(input.tracingConfiguration),
      revision_id: changed ? randomUUID() : row.revision_id,
      updated_at: this.clock.now(),
    };
    await this.db.updateTable('workflow_state_machines').set(updated).where('arn', '=', row.arn).execute();
    const version = input.publish
      ? await this.versions.publishRow(updated, input.versionDescription)
      : undefined;
    return {
      updateDate: updated.updated_at,
      revisionId: updated.revision_id,
      ...(version ? { stateMachineVersionArn: version.arn } : {}),
    };
  }

  /** A machine, or one of its versions when given a version ARN. */
  async describe(arn: string): Promise<StateMachineDescription> {
    const ref = parseMachineRef(this.scope, arn);
    if (ref.kind === 'alias')
      throw workflowError('INVALID_ARN', `Describe an alias with DescribeStateMachineAlias: '${arn}'`);
    const row = await this.machine(ref.machineArn);
    if (ref.kind === 'machine') return describeRow(row);
    const version = await this.versions.get(ref.machineArn, ref.version);
    return {
      ...describeRow(row),
      stateMachineArn: version.arn,
      definition: version.definition,
      roleArn: version.role_arn,
      creationDate: version.created_at,
      revisionId: version.revision_id,
      ...(version.description === null ? {} : { description: version.description }),
    };
  }

  async list(page: Page): Promise<{
    stateMachines: { stateMachineArn: string; name: string; type: MachineType; creationDate: number }[];
    nextToken?: string;
  }> {
    const size = pageSize(page.maxResults, 100);
    const after = decodeToken(page.nextToken, (v): v is string => typeof v === 'string');
    let query = this.db
      .selectFrom('workflow_state_machines')
      .select(['arn', 'name', 'type', 'created_at'])
      .orderBy('name')
      .limit(size + 1);
    if (after !== undefined) query = query.where('name', '>', after);
    const { shown, next } = keysetPage(await query.execute(), size, (r) => r.name);
    return {
      stateMachines: shown.map((r) => ({
        stateMachineArn: r.arn,
        name: r.name,
        type: r.type,
        creationDate: r.created_at,
      })),
      ...next,
    };
  }

  /** Deletes a machine with its versions and aliases; its executions stay readable and running ones go on. */
  async delete(arn: string): Promise<void> {
    const ref = parseMachineRef(this.scope, arn);
    if (ref.kind === 'version') return this.versions.delete(arn);
    if (ref.kind === 'alias')
      throw workflowError('INVALID_ARN', `Delete an alias with DeleteStateMachineAlias: '${arn}'`);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('workflow_aliases').where('machine_arn', '=', ref.machineArn).execute();
      await trx.deleteFrom('workflow_versions').where('machine_arn', '=', ref.machineArn).execute();
      await trx.deleteFrom('workflow_state_machines').where('arn', '=', ref.machineArn).execute();
    });
  }

  async machine(arn: string): Promise<MachineRow> {
    const ref = parseMachineRef(this.scope, arn);
    const row = await this.find(ref.machineArn);
    if (row === undefined)
      throw workflowError('STATE_MACHINE_NOT_FOUND', `State Machine Does Not Exist: '${ref.machineArn}'`, {
        arn,
      });
    return row;
  }

  private find(arn: string): Promise<MachineRow | undefined> {
    return this.db
      .selectFrom('workflow_state_machines')
      .selectAll()
      .where('arn', '=', arn)
      .executeTakeFirst();
  }
}

function describeRow(row: MachineRow): StateMachineDescription {
  return {
    stateMachineArn: row.arn,
    name: row.name,
    status: 'ACTIVE',
    definition: row.definition,
    roleArn: row.role_arn,
    type: row.type,
    creationDate: row.created_at,
    revisionId: row.revision_id,
    ...(row.description === null ? {} : { description: row.description }),
    loggingConfiguration: JSON.parse(row.logging) as Json,
    tracingConfiguration: JSON.parse(row.tracing) as Json,
  };
}
