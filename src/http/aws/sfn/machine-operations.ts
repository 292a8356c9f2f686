// Step Functions operations on state machines, versions and aliases, and definition validation.
import type { MachineType, RoutingEntry, WorkflowService } from '../../../modules/workflows/index.js';
import { defined, type Members, seconds } from './wire.js';

export type Operation = (service: WorkflowService, m: Members) => Promise<unknown>;

/** Enumerations of the Step Functions API model, in its order (AWS lists them so in validation messages). */
const MACHINE_TYPES = ['STANDARD', 'EXPRESS'] as const satisfies readonly MachineType[];
const SEVERITIES = ['ERROR', 'WARNING'] as const;

/** The paging members every List operation and GetExecutionHistory take. */
export function page(m: Members): { maxResults?: number; nextToken?: string } {
  return defined({ maxResults: m.optNum('maxResults'), nextToken: m.optStr('nextToken') });
}

/** What CreateStateMachine and UpdateStateMachine both take after the role, in the API model's order. */
function revisionSettings(m: Members) {
  return {
    loggingConfiguration: m.optAny('loggingConfiguration') as never,
    tracingConfiguration: m.optAny('tracingConfiguration') as never,
    publish: m.optBool('publish'),
    versionDescription: m.optStr('versionDescription'),
  };
}

export const machineOperations: Readonly<Record<string, Operation>> = {
  async CreateStateMachine(service, m) {
    const created = await service.machines.create(
      defined({
        name: m.str('name'),
        definition: m.str('definition'),
        roleArn: m.optStr('roleArn'),
        type: m.optEnum('type', MACHINE_TYPES),
        ...revisionSettings(m),
      }),
    );
    return { ...created, creationDate: seconds(created.creationDate) };
  },

  async UpdateStateMachine(service, m) {
    const updated = await service.machines.update(
      defined({
        stateMachineArn: m.str('stateMachineArn'),
        definition: m.optStr('definition'),
        roleArn: m.optStr('roleArn'),
        ...revisionSettings(m),
      }),
    );
    return { ...updated, updateDate: seconds(updated.updateDate) };
  },

  async DescribeStateMachine(service, m) {
    const machine = await service.machines.describe(m.str('stateMachineArn'));
    return { ...machine, creationDate: seconds(machine.creationDate) };
  },

  async DescribeStateMachineForExecution(service, m) {
    const execution = await service.queries.describe(m.str('executionArn'));
    const machine = await service.machines.describe(
      execution.stateMachineVersionArn ?? execution.stateMachineArn,
    );
    return {
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      definition: machine.definition,
      roleArn: machine.roleArn,
      updateDate: seconds(machine.creationDate),
      loggingConfiguration: machine.loggingConfiguration,
      tracingConfiguration: machine.tracingConfiguration,
      revisionId: machine.revisionId,
    };
  },

  async ListStateMachines(service, m) {
    const listed = await service.machines.list(page(m));
    return {
      ...listed,
      stateMachines: listed.stateMachines.map((s) => ({ ...s, creationDate: seconds(s.creationDate) })),
    };
  },

  async DeleteStateMachine(service, m) {
    await service.machines.delete(m.str('stateMachineArn'));
    return {};
  },

  async PublishStateMachineVersion(service, m) {
    const published = await service.machines.versions.publish(
      defined({
        stateMachineArn: m.str('stateMachineArn'),
        revisionId: m.optStr('revisionId'),
        description: m.optStr('description'),
      }),
    );
    return { ...published, creationDate: seconds(published.creationDate) };
  },

  async ListStateMachineVersions(service, m) {
    const listed = await service.machines.versions.list({
      stateMachineArn: m.str('stateMachineArn'),
      ...page(m),
    });
    return {
      ...listed,
      stateMachineVersions: listed.stateMachineVersions.map((v) => ({
        ...v,
        creationDate: seconds(v.creationDate),
      })),
    };
  },

  async DeleteStateMachineVersion(service, m) {
    await service.machines.versions.delete(m.str('stateMachineVersionArn'));
    return {};
  },

  async CreateStateMachineAlias(service, m) {
    const created = await service.aliases.create(
      defined({
        name: m.str('name'),
        description: m.optStr('description'),
        routingConfiguration: m.list<RoutingEntry>('routingConfiguration'),
      }),
    );
    return { ...created, creationDate: seconds(created.creationDate) };
  },

  async DescribeStateMachineAlias(service, m) {
    const alias = await service.aliases.describe(m.str('stateMachineAliasArn'));
    return { ...alias, creationDate: seconds(alias.creationDate), updateDate: seconds(alias.updateDate) };
  },

  async UpdateStateMachineAlias(service, m) {
    const routing = m.optAny('routingConfiguration') as RoutingEntry[] | undefined;
    const updated = await service.aliases.update(
      defined({
        stateMachineAliasArn: m.str('stateMachineAliasArn'),
        description: m.optStr('description'),
        routingConfiguration: routing,
      }),
    );
    return { updateDate: seconds(updated.updateDate) };
  },

  async DeleteStateMachineAlias(service, m) {
    await service.aliases.delete(m.str('stateMachineAliasArn'));
    return {};
  },

  async ListStateMachineAliases(service, m) {
    const listed = await service.aliases.list({ stateMachineArn: m.str('stateMachineArn'), ...page(m) });
    return {
      ...listed,
      stateMachineAliases: listed.stateMachineAliases.map((a) => ({
        ...a,
        creationDate: seconds(a.creationDate),
      })),
    };
  },

  async ValidateStateMachineDefinition(service, m) {
    return service.validate(
      m.str('definition'),
      defined({
        severity: m.optEnum('severity', SEVERITIES),
        maxResults: m.optNum('maxResults'),
      }),
    );
  },
};
