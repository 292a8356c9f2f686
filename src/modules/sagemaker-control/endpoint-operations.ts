// CreateEndpoint / UpdateEndpoint / DescribeEndpoint / DeleteEndpoint / ListEndpoints over Scones's endpoints:
// an endpoint made here is the one `scones endpoints` shows, and one made by `scones deploy` is listed here.
import { type EndpointRecord, type EndpointService, INFERENCE_ERROR_CODES } from '../inference/index.js';
import { deployRequestOf } from './endpoint-deploy.js';
import { endpointDescription, type SageMakerEndpoint } from './endpoint-description.js';
import { sagemakerControlError } from './errors.js';
import { type ListQuery, listPage } from './listing.js';
import type { ModelOperations } from './model-operations.js';
import type { ModelSource } from './model-source.js';
import { alreadyExists, arnOf, assertName, type Home, notFound } from './names.js';
import type { ResourceRepository } from './resource-repository.js';

export class EndpointOperations {
  constructor(
    private readonly parts: {
      readonly repository: ResourceRepository;
      readonly endpoints: EndpointService;
      readonly models: ModelOperations;
      readonly source: ModelSource;
      readonly home: Home;
    },
  ) {}

  async createEndpoint(name: string, configName: string): Promise<{ EndpointArn: string }> {
    const { repository, home } = this.parts;
    assertName('endpointName', name);
    if (await this.#record(name)) throw alreadyExists(home, 'endpoint', name);
    const config = await this.parts.models.config(configName);
    const EndpointArn = arnOf(home, 'endpoint', name);
    const row: SageMakerEndpoint = { EndpointName: name, EndpointArn, EndpointConfigName: configName };
    if (!(await repository.create('endpoint', name, row))) throw alreadyExists(home, 'endpoint', name);
    try {
      await this.parts.endpoints.deploy(await deployRequestOf(name, config.body, this.parts));
    } catch (error) {
      // As on AWS, the call succeeds and the endpoint is Failed, saying why its model cannot be served.
      await repository.update('endpoint', name, { ...row, FailureReason: (error as Error).message });
    }
    return { EndpointArn };
  }

  async updateEndpoint(name: string, configName: string): Promise<{ EndpointArn: string }> {
    const { repository, home } = this.parts;
    const current = await this.describeEndpoint(name);
    if (current.EndpointStatus !== 'InService')
      throw sagemakerControlError(
        'VALIDATION',
        `Cannot update in-progress endpoint "${arnOf(home, 'endpoint', name)}".`,
      );
    const config = await this.parts.models.config(configName);
    // A model that cannot be served is refused here: the endpoint keeps serving its current config.
    await this.parts.endpoints.deploy(await deployRequestOf(name, config.body, this.parts));
    const row: SageMakerEndpoint = {
      EndpointName: current.EndpointName,
      EndpointArn: current.EndpointArn,
      EndpointConfigName: configName,
    };
    if (!(await repository.create('endpoint', name, row))) await repository.update('endpoint', name, row);
    return { EndpointArn: current.EndpointArn };
  }

  async describeEndpoint(name: string) {
    const [stored, record] = await Promise.all([
      this.parts.repository.get<SageMakerEndpoint>('endpoint', name),
      this.#record(name),
    ]);
    if (!stored && !record) throw notFound(this.parts.home, 'endpoint', name);
    const config = await this.parts.repository.get<{ DataCaptureConfig?: unknown }>(
      'endpoint-config',
      stored?.body.EndpointConfigName ?? name,
    );
    return endpointDescription(this.parts.home, name, stored, record, config !== undefined);
  }

  async deleteEndpoint(name: string): Promise<void> {
    const removed = await this.parts.repository.delete('endpoint', name);
    const record = await this.#record(name);
    if (record) await this.parts.endpoints.delete(record.name);
    if (!removed && !record) throw notFound(this.parts.home, 'endpoint', name);
  }

  async listEndpoints(query: ListQuery) {
    const records = await this.parts.endpoints.list();
    const live = new Set(records.map((r) => r.name.toLowerCase()));
    const failed = (await this.parts.repository.list<SageMakerEndpoint>('endpoint')).filter(
      (row) => !live.has(row.body.EndpointName.toLowerCase()),
    );
    const all = [
      ...records.map((r) => endpointDescription(this.parts.home, r.name, undefined, r, false)),
      ...failed.map((row) =>
        endpointDescription(this.parts.home, row.body.EndpointName, row, undefined, false),
      ),
    ].map((d) => ({
      name: d.EndpointName,
      status: d.EndpointStatus,
      createdAt: d.CreationTime,
      summary: {
        EndpointName: d.EndpointName,
        EndpointArn: d.EndpointArn,
        CreationTime: d.CreationTime,
        LastModifiedTime: d.LastModifiedTime,
        EndpointStatus: d.EndpointStatus,
      },
    }));
    const { page, next } = listPage(all, query);
    return { Endpoints: page.map((e) => e.summary), ...(next ? { NextToken: next } : {}) };
  }

  async #record(name: string): Promise<EndpointRecord | undefined> {
    try {
      return await this.parts.endpoints.describe(name);
    } catch (error) {
      if ((error as { code?: string }).code === INFERENCE_ERROR_CODES.NO_SUCH_ENDPOINT) return undefined;
      if ((error as { code?: string }).code === INFERENCE_ERROR_CODES.INVALID_ENDPOINT_NAME) return undefined;
      throw error;
    }
  }
}
