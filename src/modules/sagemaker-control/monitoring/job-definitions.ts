// Create/Describe/Delete/ListDataQualityJobDefinition(s): the analysis a monitoring schedule runs. Scones's
// monitoring runs its own analysis (image statistics, drift against its baseline), so a definition is kept as
// given and read for the endpoint it watches and where its reports go. A definition created without a
// DataQualityBaselineConfig gets the endpoint's Scones baseline in Model Monitor's formats under its output
// (baseline-export.ts), and Describe names those files once they are written.
import { sagemakerControlError } from '../errors.js';
import { type ListQuery, listPage } from '../listing.js';
import { arnOf, assertName, type Home } from '../names.js';
import type { ResourceRepository } from '../resource-repository.js';
import type { Echoed } from '../resources.js';

export interface CreateJobDefinitionRequest extends Echoed {
  readonly JobDefinitionName: string;
  readonly DataQualityJobInput: {
    readonly EndpointInput?: { readonly EndpointName: string } & Echoed;
    readonly BatchTransformInput?: Echoed;
  };
  readonly DataQualityJobOutputConfig: {
    readonly MonitoringOutputs: readonly { readonly S3Output: { readonly S3Uri: string } & Echoed }[];
  };
  readonly DataQualityBaselineConfig?: Echoed;
}

export type StoredJobDefinition = CreateJobDefinitionRequest & { readonly JobDefinitionArn: string };

export const JOB_DEFINITION_KIND = 'data-quality-job-definition';
const KIND = JOB_DEFINITION_KIND;

/** Scones's baselines as a definition's baseline files (see baseline-export.ts). */
export interface DefinitionBaselines {
  /** After create: writes the endpoint's baseline under the definition's output, if it has one. */
  exportDefinition(definition: StoredJobDefinition): Promise<void>;
  /** The config Describe shows when the request named none, once the files are written. */
  describedConfig(definition: StoredJobDefinition): Promise<Echoed | undefined>;
}

export function jobDefinitionNotFound(home: Home, name: string) {
  return sagemakerControlError(
    'RESOURCE_NOT_FOUND',
    `Could not find data quality job definition "${arnOf(home, KIND, name)}".`,
    { name },
  );
}

export class JobDefinitionOperations {
  constructor(
    private readonly repository: ResourceRepository,
    private readonly home: Home,
    /** True when a monitoring schedule names the definition (it cannot be deleted then). */
    private readonly inUse: (name: string) => Promise<boolean>,
    private readonly baselines?: DefinitionBaselines,
  ) {}

  async create(request: CreateJobDefinitionRequest): Promise<{ JobDefinitionArn: string }> {
    assertName('jobDefinitionName', request.JobDefinitionName);
    if (request.DataQualityJobInput.EndpointInput === undefined)
      throw sagemakerControlError(
        'VALIDATION',
        'Scones monitors endpoints only: DataQualityJobInput.EndpointInput is required (batch transform is not served).',
      );
    const { Tags: _tags, ...kept } = request;
    const JobDefinitionArn = arnOf(this.home, KIND, request.JobDefinitionName);
    const stored: StoredJobDefinition = { ...kept, JobDefinitionArn };
    if (!(await this.repository.create(KIND, request.JobDefinitionName, stored)))
      throw sagemakerControlError(
        'RESOURCE_IN_USE',
        `Data quality job definition "${JobDefinitionArn}" already exists.`,
        { name: request.JobDefinitionName },
      );
    await this.baselines?.exportDefinition(stored);
    return { JobDefinitionArn };
  }

  async get(name: string): Promise<{ body: StoredJobDefinition; createdAt: number }> {
    const found = await this.repository.get<StoredJobDefinition>(KIND, name);
    if (!found) throw jobDefinitionNotFound(this.home, name);
    return found;
  }

  async describe(name: string) {
    const found = await this.get(name);
    const derived =
      found.body.DataQualityBaselineConfig === undefined
        ? await this.baselines?.describedConfig(found.body)
        : undefined;
    return {
      ...found.body,
      ...(derived ? { DataQualityBaselineConfig: derived } : {}),
      CreationTime: found.createdAt,
    };
  }

  async delete(name: string): Promise<void> {
    await this.get(name);
    if (await this.inUse(name))
      throw sagemakerControlError(
        'RESOURCE_IN_USE',
        `Data quality job definition "${arnOf(this.home, KIND, name)}" is used by a monitoring schedule; delete the schedule first.`,
        { name },
      );
    if (!(await this.repository.delete(KIND, name))) throw jobDefinitionNotFound(this.home, name);
  }

  async list(query: ListQuery & { readonly EndpointName?: string }) {
    const all = (await this.repository.list<StoredJobDefinition>(KIND))
      .map((d) => ({ body: d.body, name: d.body.JobDefinitionName, createdAt: d.createdAt }))
      .filter((d) => query.EndpointName === undefined || endpointOf(d.body) === query.EndpointName);
    const { page, next } = listPage(all, query);
    return {
      JobDefinitionSummaries: page.map((d) => ({
        MonitoringJobDefinitionName: d.name,
        MonitoringJobDefinitionArn: d.body.JobDefinitionArn,
        CreationTime: d.createdAt,
        EndpointName: endpointOf(d.body),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }
}

export function endpointOf(definition: CreateJobDefinitionRequest): string {
  return definition.DataQualityJobInput.EndpointInput?.EndpointName ?? '';
}

/** Where the definition's reports go (`s3://bucket/prefix`). */
export function outputOf(definition: CreateJobDefinitionRequest): string {
  return definition.DataQualityJobOutputConfig.MonitoringOutputs[0]?.S3Output.S3Uri ?? '';
}
