// What an execution runs: the definition and role of a state machine, one of its versions, or a version an alias
// routes to; parsed definitions are cached per machine revision or version.
import type { Aliases } from './aliases.js';
import { type ArnScope, parseMachineRef } from './arns.js';
import type { StateMachineDefinition } from './asl/definition.js';
import type { MachineType, StateMachines } from './state-machines.js';

/** What an execution runs: resolved from a machine, version or alias ARN. */
export interface ExecutionTarget {
  readonly machineArn: string;
  readonly machineName: string;
  readonly type: MachineType;
  readonly definitionText: string;
  readonly roleArn: string;
  readonly versionArn: string | null;
  readonly aliasArn: string | null;
  /** Identifies the definition text, for the parse cache. */
  readonly cacheKey: string;
}

export class ExecutionTargets {
  private readonly parsed = new Map<string, StateMachineDefinition>();

  constructor(
    private readonly scope: ArnScope,
    private readonly machines: StateMachines,
    private readonly aliases: Aliases,
  ) {}

  async resolve(stateMachineArn: string): Promise<ExecutionTarget> {
    let ref = parseMachineRef(this.scope, stateMachineArn);
    const machine = await this.machines.machine(ref.machineArn);
    let aliasArn: string | null = null;
    if (ref.kind === 'alias') {
      aliasArn = `${ref.machineArn}:${ref.alias}`;
      ref = parseMachineRef(this.scope, await this.aliases.route(aliasArn, Math.random()));
    }
    const base = { machineArn: machine.arn, machineName: machine.name, type: machine.type, aliasArn };
    if (ref.kind !== 'version') {
      const cacheKey = `${machine.arn}#${machine.revision_id}`;
      return {
        ...base,
        definitionText: machine.definition,
        roleArn: machine.role_arn,
        versionArn: null,
        cacheKey,
      };
    }
    const version = await this.machines.versions.get(ref.machineArn, ref.version);
    return {
      ...base,
      definitionText: version.definition,
      roleArn: version.role_arn,
      versionArn: version.arn,
      cacheKey: version.arn,
    };
  }

  definitionOf(target: ExecutionTarget): StateMachineDefinition {
    let definition = this.parsed.get(target.cacheKey);
    if (definition === undefined) {
      definition = JSON.parse(target.definitionText) as StateMachineDefinition;
      if (this.parsed.size > 256) this.parsed.clear();
      this.parsed.set(target.cacheKey, definition);
    }
    return definition;
  }
}
