// State machine aliases: names routing executions to one or two published versions by weight.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { type ArnScope, assertName, parseMachineRef } from './arns.js';
import { workflowError } from './errors.js';
import { decodeToken, keysetPage, type Page, pageSize } from './paging.js';
import type { AliasesTable, WorkflowTables } from './schema.js';
import type { StateMachines } from './state-machines.js';

export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface AliasDescription {
  readonly stateMachineAliasArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingEntry[];
  readonly creationDate: number;
  readonly updateDate: number;
}

type AliasRow = Selectable<AliasesTable>;

export class Aliases {
  constructor(
    private readonly db: Kysely<WorkflowTables>,
    private readonly scope: ArnScope,
    private readonly clock: Clock,
    private readonly machines: StateMachines,
  ) {}

  async create(input: {
    name: string;
    description?: string;
    routingConfiguration: readonly RoutingEntry[];
  }): Promise<{ stateMachineAliasArn: string; creationDate: number }> {
    assertName(input.name, 'alias');
    if (/^\d+$/.test(input.name)) {
      throw workflowError(
        'INVALID_NAME',
        `An alias name cannot be a number (it would read as a version): '${input.name}'`,
      );
    }
    const machineArn = await this.checkRouting(input.routingConfiguration);
    const arn = `${machineArn}:${input.name}`;
    const routing = JSON.stringify(input.routingConfiguration);
    const existing = await this.find(arn);
    if (existing !== undefined) {
      if (existing.routing !== routing || existing.description !== (input.description ?? null)) {
        throw workflowError('CONFLICT', `Alias ${arn} already exists with a different configuration`);
      }
      return { stateMachineAliasArn: arn, creationDate: existing.created_at };
    }
    const now = this.clock.now();
    await this.db
      .insertInto('workflow_aliases')
      .values({
        arn,
        machine_arn: machineArn,
        name: input.name,
        description: input.description ?? null,
        routing,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { stateMachineAliasArn: arn, creationDate: now };
  }

  async describe(arn: string): Promise<AliasDescription> {
    const row = await this.alias(arn);
    return {
      stateMachineAliasArn: row.arn,
      name: row.name,
      ...(row.description === null ? {} : { description: row.description }),
      routingConfiguration: JSON.parse(row.routing) as RoutingEntry[],
      creationDate: row.created_at,
      updateDate: row.updated_at,
    };
  }

  async update(input: {
    stateMachineAliasArn: string;
    description?: string;
    routingConfiguration?: readonly RoutingEntry[];
  }): Promise<{ updateDate: number }> {
    const row = await this.alias(input.stateMachineAliasArn);
    if (input.description === undefined && input.routingConfiguration === undefined) {
      throw workflowError(
        'MISSING_PARAMETER',
        'Either the description or the routingConfiguration must be specified',
      );
    }
    if (input.routingConfiguration !== undefined) {
      const machineArn = await this.checkRouting(input.routingConfiguration);
      if (machineArn !== row.machine_arn) {
        throw workflowError(
          'INVALID_PARAMETER',
          'An alias can only route to versions of its own state machine',
        );
      }
    }
    const now = this.clock.now();
    await this.db
      .updateTable('workflow_aliases')
      .set({
        description: input.description ?? row.description,
        routing:
          input.routingConfiguration === undefined ? row.routing : JSON.stringify(input.routingConfiguration),
        updated_at: now,
      })
      .where('arn', '=', row.arn)
      .execute();
    return { updateDate: now };
  }

  async delete(arn: string): Promise<void> {
    const row = await this.alias(arn);
    await this.db.deleteFrom('workflow_aliases').where('arn', '=', row.arn).execute();
  }

  async list(input: Page & { stateMachineArn: string }): Promise<{
    stateMachineAliases: { stateMachineAliasArn: string; creationDate: number }[];
    nextToken?: string;
  }> {
    const machine = await this.machines.machine(input.stateMachineArn);
    const size = pageSize(input.maxResults, 100);
    const after = decodeToken(input.nextToken, (v): v is string => typeof v === 'string');
    let query = this.db
      .selectFrom('workflow_aliases')
      .select(['arn', 'name', 'created_at'])
      .where('machine_arn', '=', machine.arn)
      .orderBy('name')
      .limit(size + 1);
    if (after !== undefined) query = query.where('name', '>', after);
    const { shown, next } = keysetPage(await query.execute(), size, (a) => a.name);
    return {
      stateMachineAliases: shown.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: a.created_at })),
      ...next,
    };
  }

  /** The version an execution started through this alias runs: drawn by weight (`draw` in [0, 1)). */
  async route(arn: string, draw: number): Promise<string> {
    const routing = JSON.parse((await this.alias(arn)).routing) as RoutingEntry[];
    let left = draw * 100;
    for (const entry of routing) {
      if (left < entry.weight) return entry.stateMachineVersionArn;
      left -= entry.weight;
    }
    return (routing.at(-1) as RoutingEntry).stateMachineVersionArn;
  }

  async alias(arn: string): Promise<AliasRow> {
    const ref = parseMachineRef(this.scope, arn);
    if (ref.kind !== 'alias') throw workflowError('INVALID_ARN', `Not a state machine alias ARN: '${arn}'`);
    const row = await this.find(arn);
    if (row === undefined)
      throw workflowError('ALIAS_NOT_FOUND', `State machine alias does not exist: '${arn}'`);
    return row;
  }

  private find(arn: string): Promise<AliasRow | undefined> {
    return this.db.selectFrom('workflow_aliases').selectAll().where('arn', '=', arn).executeTakeFirst();
  }

  /** One or two existing versions of one machine, weights summing to 100; returns the machine's ARN. */
  private async checkRouting(routing: readonly RoutingEntry[]): Promise<string> {
    if (routing.length < 1 || routing.length > 2) {
      throw workflowError('INVALID_PARAMETER', 'A routingConfiguration needs one or two versions');
    }
    const total = routing.reduce((sum, r) => sum + r.weight, 0);
    if (routing.some((r) => !Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100) || total !== 100) {
      throw workflowError(
        'INVALID_PARAMETER',
        'Routing weights must be integers from 0 to 100 that add up to 100',
      );
    }
    const refs = routing.map((r) => parseMachineRef(this.scope, r.stateMachineVersionArn));
    const machineArn = refs[0]?.machineArn as string;
    for (const ref of refs) {
      if (ref.kind !== 'version')
        throw workflowError('INVALID_ARN', 'A routingConfiguration names version ARNs');
      if (ref.machineArn !== machineArn) {
        throw workflowError('INVALID_PARAMETER', 'All versions of an alias must belong to one state machine');
      }
      await this.machines.versions.get(ref.machineArn, ref.version);
    }
    if (new Set(routing.map((r) => r.stateMachineVersionArn)).size !== routing.length) {
      throw workflowError('INVALID_PARAMETER', 'A routingConfiguration names each version once');
    }
    return machineArn;
  }
}
