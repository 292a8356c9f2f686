// Published versions of state machines: publish (idempotent per revision), list newest first, describe, delete.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { type ArnScope, parseMachineRef } from './arns.js';
import { workflowError } from './errors.js';
import { decodeToken, keysetPage, type Page, pageSize } from './paging.js';
import type { MachineRow, VersionsTable, WorkflowTables } from './schema.js';

export type VersionRow = Selectable<VersionsTable>;

export class Versions {
  constructor(
    private readonly db: Kysely<WorkflowTables>,
    private readonly scope: ArnScope,
    private readonly clock: Clock,
    private readonly machineOf: (arn: string) => Promise<MachineRow>,
  ) {}

  async publish(input: {
    stateMachineArn: string;
    revisionId?: string;
    description?: string;
  }): Promise<{ creationDate: number; stateMachineVersionArn: string }> {
    const row = await this.machineOf(input.stateMachineArn);
    if (input.revisionId !== undefined && input.revisionId !== row.revision_id) {
      throw workflowError(
        'CONFLICT',
        `The revisionId ${input.revisionId} is not the latest revision ${row.revision_id}`,
      );
    }
    const version = await this.publishRow(row, input.description);
    return { creationDate: version.created_at, stateMachineVersionArn: version.arn };
  }

  async list(input: Page & { stateMachineArn: string }): Promise<{
    stateMachineVersions: { stateMachineVersionArn: string; creationDate: number }[];
    nextToken?: string;
  }> {
    const row = await this.machineOf(input.stateMachineArn);
    const size = pageSize(input.maxResults, 100);
    const before = decodeToken(input.nextToken, (v): v is number => typeof v === 'number');
    let query = this.db
      .selectFrom('workflow_versions')
      .select(['arn', 'version', 'created_at'])
      .where('machine_arn', '=', row.arn)
      .orderBy('version', 'desc')
      .limit(size + 1);
    if (before !== undefined) query = query.where('version', '<', before);
    const { shown, next } = keysetPage(await query.execute(), size, (v) => v.version);
    return {
      stateMachineVersions: shown.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: v.created_at })),
      ...next,
    };
  }

  async delete(arn: string): Promise<void> {
    const ref = parseMachineRef(this.scope, arn);
    if (ref.kind !== 'version')
      throw workflowError('INVALID_ARN', `Not a state machine version ARN: '${arn}'`);
    const aliases = await this.db
      .selectFrom('workflow_aliases')
      .select(['arn', 'routing'])
      .where('machine_arn', '=', ref.machineArn)
      .execute();
    const user = aliases.find((a) =>
      (JSON.parse(a.routing) as { stateMachineVersionArn: string }[]).some(
        (r) => r.stateMachineVersionArn === arn,
      ),
    );
    if (user !== undefined)
      throw workflowError('CONFLICT', `Version ${arn} is referenced by alias ${user.arn}`);
    await this.db.deleteFrom('workflow_versions').where('arn', '=', arn).execute();
  }

  async get(machineArn: string, version: number): Promise<VersionRow> {
    const row = await this.db
      .selectFrom('workflow_versions')
      .selectAll()
      .where('machine_arn', '=', machineArn)
      .where('version', '=', version)
      .executeTakeFirst();
    if (row === undefined)
      throw workflowError(
        'VERSION_NOT_FOUND',
        `State machine version does not exist: '${machineArn}:${version}'`,
      );
    return row;
  }

  /** Publishes the current revision, or returns the version that already holds it. */
  async publishRow(row: MachineRow, description: string | undefined): Promise<VersionRow> {
    const latest = await this.db
      .selectFrom('workflow_versions')
      .selectAll()
      .where('machine_arn', '=', row.arn)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest !== undefined && latest.revision_id === row.revision_id) return latest;
    const version = (latest?.version ?? 0) + 1;
    const published: VersionRow = {
      machine_arn: row.arn,
      version,
      arn: `${row.arn}:${version}`,
      definition: row.definition,
      role_arn: row.role_arn,
      description: description ?? null,
      revision_id: row.revision_id,
      created_at: this.clock.now(),
    };
    await this.db.insertInto('workflow_versions').values(published).execute();
    return published;
  }
}
